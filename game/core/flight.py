"""Where bodies in flight meet: the geometry a pilot works out before it shoots or steers.

Pure functions of positions (px) and velocities (px/s) taken relative to the pilot's own
ship (``relative``: the shortest way round the wrap-around arena), times in seconds. The
bots (``game.core.bots``) use them to lead a moving target, to keep the line of fire clear
of asteroids and to see which asteroid is on a collision course.
"""

from __future__ import annotations

import math
from typing import Protocol

from . import sim


class Body(Protocol):
    """Anything with a position (px) and a velocity (px/s): a ship, a bullet, an asteroid."""

    x: float
    y: float
    vx: float
    vy: float


def relative(ship: Body, body: Body) -> tuple[float, float, float, float]:
    """Where ``body`` is (px) and how it moves (px/s) as seen from ``ship``: the shortest
    way round the arena, and its velocity less the ship's."""
    return (sim.wrapped_delta(ship.x, body.x, sim.WIDTH),
            sim.wrapped_delta(ship.y, body.y, sim.HEIGHT),
            body.vx - ship.vx, body.vy - ship.vy)


def intercept_s(dx: float, dy: float, vx: float, vy: float) -> float:
    """Seconds until a bullet fired now from the ship's nose meets a target at (dx, dy)
    moving at (vx, vy), both relative to the ship (a bullet keeps the ship's velocity, so
    relative to the ship it flies straight at ``sim.BULLET_SPEED``)."""
    speed, nose = sim.BULLET_SPEED, sim.SHIP_RADIUS
    a = vx * vx + vy * vy - speed * speed
    b = 2 * (dx * vx + dy * vy - speed * nose)
    c = dx * dx + dy * dy - nose * nose
    disc = b * b - 4 * a * c
    if a >= 0 or disc < 0:  # a target as fast as a bullet: aim where it is
        return math.hypot(dx, dy) / speed
    return max((-b - math.sqrt(disc)) / (2 * a), 0.0)


def closest_approach(px: float, py: float, vx: float, vy: float,
                     within_s: float) -> tuple[float, float]:
    """Where (px, relative to the origin) a body at (px, py) moving at (vx, vy) comes
    nearest to the origin in the next ``within_s`` seconds."""
    speed2 = vx * vx + vy * vy
    when = 0.0 if speed2 == 0 else min(max(-(px * vx + py * vy) / speed2, 0.0), within_s)
    return px + vx * when, py + vy * when


def contact_s(px: float, py: float, vx: float, vy: float, reach: float) -> float | None:
    """Seconds until a body at (px, py) moving at (vx, vy) comes within ``reach`` px of the
    origin: 0.0 when it is already inside and still closing in; None if it never comes
    that near, or moves away."""
    closing = px * vx + py * vy
    if closing >= 0:
        return None
    outside = px * px + py * py - reach * reach
    if outside <= 0:
        return 0.0
    speed2 = vx * vx + vy * vy
    disc = closing * closing - speed2 * outside
    return None if disc < 0 else (-closing - math.sqrt(disc)) / speed2


def turn_deg(angle: float, heading: float) -> float:
    """Signed degrees to turn from ``angle`` to ``heading`` (positive: clockwise, "right")."""
    return (heading - angle + 180.0) % 360.0 - 180.0
