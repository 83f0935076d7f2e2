"""What ``bench/seen.py`` makes of the recordings of its players and its observer.

Pure functions of the recorded data (``bench/seen_player.py`` writes it); times in seconds
on the shared ``time.monotonic`` clock, positions in px, angles in degrees.

- ``Truth``: where the server had each ship at a given moment. The observer's states carry
  the server's tick; the earliest arrival of any tick, minus that tick's ``DT`` multiples,
  is when the server sent tick 0 (plus a loopback hop, microseconds), so tick k is the
  server's world at ``offset + k * DT``; between ticks the ship is interpolated.
- A ship's *unsettled* moments (it is dead, or died or came back within ``SETTLE_BEFORE``
  before or ``SETTLE_AFTER`` after) are left out of every figure: a respawn is a jump by
  design, and a dead ship's key presses turn nothing.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

from starlane.game.core import sim

SETTLE_BEFORE = 1.5  # s: a death or respawn this long before a moment unsettles it...
SETTLE_AFTER = 0.5  # s: ...and this long after
STEADY_TURN = 5.0  # deg/s: a drawn heading turning slower than this before a press is steady
DEPARTED = 0.1  # deg: a drawn heading this far off its pre-press trend has responded
REACTION_WINDOW = 2.0  # s: a response later than this counts as missed
STEP_FRAMES = 3.0  # a remote ship moving more than this many frames' worth of its speed...
STEP_FLOOR = 1.0  # px: ...plus this (sub-pixel moves are not visible) is a visible step
Frame = list[Any]  # [time, tick, own row or None, remote rows, {pid: angle in newest state}]
Row = list[Any]  # [pid, x, y, angle, vx, vy, alive]


def distance(ax: float, ay: float, bx: float, by: float) -> float:
    """The short way round the wrap-around arena, px."""
    return math.hypot(sim.wrapped_delta(ax, bx, sim.WIDTH), sim.wrapped_delta(ay, by, sim.HEIGHT))


def turn(a: float, b: float) -> float:
    """Degrees from heading ``a`` to ``b``, the short way (-180..180)."""
    return (b - a + 180.0) % 360.0 - 180.0


class Truth:
    """The observer's states (``[arrival, tick, [[pid, x, y, alive], ...]]``) as the
    server's world over time. ``offset``: the monotonic time of server tick 0 (s);
    ``interval``: the median tick gap between states the observer got (ticks)."""

    def __init__(self, states: Sequence[list[Any]]) -> None:
        if len(states) < 2:
            raise ValueError("the observer got fewer than two states")
        self.offset = min(arrival - tick * sim.DT for arrival, tick, _ in states)
        self.ticks = [tick for _, tick, _ in states]
        self.ships = [{pid: (x, y, alive) for pid, x, y, alive in ships}
                      for _, _, ships in states]
        gaps = sorted(b - a for a, b in itertools.pairwise(self.ticks))
        self.interval = gaps[len(gaps) // 2]
        self._changes: dict[int, list[float]] = {}
        for before, after, tick in zip(self.ships, self.ships[1:], self.ticks[1:], strict=False):
            for pid in after.keys() & before.keys():
                if after[pid][2] != before[pid][2]:
                    self._changes.setdefault(pid, []).append(self.offset + tick * sim.DT)

    def position(self, pid: int, at: float) -> tuple[float, float] | None:
        """Where the server had ship ``pid`` at time ``at``; None outside the record or
        while it was dead."""
        tick = (at - self.offset) / sim.DT
        after = bisect.bisect_right(self.ticks, tick)
        if after == 0 or after == len(self.ticks):
            return None
        a, b = self.ships[after - 1].get(pid), self.ships[after].get(pid)
        if a is None or b is None or not (a[2] and b[2]):
            return None
        f = (tick - self.ticks[after - 1]) / (self.ticks[after] - self.ticks[after - 1])
        return sim.wrap(a[0] + sim.wrapped_delta(a[0], b[0], sim.WIDTH) * f,
                        a[1] + sim.wrapped_delta(a[1], b[1], sim.HEIGHT) * f)

    def settled(self, pid: int, at: float) -> bool:
        """Ship ``pid`` flies at ``at``, with no death or respawn from ``SETTLE_BEFORE``
        before to ``SETTLE_AFTER`` after."""
        if self.position(pid, at) is None:
            return False
        changes = self._changes.get(pid, [])
        first = bisect.bisect_left(changes, at - SETTLE_BEFORE)
        return first == len(changes) or changes[first] > at + SETTLE_AFTER


def drawn_angle(frame: Frame, pid: int) -> float | None:
    """Ship ``pid``'s heading as drawn in ``frame`` (None: not drawn, or dead)."""
    return next((row[3] for row in frame[3] if row[0] == pid and row[6]), None)


def received_angle(frame: Frame, pid: int) -> float | None:
    """Ship ``pid``'s heading in the newest state the frame had (None: not in it)."""
    angle = frame[4].get(str(pid))
    return None if angle is None else float(angle)


def reaction(frames: Sequence[Frame], times: Sequence[float], pid: int, pressed: float,
             angle_of: Callable[[Frame, int], float | None]) -> float | None:
    """Seconds from ``pressed`` to the first frame whose heading of ship ``pid`` (as
    ``angle_of`` reads it) departs from its trend over the last two frames before the
    press; ``math.inf`` if none does within ``REACTION_WINDOW``. None: the heading was
    not steady before the press (not there, or turning faster than ``STEADY_TURN``: a
    release not shown yet), so a response cannot be told apart."""
    first = bisect.bisect_left(times, pressed)
    before = [(times[n], a) for n in range(max(first - 3, 0), first)
              if (a := angle_of(frames[n], pid)) is not None][-2:]
    if len(before) < 2 or before[1][0] <= before[0][0]:
        return None
    (t1, a1), (t2, a2) = before
    rate = turn(a1, a2) / (t2 - t1)
    if abs(rate) > STEADY_TURN:
        return None
    for n in range(first, bisect.bisect_right(times, pressed + REACTION_WINDOW)):
        angle = angle_of(frames[n], pid)
        if angle is not None and abs(turn(a2 + rate * (times[n] - t2), angle)) > DEPARTED:
            return times[n] - pressed
    return math.inf


def reactions(players: Sequence[dict[str, Any]], truth: Truth,
              angle_of: Callable[[Frame, int], float | None]
              ) -> tuple[list[float], int, int]:
    """For every turn press of every player A (A settled), each other player B's
    ``reaction``: the delays (s), how many (A press, B) pairs showed no response, and
    how many were not steady before the press."""
    delays, missed, unsteady = [], 0, 0
    times = [[frame[0] for frame in player["frames"]] for player in players]
    for a in players:
        for pressed, _ in a["presses"]:
            if not truth.settled(a["pid"], pressed):
                continue
            for b, b_times in zip(players, times, strict=True):
                if b is a:
                    continue
                delay = reaction(b["frames"], b_times, a["pid"], pressed, angle_of)
                if delay is None:
                    unsteady += 1
                elif math.isinf(delay):
                    missed += 1
                else:
                    delays.append(delay)
    return delays, missed, unsteady


def draw_errors(frames: Sequence[Frame], truth: Truth) -> list[float]:
    """Each frame's each settled remote ship: px between where it is drawn and where the
    server had it at the frame's time."""
    errors = []
    for frame in frames:
        for pid, x, y, _, _, _, alive in frame[3]:
            if alive and truth.settled(pid, frame[0]) and (
                    where := truth.position(pid, frame[0])) is not None:
                errors.append(distance(x, y, *where))
    return errors


def visible_steps(frames: Sequence[Frame], truth: Truth) -> int:
    """Frames in which a settled remote ship moved more than ``STEP_FRAMES`` frames' worth
    of its speed (the faster of its two drawn velocities, over the frames' real gap) plus
    ``STEP_FLOOR`` px: a jump the eye sees, not motion."""
    steps = 0
    for before, after in itertools.pairwise(frames):
        then = {row[0]: row for row in before[3] if row[6]}
        gap = after[0] - before[0]
        for pid, x, y, _, vx, vy, alive in after[3]:
            old = then.get(pid)
            if old is None or not alive or not truth.settled(pid, after[0]):
                continue
            speed = max(math.hypot(vx, vy), math.hypot(old[4], old[5]))
            steps += distance(old[1], old[2], x, y) > STEP_FRAMES * speed * gap + STEP_FLOOR
    return steps


def corrections(frames: Sequence[Frame], truth: Truth, pid: int) -> list[float]:
    """Each frame that brought a new state: px by which the own ship, as drawn, is off
    where its previous frame's position and velocity would put it (the correction the
    prediction made)."""
    jumps = []
    for before, after in itertools.pairwise(frames):
        old, new = before[2], after[2]
        if (old is None or new is None or not (old[6] and new[6]) or after[1] == before[1]
                or not truth.settled(pid, after[0])):
            continue
        gap = after[0] - before[0]
        x = old[1] + (old[4] + new[4]) / 2 * gap
        y = old[2] + (old[5] + new[5]) / 2 * gap
        jumps.append(distance(x, y, new[1], new[2]))
    return jumps


def states_per_second(frames: Sequence[Frame]) -> float:
    """New states a client drew from, per second (at most one per frame counts)."""
    if len(frames) < 2:
        return 0.0
    ticks = {frame[1] for frame in frames if frame[1] is not None}
    return len(ticks) / (frames[-1][0] - frames[0][0])


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The sample ``fraction`` of the way up (nan for none)."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    return ordered[min(int(len(ordered) * fraction), len(ordered) - 1)]


def summary(players: Sequence[dict[str, Any]], observer: dict[str, Any]) -> dict[str, float]:
    """One run's figures: reaction p50/p95 (ms) drawn and in the newest state, draw error
    RMS and max (px), visible steps per screen-minute, own corrections p95 (px), states per
    client per s (median and least), and how many (press, screen) pairs showed no response
    ("missed") or were not steady before the press ("unsteady")."""
    truth = Truth(observer["states"])
    drawn, missed, unsteady = reactions(players, truth, drawn_angle)
    received, _, _ = reactions(players, truth, received_angle)
    errors = [e for p in players for e in draw_errors(p["frames"], truth)]
    minutes = sum(p["frames"][-1][0] - p["frames"][0][0] for p in players) / 60.0
    steps = sum(visible_steps(p["frames"], truth) for p in players)
    jumps = [j for p in players for j in corrections(p["frames"], truth, p["pid"])]
    rates = sorted(states_per_second(p["frames"]) for p in players)
    applied = sorted(p.get("states_applied", 0) / (p["frames"][-1][0] - p["frames"][0][0])
                     for p in players)
    return {
        "drawn_p50_ms": percentile(drawn, 0.5) * 1000,
        "drawn_p95_ms": percentile(drawn, 0.95) * 1000,
        "received_p50_ms": percentile(received, 0.5) * 1000,
        "trials": len(drawn),
        "missed": missed,
        "unsteady": unsteady,
        "error_rms_px": math.sqrt(sum(e * e for e in errors) / len(errors)) if errors
        else math.nan,
        "error_max_px": max(errors, default=math.nan),
        "steps_per_min": steps / minutes,
        "correction_p95_px": percentile(jumps, 0.95),
        "states_per_s": rates[len(rates) // 2],
        "states_per_s_min": rates[0],
        "applied_per_s": applied[len(applied) // 2],
        "applied_per_s_min": applied[0],
        "truth_interval_ticks": truth.interval,
    }
