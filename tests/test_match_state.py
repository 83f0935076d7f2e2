"""The ``match`` object of the state contract as a plain client reads it (docs/protocol.md),
and a malformed state refused."""

import copy

import pytest

from starlane.game.core import sim
from starlane.game.core.match import Match, MatchConfig
from starlane.game.core.netstate import read_match, read_world, write_match, write_world
from starlane.net import StateHistory


def published(config: MatchConfig, world: sim.World | None = None) -> dict:
    """The state a server publishes of ``world`` (a new one in the config's arena if None)
    in a match of ``config``."""
    world = sim.new_world(3, config.arena) if world is None else world
    match = Match(config)
    match.begin(world)
    history = StateHistory()
    write_world(history.root, world, [])
    write_match(history.root, match, world)
    history.commit(world.tick)
    return history.state_at(world.tick)


def test_the_state_names_the_mode_and_the_arena():
    state = published(MatchConfig(mode="tdm", arena="sun"))
    assert (state["match"]["mode"], state["match"]["arena"]) == ("tdm", "sun")


def test_a_client_reads_the_mode_and_the_arena_back():
    shown = read_match(published(MatchConfig(mode="lms", arena="walls")))
    assert shown is not None and (shown.mode, shown.arena) == ("lms", "walls")


def test_the_world_a_client_rebuilds_is_in_the_states_arena():
    assert read_world(published(MatchConfig(arena="sun")), 0).arena == "sun"


def test_a_state_from_before_modes_reads_as_free_for_all_in_the_field():
    state = published(MatchConfig())
    del state["match"]["mode"], state["match"]["arena"]
    shown = read_match(state)
    assert shown is not None and (shown.mode, shown.arena) == ("ffa", "field")


@pytest.mark.parametrize("spoil", [
    lambda state: state.update(powerups=[["shield", 1, 2]]),
    lambda state: state["ships"].update({"1": ["not", "a", "ship"]}),
    lambda state: state.update(seed=float("inf")),
    lambda state: state["bullets"].update({"5": [1, 2.0, 3.0, 4.0, 5.0, -10**12, 9]}),
])
def test_a_malformed_state_is_refused_in_one_error_never_a_crash_or_a_long_loop(spoil):
    state = copy.deepcopy(published(MatchConfig(arena="sun")))
    spoil(state)
    with pytest.raises(ValueError, match="malformed state"):
        read_world(state, 0)
