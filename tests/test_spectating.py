"""Spectating in the game, on a fake-time wire: a full game (two seats, two humans) lets
Lyra watch with no ship, chat but not fly, and seats her when Vega leaves."""

from starlane.game.client.session import NetSession
from starlane.game.core import sim
from starlane.game.core.rules import SPECTATING
from starlane.game.server.game_server import GameServer
from starlane.net import ServerConfig
from tests.helpers import SERVER, NoLink, Wire


def full_game(closing, bots: int = 0, feeds: dict[str, list[str]] | None = None):
    """Vega and Orion hold both seats of a game; Lyra joins after them (each session closed
    at the test's end by ``closing``). ``feeds``: each session's feed lines meanwhile."""
    game = GameServer(ServerConfig(max_players=2), seed=3, bots=bots)
    wire = Wire(game.protocol)
    clock = lambda: wire.now  # noqa: E731
    sessions = {}
    for n, name in enumerate(("Vega", "Orion", "Lyra")):  # each joins once the last played
        sessions[name] = closing(NetSession(SERVER, name, clock=clock,
                                            link=lambda *_: NoLink()))
        wire.add((f"10.0.0.{n + 2}", 5000), sessions[name].protocol)
        run(game, wire, sessions, 0.3, feeds)
    return game, wire, sessions


def run(game, wire, sessions, seconds: float, feeds: dict[str, list[str]] | None = None
        ) -> list[str]:
    """Tick the server and pump every session for ``seconds`` of fake time; the lines Lyra
    read, feed and chat (everyone's in ``feeds``)."""
    feeds = {} if feeds is None else feeds
    for _ in range(round(seconds * sim.TICK_RATE)):
        game.on_tick(wire.now)
        wire.step(sim.DT)
        for name, session in list(sessions.items()):
            happened = session.pump()
            feeds.setdefault(name, []).extend(happened.feed + happened.chat)
    return feeds.get("Lyra", [])


def lyra_conn(game):
    return next(c for c in game.protocol.connections.values() if c.name == "Lyra")


def test_a_player_joining_a_full_game_spectates_and_sees_both_ships(closing):
    game, wire, sessions = full_game(closing)
    lyra = sessions["Lyra"]
    run(game, wire, sessions, 0.2)
    assert lyra.status == "playing" and lyra.spectating
    assert sorted(s.name for s in lyra.world.latest.ships.values()) == ["Orion", "Vega"]
    assert lyra.world.my_pid not in game.world.ships
    assert lyra.match.spectators == ("Lyra",)


def test_everyone_reads_that_lyra_is_spectating_in_the_feed_and_the_match(closing):
    feeds = {}
    game, _, sessions = full_game(closing, feeds=feeds)
    assert "Lyra is spectating" in feeds["Vega"] and "Lyra is spectating" in feeds["Orion"]
    assert sessions["Vega"].match.spectators == ("Lyra",) and game.protocol.spectators == 1


def test_a_spectators_keys_are_illegal_with_a_reason_and_its_chat_is_legal(closing):
    game, _, _ = full_game(closing)
    conn = lyra_conn(game)
    verdict = game.judge(conn, {"KEYDOWN": "up"})
    assert not verdict.legal and verdict.reason == SPECTATING
    assert game.judge(conn, {"CHAT": "gg"}).legal


def test_a_spectators_chat_reaches_the_chat_under_its_name(closing):
    game, wire, sessions = full_game(closing)
    assert sessions["Lyra"].say("good luck")
    feed = run(game, wire, sessions, 0.3)
    assert "Lyra: good luck" in feed


def test_a_spectating_session_sends_no_keys(closing):
    _, _, sessions = full_game(closing)
    assert sessions["Lyra"].press("up") is False


def test_when_a_seat_frees_the_spectator_takes_it_and_plays_at_once(closing):
    game, wire, sessions = full_game(closing)
    vega = sessions.pop("Vega")
    vega.protocol.close(wire.now)
    feeds = {}
    feed = run(game, wire, sessions, 0.5, feeds)
    lyra = sessions["Lyra"]
    assert "You took a seat" in feed and "Lyra took a seat" in feeds["Orion"]
    assert not lyra.spectating and lyra.world.my_pid in game.world.ships
    assert game.world.ships[lyra.world.my_pid].alive
    assert lyra.press("up") is True
    assert lyra.match.spectators == ()


def test_bots_give_way_so_a_game_full_of_bots_seats_a_newcomer(closing):
    game, _, sessions = full_game(closing, bots=2)
    assert not sessions["Orion"].spectating and sessions["Lyra"].spectating
    assert not any(s.bot for s in game.world.ships.values())
