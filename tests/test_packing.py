"""Packed state frames: exact round trips, compact uniform arrays, corrupt input refused."""

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from starlane.net import (
    REMOVED,
    ClientConfig,
    ClientProtocol,
    ServerProtocol,
    StateHistory,
    StateUpdated,
    apply_delta,
    packing,
)
from starlane.net.wire import _framing as framing
from tests.helpers import SERVER, Recorder, Wire, seeded_ids


def same(a, b) -> bool:
    """Equal including types (1, 1.0 and True differ) and dict contents in any order."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def round_trip(delta, prior):
    body = packing.encode(delta, prior)
    return body, apply_delta(prior, packing.decode(body, prior))


def fleet(t: float) -> dict:
    return {"players": {str(n): {"x": round(400 + 300 * math.cos(t + n), 1),
                                 "y": round(300 + 200 * math.sin(1.3 * t + n), 1), "hp": 100}
                        for n in range(16)}}


def test_sixteen_moving_players_cost_about_three_bytes_each():
    prior, now = fleet(1.0), fleet(1.025)  # one 40 Hz step later
    delta = {"players": {k: {"x": v["x"], "y": v["y"]} for k, v in now["players"].items()}}
    body, state = round_trip(delta, prior)
    assert same(state, now)
    assert len(body) <= 16 * 3 + 8
    assert len(json.dumps(delta, separators=(",", ":"))) > 8 * len(body)


def test_a_uniform_column_shares_the_decimals_its_values_need():
    prior = {"a": {"x": 1.5, "n": 3}, "b": {"x": 2.0, "n": 4}, "c": {"x": 0.25, "n": 5}}
    delta = {"a": {"x": 7.0, "n": 9}, "b": {"x": 2.125, "n": 4}, "c": {"x": -3.75, "n": -1}}
    body, state = round_trip(delta, prior)
    assert same(state, apply_delta(prior, delta))
    assert body[0] & 8  # the uniform layout was chosen


def test_types_survive_exactly():
    prior = {"i": 1, "f": 1.0, "b": True, "s": "x", "n": None, "l": [1, 2.5]}
    delta = {"i": 2.0, "f": 3, "b": 1, "s": "ünï", "n": False, "l": (0.1, math.inf, [None]),
             "huge": 2 ** 100, "third": 1 / 3, "nan_free": -0.0}
    _, state = round_trip(delta, prior)
    assert same(state, apply_delta(prior, delta))
    assert math.copysign(1, state["nan_free"]) == -1


def test_removed_keys_and_replaced_containers():
    prior = {"ships": {"1": {"x": 1.5}, "2": {"x": 2.5, "hp": 3}}, "gone": 1}
    delta = {REMOVED: ["gone", "never-there"],
             "ships": {REMOVED: ["1", "2"], "2": {"x": 9.5}, "3": {"x": 0.5}}}
    _, state = round_trip(delta, prior)
    assert state == {"ships": {"2": {"x": 9.5}, "3": {"x": 0.5}}}


def test_clients_shown_the_same_parts_share_the_packing_and_each_still_gets_its_own():
    others, rocks = {"x": 1.5, "y": 2.5}, {"9": {"r": 4}}
    prior = {"ships": {"1": {"x": 1.0, "y": 2.0}, "2": {"x": 5.0}}, "rocks": {"9": {"r": 3}}}
    views = [{"ships": {"1": others, "2": {"x": x}}, "rocks": rocks} for x in (6.0, 7.0, 6.0)]
    packer = packing.Packer()
    bodies = [packer.pack(view, prior) for view in views]
    for view, body in zip(views, bodies, strict=True):
        assert apply_delta(prior, packing.decode(body, prior)) == apply_delta(prior, view)
    assert bodies[0] == bodies[2] != bodies[1]


def test_a_frame_carries_the_packet_header_tick_and_base():
    body = packing.encode({"n": 1}, {})
    for base in (None, 7, 10):
        frame = framing.unpack_frame(framing.pack_frame(65535, 1, 0xFFFFFFFF, 10, base, body))
        assert (frame.seq, frame.ack, frame.bits, frame.tick, frame.base, frame.body) == (
            65535, 1, 0xFFFFFFFF, 10, base, body)


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10 ** 12, 10 ** 12),
                    st.floats(allow_nan=False), st.floats(-1000, 1000).map(lambda v: round(v, 2)),
                    st.text(max_size=5))
keys = st.sampled_from(["a", "b", "c", "d", "é"])
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=4)), max_leaves=12)
states = st.dictionaries(keys, values, max_size=5)
deltas = st.recursive(
    st.dictionaries(keys, values, max_size=4),
    lambda inner: st.builds(lambda d, sub, gone: {**d, **sub, **({REMOVED: gone} if gone else {})},
                            st.dictionaries(keys, values, max_size=3),
                            st.dictionaries(keys, inner, max_size=3),
                            st.lists(keys, max_size=2, unique=True)),
    max_leaves=8)


@settings(max_examples=400, deadline=None)
@given(states, deltas)
def test_decoding_what_was_encoded_has_the_same_effect_as_the_delta(prior, delta):
    _, state = round_trip(delta, prior)
    assert same(state, apply_delta(prior, delta))


@settings(max_examples=400, deadline=None)
@given(states, st.binary(max_size=64))
def test_any_bytes_are_read_or_refused_with_a_packing_error(prior, body):
    try:
        packing.decode(body, prior)
    except packing.PackingError:
        pass


@settings(max_examples=200, deadline=None)
@given(states, deltas, st.data())
def test_a_cut_or_flipped_body_is_refused_or_read_never_raises_anything_else(prior, delta, data):
    body = bytearray(packing.encode(delta, prior))
    cut = data.draw(st.integers(0, len(body)))
    flip = data.draw(st.integers(0, 255))
    for damaged in (bytes(body[:cut]), bytes(body[:cut]) + bytes([flip]) + bytes(body[cut + 1:])):
        try:
            packing.decode(damaged, prior)
        except packing.PackingError:
            pass


def test_deep_nesting_is_refused_not_a_crash():
    nested = b"\x04\x01\x00\x07" * 5000 + b"\x00"  # new key "" holding a dict, 5000 deep
    with pytest.raises(packing.PackingError):
        packing.decode(nested, {})
    with pytest.raises(packing.PackingError):
        framing.unpack_frame(b"\x00\x00")


def lossy_link(level: int, seed: int):
    """A server and one registered client at sync ``level``, through a wire with 20% loss,
    5% duplication and 10% reordering."""
    server = ServerProtocol(Recorder(), new_id=seeded_ids(3))
    wire = Wire(server, loss=0.2, duplicate=0.05, reorder=0.1, seed=seed)
    client = wire.add(("10.0.0.2", 5000), ClientProtocol(
        SERVER, name="p", config=ClientConfig(sync=level), new_id=seeded_ids(4)))
    client.register(wire.now)
    wire.run(1.0)
    return server, wire, client


def states_seen(client):
    return [(e.tick, e.state) for e in client.events() if isinstance(e, StateUpdated)]


@pytest.mark.parametrize("level", [1, 2])
def test_through_a_lossy_reordering_wire_every_state_the_client_rebuilds_is_its_view(level):
    def view(peer, payload):  # hides "secret" fields, as a game hides other ships' cooldowns
        return {k: ({f: x for f, x in v.items() if f != "secret"} if isinstance(v, dict) else v)
                for k, v in payload.items()}

    server, wire, client = lossy_link(level, seed=5)
    assert client.link.packed == (level == 2)
    history, views, rebuilt = StateHistory(), {}, 0
    for tick in range(1, 300):
        ships = history.root.child("ships")
        for n in range(4):
            ships.child(str(n)).update({"x": round(tick * 1.7 + n, 1), "hp": 3 - tick // 100,
                                        "secret": tick})
        if tick % 50 == 0:
            del ships[str(tick // 50 % 4)]
        history.commit(tick)
        views[tick] = view(None, history.keyframe())
        server.publish_state(tick, history, wire.now, view)
        wire.step(0.033)
        for tick_seen, state in states_seen(client):
            assert same(state, views[tick_seen])
            rebuilt += 1
    assert rebuilt > 150
    assert client.stats.unusable_states == 0


@pytest.mark.parametrize("level", [1, 2])
def test_an_interest_radius_view_reaches_the_client_exactly_as_things_come_and_go(level):
    def near(peer, state):  # only the rocks within 30 of the client's ship, which moves
        ship = state["ships"]["me"]
        return {"ships": state["ships"], "rocks": {
            k: r for k, r in state["rocks"].items() if abs(r["x"] - ship["x"]) <= 30}}

    server, wire, client = lossy_link(level, seed=9)
    history, views, rebuilt, counts = StateHistory(), {}, 0, set()
    for tick in range(1, 300):
        history.root.child("ships").child("me")["x"] = round(100 * math.sin(tick / 40), 1)
        rocks = history.root.child("rocks")
        for n in range(12):
            rocks.child(str(n))["x"] = round(n * 20 - 120 + 10 * math.cos(tick / 7 + n), 1)
        history.commit(tick)
        views[tick] = near(None, history.state_at(tick))
        server.publish_state(tick, history, wire.now, near, interest=True)
        wire.step(0.033)
        for tick_seen, state in states_seen(client):
            assert same(state, views[tick_seen])
            rebuilt += 1
            counts.add(len(state["rocks"]))
    assert rebuilt > 150 and len(counts) > 2  # rocks came into view and left it
    assert client.stats.unusable_states == 0


@pytest.mark.parametrize("level", [1, 2])
def test_each_state_says_when_its_datagram_arrived(level):
    server, wire, client = lossy_link(level, seed=6)
    wire.loss = wire.duplicate = wire.reorder = 0.0
    client.events()
    history, arrived, expected = StateHistory(), [], []
    for tick in range(1, 6):
        history.root["n"] = tick
        history.commit(tick)
        server.publish_state(tick, history, wire.now)
        wire.step(0.03 * tick)  # uneven gaps, as jitter makes them
        expected.append((tick, wire.now))
        arrived += [(e.tick, e.received_at) for e in client.events()
                    if isinstance(e, StateUpdated)]
    assert arrived == expected  # the receive's now, for the client's jitter buffer
