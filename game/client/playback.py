"""The replay viewer's clock: where playback stands in a recording, at a fractional tick.

Pure: the time comes in as ``now`` (seconds, any monotonic origin). Playing, the position
runs at ``speed`` x the recording's tick rate (``SPEEDS``: 0.25x to 8x) from the last time
it was set (an anchor), so a frame that comes late draws the right moment rather than a
late one; it stops at the last tick recorded (a cut file's too) and stays there, paused,
until played again (from the start) or moved. A seek, a jump of ``JUMP_S`` either way and
a jump to the next or previous kill keep playing or paused as they were.

Units: ticks for the position (a float: the viewer interpolates between the two recorded
ticks around it), seconds for ``now`` and the jumps.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
JUMP_S = 10.0  # the Left and Right keys, the -10 s and +10 s buttons
KILL_LEAD_S = 1.5  # a jump to a kill lands this long before it, to see it come
KILL_SLACK_S = 0.5  # "previous kill" within this long after landing goes one further back


class Playback:
    """Playback of ticks ``first_tick`` .. ``last_tick`` (inclusive) recorded at
    ``tick_rate`` ticks a second; ``kill_ticks``: where the kills are (any order).

    ``speed``: one of ``SPEEDS``; ``paused``: the position stands still (it also pauses
    itself at the end). ``position(now)`` is the tick shown, ``ended(now)`` whether it is
    the last."""

    def __init__(self, first_tick: int, last_tick: int, tick_rate: float,
                 kill_ticks: Iterable[int], now: float) -> None:
        self.first_tick, self.last_tick = first_tick, last_tick
        self.tick_rate = tick_rate
        self.kill_ticks = sorted(set(kill_ticks))
        self.speed = 1.0
        self.paused = False
        self._anchor = (float(first_tick), now)  # (position, when it was there)

    def position(self, now: float) -> float:
        """The tick shown at ``now`` (fractional), within the recorded span."""
        tick, since = self._anchor
        if not self.paused:
            tick += (now - since) * self.speed * self.tick_rate
        return min(max(tick, float(self.first_tick)), float(self.last_tick))

    def ended(self, now: float) -> bool:
        """Whether the position is at the last tick recorded."""
        return self.position(now) >= self.last_tick

    def fraction(self, now: float) -> float:
        """How far through the recording the position is, 0..1 (the seek bar's knob)."""
        span = self.last_tick - self.first_tick
        return 1.0 if span <= 0 else (self.position(now) - self.first_tick) / span

    def seek(self, tick: float, now: float) -> None:
        """Show ``tick`` (clamped to the span) from ``now`` on."""
        self._anchor = (min(max(tick, float(self.first_tick)), float(self.last_tick)), now)

    def seek_fraction(self, fraction: float, now: float) -> None:
        """Show the point ``fraction`` (0..1) of the way through (a click on the bar)."""
        self.seek(self.first_tick + fraction * (self.last_tick - self.first_tick), now)

    def jump(self, seconds: float, now: float) -> None:
        """Move ``seconds`` of recorded time (negative: back)."""
        self.seek(self.position(now) + seconds * self.tick_rate, now)

    def toggle_pause(self, now: float) -> None:
        """Pause, or play on; played at the end, it starts again from the first tick."""
        at = self.first_tick if self.paused and self.ended(now) else self.position(now)
        self.paused = not self.paused
        self._anchor = (float(at), now)

    def set_speed(self, speed: float, now: float) -> None:
        """Play at ``speed`` (one of ``SPEEDS``) from the position shown at ``now``."""
        if speed not in SPEEDS:
            raise ValueError(f"speed {speed} is not one of {SPEEDS}")
        self._anchor = (self.position(now), now)
        self.speed = speed

    def faster(self, now: float) -> None:
        """The next speed up (8x stays 8x)."""
        self.set_speed(SPEEDS[min(SPEEDS.index(self.speed) + 1, len(SPEEDS) - 1)], now)

    def slower(self, now: float) -> None:
        """The next speed down (0.25x stays 0.25x)."""
        self.set_speed(SPEEDS[max(SPEEDS.index(self.speed) - 1, 0)], now)

    def next_kill(self, now: float) -> bool:
        """Move to just before the next kill after the position; False (and stay) when
        there is none."""
        lead = KILL_LEAD_S * self.tick_rate
        at = self.position(now)
        later = bisect.bisect_right(self.kill_ticks, at + lead)
        if later == len(self.kill_ticks):
            return False
        self.seek(self.kill_ticks[later] - lead, now)
        return True

    def previous_kill(self, now: float) -> bool:
        """Move to just before the kill before the position (before the one just landed
        on, within ``KILL_SLACK_S``); False (and stay) when there is none."""
        lead = KILL_LEAD_S * self.tick_rate
        at = self.position(now)
        earlier = bisect.bisect_left(self.kill_ticks, at + lead - KILL_SLACK_S * self.tick_rate)
        if earlier == 0:
            return False
        self.seek(self.kill_ticks[earlier - 1] - lead, now)
        return True
