"""Where remote ships are drawn: a jitter buffer, bounded extrapolation, smoothed corrections.

Remote ships are drawn at a *playhead*, a fractional server tick behind the newest state,
so that the state after the playhead has usually arrived and the ship is interpolated
between two real states. How far behind is measured, not fixed (a jitter buffer):

- Each arrival of the state of tick ``k`` gives its *need*: ``arrival / DT - k_prev``
  ticks, ``k_prev`` being the newest state before it. A playhead of ``now / DT - need``
  would have stood at ``k_prev`` when ``k`` came: just in time to interpolate on. The
  playhead aims at ``now / DT`` less the ``COVER`` quantile of the last ``WINDOW`` needs
  and ``MARGIN_TICKS``: one tick behind the fastest arrivals on a clean LAN (plus how
  unevenly the frames that read them fall), more under jitter or loss (a lost state
  widens the gap), and back again ``WINDOW`` arrivals after the jitter stops.
- The playhead never jumps and never runs backwards: it runs at between ``1 - MAX_SLOW``
  and ``1 + MAX_FAST`` times real time until it reaches its aim (a ship drawn a little
  slower or faster for a moment, never one that stops or leaps), except after
  ``RESYNC_TICKS`` of error (a pause, a new match), when it starts again at its aim.
- A late state: the ship is carried on along its velocity and turn rate for at most
  ``MAX_EXTRAPOLATION_TICKS`` past the newest state, then held.
- Whenever a state arrives, the difference between where the ship was drawn and where the
  states now put it at that same moment (an extrapolation's error) is kept as an offset
  that fades over ``SMOOTHING_S``: the ship glides onto its true path instead of stepping.
  A difference over ``SNAP_PX`` (a respawn) is shown at once.

Units: ticks (``sim.DT`` s each) for the playhead and the delay, seconds for ``now``.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..core import sim

WINDOW = 90  # arrivals the delay is sized from (3 s of states)
COVER = 0.95  # fraction of those arrivals the delay covers
MARGIN_TICKS = 0.15  # a little more than the quantile, for the scheduler's noise (5 ms)
MAX_SLOW = 0.3  # the playhead runs at no less than 70% of real time while the delay grows
MAX_FAST = 0.1  # and at no more than 110% while it shrinks
CATCH_UP_PER_TICK = 0.5  # rate change per tick of distance from the aim
RESYNC_TICKS = 30.0  # further than this from the aim (1 s): start again at it
MAX_EXTRAPOLATION_TICKS = 3.0  # a late state: carry ships on for at most 0.1 s
SMOOTHING_S = 0.1  # a correction fades to 1/e in this long
SNAP_PX = 120.0  # a correction larger than this is a teleport (respawn): shown at once


class PlayoutClock:
    """The playhead of remote ships, sized from how states arrive.

    ``arrived(tick, now)`` for each new state, ``playhead(now)`` once a frame (calling it
    twice with one ``now`` gives one answer). ``delay_ticks`` is how far the playhead was
    behind the server's tick at the last ``playhead`` call, the server's tick judged by the
    fastest arrival of the window (so on a LAN about one tick); ``late_frames`` counts the
    calls at which the playhead had run past the newest state (ships extrapolated)."""

    def __init__(self) -> None:
        self._needs: deque[float] = deque(maxlen=WINDOW)  # ticks
        self._origins: deque[float] = deque(maxlen=WINDOW)  # arrival / DT - tick, ticks
        self._newest: int | None = None
        self._head: float | None = None
        self._head_at = 0.0  # the ``now`` of the playhead's last move, s
        self.delay_ticks = 0.0
        self.late_frames = 0

    def arrived(self, tick: int, now: float) -> None:
        """The state of server tick ``tick`` arrived at ``now`` (only newer ones count)."""
        if self._newest is not None and tick <= self._newest:
            return
        previous = tick - 1 if self._newest is None else self._newest
        self._origins.append(now / sim.DT - tick)
        self._needs.append(now / sim.DT - previous)
        self._newest = tick

    def aim(self, now: float) -> float:
        """Where the playhead should be at ``now`` (ticks): see the module's docstring."""
        needs = sorted(self._needs)
        return now / sim.DT - needs[min(int(len(needs) * COVER), len(needs) - 1)] - MARGIN_TICKS

    def playhead(self, now: float) -> float | None:
        """The server tick (fractional) remote ships are drawn at, at client time ``now``;
        None before the first state."""
        if self._newest is None:
            return None
        aim = self.aim(now)
        if self._head is None or abs(aim - self._head) > RESYNC_TICKS:
            self._head, self._head_at = aim, now
        elif now > self._head_at:
            ticks = (now - self._head_at) / sim.DT
            error = aim - (self._head + ticks)
            rate = 1.0 + min(max(error * CATCH_UP_PER_TICK, -MAX_SLOW), MAX_FAST)
            self._head, self._head_at = self._head + ticks * rate, now
            self.late_frames += self._head > self._newest
        self.delay_ticks = now / sim.DT - min(self._origins) - self._head
        return self._head


def ships_at(states: Sequence[sim.World], at: float, skip: int | None) -> dict[int, sim.Ship]:
    """Every ship of the newest state but ``skip``, as at server tick ``at``: interpolated
    between the two states around it, or carried on from the newest (at most
    ``MAX_EXTRAPOLATION_TICKS``) when ``at`` is past it. ``states``: oldest first."""
    newest = states[-1]
    if at > newest.tick:
        ticks = min(at - newest.tick, MAX_EXTRAPOLATION_TICKS)
        return {pid: _carried_on(states, ship, ticks)
                for pid, ship in newest.ships.items() if pid != skip}
    older = next((a for a in reversed(states) if a.tick <= at), states[0])
    newer = next(b for b in states if b.tick >= at)
    span = newer.tick - older.tick
    t = 0.0 if span == 0 else min(max((at - older.tick) / span, 0.0), 1.0)
    return {pid: _between(older.ships.get(pid), newer.ships.get(pid, ship), t)
            for pid, ship in newest.ships.items() if pid != skip}


def _carried_on(states: Sequence[sim.World], ship: sim.Ship, ticks: float) -> sim.Ship:
    """``ship`` of the newest state moved on ``ticks`` along its velocity and its turn rate
    (from the state before, when that has it too)."""
    if not ship.alive:
        return ship
    x, y = sim.wrap(ship.x + ship.vx * ticks * sim.DT, ship.y + ship.vy * ticks * sim.DT)
    turn = 0.0
    if len(states) > 1 and (before := states[-2].ships.get(ship.pid)) is not None:
        turn = _turn(before.angle, ship.angle) / (states[-1].tick - states[-2].tick)
    return replace(ship, x=x, y=y, angle=(ship.angle + turn * ticks) % 360.0)


def _between(a: sim.Ship | None, b: sim.Ship, t: float) -> sim.Ship:
    """``b`` where it was ``t`` of the way from ``a`` (the short way round the wrap-around
    arena); ``b`` itself if it was not alive in both."""
    if a is None or not (a.alive and b.alive):
        return b
    x, y = sim.wrap(a.x + sim.wrapped_delta(a.x, b.x, sim.WIDTH) * t,
                    a.y + sim.wrapped_delta(a.y, b.y, sim.HEIGHT) * t)
    return replace(b, x=x, y=y, angle=(a.angle + _turn(a.angle, b.angle) * t) % 360.0)


def _turn(a: float, b: float) -> float:
    """The signed turn from heading ``a`` to ``b``, degrees in [-180, 180)."""
    return (b - a + 180.0) % 360.0 - 180.0


class Smoothing:
    """Offsets that fade: remote ships glide onto the path a new state gives them.

    ``drawn(ships, at, newest, now, recompute)`` once a frame, with the ships as the
    states (the newest of tick ``newest``) put them at playhead ``at``. When the last frame
    was drawn past the newest state of then (carried on) and a newer state has come since,
    ``recompute(last_at)`` tells where the states now put the ships at that frame's
    playhead, and the difference is kept. ``offsets``: per ship id, (x px, y px, heading
    degrees) still to fade."""

    def __init__(self) -> None:
        self.offsets: dict[int, tuple[float, float, float]] = {}
        # the last frame: playhead, newest tick, client time, ships before the offsets
        self._last: tuple[float, int, float, dict[int, sim.Ship]] | None = None

    def drawn(self, ships: dict[int, sim.Ship], at: float, newest: int, now: float,
              recompute: Callable[[float], dict[int, sim.Ship]]) -> list[sim.Ship]:
        """``ships`` with the fading offsets added (see the class docstring)."""
        last = self._last
        if last is not None and last[0] > last[1] and newest != last[1]:
            again = recompute(last[0])
            for pid, before in last[3].items():
                self._absorb(pid, before, again.get(pid))
        fade = math.exp(-max(now - last[2], 0.0) / SMOOTHING_S) if last else 1.0
        if self.offsets:
            self.offsets = {pid: (dx * fade, dy * fade, da * fade)
                            for pid, (dx, dy, da) in self.offsets.items() if pid in ships}
        self._last = (at, newest, max(now, last[2]) if last else now, ships)
        return [self._shifted(ship) for ship in ships.values()]

    def _absorb(self, pid: int, shown: sim.Ship, now_known: sim.Ship | None) -> None:
        """Keep what the new state changed about where ``pid`` was drawn as an offset."""
        if now_known is None or not (shown.alive and now_known.alive):
            self.offsets.pop(pid, None)
            return
        dx, dy, da = self.offsets.get(pid, (0.0, 0.0, 0.0))
        dx += sim.wrapped_delta(now_known.x, shown.x, sim.WIDTH)
        dy += sim.wrapped_delta(now_known.y, shown.y, sim.HEIGHT)
        da += _turn(now_known.angle, shown.angle)
        if math.hypot(dx, dy) > SNAP_PX:
            self.offsets.pop(pid, None)
        else:
            self.offsets[pid] = (dx, dy, da)

    def _shifted(self, ship: sim.Ship) -> sim.Ship:
        offset = self.offsets.get(ship.pid)
        if offset is None or not ship.alive:
            return ship
        x, y = sim.wrap(ship.x + offset[0], ship.y + offset[1])
        return replace(ship, x=x, y=y, angle=(ship.angle + offset[2]) % 360.0)
