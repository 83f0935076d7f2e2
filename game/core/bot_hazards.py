"""What a computer pilot makes of the arena (``game.core.arenas``): it climbs out of the
sun's pull before it burns, turns off a wall before it hits it, and holds its fire when a
wall or the sun stands between it and its mark.

Pure functions of the world, like ``game.core.bots`` (which calls them first, before it
looks at asteroids). Positions in px, velocities in px/s, times in seconds.
"""

from __future__ import annotations

import math

from . import arenas, sim
from .flight import relative, turn_deg

SUN_LOOKAHEAD = (0.25, 0.5, 0.75, 1.0, 1.5)  # s: where the ship will be, falling as now
SUN_MARGIN = 90.0  # px beyond burning: a ship headed nearer than this climbs out
ESCAPE_CONE = 60.0  # degrees: the nose this near the way out, a ship thrusts along it
WALL_LOOKAHEAD = 0.6  # s: a wall met sooner than this is steered off
WALL_MARGIN = 12.0  # px kept between hull and wall

Steer = tuple[float | None, tuple[str, ...] | None]
"""A heading (degrees; None: keep the aim) and the thrust keys to hold."""


def steer_clear(world: sim.World, ship: sim.Ship) -> Steer | None:
    """How ``ship`` gets out of the arena's way (the sun first, then the walls), or None
    when nothing of the arena threatens it."""
    if world.arena in arenas.PULLING:
        return _sun_escape(ship)
    return _wall_escape(world, ship)


def open_line(world: sim.World, ship: sim.Ship, dx: float, dy: float) -> bool:
    """Whether a bullet from ``ship`` to (dx, dy) px from it passes clear of the sun and
    the walls as they stand now (the pull's bend on the way is not allowed for)."""
    line = (ship.x, ship.y, ship.x + dx, ship.y + dy)
    reach = arenas.WALL_HALF + sim.BULLET_RADIUS
    if any(arenas.segments_gap(line, wall.at(world.tick)) < reach
           for wall in arenas.walls(world.arena)):
        return False
    if world.arena not in arenas.PULLING:
        return True
    cx, cy = arenas.closest_on_segment(arenas.SUN_X, arenas.SUN_Y, *line)
    return math.hypot(cx - arenas.SUN_X, cy - arenas.SUN_Y) > arenas.SUN_RADIUS + \
        sim.BULLET_RADIUS


def in_sight(world: sim.World, ship: sim.Ship, other: sim.Ship) -> bool:
    """Whether ``other`` is in the open from ``ship`` (``open_line``, the shortest way
    round the arena)."""
    return open_line(world, ship, *relative(ship, other)[:2])


def _sun_escape(ship: sim.Ship) -> Steer | None:
    """Away from the sun, if the ship, falling as it falls now, would come within
    ``SUN_MARGIN`` of burning in the next ``SUN_LOOKAHEAD``: thrust forward once the nose
    is within ``ESCAPE_CONE`` of the way out, backward while it still faces the sun."""
    ax, ay = arenas.pull("sun", ship.x, ship.y)
    danger = arenas.SUN_RADIUS + sim.SHIP_RADIUS + SUN_MARGIN
    if all(math.hypot(ship.x + ship.vx * t + ax * t * t / 2 - arenas.SUN_X,
                      ship.y + ship.vy * t + ay * t * t / 2 - arenas.SUN_Y) > danger
           for t in (0.0, *SUN_LOOKAHEAD)):
        return None
    away = math.degrees(math.atan2(ship.x - arenas.SUN_X, ship.y - arenas.SUN_Y))
    return away, _thrust_towards(ship.angle, away)


def _wall_escape(world: sim.World, ship: sim.Ship) -> Steer | None:
    """Off the wall the ship would meet soonest in ``WALL_LOOKAHEAD`` on its course
    (relative to the wall's slide): away from the wall's nearest point, along the nose
    when it points that way or back from it (keeping the aim), else turning first."""
    soonest: tuple[float, float] | None = None  # (gap px, heading away)
    for wall in arenas.walls(world.arena):
        wvx, wvy = wall.velocity(world.tick, sim.TICK_RATE)
        course = (ship.x, ship.y, ship.x + (ship.vx - wvx) * WALL_LOOKAHEAD,
                  ship.y + (ship.vy - wvy) * WALL_LOOKAHEAD)
        segment = wall.at(world.tick)
        gap = arenas.segments_gap(course, segment)
        if gap < arenas.WALL_HALF + sim.SHIP_RADIUS + WALL_MARGIN and (
                soonest is None or gap < soonest[0]):
            cx, cy = arenas.closest_on_segment(ship.x, ship.y, *segment)
            soonest = gap, math.degrees(math.atan2(ship.x - cx, ship.y - cy))
    if soonest is None:
        return None
    away = soonest[1]
    off = abs(turn_deg(ship.angle, away))
    if min(off, 180.0 - off) < ESCAPE_CONE:
        return None, ("up",) if off <= 90.0 else ("down",)
    return away, ()


def _thrust_towards(angle: float, heading: float) -> tuple[str, ...]:
    """Forward when the nose at ``angle`` is within ``ESCAPE_CONE`` of ``heading``,
    backward when it points the other way, else none while it turns."""
    off = abs(turn_deg(angle, heading))
    if off < ESCAPE_CONE:
        return ("up",)
    return ("down",) if off > 180.0 - ESCAPE_CONE else ()
