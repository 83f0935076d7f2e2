"""When the host stops answering, each player is told so within half a second, with who
takes the match over and a countdown to it, rather than a frozen screen (fake time: a
hosted game server and the players' sessions on an in-memory wire; the host "crashes" when
the wire drops everything)."""

from __future__ import annotations

import pytest

from starlane.game.client.follow import SILENT_AFTER
from starlane.game.client.session import NetSession
from starlane.game.core import sim
from starlane.game.server.game_server import GameServer
from starlane.net import ServerConfig
from tests.helpers import SERVER, NoLink, Wire

ADDRESSES = {"Vega": ("10.0.0.1", 5000), "Orion": ("10.0.0.3", 5000),
             "Lyra": ("10.0.0.4", 5000)}


class Party:
    """Vega hosts (her own seat), Orion then Lyra join and could serve: Orion is first in
    the line of succession."""

    def __init__(self, game: GameServer) -> None:
        self.game = game
        self.wire = Wire(game.protocol)
        self.sessions = {name: NetSession(SERVER, name, clock=lambda: self.wire.now,
                                          link=lambda *_: NoLink(), hosting=name == "Vega",
                                          can_host=name != "Vega")
                         for name in ADDRESSES}
        for name, address in ADDRESSES.items():
            self.wire.add(address, self.sessions[name].protocol)
        self.run(1.0)

    def run(self, seconds: float, host_alive: bool = True) -> None:
        for _ in range(round(seconds * sim.TICK_RATE)):
            if host_alive:
                self.game.on_tick(self.wire.now)
            self.wire.step(sim.DT)
            for session in self.sessions.values():
                session.pump()

    def crash(self) -> float:
        """The host falls silent; returns when its last state arrived."""
        self.wire.loss = 1.0
        last = self.sessions["Lyra"].state_at
        assert last is not None
        return last

    def close(self) -> None:
        for session in self.sessions.values():
            session.close()


@pytest.fixture
def party():
    hosted = Party(GameServer(ServerConfig(server_name="Vega's game"), seed=3, hosted=True))
    yield hosted
    hosted.close()


def silent_line_from(party: Party, name: str, limit: float) -> tuple[float, str]:
    """The first line telling ``name`` the host is silent, and how long after the crash."""
    crashed = party.crash()
    while party.wire.now - crashed < limit:
        party.run(sim.DT, host_alive=False)
        if line := party.sessions[name].host_silence(party.wire.now):
            return party.wire.now - crashed, line
    raise AssertionError(f"{name} was told nothing within {limit} s of silence")


def test_nothing_is_said_while_the_states_come(party):
    assert all(s.host_silence(party.wire.now) == "" for s in party.sessions.values())


def test_a_player_is_told_within_half_a_second_of_silence(party):
    after, _ = silent_line_from(party, "Lyra", limit=1.0)
    assert SILENT_AFTER - 1e-9 <= after <= SILENT_AFTER + sim.DT


def test_the_line_names_the_successor_and_counts_down_to_the_takeover(party):
    silent_line_from(party, "Lyra", limit=1.0)
    party.run(0.2, host_alive=False)  # now 0.7 s (to the frame) of silence
    timeout = party.sessions["Lyra"].config.server_timeout
    silent_for = party.wire.now - party.sessions["Lyra"].state_at
    assert party.sessions["Lyra"].host_silence(party.wire.now) == \
        f"Host not answering… Orion takes over in {timeout - silent_for:.1f} s"


def test_the_successor_is_told_it_takes_over(party):
    _, line = silent_line_from(party, "Orion", limit=1.0)
    assert line.startswith("Host not answering… you take over in ")


def test_the_ping_is_not_shown_as_if_the_host_still_answered(party):
    party.run(1.0)  # a heartbeat's echo or two: a ping to show
    assert party.sessions["Lyra"].ping_ms is not None
    silent_line_from(party, "Lyra", limit=1.0)
    assert party.sessions["Lyra"].ping_ms is None


def test_once_the_link_is_given_up_the_walk_says_who_takes_over(party):
    silent_line_from(party, "Lyra", limit=1.0)
    party.run(2.2, host_alive=False)
    lyra = party.sessions["Lyra"]
    assert (lyra.status, lyra.message) == ("reconnecting",
                                           "The host stopped answering: Orion takes over…")
    assert lyra.host_silence(party.wire.now) == ""


def test_a_dedicated_server_that_falls_silent_is_reconnected_to():
    game = GameServer(ServerConfig(), seed=3)
    wire = Wire(game.protocol)
    vega = NetSession(SERVER, "Vega", clock=lambda: wire.now, link=lambda *_: NoLink())
    wire.add(ADDRESSES["Vega"], vega.protocol)
    for _ in range(sim.TICK_RATE):
        game.on_tick(wire.now)
        wire.step(sim.DT)
        vega.pump()
    assert vega.state_at is not None
    wire.loss = 1.0
    wire.run(0.6, dt=sim.DT)
    vega.pump()
    assert vega.host_silence(wire.now).startswith("Server not answering… reconnecting in ")
    vega.close()
