"""What the world is made of: the numbers the game is tuned by, the bodies (ships, bullets,
asteroids, power-ups) and the world that holds them, and distance on the wrap-around field.

Data and geometry only, no rule of motion or of combat: ``game.core.sim`` moves the bodies
one tick at a time and ``game.core.combat`` settles what they do to each other, both from
here, so the numbers live in one table. Game code imports all of it through ``sim``.

Units: pixels, ticks (``TICK_RATE`` per second), degrees clockwise from "up". The field is
``WIDTH`` x ``HEIGHT`` px and wraps around at its edges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

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
    """A pilot's ship ``pid`` (``name``; ``bot`` when a computer flies it) at (``x``, ``y``)
    px moving at (``vx``, ``vy``) px/s, its nose ``angle`` degrees clockwise from "up".

    It has ``hp`` hit points while ``alive``, else comes back at tick ``respawn_tick``;
    takes no damage before ticks ``shield_until`` (spawn shield) and ``hurt_until`` (just
    hit); fires again from tick ``next_fire_tick``, ``fire_queued`` holding a shot for the
    next step. ``keys`` are the keys held (of ``KEYS``); ``score`` and ``deaths`` count the
    round; ``power`` lasts until tick ``power_until``; ``team`` (tdm) and ``lives`` (lms)
    as the comments below say."""

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
    """Bullet ``bid`` fired by ship ``owner``, at (``x``, ``y``) px moving at (``vx``,
    ``vy``) px/s; gone at tick ``expires`` if it has hit nothing by then."""

    bid: int
    owner: int
    x: float
    y: float
    vx: float
    vy: float
    expires: int


@dataclass
class Asteroid:
    """Asteroid ``aid`` at (``x``, ``y``) px drifting at (``vx``, ``vy``) px/s, ``r`` px
    across from its centre: it stops bullets and knocks ships back."""

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
    """Everything on the field at tick ``tick``: ``ships``, ``bullets``, ``asteroids`` and
    ``powerups`` by id, all ids from one counter (``next_id``); ``seed`` places what chance
    places, so the same seed and inputs play the same match."""

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
        """A fresh id for a ship, bullet, asteroid or power-up: never one handed out before."""
        self.next_id += 1
        return self.next_id - 1


def wrap(x: float, y: float) -> tuple[float, float]:
    """(x, y) px brought back onto the field: what leaves one edge comes in at the other."""
    return x % WIDTH, y % HEIGHT


def wrapped_delta(a: float, b: float, size: float) -> float:
    """Shortest signed distance from a to b on a wrap-around axis of ``size``."""
    return (b - a + size / 2) % size - size / 2


def distance(ax: float, ay: float, bx: float, by: float) -> float:
    """Px between two points the short way, across the wrap-around edges if nearer."""
    return math.hypot(wrapped_delta(ax, bx, WIDTH), wrapped_delta(ay, by, HEIGHT))
