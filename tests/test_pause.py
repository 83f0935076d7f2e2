"""A practice game stands still while its player is in the menu; a game others may join
never does."""

from starlane.game.client.seat import Seat
from starlane.game.core import sim
from starlane.game.core.match import MatchConfig
from starlane.game.server.game_server import GameServer
from starlane.net import ServerConfig


def positions(game):
    return {pid: (s.x, s.y, s.alive) for pid, s in game.world.ships.items()}


def test_a_paused_server_advances_no_tick_and_moves_nothing():
    game = GameServer(ServerConfig(), seed=3, bots=3)
    for tick in range(30):
        game.on_tick(tick * sim.DT)
    game.paused = True
    tick, ships = game.world.tick, positions(game)
    for n in range(3 * sim.TICK_RATE):
        game.on_tick(1.0 + n * sim.DT)
    assert (game.world.tick, positions(game)) == (tick, ships)


def test_an_unpaused_server_plays_on():
    game = GameServer(ServerConfig(), seed=3, bots=3)
    game.paused = True
    game.on_tick(0.0)
    game.paused = False
    game.on_tick(sim.DT)
    assert game.world.tick == 1


def hosting(seat, practice):
    return seat.host("Vega's practice", "Vega", "127.0.0.1", 0, MatchConfig(), 1, "normal",
                     practice=practice)


def test_a_practice_seat_pauses_its_game_and_resumes_it():
    seat = Seat()
    try:
        hosting(seat, practice=True)
        assert seat.pause(True) and seat.hosted_game.paused
        seat.pause(False)
        assert not seat.hosted_game.paused
    finally:
        seat.leave()


def test_a_hosted_lan_game_never_pauses():
    seat = Seat()
    try:
        hosting(seat, practice=False)
        assert not seat.pause(True) and not seat.hosted_game.paused
    finally:
        seat.leave()
