"""A player's session following its match when the host goes (rules: ``net.migration``).

The session keeps what the host told it: the line of succession and the epoch (every
state's ``host`` object), and, when it is on the line, the ``HANDOVER`` and the newest
full state. When the host leaves (BYE REGISTER naming its successor) or falls silent, the
session walks the line: it registers with its own cuuid and resume token at each
candidate in turn, ``TRY_FOR`` s each, and the candidate that is itself starts serving
the match (``game.takeover``) on the port it reserved when it joined, and joins it.

No arcade; the session pumps it once a frame.
"""

from __future__ import annotations

import logging
import socket
from typing import Any

from net import messages as m
from net.client import Disconnected, Registered, StateUpdated
from net.migration import HostInfo, Walk, read_host
from net.retransmit import Address
from net.udp import ServerThread, reserve

log = logging.getLogger("starlane")
NOBODY = "the host is gone and no other player's game could take the match over"


class Follower:
    """``old_port``: the host's port, tried first for the one this game would serve on.
    ``hosting``: this game runs the server (it does not follow; its server hands over).
    ``can_host``: reserve a port and offer to serve (REGISTER ``host_port``)."""

    def __init__(self, old_port: int, hosting: bool, can_host: bool) -> None:
        self.hosting = hosting
        self.standby: socket.socket | None = reserve(old_port) if can_host and not hosting \
            else None
        self.host_port: int | None = self.standby.getsockname()[1] if self.standby else None
        self.package: m.Handover | None = None  # from the host, while we are on its line
        self.host: HostInfo | None = None  # the line and epoch of the newest state
        self.session: str | None = None  # the match's id (OK REGISTER)
        self.walk: Walk | None = None
        self.served: ServerThread | None = None  # the match we took over
        self.saying = ""  # what the player is told while the match moves
        self._state: tuple[int, dict[str, Any]] | None = None
        self._how = "lost"

    @property
    def walking(self) -> bool:
        return self.walk is not None

    def on_state(self, update: StateUpdated) -> None:
        self._state = (update.tick, update.state)
        self.host = read_host(update.state)

    def arrived(self, event: Registered) -> bool:
        """Whether an OK REGISTER is from our match (after a move: the same session, a
        newer epoch); it ends a walk."""
        if self.walk is None:
            self.session = event.session or self.session
            return True
        if not self.walk.accepts(event.session, self.session, event.epoch):
            log.warning("an OK REGISTER from another game (session %s, epoch %s): ignored",
                        event.session, event.epoch)
            return False
        self.walk = None
        return True

    def start(self, event: Disconnected, me: int | None, now: float) -> bool:
        """The link ended: start following the match if its host went (left naming a
        successor, or fell silent) and it has a line. False: not a move to follow."""
        if self.hosting or self.host is None or not self.host.line or self.session is None \
                or (event.successor is None and not event.link_lost):
            return False
        self._how = "left" if event.successor is not None else "lost"
        self.walk = Walk(self.host, me, now, first=event.successor)
        heir = self.walk.order[0]
        if event.successor is not None:
            self.saying = event.reason
        else:
            self.saying = f"The host stopped answering: {self._name(heir.pid)} takes over…"
        return True

    def goal(self, now: float, my_name: str) -> Address | None:
        """Where the session should be registering now (None: the line is exhausted)."""
        if self.served is not None and self.host_port is not None:
            return "127.0.0.1", self.host_port
        assert self.walk is not None
        candidate = self.walk.step(now)
        if candidate is None:
            self.walk, self.saying = None, NOBODY
            return None
        if self.walk.serves(candidate) and self._serve(my_name):
            return "127.0.0.1", self.host_port  # type: ignore[return-value]
        return candidate.address

    def close(self) -> None:
        """The player leaves: a match we serve is handed over (or closed); the reserved
        port is freed."""
        if self.served is not None:
            self.served.stop()
            self.served = None
        if self.standby is not None:
            self.standby.close()
            self.standby = None

    def _serve(self, my_name: str) -> bool:
        from game.takeover import serve_match  # the server side, only for a successor

        if self.package is None or self._state is None or self.standby is None:
            log.warning("named successor, but without the handover or a state: not serving")
            return False
        tick, state = self._state
        try:
            hosted = serve_match(self.package, state, tick, self.standby, my_name, self._how)
        except ValueError as err:
            log.warning("cannot take the match over: %s", err)
            return False
        self.served = hosted.in_thread()
        self.served.start()
        self.standby, self.hosting = None, True
        return True

    def _name(self, pid: int) -> str:
        ships = self._state[1].get("ships", {}) if self._state else {}
        ship = ships.get(str(pid)) if isinstance(ships, dict) else None
        return str(ship.get("name")) if isinstance(ship, dict) else f"player {pid}"
