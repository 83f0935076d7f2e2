"""What the hosting player is asked before leaving (fake time, no window)."""

from starlane.game.server.game_server import GameServer
from starlane.game.server.leaving import leave_question
from starlane.net import ServerConfig
from tests.helpers import join

HOST = ("127.0.0.1", 6000)


def hosted_with(**orion) -> GameServer:
    game = GameServer(ServerConfig(), bots=2, hosted=True)
    join(game.protocol, "vega", HOST, name="Vega", follows=True, hosting=True)
    if orion:
        join(game.protocol, "orion", ("10.0.0.3", 5003), name="Orion", **orion)
    return game


def test_with_a_successor_the_host_is_told_who_hosts_next_not_that_the_game_ends():
    game = hosted_with(follows=True, host_port=40080)
    assert leave_question(game) == ("Orion will host the game when you leave.", "Leave game")


def test_with_nobody_to_take_over_the_host_is_told_how_many_the_game_ends_for():
    game = hosted_with(sync=0)  # a plain neteria client: it cannot follow
    assert leave_question(game) == ("This ends the game for 1 player.", "End the game")


def test_a_host_alone_with_bots_is_not_asked():
    assert leave_question(hosted_with()) is None
