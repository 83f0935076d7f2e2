"""When to busy-poll a socket before sleeping: only while polling would have paid off.

On this kind of machine (a VM, two cores) waking a sleeping thread costs more than a
loopback round trip, and the code that runs right after a wake runs cold; polling the
socket for a short window instead of sleeping cuts a request/response round trip to about
a third. But a poll that times out burns CPU for nothing. ``PollGate`` watches how long
each wait really lasted, whether it polled or slept, and opens while most recent waits
ended with a datagram inside the window: ping-pong traffic (a client awaiting verdicts,
a burst of acks after a state tick) polls; an idle or sparse link sleeps. Pure: the caller
measures the waits (Linux's ``SO_BUSY_POLL`` does the same in the kernel, unconditionally).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class PollGate:
    """``window``: seconds to poll before sleeping (0: never poll). ``hit_share``: smoothed
    share of waits a poll of ``window`` would have ended with a datagram; it starts at 0,
    so a gate opens only after traffic has shown it would pay."""

    window: float
    hit_share: float = 0.0

    SMOOTHING = 1 / 8  # about the last 8 waits count
    OPEN_AT = 0.5  # polls pay off when at least every 2nd one would have caught a datagram

    @property
    def open(self) -> bool:
        return self.window > 0 and self.hit_share >= self.OPEN_AT

    def waited(self, seconds: float, arrived: bool, timeout: float) -> None:
        """A wait of at most ``timeout`` s ended after ``seconds``, by a datagram arriving
        (``arrived``) or not. A wait cut shorter than the window by a timer says nothing."""
        if not arrived and timeout < self.window:
            return
        hit = arrived and seconds <= self.window
        self.hit_share += (hit - self.hit_share) * self.SMOOTHING
