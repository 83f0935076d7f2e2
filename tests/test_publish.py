"""publish_state(): diffs for sync clients, full states for plain ones, congestion control."""

import json

from hypothesis import given
from hypothesis import strategies as st

from starlane.net import ServerProtocol, StateHistory, packing
from starlane.net import messages as m
from starlane.net.link._channels import Publication
from starlane.net.wire import _fast as fast
from starlane.net.wire import _framing as framing
from tests.helpers import Recorder, join, sent

A = ("10.0.0.2", 5000)
B = ("10.0.0.3", 5000)


def joined(sync: bool):
    server = ServerProtocol(Recorder())
    ok = join(server, "c1", A, **({"sync": 1} if sync else {}))
    assert ok.sync == (1 if sync else None)
    return server


def publish(server, history, tick, now, ack=None):
    history.root["n"] = tick
    history.commit(tick)
    server.publish_state(tick, history, now)
    out = [msg for msg, _ in sent(server)]
    if ack is not None:
        for msg in out:
            server.receive(json.dumps({"method": "ACK", "cuuid": "c1", "ack": msg.seq,
                                       "bits": 0}).encode(), A, now + ack)
    return out


def test_a_plain_client_gets_the_whole_state_each_tick_and_nothing_is_resent():
    server, history = joined(sync=False), StateHistory()
    [state] = publish(server, history, 1, 0.0)
    assert isinstance(state, m.Notify) and state.tick is None and state.event_data == {"n": 1}
    server.tick(0.5)
    assert [msg.method for msg, _ in sent(server, 0.5)] == ["HEARTBEAT"]
    assert server.unacked == 0


def test_a_sync_client_gets_a_keyframe_then_diffs_against_what_it_acknowledged():
    server, history = joined(sync=True), StateHistory()
    [first] = publish(server, history, 1, 0.00, ack=0.001)
    assert (first.tick, first.base, first.event_data) == (1, None, {"n": 1})
    [second] = publish(server, history, 2, 0.03)  # its ack is lost
    [third] = publish(server, history, 3, 0.06, ack=0.001)
    assert (second.base, third.base, third.event_data) == (1, 1, {"n": 3})
    [fourth] = publish(server, history, 4, 0.09)
    assert (fourth.base, fourth.event_data) == (3, {"n": 4})


def sent_ticks(server, history, ticks, ack_after):
    """Publish ``ticks`` 30 Hz states, each acknowledged ``ack_after(tick)`` s later;
    returns the ticks the client was sent."""
    sent_to = []
    for tick in ticks:
        out = publish(server, history, tick, tick / 30, ack=ack_after(tick))
        sent_to += [msg.tick for msg in out if isinstance(msg, m.Notify)]
    return sent_to


def joined_over(round_trip):
    """A sync client whose proof of address (its ack of OK REGISTER) takes ``round_trip`` s."""
    server = ServerProtocol(Recorder())
    server.receive(json.dumps({"method": "REGISTER", "cuuid": "c1", "version": "1.0.2",
                               "sync": 1}).encode(), A, 0.0)
    [ok] = [msg for msg, _ in sent(server) if msg.method == "OK REGISTER"]
    server.receive(json.dumps({"method": "ACK", "cuuid": "c1", "seq": 1, "ack": ok.seq,
                               "bits": 0}).encode(), A, round_trip)
    assert server.connections["c1"].state == "confirmed"
    return server


def test_a_steady_400_ms_round_trip_still_gets_every_state():
    server, history = joined_over(0.4), StateHistory()
    assert sent_ticks(server, history, range(1, 301), lambda _: 0.4)[-200:] == list(
        range(101, 301))
    assert server.connections["c1"].stream.acks.quality == "good"


def test_while_a_queue_fills_a_sync_client_gets_fewer_states():
    server, history = joined_over(0.05), StateHistory()
    sent_ticks(server, history, range(1, 31), lambda _: 0.05)
    filling = sent_ticks(server, history, range(31, 121), lambda t: 0.05 + (t - 30) * 0.01)
    assert len([t for t in filling if t > 90]) <= 15  # half of the last second's 30 or fewer
    assert server.connections["c1"].stream.acks.quality == "bad"


def test_a_packed_client_gets_packed_frames_and_its_packed_acks_move_its_baseline():
    server, history = ServerProtocol(Recorder()), StateHistory()
    assert join(server, "c1", A, sync=2).sync == 2
    token = framing.token("c1")
    frames = []
    for tick, ack_from, ack_token in ((1, A, token), (2, A, b"nope"), (3, B, token), (4, A, token)):
        history.root["n"] = tick
        history.commit(tick)
        server.publish_state(tick, history, tick * 0.03)
        [(datagram, _)] = server.datagrams_to_send(0.0)
        frames.append(framing.unpack_frame(datagram))
        server.receive(framing.pack_ack(1, frames[-1].seq, 0, ack_token), ack_from, tick * 0.03)
    assert [f.base for f in frames] == [None, 1, 1, 1]  # the forged acks moved nothing
    assert server.stats.not_registered == 2
    history.root["n"] = 5
    history.commit(5)
    server.publish_state(5, history, 0.15)
    [(datagram, _)] = server.datagrams_to_send(0.0)
    frame = framing.unpack_frame(datagram)
    assert frame.base == 4
    assert packing.decode(frame.body, {"n": 4}) == {"n": 5}


def test_a_new_client_on_an_address_keeps_its_packed_acks_when_the_old_ones_seat_expires():
    server, history = ServerProtocol(Recorder()), StateHistory()
    join(server, "old", A, sync=2)
    server.tick(4.0)  # "old" is lost: its address is free
    join(server, "new", A, now=5.0, sync=2)
    for now in (10.0, 20.0, 34.0):
        server.receive(json.dumps({"method": "HEARTBEAT", "cuuid": "new"}).encode(), A, now)
        server.tick(now)  # "old"'s seat expires at 4 + 30 s
    assert list(server.connections) == ["new"]
    history.root["n"] = 1
    history.commit(1)
    server.publish_state(1, history, 34.0)
    frame = framing.unpack_frame(server.datagrams_to_send(34.0)[-1][0])
    server.receive(framing.pack_ack(1, frame.seq, 0, framing.token("new")), A, 34.1)
    assert server.stats.not_registered == 0
    assert server.connections["new"].stream.baseline.tick == 1


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2**53, 2**53) | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


@given(shared=st.dictionaries(st.text(), JSON, max_size=5),
       own=st.lists(st.tuples(st.text(), JSON), min_size=1, max_size=4),
       euuid=st.text(min_size=1, max_size=40))
def test_a_plain_state_notify_is_the_notify_models_encoding_when_views_share_parts(
        shared, own, euuid):
    history = StateHistory()
    history.commit(1)
    pub = Publication(history, 1, interest=False)
    for key, value in own:  # each client's view: the shared parts and its own, like game.view
        view = {**shared, "ships": {**shared, key: value}, key: value}
        assert fast.encode_notify(euuid, pub.to_json(view)) == m.encode(
            m.Notify(euuid=euuid, event_data=view))
