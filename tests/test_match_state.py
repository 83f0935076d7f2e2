"""The ``match`` object of the state contract as a plain client reads it (docs/protocol.md)."""

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
