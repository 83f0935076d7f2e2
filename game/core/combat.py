"""What the bodies do to each other in a tick, once they have moved: bullets and asteroids
hit ships, asteroids and the arena's walls and sun stop bullets, the sun burns ships.

``game.core.sim``'s ``step`` calls ``arena_hazards`` then ``collide`` after the flight;
both return what happened (hit, kill) as the step's events, for feeds and sound. A hit
takes one hit point unless a shield stops it; the last one destroys the ship, scores its
killer and sets its respawn (``RESPAWN_TICKS`` later). Game code reaches ``allies``
through ``sim``, like the rest of the world.

Units: pixels, ticks, as in ``game.core.bodies``.
"""

from __future__ import annotations

import math

from . import arenas
from .bodies import (
    BULLET_RADIUS,
    DT,
    HEIGHT,
    HIT_SHIELD_TICKS,
    RESPAWN_TICKS,
    SHIP_RADIUS,
    WIDTH,
    Bullet,
    Ship,
    World,
    distance,
    wrapped_delta,
)


def _damage(world: World, ship: Ship, by: Ship | None, shields: bool = True
            ) -> list[dict[str, object]]:
    """One hit on ``ship`` by ``by`` (None: an asteroid or the sun), unless a shield stops
    it (``shields``; the sun's burn ignores them): its own spawn shield or shield
    power-up, its grace after the last hit, or the spawn shield of the one who fired (a
    shield power-up's carrier still deals damage)."""
    if shields and (ship.shielded(world.tick) or ship.powered("shield", world.tick) or
                    world.tick < ship.hurt_until or
                    (by is not None and by.shielded(world.tick))):
        return []
    ship.hp -= 1
    ship.hurt_until = world.tick + HIT_SHIELD_TICKS
    happened: list[dict[str, object]] = [{"kind": "hit", "pid": ship.pid}]
    if ship.hp <= 0:
        ship.alive, ship.deaths = False, ship.deaths + 1
        ship.respawn_tick = world.tick + RESPAWN_TICKS
        ship.keys.clear()
        if by is not None:
            by.score += 1
        happened.append({"kind": "kill", "victim": ship.name,
                         "killer": by.name if by is not None else None})
    return happened


def arena_hazards(world: World) -> list[dict[str, object]]:
    """What the arena does this tick: a bullet that met a wall or the sun is gone; a ship
    touching the sun burns (``_burn``)."""
    if world.arena not in arenas.PULLING and not arenas.walls(world.arena):
        return []  # the field: nothing here
    for bullet in list(world.bullets.values()):
        move = bullet.vx * DT, bullet.vy * DT
        if arenas.burns(world.arena, bullet.x, bullet.y, BULLET_RADIUS) or arenas.stops(
                world.arena, world.tick, (bullet.x - move[0], bullet.y - move[1]), move,
                BULLET_RADIUS):
            del world.bullets[bullet.bid]
    return [event for ship in world.ships.values()
            if ship.alive and arenas.burns(world.arena, ship.x, ship.y, SHIP_RADIUS)
            for event in _burn(world, ship)]


def _burn(world: World, ship: Ship) -> list[dict[str, object]]:
    """The sun takes a hit point from ``ship`` every tick it touches it, whatever shield
    (spawn or power-up) or grace it has: a graze hurts, a dive destroys. Its kill says
    ``"by": "sun"``."""
    return [{**event, "by": "sun"} if event["kind"] == "kill" else event
            for event in _damage(world, ship, None, shields=False)]


def allies(world: World, ship: Ship, other: Ship) -> bool:
    """Whether ``other`` flies on ``ship``'s team (``tdm``): then neither's bullets hurt
    or stop the other (friendly fire is off), and bots do not fight it."""
    return world.mode == "tdm" and ship.team == other.team and ship.pid != other.pid


def _hits(world: World, bullet: Bullet, ship: Ship) -> bool:
    """Whether ``bullet`` may hit ``ship``: a live ship, not its owner nor the owner's ally."""
    owner = world.ships.get(bullet.owner)
    return ship.alive and ship.pid != bullet.owner and (
        owner is None or not allies(world, owner, ship))


def collide(world: World) -> list[dict[str, object]]:
    """This tick's contacts, bodies where they have flown to: an asteroid stops a bullet;
    a bullet that may hit a ship (``_hits``) is spent on it and damages it; an asteroid
    knocks a ship away at 200 px/s and damages it. Returns the hits and kills."""
    happened: list[dict[str, object]] = []
    for bullet in list(world.bullets.values()):
        if any(distance(bullet.x, bullet.y, a.x, a.y) < a.r for a in world.asteroids.values()):
            del world.bullets[bullet.bid]
            continue
        for ship in world.ships.values():
            if _hits(world, bullet, ship) and distance(
                    bullet.x, bullet.y, ship.x, ship.y) < SHIP_RADIUS + BULLET_RADIUS:
                del world.bullets[bullet.bid]
                happened += _damage(world, ship, world.ships.get(bullet.owner))
                break
    for ship in world.ships.values():
        for rock in world.asteroids.values():
            if ship.alive and distance(ship.x, ship.y, rock.x, rock.y) < SHIP_RADIUS + rock.r:
                away = math.atan2(wrapped_delta(rock.x, ship.x, WIDTH),
                                  wrapped_delta(rock.y, ship.y, HEIGHT))
                ship.vx, ship.vy = math.sin(away) * 200.0, math.cos(away) * 200.0
                happened += _damage(world, ship, None)
    return happened
