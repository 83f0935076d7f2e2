"""Congestion control that tells a long path from a filling queue (after LEDBAT, RFC 6817).

A long round trip, jitter and random loss are properties of the path: sending fewer states
cures none of them, it only makes other ships jump. A queue that fills is different: each
state then waits behind the last, and only sending less drains it. So the server lowers a
client's state rate only on evidence of queueing:

- **queueing delay**: the smallest round trip of the last ``RECENT_WINDOW`` s minus the
  smallest of the last ``BASE_WINDOW`` s (the path's own, its "base"). Minima, because
  jitter and the peer's ack delay only ever add to a sample: the recent minimum of a steady
  path stays well under the target above its base however long the path (tens of ms for
  the README's jittery example), while a filling queue lifts every sample. Above
  ``QUEUE_TARGET`` s the link is congested.
- **loss that rises**: the loss rate of the last 64 datagrams more than ``LOSS_MARGIN``
  above its usual level (its average over about ``BASE_WINDOW`` s). Random loss holds
  steady at its own level; a queue that overflows adds to it. (An average, not a minimum:
  the loss of 64 datagrams swings by several points, and the lowest of many such swings
  lies far below the level the next ones swing around.)

No clock inside: ``now`` (s) comes in with every call.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Literal

Quality = Literal["good", "bad", "unknown"]

QUEUE_TARGET = 0.1  # s of queueing delay tolerated (LEDBAT's TARGET)
RECENT_WINDOW = 0.5  # s: the "current" round trip is the smallest of this long
BASE_WINDOW = 10.0  # s: the path's base round trip is the smallest of this long
RESOLUTION = 0.05  # s: round trips are gathered in spans this long, their smallest kept
LOSS_MARGIN = 0.25  # loss (0..1) above its usual level that counts as congestion


class WindowMin:
    """The smallest value of the last ``window`` seconds. A monotonic deque: each value is
    kept only while no smaller one came after it, so an ``add`` costs O(1) amortised and
    the answer is the oldest kept value."""

    def __init__(self, window: float) -> None:
        self.window = window
        self._kept: deque[tuple[float, float]] = deque()  # (time s, value), values rising

    def add(self, value: float, at: float, now: float | None = None) -> None:
        """``value``, seen at ``at`` (s); those older than ``window`` s before ``now``
        (default: ``at``) are forgotten."""
        kept = self._kept
        while kept and kept[-1][1] >= value:
            kept.pop()
        kept.append((at, value))
        now = at if now is None else now
        while kept and now - kept[0][0] > self.window:
            kept.popleft()

    @property
    def value(self) -> float | None:
        """The smallest value of the ``window`` s up to the newest ``add`` (None: none yet)."""
        return self._kept[0][1] if self._kept else None


class QueueingDelay:
    """How much longer the recent round trips are than the path's base (s): the queues
    along the path. ``target`` (s) is the queueing delay above which the link counts as
    congested (``quality`` "bad"); ``base`` and ``recent`` hold the smallest round trips
    (s) of the last ``base_window`` and ``recent_window`` seconds, fed the smallest of
    each ``resolution`` s (a sample per acknowledged datagram is then a comparison)."""

    def __init__(self, target: float = QUEUE_TARGET, recent_window: float = RECENT_WINDOW,
                 base_window: float = BASE_WINDOW, resolution: float = RESOLUTION) -> None:
        self.target = target
        self.resolution = resolution
        self.base = WindowMin(base_window)
        self.recent = WindowMin(recent_window)
        self._open_until = float("-inf")  # s: when the span being gathered ends
        self._open_min = float("inf")  # its smallest round trip so far (s)

    def sample(self, rtt: float, now: float) -> None:
        """One round trip (s), measured at ``now``."""
        if now < self._open_until:
            if rtt < self._open_min:
                self._open_min = rtt
            return
        if self._open_min != float("inf"):  # the span closes: its minimum, as of its start
            began = self._open_until - self.resolution
            self.base.add(self._open_min, began, now)
            self.recent.add(self._open_min, began, now)
        self._open_until, self._open_min = now + self.resolution, rtt

    @property
    def delay(self) -> float | None:
        """Queueing delay (s), None before any sample (the span being gathered counts)."""
        gathering = self._open_min
        if gathering == float("inf"):
            return None
        base, recent = self.base.value, self.recent.value
        return (gathering if recent is None else min(recent, gathering)) - (
            gathering if base is None else min(base, gathering))

    @property
    def quality(self) -> Quality:
        """"bad" while the queueing delay exceeds ``target``; "unknown" before any sample."""
        delay = self.delay
        if delay is None:
            return "unknown"
        return "bad" if delay > self.target else "good"


@dataclass
class Congestion:
    """The fraction of the full state rate one client gets (``rate``, 0..1).

    While the link is congested (queueing delay over its target, or loss risen more than
    ``loss_margin`` above its average of about ``loss_window`` s) the rate halves, at most once
    every ``backoff_every`` s (the recent window must see the effect first), down to
    ``floor``. Otherwise it climbs back by ``recovery`` per second, smoothly, up to 1.
    While the quality is unknown (no round trip measured yet) it is at most ``cautious``:
    nothing says yet that the path takes the full rate."""

    floor: float = 0.125
    cautious: float = 0.25
    backoff_every: float = 1.0  # s
    recovery: float = 0.25  # rate per second (from the floor to 1 in 3.5 s)
    loss_margin: float = LOSS_MARGIN
    loss_window: float = BASE_WINDOW  # s
    rate: float = 1.0
    _last_backoff: float = float("-inf")
    _last_update: float | None = None
    _usual_loss: float | None = None  # the loss averaged over about ``loss_window`` s

    def update(self, quality: Quality, loss: float | None, now: float) -> float:
        """The rate at ``now``, given the queueing ``quality`` and the ``loss`` (0..1) of
        the recent datagrams (None while too few are known to tell)."""
        since, self._last_update = self._last_update, now
        if quality == "unknown":
            return min(self.rate, self.cautious)
        if quality == "bad" or self._loss_risen(
                loss, 0.0 if since is None else now - since):
            if now - self._last_backoff >= self.backoff_every:
                self.rate = max(self.rate / 2, self.floor)
                self._last_backoff = now
        elif since is not None and self.rate < 1.0:
            self.rate = min(self.rate + self.recovery * (now - since), 1.0)
        return self.rate

    def _loss_risen(self, loss: float | None, elapsed: float) -> bool:
        """Whether ``loss`` is over its usual level by the margin; then it joins the
        average (``elapsed`` s since the last one, as a fraction of the window)."""
        if loss is None:
            return False
        usual = loss if self._usual_loss is None else self._usual_loss
        self._usual_loss = usual + (loss - usual) * min(elapsed / self.loss_window, 1.0)
        return loss > usual + self.loss_margin
