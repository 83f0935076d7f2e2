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

from . import messages as m

if TYPE_CHECKING:
    from .connection import Connection

log = logging.getLogger("starlane.net")


@dataclass(frozen=True, slots=True)
class Verdict:
    """A middleware's judgement of one EVENT; ``reason`` travels with ILLEGAL (extension)."""

    legal: bool
    reason: str | None = None


LEGAL = Verdict(True)


def illegal(reason: str) -> Verdict:
    return Verdict(False, reason)


class Middleware(Protocol):
    """The judiciary. ``joined``, ``lost``, ``resumed``, ``left`` and ``seated`` may be
    defined too."""

    def judge(self, conn: Connection, event_data: Any) -> Verdict | bool: ...

    def execute(self, conn: Connection, event_data: Any) -> None: ...


class Boundary:
    """Calls into the middleware with its exceptions contained; ``errors`` counts them."""

    def __init__(self, middleware: Middleware) -> None:
        self.middleware = middleware
        self.errors = 0

    def judge(self, conn: Connection, event_data: Any) -> Verdict:
        try:
            verdict = self.middleware.judge(conn, event_data)
        except Exception:
            self._failed("judge", conn)
            return illegal("server error while judging this event")
        if not isinstance(verdict, Verdict):
            return Verdict(bool(verdict))
        if verdict.reason is not None and len(verdict.reason) > m.TEXT_MAX:  # fits the wire
            return illegal(verdict.reason[:m.TEXT_MAX - 3] + "...")
        return verdict

    def execute(self, conn: Connection, event_data: Any) -> None:
        try:
            self.middleware.execute(conn, event_data)
        except Exception:
            self._failed("execute", conn)

    def hook(self, name: str, conn: Connection, *args: Any) -> None:
        """Call the optional hook ``name`` (joined, lost, resumed, left, seated) if defined."""
        method = getattr(self.middleware, name, None)
        if method is None:
            return
        try:
            method(conn, *args)
        except Exception:
            self._failed(name, conn)

    def _failed(self, what: str, conn: Connection) -> None:
        self.errors += 1
        log.exception("middleware %s raised for %s (pid %d); contained", what, conn.name,
                      conn.pid)
