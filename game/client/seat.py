"""A player's place in a match: the one session and the one server a game window owns.

The window holds one ``Seat`` and lends its screens what they need: the start screen asks
it to join or host, and pumps the session it returns until it plays; the game screen pumps
and draws that same session. Only the seat closes it: whatever screen is open when the
player leaves (Leave, the close button, Ctrl-C), ``leave`` says goodbye to the server and
hands a match this game runs on to its successor (``game.own_server``). Friends on the
same machine fly with it: ``locals`` holds their sessions (``game.client.local_pilots``),
and they leave with the seat (first, so the server sees each BYE before it hands over).

No arcade: tests and benches drive it without a window.
"""

from __future__ import annotations

import logging
from functools import partial

from starlane.net import Address, NetSim

from ..core.match import MatchConfig
from ..server.game_server import GameServer, host
from ..server.recording import RecordingPlan
from .local_pilots import LocalPilots
from .own_server import OwnServer
from .session import NetSession, udp_link

log = logging.getLogger("starlane")


class Seat:
    """``netsim``: the simulated network every session of this seat goes through (None: the
    real one). ``server``: the one this game runs; ``session``: P1's; ``locals``: the
    local players' (P2...); ``practice``: the match hosted now is this machine's alone
    (it may pause)."""

    def __init__(self, netsim: NetSim | None = None) -> None:
        self.netsim = netsim
        self.server = OwnServer()
        self.session: NetSession | None = None
        self.locals = LocalPilots(netsim)
        self.practice = False
        self._password: str | None = None  # the match's, for local pilots boarding it

    @property
    def hosted_game(self) -> GameServer | None:
        """The server this game runs: the game it hosts, or a match it took over."""
        return self.server.game

    def join(self, address: Address, name: str, password: str | None = None,
             record: RecordingPlan | None = None) -> NetSession:
        """Leave any match first, then join the server at ``address`` as ``name`` (with
        ``password``, a private server's); ``record``: where the match is recorded if this
        game takes it over (None: not)."""
        self.leave()
        self.server.record = record
        return self._sit(address, name, hosting=False, password=password)

    def host(self, server_name: str, name: str, bind: str, port: int, match: MatchConfig,
             bots: int, skill: str, password: str | None = None,
             practice: bool = False, record: RecordingPlan | None = None) -> NetSession:
        """Leave any match first, then serve ``server_name`` on ``bind``:``port`` (port 0:
        any free one) with ``match`` and ``bots`` of ``skill`` (``password``: a private
        game's), and join it as ``name``; ``practice``: a game against bots on this
        machine alone, which ``pause`` may stop; ``record``: where its matches are recorded
        (None: not recorded). Raises OSError if the port is taken."""
        self.leave()
        self.practice = practice
        self.server.record = record
        hosted = host(server_name, bind, port, match=match, bots=bots, skill=skill,
                      password=password, record=record)
        self.server.run(hosted)
        log.info("hosting %r on UDP port %d", server_name, hosted.address[1])
        return self._sit(("127.0.0.1", hosted.address[1]), name, hosting=True,
                         password=password)

    def pause(self, paused: bool) -> bool:
        """Stop (or restart) the world of a practice game while its player is in a menu;
        a game others may play in never pauses. Returns whether the world stands still."""
        if self.practice and self.hosted_game is not None:
            self.hosted_game.paused = paused
            return paused
        return False

    def pump_locals(self) -> list[str]:
        """Once a frame in a match: the local pilots board P1's match (where it is now: it
        may have moved), play and drop out (``LocalPilots.pump``); lines for the screen."""
        p1 = self.session
        server = p1.server if p1 is not None and p1.status == "playing" else None
        return self.locals.pump(server, self._password)

    def leave(self) -> None:
        """The players go: the local pilots, then P1 (each a BYE to the server; the local
        pilots stay added, for the next match), then the server this game runs hands the
        match over to its successor (or closes it when it has none)."""
        self.locals.leave()
        if self.session is not None:
            self.session.close()
            self.session = None
        self.server.stop()
        self.practice = False

    def _sit(self, address: Address, name: str, hosting: bool,
             password: str | None) -> NetSession:
        self._password = password
        self.session = NetSession(address, name, link=partial(udp_link, netsim=self.netsim),
                                  hosting=hosting, own_server=self.server, password=password)
        return self.session
