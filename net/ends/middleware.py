"""The application boundary: the server calls the middleware; never the other way round.

Every EVENT is judged (``judge``) before any side effect and executed once if LEGAL
(``execute``). The optional hooks follow a connection's lifecycle (``net.link.connection``):
``joined(conn)`` when a new player proved its address, ``lost(conn)`` when it fell silent
(its seat is held), ``resumed(conn)`` when it came back, ``left(conn, reason)`` when its
seat is gone; ``seated(conn)`` when a spectator (``conn.spectator`` was True when it
joined: admitted to a full server) takes a seat that freed. Before any of that,
``admit(hello)`` decides whether a new registrant may have a seat at all (``Admission``:
its build, whether it proved the password): None admits, a string refuses, and is the
reason the client is given. An exception raised by any of them is contained: logged with
its traceback (the first of its kind from each method; later ones are counted,
``net.ends._contained``), and ``judge``'s makes the event ILLEGAL; ``admit``'s refuses the
client; none escapes ``receive`` or ``tick``.

The hooks are declared, not guessed: subclass ``Middleware`` and ``mypy --strict`` checks
each override's signature. A plain object with ``judge`` and ``execute`` (``Judiciary``,
neteria's shape) works too; either way, building the server raises ``TypeError`` for a
misspelt hook (``joinned``) or one that cannot take its arguments (``check_hooks``).
"""

from __future__ import annotations

import logging
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from difflib import get_close_matches
from inspect import signature
from typing import Any, Protocol

from ..link.connection import Connection, Hook
from ..wire import messages as m
from ._admission import Admission
from ._contained import Contained

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


class Judiciary(Protocol):
    """What the server needs of its middleware: ``judge`` and ``execute`` (see
    ``Middleware``). Any object with both will do, a plain neteria-style one included; its
    hooks are checked when the server is built (``check_hooks``)."""

    def judge(self, conn: Connection, event_data: Any) -> Verdict | bool:
        """As ``Middleware.judge``."""

    def execute(self, conn: Connection, event_data: Any) -> None:
        """As ``Middleware.execute``."""


class Middleware(ABC):
    """The judiciary, to subclass: ``judge`` and ``execute`` are required, the lifecycle
    hooks optional (each does nothing unless overridden). Declared here so that ``mypy
    --strict`` reports an override with the wrong signature."""

    @abstractmethod
    def judge(self, conn: Connection, event_data: Any) -> Verdict | bool:
        """Is ``event_data`` from ``conn`` LEGAL now? Decide without side effects: the
        verdict of a retried EVENT is cached, and ``execute`` does the work. A bool is read
        as LEGAL / ILLEGAL without a reason."""

    @abstractmethod
    def execute(self, conn: Connection, event_data: Any) -> None:
        """Apply an event judged LEGAL to the world; called exactly once per event, right
        after ``judge``, however often the client resent it."""

    def joined(self, conn: Connection) -> None:  # noqa: B027 - a no-op default
        """A new registrant proved its address: it plays (or, ``conn.spectator``, watches
        until ``seated``)."""

    def lost(self, conn: Connection) -> None:  # noqa: B027 - a no-op default
        """It fell silent: its seat is held for a resume token (``Timeouts.hold_time``)."""

    def resumed(self, conn: Connection) -> None:  # noqa: B027 - a no-op default
        """A lost seat is back, from its old address or with its token from a new one."""

    def left(self, conn: Connection, reason: str) -> None:  # noqa: B027 - a no-op default
        """Its seat is gone (left, kicked, expired, replaced...): ``reason`` says why."""

    def message(self, conn: Connection, channel: str, data: Any) -> None:  # noqa: B027
        """A message ``conn`` sent on ``channel`` (``ClientProtocol.send``): the server's
        first look at it, and the only one (no verdict goes back; drop what you distrust).
        On a reliable channel each arrives once, in the client's send order."""

    def seated(self, conn: Connection) -> None:  # noqa: B027 - a no-op default
        """A spectator took a seat that freed (``conn.spectator`` is False now)."""

    def admit(self, hello: Admission) -> str | None:  # noqa: ARG002 - admits everyone
        """May this new registrant have a seat? None admits it; a string refuses it and is
        the reason it is told (BYE REGISTER). Called once the server's password, if any, is
        proven (``hello.password``); never for a seat taken back with its resume token."""
        return None


HOOKS: tuple[Hook, ...] = ("joined", "lost", "resumed", "left", "seated")
"""The optional hooks, each called with ``conn`` (``left`` with ``reason`` too)."""

_ARGUMENTS: dict[str, tuple[str, ...]] = {
    "judge": ("conn", "event_data"), "execute": ("conn", "event_data"),
    "admit": ("hello",),
    "message": ("conn", "channel", "data"),
    **{name: ("conn", "reason") if name == "left" else ("conn",) for name in HOOKS}}

LOOKALIKE = 0.8
"""How alike (difflib's ratio, 0 to 1) a method's name and a declared one must be for
``check_hooks`` to read it as a misspelling: ``joinned``, ``seat`` and ``resume`` are."""


def check_hooks(middleware: object) -> dict[Hook, Callable[..., None]]:
    """The middleware's hooks, checked once when the server is built. ``TypeError`` for a
    public method whose name looks like a declared one but is not (``joinned``: it would
    never be called), or a declared one that cannot take its arguments (``left(conn)``
    with no ``reason``: it would fail at each call). Other public methods (the
    application's own) are left alone."""
    kind = type(middleware).__name__
    hooks: dict[str, Callable[..., None]] = {}
    for name in dir(middleware):
        if name.startswith("_") or not callable(method := getattr(middleware, name)):
            continue
        arguments = _ARGUMENTS.get(name)
        if arguments is None:
            if close := get_close_matches(name, _ARGUMENTS, n=1, cutoff=LOOKALIKE):
                raise TypeError(f"{kind}.{name} is not a middleware method: did you mean "
                                f"{close[0]}? (the hooks are {', '.join(HOOKS)})")
            continue
        try:
            signature(method).bind(*arguments)
        except TypeError as err:
            raise TypeError(f"{kind}.{name} must take ({', '.join(arguments)}): {err}"
                            ) from None
        hooks[name] = method
    return {name: hooks[name] for name in HOOKS if name in hooks}


class Boundary:
    """Calls into the middleware with its exceptions contained (``net.ends._contained``: each
    kind logged once per method with its traceback, then counted); ``errors`` counts them.
    ``middleware`` is the application's object; ``contained`` the log-once record."""

    def __init__(self, middleware: Judiciary) -> None:
        self.middleware = middleware
        self.contained = Contained(log)
        self._hooks = check_hooks(middleware)  # and ``message``'s signature
        self._admit: Callable[[Admission], str | None] | None = getattr(middleware, "admit",
                                                                        None)
        self._message: Callable[[Connection, str, Any], None] | None = getattr(
            middleware, "message", None)

    @property
    def errors(self) -> int:
        """Exceptions the middleware raised, all of them contained."""
        return self.contained.total

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

    def hook(self, name: Hook, conn: Connection, reason: str) -> None:
        """Call the hook ``name`` if the middleware has it (``reason``: for ``left``)."""
        method = self._hooks.get(name)
        if method is None:
            return
        try:
            if name == "left":
                method(conn, reason)
            else:
                method(conn)
        except Exception:  # noqa: BLE001 - the application's bug, contained: _failed logs it
            self._failed(name, conn)

    def admit(self, hello: Admission) -> str | None:
        """The middleware's ``admit``: None (admitted, also without the hook) or the reason
        for a refusal, cut to the wire's length; an exception refuses (logged, counted)."""
        if self._admit is None:
            return None
        try:
            reason = self._admit(hello)
        except Exception as err:  # noqa: BLE001 - the application's bug, contained
            self.contained.failed("middleware admit", err,
                                  f" for {hello.name} at {hello.address[0]}:{hello.address[1]}")
            return "server error while admitting this client"
        return None if reason is None else str(reason)[:m.TEXT_MAX]

    def message(self, conn: Connection, channel: str, data: Any) -> None:
        """Hand a client's channel message to the middleware's ``message``, if it has one;
        an exception is logged, counted and contained."""
        if self._message is None:
            return
        try:
            self._message(conn, channel, data)
        except Exception:  # noqa: BLE001 - the application's bug, contained: _failed logs it
            self._failed("message", conn)

    def _failed(self, what: str, conn: Connection) -> None:
        """In the ``except`` block of ``what``, called for ``conn``."""
        error = sys.exc_info()[1]
        assert error is not None
        self.contained.failed(f"middleware {what}", error, f" for {conn.name} (pid {conn.pid})")
