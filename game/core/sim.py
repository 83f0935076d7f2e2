"""The world's fixed-step update: pure, deterministic, no arcade, no clock; and the one
place game code imports the world from.

The server steps the authoritative world; the client steps its own ship ahead of the last
server state (prediction) with the same ``move_ship``. Same inputs, same result.

Units: pixels, ticks (``TICK_RATE`` per second), degrees clockwise from "up".
Tick order (as rwi's): apply inputs, fire, move (with the arena's pull and walls, see
``game.core.arenas``), the arena's hazards (walls and the sun stop bullets, the sun burns
ships), collide, expire/respawn.

This module is the tick: inputs, firing, flight and spawning. The bodies, the numbers and
the wrap-around geometry live in ``game.core.bodies``, the hazards and collisions in
``game.core.combat``. ``sim`` re-exports every public name of ``bodies`` and combat's
``allies`` (``__all__``): ``sim.World``, ``sim.SHIP_RADIUS``, ``sim.distance`` and
``sim.allies`` read as one world to every caller, who never needs to know which of the
three modules a name lives in, and the next split moves code without touching callers.
"""

from __future__ import annotations

import math
import random

from . import arenas, combat
from .bodies import (
    ASTEROID_RADIUS,
    ASTEROID_SPEED,
    ASTEROIDS,
    BULLET_RADIUS,
    BULLET_SPEED,
    BULLET_TICKS,
    DRAG,
    DT,
    FIRE_COOLDOWN_TICKS,
    HEIGHT,
    HIT_SHIELD_TICKS,
    KEYS,
    MAX_HP,
    MAX_SPEED,
    POWER_KINDS,
    RAPID_COOLDOWN_TICKS,
    RESPAWN_TICKS,
    SHIP_RADIUS,
    SPAWN_CORNER,
    SPAWN_SHIELD_TICKS,
    SPAWN_TRIES,
    SPREAD_DEGREES,
    THRUST,
    TICK_RATE,
    TURN_RATE,
    WIDTH,
    Asteroid,
    Bullet,
    PowerUp,
    Ship,
    World,
    distance,
    wrap,
    wrapped_delta,
)
from .combat import allies

__all__ = [
    "ASTEROIDS", "ASTEROID_RADIUS", "ASTEROID_SPEED", "BULLET_RADIUS", "BULLET_SPEED",
    "BULLET_TICKS", "DRAG", "DT", "FIRE_COOLDOWN_TICKS", "HEIGHT", "HIT_SHIELD_TICKS", "KEYS",
    "MAX_HP", "MAX_SPEED", "POWER_KINDS", "RAPID_COOLDOWN_TICKS", "RESPAWN_TICKS", "SHIP_RADIUS",
    "SPAWN_CORNER", "SPAWN_SHIELD_TICKS", "SPAWN_TRIES", "SPREAD_DEGREES", "THRUST", "TICK_RATE",
    "TURN_RATE", "WIDTH", "Asteroid", "Bullet", "PowerUp", "Ship", "World", "add_ship", "allies",
    "apply_input", "can_fire", "distance", "fire_bullet", "fire_cooldown_ticks", "fire_volley",
    "fly", "move_ship", "new_world", "open_spawn_point", "respawn", "scatter_asteroids",
    "spawn_point", "step", "wrap", "wrapped_delta"]


def new_world(seed: int = 1, arena: str = "field") -> World:
    """A world in ``arena`` with round 1's asteroids, placed from ``seed`` (see
    ``scatter_asteroids``)."""
    world = World(seed=seed, arena=arena)
    scatter_asteroids(world, 1)
    return world


def scatter_asteroids(world: World, round_number: int) -> None:
    """Replace the asteroids with ``ASTEROIDS`` new ones (new ids), placed and headed at
    random from the world's seed and ``round_number``: every round its own layout, the
    same again for the same seed."""
    rng = random.Random(f"starlane layout {world.seed} {round_number}")
    world.asteroids.clear()
    for _ in range(ASTEROIDS if world.arena in arenas.ROCKY else 0):
        x, y = rng.uniform(0, WIDTH), rng.uniform(0, HEIGHT)
        heading = rng.uniform(0, 2 * math.pi)
        aid = world.new_id()
        world.asteroids[aid] = Asteroid(aid, x, y, math.sin(heading) * ASTEROID_SPEED,
                                        math.cos(heading) * ASTEROID_SPEED)


def add_ship(world: World, name: str, pid: int | None = None) -> Ship:
    """A new ship for ``name``; ``pid`` when the net server already handed one out (taken
    from ``world.new_id`` then, like every id)."""
    pid = world.new_id() if pid is None else pid
    x, y = open_spawn_point(world, pid)
    ship = Ship(pid, name, x, y, angle=float(_hash(world.seed, pid, 3) % 360),
                shield_until=world.tick + SPAWN_SHIELD_TICKS)
    world.ships[pid] = ship
    return ship


def apply_input(ship: Ship, kind: str, key: str) -> None:
    """A judged key event: hold/release a key; KEYDOWN fire queues one shot."""
    if kind == "KEYDOWN":
        ship.keys.add(key)
        if key == "fire":
            ship.fire_queued = True
    else:
        ship.keys.discard(key)


def can_fire(world: World, ship: Ship) -> str | None:
    """Why ``ship`` may not fire now, or None."""
    if not ship.alive:
        return "cannot fire while destroyed"
    if ship.fire_queued or world.tick < ship.next_fire_tick:
        return "weapon cooling down"
    return None


def fire_cooldown_ticks(ship: Ship, tick: int) -> int:
    """Ticks from a shot ``ship`` fires at ``tick`` until it may fire again."""
    return RAPID_COOLDOWN_TICKS if ship.powered("rapid", tick) else FIRE_COOLDOWN_TICKS


def fire_volley(world: World, ship: Ship) -> list[Bullet]:
    """The bullets one shot of ``ship`` fires now: one, or with spread shot one per
    ``SPREAD_DEGREES``."""
    if not ship.powered("spread", world.tick):
        return [fire_bullet(world, ship)]
    return [fire_bullet(world, ship, off) for off in SPREAD_DEGREES]


def step(world: World) -> list[dict[str, object]]:
    """Advance one tick. Returns what happened (fire, hit, kill, respawn) for feeds and sound."""
    happened: list[dict[str, object]] = []
    world.tick += 1
    for ship in world.ships.values():
        if not ship.alive:
            ship.fire_queued = False
            if world.tick >= ship.respawn_tick:
                _respawn(world, ship)
                happened.append({"kind": "respawn", "pid": ship.pid})
            continue
        if ship.fire_queued:
            ship.fire_queued = False
            ship.next_fire_tick = world.tick + fire_cooldown_ticks(ship, world.tick)
            for bullet in fire_volley(world, ship):
                world.bullets[bullet.bid] = bullet
            happened.append({"kind": "fire", "pid": ship.pid})
        move_ship(ship, world.arena, world.tick)
    bodies: list[Bullet | Asteroid] = [*world.bullets.values(), *world.asteroids.values()]
    for body in bodies:
        body.x, body.y, body.vx, body.vy = fly(world.arena, body.x, body.y, body.vx, body.vy)
    happened += combat.arena_hazards(world)
    happened += combat.collide(world)
    for bid in [b.bid for b in world.bullets.values() if b.expires <= world.tick]:
        del world.bullets[bid]
    return happened


def move_ship(ship: Ship, arena: str = "field", tick: int = 0) -> None:
    """One tick of turning, thrust, the ``arena``'s pull, drag and wrap-around, from the
    keys held, then off the arena's walls as they stand at ``tick`` (the tick being
    stepped to: the world's, already counted up)."""
    turn = ("right" in ship.keys) - ("left" in ship.keys)
    ship.angle = (ship.angle + turn * TURN_RATE * DT) % 360.0
    push = ("up" in ship.keys) - 0.5 * ("down" in ship.keys)
    heading = math.radians(ship.angle)
    pull_x, pull_y = arenas.pull(arena, ship.x, ship.y)
    ship.vx += (math.sin(heading) * THRUST * push + pull_x) * DT
    ship.vy += (math.cos(heading) * THRUST * push + pull_y) * DT
    ship.vx *= 1.0 - DRAG * DT
    ship.vy *= 1.0 - DRAG * DT
    speed = math.hypot(ship.vx, ship.vy)
    if speed > MAX_SPEED:
        ship.vx, ship.vy = ship.vx * MAX_SPEED / speed, ship.vy * MAX_SPEED / speed
    ship.x, ship.y = wrap(ship.x + ship.vx * DT, ship.y + ship.vy * DT)
    if arenas.walls(arena):
        ship.x, ship.y, ship.vx, ship.vy = arenas.bounce(
            arena, tick, (ship.x, ship.y, ship.vx, ship.vy), SHIP_RADIUS, TICK_RATE)


def fly(arena: str, x: float, y: float, vx: float, vy: float
        ) -> tuple[float, float, float, float]:
    """One tick of a bullet's or an asteroid's flight: the ``arena``'s pull on its velocity
    (px/s), then on along it; the new (x, y, vx, vy). Straight, but in the sun's arena."""
    pull_x, pull_y = arenas.pull(arena, x, y)
    vx, vy = vx + pull_x * DT, vy + pull_y * DT
    x, y = wrap(x + vx * DT, y + vy * DT)
    return x, y, vx, vy


def fire_bullet(world: World, ship: Ship, off_deg: float = 0.0) -> Bullet:
    """The bullet ``ship`` fires now: from its nose, at its heading turned by ``off_deg``
    (degrees), with its velocity added."""
    heading = math.radians(ship.angle + off_deg)
    dx, dy = math.sin(heading), math.cos(heading)
    x, y = wrap(ship.x + dx * SHIP_RADIUS, ship.y + dy * SHIP_RADIUS)
    return Bullet(world.new_id(), ship.pid, x, y, ship.vx + dx * BULLET_SPEED,
                  ship.vy + dy * BULLET_SPEED, world.tick + BULLET_TICKS)


def spawn_point(seed: int, tick: int, pid: int) -> tuple[float, float]:
    """A deterministic spawn position, kept away from the arena's edges."""
    return (80 + _hash(seed, tick, pid) % (WIDTH - 160),
            80 + _hash(seed, pid, tick + 17) % (HEIGHT - 160))


def _hash(*values: int) -> int:
    """A small deterministic integer hash (Python's hash() of ints is fine, but spelled out)."""
    h = 2166136261
    for v in values:
        h = ((h ^ (v & 0xFFFFFFFF)) * 16777619) & 0xFFFFFFFF
    return h


def open_spawn_point(world: World, pid: int) -> tuple[float, float]:
    """``spawn_point``, or the next ticks' until one is clear of the arena's sun and
    walls (``arenas.open_space``); the corner point if none of ``SPAWN_TRIES`` is."""
    for later in range(SPAWN_TRIES):
        x, y = spawn_point(world.seed, world.tick + later, pid)
        if arenas.open_space(world.arena, x, y, SHIP_RADIUS):
            return x, y
    return SPAWN_CORNER


def _respawn(world: World, ship: Ship) -> None:
    respawn(world, ship, *open_spawn_point(world, ship.pid))


def respawn(world: World, ship: Ship, x: float, y: float) -> None:
    """Bring ``ship`` back at (x, y): still, full health, shielded for a moment."""
    ship.x, ship.y = x, y
    ship.vx = ship.vy = 0.0
    ship.hp, ship.alive = MAX_HP, True
    ship.shield_until = world.tick + SPAWN_SHIELD_TICKS
