"""Bots and power-ups: which one a bot goes for, and how it flies there.

Pure like ``game.core.bots``, which asks ``course`` before it fights: a bot goes for the
nearest power-up it sees when that is nearer than its target, or when it has no target.
Skill is how far it looks (``SIGHT_PX``): a careless pilot notices only the ones close by.
It flies there as a player would, nose at the point less its own drift over
``DRIFT_S`` (so it does not orbit its prize), thrusting once the nose is on it.
"""

from __future__ import annotations

import math

from . import sim
from .flight import turn_deg

SIGHT_PX = {"easy": 250.0, "normal": 450.0, "hard": 700.0}
"""px: the farthest a bot of each skill notices a power-up."""
DRIFT_S = 0.6  # s of its own motion a bot allows for when steering to a power-up
THRUST_CONE = 30.0  # degrees: nose this near the way there, the bot thrusts


def wanted(world: sim.World, ship: sim.Ship, sight_px: float,
           target: sim.Ship | None) -> sim.PowerUp | None:
    """The power-up ``ship`` goes for: the nearest within ``sight_px``, if it is nearer
    than ``target`` (any, when there is no target); None: none."""
    def away(x: float, y: float) -> float:
        return sim.distance(ship.x, ship.y, x, y)

    near = min(world.powerups.values(), default=None, key=lambda p: away(p.x, p.y))
    if near is None or away(near.x, near.y) > sight_px:
        return None
    if target is not None and away(target.x, target.y) <= away(near.x, near.y):
        return None
    return near


def course(world: sim.World, ship: sim.Ship, sight_px: float,
           target: sim.Ship | None) -> tuple[float, tuple[str, ...]] | None:
    """Where to point (degrees) and which thrust keys to hold to take the power-up
    ``wanted`` gives; None: none is wanted."""
    powerup = wanted(world, ship, sight_px, target)
    if powerup is None:
        return None
    dx = sim.wrapped_delta(ship.x, powerup.x, sim.WIDTH)
    dy = sim.wrapped_delta(ship.y, powerup.y, sim.HEIGHT)
    heading = math.degrees(math.atan2(dx - ship.vx * DRIFT_S, dy - ship.vy * DRIFT_S))
    thrust = ("up",) if abs(turn_deg(ship.angle, heading)) < THRUST_CONE else ()
    return heading, thrust
