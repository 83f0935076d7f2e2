"""The world and its fixed-step update: pure, deterministic, no arcade, no clock.

The server steps the authoritative world; the client steps its own ship ahead of the last
server state (prediction) with the same ``move_ship``. Same inputs, same result.

Units: pixels, ticks (``TICK_RATE`` per second), degrees clockwise from "up".
Tick order (as rwi's): apply inputs, fire, move (with the arena's pull and walls, see
``game.core.arenas``), the arena's hazards (walls and the sun stop bullets, the sun burns
ships), collide, expire/respawn.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from . import arenas

TICK_RATE = 30
DT = 1.0 / TICK_RATE
WIDTH, HEIGHT = 1280, 720
KEYS = ("up", "down", "left", "right", "fire")

TURN_RATE = 240.0  # degrees/s
THRUST = 420.0  # px/s^2 ("down" thrusts backwards at half)
DRAG = 0.7  # fraction of speed lost per second
MAX_SPEED = 380.0
SHIP_RADIUS = 22.0
MAX_HP = 3
RESPAWN_TICKS = 3 * TICK_RATE
SPAWN_SHIELD_TICKS = 2 * TICK_RATE  # the drawn shield: no damage taken, none dealt
HIT_SHIELD_TICKS = TICK_RATE  # after a hit: no further damage taken (not drawn)

FIRE_COOLDOWN_TICKS = 9  # 0.3 s
RAPID_COOLDOWN_TICKS = 4  # 0.13 s: the cooldown while rapid fire lasts
SPREAD_DEGREES = (-12.0, 0.0, 12.0)  # a spread shot's bullets, off the nose (degrees)
POWER_KINDS = ("shield", "rapid", "spread")
"""What a power-up gives while it lasts (``Ship.power``; placed and taken in
``game.core.powerups``): no damage taken; ``RAPID_COOLDOWN_TICKS``; three bullets a shot."""
BULLET_SPEED = 650.0
BULLET_TICKS = TICK_RATE  # 1 s of flight
BULLET_RADIUS = 4.0

ASTEROIDS = 5  # in the arenas that have them (arenas.ROCKY)
SPAWN_TRIES = 64  # spawn points tried for one clear of the sun and the walls
SPAWN_CORNER = (80.0, 80.0)  # px: clear in every arena (the last resort of open_spawn_point)
ASTEROID_RADIUS = 38.0
ASTEROID_SPEED = 45.0


@dataclass
class Ship:
    pid: int
    name: str
    x: float
    y: float
    vx: float = 0.0
    vy: float = 0.0
    angle: float = 0.0
    hp: int = MAX_HP
    alive: bool = True
    respawn_tick: int = 0  # when dead: the tick it comes back
    shield_until: int = 0  # the spawn shield: no damage taken or dealt before this tick
    next_fire_tick: int = 0
    fire_queued: bool = False
    score: int = 0
    deaths: int = 0
    keys: set[str] = field(default_factory=set)
    bot: bool = False  # a computer pilot (game.bots): shown as one, flies by the same rules
    hurt_until: int = 0  # just hit: no further damage taken before this tick
    power: str = ""  # the power-up carried (one of POWER_KINDS), "" for none
    power_until: int = 0  # the tick the power carried ends
    team: int = 0  # tdm: 0 or 1 (game.modes); its bullets pass through its team-mates
    lives: int = 0  # lms: deaths left before it is out of the round (game.modes)

    def shielded(self, tick: int) -> bool:
        """Whether the spawn shield is up at ``tick``: it takes no damage and deals none."""
        return tick < self.shield_until

    def powered(self, kind: str, tick: int) -> bool:
        """Whether the ship carries power ``kind`` at ``tick`` (it ends at ``power_until``)."""
        return self.power == kind and tick < self.power_until


@dataclass
class Bullet:
    bid: int
    owner: int
    x: float
    y: float
    vx: float
    vy: float
    expires: int


@dataclass
class Asteroid:
    aid: int
    x: float
    y: float
    vx: float
    vy: float
    r: float = ASTEROID_RADIUS


@dataclass
class PowerUp:
    """A power-up waiting on the field at (``x``, ``y``) px, its id ``uid`` (from
    ``World.new_id``): ``kind`` is one of ``POWER_KINDS``."""

    uid: int
    kind: str
    x: float
    y: float


@dataclass
class World:
    seed: int = 1
    arena: str = "field"  # one of match.ARENAS: the lay of the land the step follows
    mode: str = "ffa"  # one of match.MODES: in "tdm" team-mates do not hurt each other
    tick: int = 0
    next_id: int = 1
    ships: dict[int, Ship] = field(default_factory=dict)
    bullets: dict[int, Bullet] = field(default_factory=dict)
    asteroids: dict[int, Asteroid] = field(default_factory=dict)
    powerups: dict[int, PowerUp] = field(default_factory=dict)

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1


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
    happened += _arena_hazards(world)
    happened += _collide(world)
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


def wrap(x: float, y: float) -> tuple[float, float]:
    return x % WIDTH, y % HEIGHT


def wrapped_delta(a: float, b: float, size: float) -> float:
    """Shortest signed distance from a to b on a wrap-around axis of ``size``."""
    return (b - a + size / 2) % size - size / 2


def distance(ax: float, ay: float, bx: float, by: float) -> float:
    return math.hypot(wrapped_delta(ax, bx, WIDTH), wrapped_delta(ay, by, HEIGHT))


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


def _arena_hazards(world: World) -> list[dict[str, object]]:
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


def _collide(world: World) -> list[dict[str, object]]:
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
