"""The modes' part of the state contract (docs/protocol.md): ``match.teams`` and each
ship's ``team`` in tdm, each ship's ``lives`` in lms; read back by a client and carried
on by a successor host."""

from starlane.game.core import sim
from starlane.game.core.match import Match, MatchConfig
from starlane.game.core.netstate import read_match, read_world, write_match, write_world
from starlane.game.server.game_server import GameServer
from starlane.game.server.takeover import continued_world
from starlane.net import ServerConfig, StateHistory
from tests.helpers import join


def published(mode: str, names=("Vega", "Orion")) -> tuple[dict, sim.World, Match]:
    world = sim.new_world(3)
    match = Match(MatchConfig(mode=mode, lives=4))
    match.begin(world)
    for name in names:
        match.join(world, sim.add_ship(world, name))
    match.team_scores[:] = [2, 5]
    history = StateHistory()
    write_world(history.root, world, [])
    write_match(history.root, match, world)
    history.commit(world.tick)
    return history.state_at(world.tick), world, match


def test_tdm_the_state_carries_each_teams_score_and_each_ships_team():
    state, _, _ = published("tdm")
    assert state["match"]["teams"] == [2, 5]
    assert sorted(s["team"] for s in state["ships"].values()) == [0, 1]


def test_lms_the_state_carries_each_ships_lives_and_no_teams():
    state, _, _ = published("lms")
    assert [s["lives"] for s in state["ships"].values()] == [4, 4]
    assert "teams" not in state["match"]
    assert all("team" not in s for s in state["ships"].values())


def test_ffa_the_state_carries_neither_teams_nor_lives():
    state, _, _ = published("ffa")
    assert "teams" not in state["match"]
    assert all(not {"team", "lives"} & set(s) for s in state["ships"].values())


def test_a_client_reads_teams_team_and_lives_back():
    state, world, _ = published("tdm")
    shown = read_match(state)
    assert shown is not None and shown.teams == (2, 5)
    seen = read_world(state, world.tick)
    assert seen.mode == "tdm"
    assert {p: s.team for p, s in seen.ships.items()} == {p: s.team
                                                         for p, s in world.ships.items()}
    lms_state, lms_world, _ = published("lms")
    assert all(s.lives == 4 for s in read_world(lms_state, lms_world.tick).ships.values())


def test_a_successor_keeps_the_team_scores_of_the_round():
    game = GameServer(ServerConfig(), match=MatchConfig(mode="tdm"), bots=2, hosted=True)
    join(game.protocol, "orion", ("10.0.0.3", 5003), name="Orion", follows=True,
         host_port=40080, sync=3)
    game.match.team_scores[:] = [3, 1]
    game.on_tick(1.0)
    state = game.history.state_at(game.world.tick)
    world, progress, _ = continued_world(state, game.world.tick, set(game.humans),
                                         {"mode": "tdm"})
    assert progress.team_scores == [3, 1] and world.mode == "tdm"
