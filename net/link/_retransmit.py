"""Reliable delivery by resending on a timer until acknowledged (the Neteria way, made bounded).

Both protocol ends keep an ``Outbox``: REGISTER and EVENT on the client; LEGAL/ILLEGAL
verdicts and NOTIFY on the server. An entry is resent with exponential backoff until
``ack()`` removes it or ``RetrySchedule.attempts`` sends have been made, after which
``due()`` reports it as expired so the owner can react (roll back, give up, ...).
No clock inside: every call takes ``now`` in seconds.

Timers: every new entry waits the same first delay, so first sends fall due in the
order they were added (``now`` only grows). Those wait in a FIFO queue, and only resends
(and a first send added with an earlier ``now`` or another schedule) in a heap: a server
adds one entry per verdict and most are acknowledged before their first resend, so
most timers cost an append and a popleft instead of two heap operations.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from itertools import count
from typing import Any

Address = tuple[str, int]
Make = Callable[[int, float], bytes]
"""Builds a reliable datagram for (retry number, now): each send stamped anew."""


@dataclass(frozen=True, slots=True)
class RetrySchedule:
    """``first`` s before the first resend, then times ``factor`` up to ``longest`` s;
    ``attempts`` sends in all."""

    first: float = 0.25
    factor: float = 2.0
    longest: float = 2.0
    attempts: int = 8

    def delay(self, sent: int) -> float:
        """Seconds to wait after the ``sent``-th send (1-based) before the next one."""
        return min(self.first * self.factor ** (sent - 1), self.longest)


@dataclass(slots=True)
class _Entry:
    key: Hashable
    address: Address
    make: Make | bytes  # the datagram, the same for every send, or what builds each one
    owner: Any
    schedule: RetrySchedule
    sent: int = 1
    due: float = 0.0


@dataclass
class Outbox:
    """Pending reliable datagrams keyed by a caller-chosen id (an euuid, or ("register",))."""

    schedule: RetrySchedule = field(default_factory=RetrySchedule)
    _entries: dict[Hashable, _Entry] = field(default_factory=dict)
    _timers: list[tuple[float, int, Hashable]] = field(default_factory=list)  # a heap
    # first sends in (due, order) order; with ``_timers``, every timer of the outbox
    _firsts: deque[tuple[float, int, Hashable]] = field(default_factory=deque)
    _order: Iterator[int] = field(default_factory=count)  # ties between equal due times

    def __post_init__(self) -> None:
        # a schedule and its first delay, worked out once (``add`` runs for every verdict)
        self._first_delay = (self.schedule, self.schedule.delay(1))

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries

    def add(self, key: Hashable, address: Address, make: Make | bytes, now: float,
            owner: Any = None, schedule: RetrySchedule | None = None) -> bytes:
        """Track a new reliable datagram (bytes resent as they are, or a ``Make``); returns
        the first copy, which the caller sends now. ``schedule`` overrides the outbox's own
        for this entry."""
        schedule = schedule or self.schedule
        known, first = self._first_delay
        due = now + (first if schedule is known else schedule.delay(1))
        # positional: a keyword argument costs more than half as much again (one per verdict)
        self._entries[key] = _Entry(key, address, make, owner, schedule, 1, due)
        if schedule is known and (not self._firsts or self._firsts[-1][0] <= due):
            self._firsts.append((due, next(self._order), key))
        else:
            heapq.heappush(self._timers, (due, next(self._order), key))
        return make if isinstance(make, bytes) else make(0, now)

    def ack(self, key: Hashable) -> _Entry | None:
        """Stop resending ``key``; returns its entry (None when unknown or already acked)."""
        return self._entries.pop(key, None)

    def drop_owner(self, owner: Any) -> None:
        """Forget every entry of one owner (a client that left)."""
        for key in [k for k, e in self._entries.items() if e.owner is owner]:
            del self._entries[key]

    def next_deadline(self) -> float | None:
        queue = self._earliest()
        return queue[0][0] if queue else None

    def due(self, now: float) -> tuple[list[tuple[bytes, Address]], list[_Entry]]:
        """Resends that are due at ``now``, and the entries that just ran out of attempts."""
        resend: list[tuple[bytes, Address]] = []
        expired: list[_Entry] = []
        while (queue := self._earliest()) and queue[0][0] <= now:
            _, _, key = queue.popleft() if queue is self._firsts else heapq.heappop(self._timers)
            entry = self._entries[key]
            if entry.sent >= entry.schedule.attempts:
                expired.append(self._entries.pop(key))
                continue
            make = entry.make
            datagram = make if isinstance(make, bytes) else make(entry.sent, now)
            resend.append((datagram, entry.address))
            entry.sent += 1
            entry.due = now + entry.schedule.delay(entry.sent)
            heapq.heappush(self._timers, (entry.due, next(self._order), key))
        return resend, expired

    def _earliest(self) -> deque[tuple[float, int, Hashable]] | list[tuple[float, int, Hashable]]:
        """The timer queue whose head falls due first (empty: no timers), after dropping
        the timers of entries acknowledged or rescheduled since."""
        firsts, timers, entries = self._firsts, self._timers, self._entries
        while firsts and ((entry := entries.get(firsts[0][2])) is None
                          or entry.due != firsts[0][0]):
            firsts.popleft()
        while timers and ((entry := entries.get(timers[0][2])) is None
                          or entry.due != timers[0][0]):
            heapq.heappop(timers)
        if firsts and (not timers or firsts[0] < timers[0]):
            return firsts
        return timers
