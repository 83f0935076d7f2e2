"""State sync: change tracking, deltas, and convergence under random loss (property test)."""

import copy
import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from starlane.net.sync.tracking import (
    REMOVED,
    Baseline,
    Differ,
    StateHistory,
    TrackedDict,
    apply_delta,
    merge_deltas,
)


def test_only_what_changed_is_reported_nested():
    players = TrackedDict({"1": {"name": "notch", "pos": [2, 2], "hp": 8},
                           "2": {"name": "jeb", "pos": [2, 3], "hp": 1},
                           "3": {"name": "c418", "pos": [2, 4], "hp": 7}})
    players.changes()
    players.child("3")["hp"] = 6
    players.child("1")["hp"] = 8  # unchanged value: not a change
    assert players.changes() == {"3": {"hp": 6}}  # flat's own example
    assert players.changes() == {}


def test_removal_and_insertion_are_expressed():
    root = TrackedDict({"ships": {"1": {"x": 1}, "2": {"x": 2}}})
    root.changes()
    ships = root.child("ships")
    del ships["1"]
    ships["3"] = {"x": 3}
    assert root.changes() == {"ships": {REMOVED: ["1"], "3": {"x": 3}}}


def test_a_merged_delta_equals_applying_both():
    base = {"a": {"x": 1, "y": 2}, "b": {"x": 5}}
    first = {"a": {"x": 9}, REMOVED: ["b"]}
    then = {"b": {"z": 1}, "a": {"y": 3}}
    assert apply_delta(base, merge_deltas(first, then)) == apply_delta(
        apply_delta(base, first), then) == {"a": {"x": 9, "y": 3}, "b": {"z": 1}}


def test_a_container_created_after_the_baseline_then_trimmed_arrives_trimmed():
    history = StateHistory()
    history.root["z"] = 1
    history.commit(0)
    history.root["a"] = {"x": 1, "y": 2}
    history.commit(1)
    del history.root.child("a")["x"]
    history.commit(2)
    assert apply_delta({"z": 1}, history.delta_since(0)) == history.keyframe() == {
        "z": 1, "a": {"y": 2}}


def test_history_gives_a_keyframe_when_the_baseline_is_too_old():
    history = StateHistory(depth=4)
    for tick in range(10):
        history.root["n"] = tick
        history.commit(tick)
    assert history.delta_since(9) == {}
    assert history.delta_since(7) == {"n": 9}
    assert history.delta_since(2) is None
    assert history.keyframe() == {"n": 9}


def test_the_baseline_moves_to_the_newest_acknowledged_tick():
    baseline = Baseline()
    baseline.sent(10, 100)
    baseline.sent(11, 101)
    baseline.acked([11])
    baseline.acked([10])
    assert baseline.tick == 101


changes = st.lists(st.tuples(
    st.sampled_from(["set", "del", "nested", "unnest"]), st.sampled_from(["a", "b", "c", "d"]),
    st.integers(0, 3)), max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(changes, min_size=1, max_size=30), st.integers(0, 10**6), st.floats(0, 0.7))
def test_under_random_loss_the_client_holds_exactly_the_servers_state_at_the_acked_tick(
        ticks, seed, loss):
    rng = random.Random(seed)
    history, baseline = StateHistory(depth=8), Baseline()
    server_states: dict[int, dict] = {}
    client_states: dict[int, dict] = {}
    seq = 0
    for tick, batch in enumerate(ticks):
        for op, key, value in batch:
            if op == "set":
                history.root[key] = value
            elif op == "nested":
                history.root.child(key)[str(value)] = [value, tick]
            elif op == "unnest":
                child = history.root[key] if key in history.root else None
                if isinstance(child, TrackedDict) and str(value) in child:
                    del child[str(value)]
            elif key in history.root:
                del history.root[key]
        history.commit(tick)
        server_states[tick] = history.keyframe()
        base = baseline.tick
        delta = history.delta_since(base) if base is not None else None
        payload, used_base = (history.keyframe(), None) if delta is None else (delta, base)
        seq += 1
        baseline.sent(seq, tick)
        if rng.random() < loss:
            continue  # the diff is lost: never resent
        prior = {} if used_base is None else client_states[used_base]
        client_states[tick] = apply_delta(copy.deepcopy(prior), payload)
        assert client_states[tick] == server_states[tick]
        if rng.random() >= loss:  # the ack may be lost too
            baseline.acked([seq])
    if baseline.tick is not None:
        assert client_states[baseline.tick] == server_states[baseline.tick]


plain = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from([0.0, 1.0, 2.5]),
    lambda inner: st.lists(inner, max_size=2)
    | st.dictionaries(st.sampled_from("abc"), inner, max_size=3), max_leaves=10)
plain_states = st.dictionaries(st.sampled_from("abcd"), plain, max_size=4)


@settings(max_examples=400, deadline=None)
@given(plain_states, plain_states)
def test_a_diff_turns_the_old_state_into_the_new_one_types_included(old, new):
    delta = Differ().diff(old, new)
    assert json.dumps(apply_delta(old, delta), sort_keys=True) == json.dumps(new, sort_keys=True)


def test_a_diff_skips_shared_parts_and_names_only_what_changed():
    shared = {"x": [1, 2]}
    old = {"rocks": shared, "ship": {"x": 1, "hp": 3}, "gone": 1}
    new = {"rocks": shared, "ship": {"x": 1.0, "hp": 3}, "new": {"y": 2}}
    assert Differ().diff(old, new) == {"ship": {"x": 1.0}, "new": {"y": 2}, REMOVED: ["gone"]}
