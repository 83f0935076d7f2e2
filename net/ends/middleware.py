"""The application boundary: the server calls the middleware; never the other way round.

Every EVENT is judged (``judge``) before any side effect and executed once if LEGAL
(``execute``). The optional hooks follow a connection's lifecycle (``net.connection``):
``joined(conn)`` when a new player proved its address, ``lost(conn)`` when it fell silent
(its seat is held), ``resumed(conn)`` when it came back, ``left(conn, reason)`` when its
seat is gone; ``seated(conn)`` when a spectator (``conn.spectator`` was True when it
joined: admitted to a full server) takes a seat that freed. An exception raised by any of
them is logged with its traceback, counted, and contained: ``judge``'s makes the event
ILLEGAL; none escapes ``receive`` or ``tick``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ..wire import messages as m

if TYPE_CHECKING:
    from ..link.connection import Connection

log = logging.getLogger("starlane.net")


@dataclass(frozen=True, slots=True)
class Verdict:
    """A middleware's judgement of one EVENT; ``reason`` travels with ILLEGAL (extension)."""

    legal: bool
    reason: str | None = None


LEGAL = Verdict(True)


def illegal(reason: str) -> Verdict:
    """The verdict ILLEGAL with ``reason`` (for the player; cut to the wire's 200 characters)."""
    return Verdict(False, reason)


class Middleware(Protocol):
    """The judiciary. ``joined``, ``lost``, ``resumed``, ``left`` and ``seated`` may be
    defined too."""

    def judge(self, conn: Connection, event_data: Any) -> Verdict | bool:
        """Is ``event_data`` from ``conn`` LEGAL now? Decide without side effects: the
        verdict of a retried EVENT is cached, and ``execute`` does the work. A bool is read
        as LEGAL / ILLEGAL without a reason."""

    def execute(self, conn: Connection, event_data: Any) -> None:
        """Apply an event judged LEGAL to the world; called exactly once per event, right
        after ``judge``, however often the client resent it."""


class Boundary:
    """Calls into the middleware with its exceptions contained; ``errors`` counts them."""

    def __init__(self, middleware: Middleware) -> None:
        self.middleware = middleware
        self.errors = 0

    def judge(self, conn: Connection, event_data: Any) -> Verdict:
        """The middleware's verdict, never an exception: one raised becomes ILLEGAL (logged,
        counted); a bool becomes a ``Verdict``; a reason too long for the wire is cut."""
        try:
            verdict = self.middleware.judge(conn, event_data)
        except Exception:  # noqa: BLE001 - the application's bug, contained: _failed logs it
            self._failed("judge", conn)
            return illegal("server error while judging this event")
        if not isinstance(verdict, Verdict):
            return Verdict(bool(verdict))
        if verdict.reason is not None and len(verdict.reason) > m.TEXT_MAX:  # fits the wire
            return illegal(verdict.reason[:m.TEXT_MAX - 3] + "...")
        return verdict

    def execute(self, conn: Connection, event_data: Any) -> None:
        """Run the middleware's ``execute``; an exception is logged, counted and contained."""
        try:
            self.middleware.execute(conn, event_data)
        except Exception:  # noqa: BLE001 - the application's bug, contained: _failed logs it
            self._failed("execute", conn)

    def hook(self, name: str, conn: Connection, *args: Any) -> None:
        """Call the optional hook ``name`` (joined, lost, resumed, left, seated) if defined."""
        method = getattr(self.middleware, name, None)
        if method is None:
            return
        try:
            method(conn, *args)
        except Exception:  # noqa: BLE001 - the application's bug, contained: _failed logs it
            self._failed(name, conn)

    def _failed(self, what: str, conn: Connection) -> None:
        self.errors += 1
        log.exception("middleware %s raised for %s (pid %d); contained", what, conn.name,
                      conn.pid)
