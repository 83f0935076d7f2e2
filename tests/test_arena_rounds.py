"""A scripted match in each arena on the headless game server: a human hunting, one
sitting still, and three bots, through round 1's results into round 2 on a fake-time wire.
In the sun's arena the hunter, who knows nothing of the sun, burns in it."""

import pytest

from starlane.game.core import arenas, sim
from starlane.game.core.match import MatchConfig
from starlane.game.server.game_server import GameServer
from starlane.net import ServerConfig
from tests.helpers import hunt


@pytest.mark.parametrize("arena", ["field", "sun", "walls"])
def test_two_humans_and_three_bots_play_into_round_two(arena, tables):
    game = GameServer(ServerConfig(), seed=4, match=MatchConfig(kills_to_win=3, arena=arena),
                      bots=3, skill="hard")
    table = tables(game)
    vega, orion = table.join("Vega"), table.join("Orion")
    assert table.run_until(lambda: vega.match is not None and vega.match.round == 2
                           and orion.match is not None and orion.match.round == 2, 300,
                           lambda: hunt(vega, "Orion", table.wire.now))
    for session in (vega, orion):
        assert session.world.latest.arena == arena
        assert any(line.startswith("Round 1 over: ") for line in table.feeds[session])
    burned = any(line.endswith(" burned in the sun") for line in table.feeds[orion])
    assert burned is (arena == "sun")
    assert len(game.world.asteroids) == (sim.ASTEROIDS if arena in arenas.ROCKY else 0)


def test_a_pilot_who_drifts_into_the_sun_is_told_the_sun_destroyed_it(tables):
    game = GameServer(ServerConfig(), seed=4, match=MatchConfig(arena="sun"))
    table = tables(game)
    orion = table.join("Orion")  # never touches a key: the pull takes it in
    assert table.run_until(lambda: orion.world.me() is not None, 2)
    ship = game.world.ships[orion.world.my_pid]
    ship.x, ship.y = arenas.SUN_X, arenas.SUN_Y + 250.0  # where the pull is felt
    assert table.run_until(lambda: orion.destroyed_by is not None, 10)
    assert orion.destroyed_by == "the sun"
    assert "Orion burned in the sun" in table.feeds[orion]
