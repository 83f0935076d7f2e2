"""Chat on the game's reliable-ordered chat channel: a session sends its lines there when the
server has it, they are judged like the EVENT {"CHAT": text}, and a refusal comes back."""

from starlane.game.client.session import NetSession
from starlane.game.core import sim
from starlane.game.server.game_server import GameServer
from starlane.net import ServerConfig
from starlane.net import messages as m
from tests.helpers import SERVER, NoLink, Wire

ADDRESS = ("10.0.0.2", 5000)


def playing(closing):
    """Vega playing on a fake-time wire (its session closed at the test's end)."""
    game = GameServer(ServerConfig(), seed=3)
    wire = Wire(game.protocol)
    session = closing(NetSession(SERVER, "Vega", clock=lambda: wire.now,
                                 link=lambda *_: NoLink()))
    wire.add(ADDRESS, session.protocol)
    chat = run(game, wire, session, 0.3)
    assert session.status == "playing"
    return game, wire, session, chat


def run(game, wire, session, seconds: float) -> list[str]:
    chat: list[str] = []
    for _ in range(round(seconds * sim.TICK_RATE)):
        game.on_tick(wire.now)
        wire.step(sim.DT)
        chat += session.pump().chat
    return chat


def tapped(session: NetSession) -> list[bytes]:
    """Record what the session's protocol sends from now on."""
    sent: list[bytes] = []
    original = session.protocol.datagrams_to_send

    def recording(now):
        out = original(now)
        sent.extend(d for d, _ in out)
        return out
    session.protocol.datagrams_to_send = recording
    return sent


def test_a_chat_line_travels_on_the_chat_channel_and_reaches_the_chat_panel(closing):
    game, wire, session, _ = playing(closing)
    sent = tapped(session)
    assert session.say("hello")
    chat = run(game, wire, session, 0.3)
    assert "Vega: hello" in chat
    methods = {msg.method for d in sent for msg in m.decode_all(d)
               if not isinstance(msg, m.DecodeError)}
    assert "MESSAGE" in methods and "EVENT" not in methods


def test_a_chat_line_refused_on_the_channel_comes_back_as_a_not_sent_line(closing):
    game, wire, session, _ = playing(closing)
    for n in range(4):  # a burst of 3 is allowed, the 4th is over the rate
        session.say(f"line {n}")
    chat = run(game, wire, session, 0.3)
    assert "Not sent: slow down: too many messages" in chat
    assert [line for line in chat if line.startswith("Vega: ")] == [
        "Vega: line 0", "Vega: line 1", "Vega: line 2"]


def test_chat_lines_arrive_in_the_order_they_were_said_on_a_lossy_link(closing):
    game, wire, session, _ = playing(closing)
    wire.loss, wire.reorder = 0.3, 0.3
    for n in range(3):
        session.say(f"line {n}")
    chat = run(game, wire, session, 2.0)
    assert [line for line in chat if line.startswith("Vega: ")] == [
        "Vega: line 0", "Vega: line 1", "Vega: line 2"]


def test_a_server_without_the_chat_channel_gets_chat_as_an_event(closing):
    game = GameServer(ServerConfig(), seed=3)
    game.protocol.config.channels = ()  # as a server from before channels would
    wire = Wire(game.protocol)
    session = closing(NetSession(SERVER, "Vega", clock=lambda: wire.now,
                                 link=lambda *_: NoLink()))
    wire.add(ADDRESS, session.protocol)
    run(game, wire, session, 0.3)
    sent = tapped(session)
    session.say("hello")
    chat = run(game, wire, session, 0.3)
    assert "Vega: hello" in chat
    assert any(isinstance(msg, m.Event) for d in sent for msg in m.decode_all(d))
