"""The client's events in flight: each one's id, what it holds until its verdict, and the
one place its ``EventJudged`` is made. Neteria's ``apply``/``undo`` callbacks (``Rollback``)
run from those events as ``ClientProtocol.events()`` hands them over, never beside them."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Literal

from .client_api import ClientEvent, ClientStats, EventJudged, Hook, PendingEvent

log = logging.getLogger("starlane.net")

Outcome = Literal["legal", "illegal", "timeout"]
_COUNTER = {"legal": "legal", "illegal": "illegal", "timeout": "timed_out"}


class PendingEvents:
    """Events sent and not yet judged (``pending``, by euuid), their ids, their hooks."""

    def __init__(self, new_id: Callable[[], str], stats: ClientStats) -> None:
        self.pending: dict[str, PendingEvent] = {}
        # ids: a random prefix and a count (unique enough, and cheaper than a uuid4 each)
        self._prefix = f"{new_id()[:8]}-"
        self._numbers = itertools.count(1)
        self._stats = stats
        self._rollback = Rollback()

    def hold(self, event: PendingEvent, apply: Hook | None, undo: Hook | None) -> None:
        """Keep ``event`` (and the hook its verdict may call) until ``finish``."""
        self.pending[event.euuid] = event
        self._rollback.hold(event.euuid, event.priority, apply, undo)

    def new_euuid(self) -> str:
        """A fresh event id."""
        return f"{self._prefix}{next(self._numbers)}"

    def finish(self, euuid: str, outcome: Outcome, reason: str | None) -> EventJudged:
        """Close out event ``euuid``: counted by outcome; its ``EventJudged`` is returned
        for the caller to queue (the one way a verdict reaches the application)."""
        pending = self.pending.pop(euuid)
        setattr(self._stats, _COUNTER[outcome], getattr(self._stats, _COUNTER[outcome]) + 1)
        return EventJudged(euuid, pending.event_data, pending.priority, outcome, reason)

    def settle(self, events: list[ClientEvent]) -> None:
        """Run the hooks the verdicts among ``events`` ask for (see ``Rollback``)."""
        self._rollback.settle(events, self._stats)


class Rollback:
    """Neteria's ``apply``/``undo`` callbacks, run as their verdict is handed over: the
    ``apply`` of a normal event when it is LEGAL, the ``undo`` of a high one (applied at
    once, in ``event()``) when it is not. ``settle`` runs them from the ``EventJudged``
    events ``ClientProtocol.events()`` is about to return, in order: nothing else calls
    them. A hook that raises is logged and counted, and the rest go on."""

    def __init__(self) -> None:
        self._hooks: dict[str, tuple[Hook, bool]] = {}  # euuid -> (hook, run on LEGAL?)

    def hold(self, euuid: str, priority: str, apply: Hook | None, undo: Hook | None) -> None:
        """Keep the hook event ``euuid``'s verdict may call (``apply``: already called
        for a high one)."""
        hook, on_legal = (undo, False) if priority == "high" else (apply, True)
        if hook is not None:
            self._hooks[euuid] = (hook, on_legal)

    def settle(self, events: list[ClientEvent], stats: ClientStats) -> None:
        """Call the hooks the verdicts among ``events`` ask for (errors in
        ``stats.hook_errors``)."""
        for event in events:
            if type(event) is EventJudged and (held := self._hooks.pop(event.euuid, None)):
                hook, on_legal = held
                if (event.outcome == "legal") == on_legal:
                    try:
                        hook()
                    except Exception:  # the application's bug must not escape events()
                        stats.hook_errors += 1
                        log.exception("%s of event %s raised; contained", hook, event.euuid)
