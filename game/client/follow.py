"""A player's session following its match when the host goes (rules: ``net.ends.migration``).

The session keeps what the host told it: the line of succession and the epoch (every
state's ``host`` object), and, when it is on the line, the ``HANDOVER`` and the newest
full state. When the host leaves (BYE REGISTER naming its successor) or falls silent, the
session walks the line: it registers with its own cuuid and resume token at each
candidate in turn, ``TRY_FOR`` s each, and the candidate that is itself starts serving
the match (``game.takeover``) on the port it reserved when it joined, and joins it.

A game that took a match over looks, for its first ``RIVAL_SCANS`` s, for an earlier claim
on it: the old host (still alive: we were only cut off from it) or a candidate before us
(it started late) answering OHAI with the same session. If one answers, ours yields: its
clients are told to go on there (BYE REGISTER ``moved``), and we follow them.

No arcade; the session pumps it once a frame.
"""

from __future__ import annotations

import logging
import socket
from typing import Any

from starlane.net import (
    Address,
    Disconnected,
    LanScanner,
    Registered,
    StateUpdated,
    migration,
    reserve,
)
from starlane.net import messages as m

from .own_server import OwnServer

log = logging.getLogger("starlane")
NOBODY = "the host is gone and no other player's game could take the match over"
RIVAL_SCANS = 10  # one a second: how long a new host looks for an earlier claim
MOVED_TRY_FOR = 5.0  # s to reach the game a yielding host sent us to
SILENT_AFTER = 0.5
"""s without a datagram from the server before the player is told it is not answering: a
state comes 30 times a second and a heartbeat every 0.5 s, so this is a stall, not jitter."""


class Follower:
    """``old_port``: the host's port, tried first for the one this game would serve on.
    ``hosting``: this game runs the server (it does not follow; its server hands over).
    ``can_host``: reserve a port and offer to serve (REGISTER ``host_port``).
    ``own``: where a match taken over runs (the game's one server; a new one if None): a
    server running there is handed over when the player leaves (``close``)."""

    def __init__(self, old_port: int, hosting: bool, can_host: bool,
                 own: OwnServer | None = None) -> None:
        self.hosting = hosting
        self.own = own if own is not None else OwnServer()
        self.old_port = old_port
        self.standby: socket.socket | None = reserve(old_port) if can_host and not hosting \
            else None
        self.host_port: int | None = self.standby.getsockname()[1] if self.standby else None
        self.package: m.Handover | None = None  # from the host, while we are on its line
        self.host: migration.HostInfo | None = None  # the line and epoch of the newest state
        self.session: str | None = None  # the match's id (OK REGISTER)
        self.walk: migration.Walk | None = None
        self._rivals: LanScanner | None = None  # earlier claims on it, while we look
        self._left: Address | None = None  # the host we followed the match from
        self._trying: migration.Candidate | None = None  # the walk's candidate of now
        self.saying = ""  # what the player is told while the match moves
        self._state: tuple[int, dict[str, Any]] | None = None
        self._how = "lost"

    @property
    def walking(self) -> bool:
        return self.walk is not None

    def on_state(self, update: StateUpdated) -> None:
        self._state = (update.tick, update.state)
        self.host = migration.read_host(update.state)

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

    def start(self, event: Disconnected, server: Address, me: int | None, now: float
              ) -> bool:
        """The link to ``server`` ended: follow the match if its host went (left naming a
        successor, or fell silent) and it has a line, or if it sent us to the game it
        yields to. False: not a move to follow."""
        if self.walk is not None:  # we yielded: our own server's goodbye
            return True
        if event.moved is not None and event.epoch is not None and self.session is not None:
            self._walk_to(event.moved, event.epoch, now)
            self.saying = event.reason
            return True
        if self.hosting or self.host is None or not self.host.line or self.session is None \
                or (event.successor is None and not event.link_lost):
            return False
        self._left, self._trying = server, None
        self._how = "left" if event.successor is not None else "lost"
        self.walk = migration.Walk(self.host, me, now, first=event.successor)
        heir = self.walk.order[0]
        if event.successor is not None:
            self.saying = event.reason
        else:
            self.saying = f"The host stopped answering: {self._name(heir.pid)} takes over…"
        return True

    def goal(self, now: float, my_name: str) -> Address | None:
        """Where the session should be registering now (None: the line is exhausted)."""
        if self.own.running and self.host_port is not None:  # we serve the match
            return "127.0.0.1", self.host_port
        assert self.walk is not None
        candidate = self.walk.step(now)
        if candidate is None:
            self.walk, self.saying = None, NOBODY
            return None
        if self._trying is not None and candidate != self._trying and candidate.pid >= 0:
            self.saying = f"No answer from {self._name(self._trying.pid)}'s game either: " \
                          f"{self._name(candidate.pid)} takes over…"
        self._trying = candidate
        if self.walk.serves(candidate) and self._serve(my_name):
            return "127.0.0.1", self.host_port  # type: ignore[return-value]
        return candidate.address

    def silence_line(self, silent_for: float, lost_after: float, me: int | None) -> str:
        """What the player is told while the server has been silent for ``silent_for`` s
        ("" under ``SILENT_AFTER``): who takes the match over, and in how many seconds
        (the link is given up after ``lost_after`` s of silence, ``server_timeout``; the
        first in the line serves then). With no line (a dedicated server, or nobody who
        could serve) the session reconnects then instead."""
        if silent_for < SILENT_AFTER:
            return ""
        left = max(lost_after - silent_for, 0.0)
        if self.host is None:
            return f"Server not answering… reconnecting in {left:.1f} s"
        if not self.host.line or self.hosting:
            return f"Host not answering… reconnecting in {left:.1f} s"
        heir = self.host.line[0].pid
        who = "you take" if heir == me else f"{self._name(heir)} takes"
        return f"Host not answering… {who} over in {left:.1f} s"

    def pump(self, now: float) -> None:
        """While looking for an earlier claim on the match we serve: yield to one found."""
        if self._rivals is None:
            return
        for rival in self._rivals.pump():
            if rival.server_id == self.session and rival.epoch is not None \
                    and not self._is_own_answer(rival.host, rival.port):
                self._yield((rival.host, rival.port), rival.epoch, now)
                return
        if self._rivals.paused:
            self._rivals.close()
            self._rivals = None

    def _is_own_answer(self, host: str, port: int) -> bool:
        """Whether a rival's answer is our own server's: the old host ran on this machine,
        so our server answers probes at its old address too (``takeover``'s alias), and
        names our port from the old host's IP. A true rival there serves on another port."""
        return self._left is not None and (host, port) == (self._left[0], self.host_port)

    def close(self) -> None:
        """The player leaves: the server this game runs (a match it took over, or the game
        it hosts) hands the match over (or closes it); the reserved port is freed."""
        if self._rivals is not None:
            self._rivals.close()
            self._rivals = None
        self.own.stop()
        if self.standby is not None:
            self.standby.close()
            self.standby = None

    def _serve(self, my_name: str) -> bool:
        from ..server.takeover import serve_match  # the server side, only for a successor

        if self.package is None or self._state is None or self.standby is None:
            log.warning("named successor, but without the handover or a state: not serving")
            return False
        tick, state = self._state
        try:
            hosted = serve_match(self.package, state, tick, self.standby, my_name, self._how,
                                 listed_port=self.old_port, record=self.own.record)
        except ValueError as err:
            log.warning("cannot take the match over: %s", err)
            return False
        self.own.run(hosted)
        self.standby, self.hosting = None, True
        assert self.walk is not None
        order = self.walk.order
        mine = next(i for i, c in enumerate(order) if c.pid == self.walk.me)
        earlier = [self._left] if self._left is not None else []
        self._rivals = LanScanner([*earlier, *(c.address for c in order[:mine])],
                                  interval=1.0, max_scans=RIVAL_SCANS)
        return True

    def _yield(self, address: Address, epoch: int, now: float) -> None:
        """Another game serves this match with a better claim: our clients go there, and
        so do we (a seat there again, a port reserved again)."""
        log.warning("the match is served at %s:%d too (epoch %d): yielding to it", *address,
                    epoch)
        assert self._rivals is not None
        self._rivals.close()
        self._rivals = None
        self.own.yield_to(address, epoch)
        self.hosting = False
        self.standby = reserve(self.old_port)
        self.host_port = self.standby.getsockname()[1]
        self._walk_to(address, epoch, now)
        self.saying = "another player's game serves this match: joining it…"

    def _walk_to(self, address: Address, epoch: int, now: float) -> None:
        """A walk with one candidate: the game serving the match at ``epoch``."""
        self._trying = None
        line = migration.HostInfo(epoch - 1, (migration.Candidate(-1, address),))
        self.walk = migration.Walk(line, None, now, try_for=MOVED_TRY_FOR)

    def _name(self, pid: int) -> str:
        ships = self._state[1].get("ships", {}) if self._state else {}
        ship = ships.get(str(pid)) if isinstance(ships, dict) else None
        return str(ship.get("name")) if isinstance(ship, dict) else f"player {pid}"
