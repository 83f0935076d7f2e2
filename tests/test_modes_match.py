"""Every mode on every arena: scripted humans and bots play a match on the headless game
server into round 2 (fake time, ``Table`` of tests/helpers.py), and once per
mode over real sockets against ``python -m starlane --server --mode M``."""

from types import SimpleNamespace

import pytest

from starlane.game.client.session import NetSession
from starlane.game.core import sim
from starlane.game.core.match import ARENAS, MODES, RESULTS_TICKS, MatchConfig
from starlane.game.server.game_server import GameServer
from starlane.net import ServerConfig
from tests.helpers import Table, headless_server, hunt, phases_into_round_two

ROUND_S = 60.0  # the shortest time limit: every round ends within it


def round_won_by_the_modes_rule(game: GameServer) -> bool:
    """Whether the round just over was won as its mode says (or ran to the time limit)."""
    match, ships = game.match, game.world.ships
    at_time_limit = not match.winners or game.world.tick >= round(ROUND_S * sim.TICK_RATE)
    if match.config.mode == "tdm":
        top = max(match.team_scores)
        return at_time_limit or (top >= match.config.kills_to_win and all(
            match.team_scores[ships[p].team] == top for p in match.winners))
    if match.config.mode == "lms":
        return at_time_limit or [p for p, s in ships.items() if s.lives > 0] == match.winners
    return at_time_limit or all(ships[p].score >= match.config.kills_to_win
                                for p in match.winners)


@pytest.mark.parametrize("arena", ARENAS)
@pytest.mark.parametrize("mode", MODES)
def test_humans_and_bots_play_each_mode_on_each_arena_into_round_two(mode, arena, tables):
    config = MatchConfig(kills_to_win=3, time_limit_s=ROUND_S, mode=mode, lives=1,
                         arena=arena)
    game = GameServer(ServerConfig(), seed=3, match=config, bots=3, skill="hard")
    table = tables(game)
    vega, orion = table.join("Vega"), table.join("Orion")
    play_into_round_two(table, game, vega, orion)


def play_into_round_two(table: Table, game: GameServer, vega: NetSession,
                        orion: NetSession) -> None:
    """Vega and Orion hunt each other with the bots through round 1 into round 2."""
    mode, arena = game.match.config.mode, game.match.config.arena

    def fight():
        hunt(vega, "Orion", table.wire.now)
        hunt(orion, "Vega", table.wire.now)

    assert table.run_until(lambda: game.match.phase == "results", ROUND_S + 2, fight)
    assert round_won_by_the_modes_rule(game)
    assert table.run_until(lambda: (vega.match.round, orion.match.round) == (2, 2),
                           RESULTS_TICKS / sim.TICK_RATE + 1, fight)
    table.run_until(lambda: False, 0.5, fight)
    for session in (vega, orion):
        assert (session.match.mode, session.match.arena) == (mode, arena)
        ships = session.world.latest.ships.values()
        assert len(ships) == 5 and all(s.alive for s in ships)
        if mode == "tdm":
            teams = [s.team for s in ships]
            assert session.match.teams == (0, 0) and abs(teams.count(0) - teams.count(1)) == 1
        if mode == "lms":
            assert all(s.lives == 1 for s in ships)


@pytest.mark.parametrize("mode", MODES)
def test_the_headless_server_plays_each_mode_into_round_two_over_real_sockets(mode):
    with headless_server("--mode", mode, "--lives", "1", "--bots", "3", "--bot-skill", "hard",
                         "--kills", "1", "--time-limit", "1") as (port, _):
        sessions = [NetSession(("127.0.0.1", port), name) for name in ("Vega", "Orion")]
        try:
            phases = phases_into_round_two(sessions, ROUND_S + 30)
            assert {(1, "playing"), (1, "results"), (2, "playing")} <= phases
            assert all(s.match.mode == mode for s in sessions)
        finally:
            for session in sessions:
                session.close()


def test_an_lms_pilot_out_of_lives_lost_and_back_in_the_next_round_plays_with_lives():
    game = GameServer(ServerConfig(), match=MatchConfig(mode="lms", lives=2), bots=2)
    vega = SimpleNamespace(pid=game.world.new_id(), name="Vega", address=("10.0.0.2", 1),
                           spectator=False)
    game.joined(vega)
    game.world.ships[vega.pid].lives = 0
    game.lost(vega)
    game.match.round += 1  # a round ended while Vega was away
    game.resumed(vega)
    ship = game.world.ships[vega.pid]
    assert (ship.lives, ship.alive) == (2, True)


def test_tdm_a_player_taking_a_bots_seat_leaves_the_teams_even():
    game = GameServer(ServerConfig(max_players=4), match=MatchConfig(mode="tdm"), bots=4)
    vega = SimpleNamespace(pid=game.world.new_id(), name="Vega", address=("10.0.0.2", 1),
                           spectator=False)
    game.joined(vega)
    teams = [s.team for s in game.world.ships.values()]
    assert len(game.crew.pids) == 3 and teams.count(0) == teams.count(1) == 2


def test_an_lms_pilot_out_of_lives_neither_sends_nor_predicts_a_key_press(tables):
    game = GameServer(ServerConfig(), seed=3, match=MatchConfig(mode="lms", lives=1))
    table = tables(game)
    vega, orion, lyra = (table.join(name) for name in ("Vega", "Orion", "Lyra"))
    assert table.run_until(lambda: all(s.world.me() is not None for s in (vega, orion, lyra)),
                           2)
    ship = game.world.ships[vega.world.my_pid]  # struck by a rock with its last hit point
    ship.hp, ship.shield_until, ship.hurt_until = 1, 0, 0
    rock = sim.Asteroid(game.world.new_id(), ship.x, ship.y, 0.0, 0.0)
    game.world.asteroids[rock.aid] = rock
    assert table.run_until(vega.world.out_of_lives, 2)
    assert vega.press("up") is False
    assert "up" not in vega.world.keys
