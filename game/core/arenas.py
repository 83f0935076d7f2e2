"""The lay of the land in each arena: where the sun pulls and burns, where the walls stand.

Pure functions of a position (px), a velocity (px/s) and the world's tick, with no state of
their own: the server's step, the client's prediction, the bots and a plain client that
knows only the state's ``match.arena`` and tick all work out the same (the numbers are
written down in docs/protocol.md, "Arenas"). ``game.core.sim`` (flight) and
``game.core.combat`` (hazards) call them; this module sits under both and knows nothing
of ships or bullets, only of points and segments.

- ``"field"``: the asteroid field; nothing here (``ROCKY``: the only arena with rocks).
- ``"sun"``: a sun at the arena's centre pulls every ship and bullet towards it with
  ``SUN_GRAVITY / r**2`` px/s^2, never more than ``MAX_PULL`` (less than a ship's thrust,
  so that a ship can always climb out), and burns whatever touches it (``burns``). No
  asteroids: they would all fall in; the sun is the hazard and the pull the terrain.
- ``"walls"``: wall segments ``WALL_HALF`` px thick either side (``WALLS``), three still
  and two sliding to and fro along themselves; ships bounce off them (``bounce``) and
  bullets stop at them (``stops``), so they give cover. No asteroids: the walls are the
  obstacles, and cover is the point.

Every arena keeps the wrap-around edges: nothing here comes near an edge, so distances
across the wrap (``sim.distance``) never meet the sun or a wall. Coordinates: x right,
y up, in the 1280 x 720 arena of ``sim.WIDTH`` x ``sim.HEIGHT``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, lru_cache

ROCKY = ("field",)
"""The arenas with asteroids."""
PULLING = ("sun",)
"""The arenas whose pull bends what flies (bodies elsewhere fly straight)."""

SUN_X, SUN_Y = 640.0, 360.0  # px: the arena's centre
SUN_RADIUS = 42.0  # px: touching this (plus one's own radius) burns
SUN_GRAVITY = 2.5e6  # px^3/s^2: the pull at r px from the centre is SUN_GRAVITY / r**2
MAX_PULL = 300.0  # px/s^2, reached 91 px from the centre; a ship's thrust is 420
SUN_SPAWN_ROOM = 220.0  # px between a spawn point and the sun's edge (the pull there: 45)

WALL_HALF = 9.0  # px: a wall's half thickness (it is a segment, rounded at its ends)
WALL_BOUNCE = 0.6  # the fraction of a ship's speed into a wall that it bounces back with
WALL_SPAWN_ROOM = 16.0  # px between a spawn point's hull and the nearest wall's reach
SWAY_STEPS = 8  # a sliding wall's reach is checked at this many points each way


@dataclass(frozen=True)
class Wall:
    """A wall: the segment from (``x1``, ``y1``) to (``x2``, ``y2``) (px) when it stands
    at the middle of its slide, moved at tick t by (``sway_x``, ``sway_y``) px times
    sin(2 pi t / ``period_ticks``); ``period_ticks`` 0: it stands still."""

    x1: float
    y1: float
    x2: float
    y2: float
    sway_x: float = 0.0
    sway_y: float = 0.0
    period_ticks: int = 0

    def phase(self, tick: float) -> float:
        """Radians into its slide at ``tick``."""
        if self.period_ticks == 0:
            return 0.0
        return 2 * math.pi * (tick % self.period_ticks) / self.period_ticks

    def at(self, tick: float) -> tuple[float, float, float, float]:
        """The segment (x1, y1, x2, y2) in px at ``tick`` (a fraction: between ticks)."""
        slide = math.sin(self.phase(tick))
        dx, dy = self.sway_x * slide, self.sway_y * slide
        return self.x1 + dx, self.y1 + dy, self.x2 + dx, self.y2 + dy

    def velocity(self, tick: int, tick_rate: int) -> tuple[float, float]:
        """How fast it slides at ``tick`` (px/s), ``tick_rate`` ticks a second."""
        if self.period_ticks == 0:
            return 0.0, 0.0
        rate = math.cos(self.phase(tick)) * 2 * math.pi * tick_rate / self.period_ticks
        return self.sway_x * rate, self.sway_y * rate


SLIDE_TICKS = 300  # a sliding wall's to and fro: 10 s at 30 ticks a second
WALLS = (
    Wall(330.0, 250.0, 330.0, 470.0),  # the left pillar
    Wall(950.0, 250.0, 950.0, 470.0),  # the right pillar
    Wall(560.0, 360.0, 720.0, 360.0),  # the bar in the middle
    Wall(500.0, 170.0, 780.0, 170.0, sway_x=180.0, period_ticks=SLIDE_TICKS),  # low
    Wall(500.0, 550.0, 780.0, 550.0, sway_x=-180.0, period_ticks=SLIDE_TICKS),  # high
)
"""The walls arena: two pillars and a bar for cover, and two long walls sliding 180 px
either way along themselves (at most 113 px/s), the high one against the low one."""


def pull(arena: str, x: float, y: float) -> tuple[float, float]:
    """The arena's acceleration (px/s^2) on a body at (x, y): the sun's pull, or none."""
    if arena not in PULLING:
        return 0.0, 0.0
    dx, dy = SUN_X - x, SUN_Y - y
    r = max(math.hypot(dx, dy), 1.0)
    strength = min(SUN_GRAVITY / (r * r), MAX_PULL)
    return strength * dx / r, strength * dy / r


def burns(arena: str, x: float, y: float, radius: float) -> bool:
    """Whether a body of ``radius`` px at (x, y) touches the sun."""
    return arena == "sun" and math.hypot(x - SUN_X, y - SUN_Y) < SUN_RADIUS + radius


def walls(arena: str) -> tuple[Wall, ...]:
    """The arena's walls (none but in ``"walls"``)."""
    return WALLS if arena == "walls" else ()


@lru_cache(maxsize=8)
def standing(arena: str, tick: float) -> tuple[tuple[float, float, float, float], ...]:
    """The arena's walls as segments (x1, y1, x2, y2) at ``tick``: worked out once for all
    the ships and bullets of a tick."""
    return tuple(wall.at(tick) for wall in walls(arena))


def bounce(arena: str, tick: int, body: tuple[float, float, float, float], radius: float,
           tick_rate: int) -> tuple[float, float, float, float]:
    """``body`` (x, y px; vx, vy px/s) of ``radius`` px after meeting the walls at ``tick``:
    pushed out of any wall it overlaps, and its speed into that wall (relative to the
    wall, which may be sliding) turned back at ``WALL_BOUNCE`` of it."""
    x, y, vx, vy = body
    for wall, (x1, y1, x2, y2) in zip(walls(arena), standing(arena, tick), strict=True):
        cx, cy = closest_on_segment(x, y, x1, y1, x2, y2)
        gap = math.hypot(x - cx, y - cy)
        reach = WALL_HALF + radius
        if gap >= reach:
            continue
        if gap < 1e-9:  # dead on the segment's line: out along its normal
            nx, ny = _normal(x1, y1, x2, y2)
        else:
            nx, ny = (x - cx) / gap, (y - cy) / gap
        x, y = cx + nx * reach, cy + ny * reach
        wvx, wvy = wall.velocity(tick, tick_rate)
        into = (vx - wvx) * nx + (vy - wvy) * ny
        if into < 0:
            vx, vy = vx - (1 + WALL_BOUNCE) * into * nx, vy - (1 + WALL_BOUNCE) * into * ny
    return x, y, vx, vy


def stops(arena: str, tick: int, start: tuple[float, float], move: tuple[float, float],
          radius: float) -> bool:
    """Whether a body of ``radius`` px going from ``start`` by ``move`` (px, unwrapped)
    this tick meets a wall at ``tick``: the whole path is checked, so that nothing fast
    slips through."""
    x, y = start
    ex, ey = x + move[0], y + move[1]
    reach = WALL_HALF + radius
    for segment in standing(arena, tick):
        x1, y1, x2, y2 = segment
        if (max(x, ex) < min(x1, x2) - reach or min(x, ex) > max(x1, x2) + reach or
                max(y, ey) < min(y1, y2) - reach or min(y, ey) > max(y1, y2) + reach):
            continue  # the boxes around path and wall are apart: so are they
        if segments_gap((x, y, ex, ey), segment) < reach:
            return True
    return False


def open_space(arena: str, x: float, y: float, radius: float) -> bool:
    """Whether a still ship of ``radius`` px may appear at (x, y): ``SUN_SPAWN_ROOM`` from
    the sun's edge, ``WALL_SPAWN_ROOM`` from wherever a wall may slide."""
    if arena == "sun":
        return math.hypot(x - SUN_X, y - SUN_Y) >= SUN_RADIUS + SUN_SPAWN_ROOM + radius
    return all(segments_gap((x, y, x, y), reach) >= WALL_HALF + radius + WALL_SPAWN_ROOM
               for reach in wall_reach(arena))


@cache
def wall_reach(arena: str) -> tuple[tuple[float, float, float, float], ...]:
    """Every place the arena's walls pass through: each wall at ``SWAY_STEPS`` points
    each way along its slide. These walls slide along themselves by steps (22.5 px) far
    shorter than they are long, so the places overlap into the whole band each sweeps."""
    places = []
    for wall in walls(arena):
        for step in range(-SWAY_STEPS, SWAY_STEPS + 1):
            dx, dy = wall.sway_x * step / SWAY_STEPS, wall.sway_y * step / SWAY_STEPS
            places.append((wall.x1 + dx, wall.y1 + dy, wall.x2 + dx, wall.y2 + dy))
    return tuple(places)


def closest_on_segment(x: float, y: float, x1: float, y1: float, x2: float, y2: float
                       ) -> tuple[float, float]:
    """The point of the segment (x1, y1)-(x2, y2) nearest to (x, y)."""
    sx, sy = x2 - x1, y2 - y1
    length2 = sx * sx + sy * sy
    t = 0.0 if length2 == 0 else min(max(((x - x1) * sx + (y - y1) * sy) / length2, 0.0), 1.0)
    return x1 + sx * t, y1 + sy * t


def segments_gap(a: tuple[float, float, float, float],
                 b: tuple[float, float, float, float]) -> float:
    """The shortest distance (px) between segments ``a`` and ``b`` (x1, y1, x2, y2 each):
    0 where they cross."""
    if _cross(a, b):
        return 0.0
    ends = ((a[0], a[1], b), (a[2], a[3], b), (b[0], b[1], a), (b[2], b[3], a))
    return min(math.hypot(px - cx, py - cy) for px, py, seg in ends
               for cx, cy in (closest_on_segment(px, py, *seg),))


def _cross(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether segments ``a`` and ``b`` properly cross (each one's ends on either side of
    the other's line)."""
    def side(px: float, py: float, s: tuple[float, float, float, float]) -> float:
        return (s[2] - s[0]) * (py - s[1]) - (s[3] - s[1]) * (px - s[0])
    return (side(a[0], a[1], b) * side(a[2], a[3], b) < 0 and
            side(b[0], b[1], a) * side(b[2], b[3], a) < 0)


def _normal(x1: float, y1: float, x2: float, y2: float) -> tuple[float, float]:
    """A unit normal of the segment (x1, y1)-(x2, y2)."""
    length = max(math.hypot(x2 - x1, y2 - y1), 1e-9)
    return -(y2 - y1) / length, (x2 - x1) / length
