"""Power-ups on the field: when and where they appear, who takes them, when they end.

Pure like ``sim`` (no arcade, no clock, no global random): the server's ``Match.step``
calls ``step`` after ``sim.step`` while a round is played, and ``clear`` when it ends.
What each power does while carried is ``sim``'s (``Ship.powered``): a shield takes no
damage, rapid fire cools down in ``sim.RAPID_COOLDOWN_TICKS``, spread shot fires three.

Timing: the match's ticks are cut into periods of ``PERIOD_TICKS``; in each, one power-up
appears at a tick drawn from the world's seed and the period (``appears_at``), unless
``MAX_ON_FIELD`` already wait. So they come every 6-14 s (10 s on average), the same
again for the same seed, and a match taken over by another host keeps the rhythm.

Place: among the points the arena offers (the caller's ``candidates``, e.g.
``match.spawn_candidates(arena)``: an arena that leaves out its dangers, the sun and the
walls' reach, leaves them out here too), those at least ``CLEAR_OF_SHIPS`` from every
live ship and clear of the asteroids, one drawn from the seed and the tick; the farthest
from the ships when none is that far.

Taken by flying over one (a live ship's hull within ``PICKUP_RADIUS`` of its centre): the
ship carries its power for ``POWER_TICKS``; one at a time, so a new one replaces the old.
A power ends at ``power_until``, when its ship is destroyed, or when the round ends.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

from . import sim

PERIOD_TICKS = 10 * sim.TICK_RATE  # one power-up a period, on average every 10 s
JITTER_TICKS = 4 * sim.TICK_RATE  # where in its period one appears: its first 4 s
MAX_ON_FIELD = 3  # no more wait on the field at once
POWER_TICKS = 8 * sim.TICK_RATE  # how long a power lasts once taken
PICKUP_RADIUS = 14.0  # px: a power-up's size; a hull touching it takes it
CLEAR_OF_SHIPS = 250.0  # px: a power-up appears at least this far from every live ship
ROCK_CLEARANCE = 20.0  # px between a power-up and an asteroid's edge where it appears
NAMES = {"shield": "a shield", "rapid": "rapid fire", "spread": "spread shot"}
"""What a player reads for each of ``sim.POWER_KINDS`` in the feed ("Vega took ...")."""
LABELS = {"shield": "SHIELD", "rapid": "RAPID FIRE", "spread": "SPREAD SHOT"}
"""Each of ``sim.POWER_KINDS`` as the HUD names one's own."""


def appears_at(seed: int, period: int) -> int:
    """The tick at which period ``period``'s power-up appears (from the seed, fixed)."""
    rng = random.Random(f"starlane powerup time {seed} {period}")
    return period * PERIOD_TICKS + rng.randrange(JITTER_TICKS)


def step(world: sim.World, candidates: Callable[[], Sequence[tuple[float, float]]]
         ) -> list[dict[str, Any]]:
    """One tick of power-ups, after ``sim.step``: powers end (time out, or their ship is
    destroyed), ships take what they touch, and a new one may appear at one of the points
    ``candidates()`` gives (px; asked only then). Returns feed entries:
    ``{"kind": "powerup", "name", "power"}``."""
    for ship in world.ships.values():
        if ship.power and (not ship.alive or world.tick >= ship.power_until):
            ship.power, ship.power_until = "", 0
    taken = _take(world)
    if len(world.powerups) < MAX_ON_FIELD and \
            world.tick == appears_at(world.seed, world.tick // PERIOD_TICKS):
        place(world, candidates())
    return taken


def _take(world: sim.World) -> list[dict[str, Any]]:
    taken: list[dict[str, Any]] = []
    for ship in world.ships.values():
        for powerup in list(world.powerups.values()):
            if ship.alive and sim.distance(ship.x, ship.y, powerup.x, powerup.y) < \
                    sim.SHIP_RADIUS + PICKUP_RADIUS:
                del world.powerups[powerup.uid]
                ship.power, ship.power_until = powerup.kind, world.tick + POWER_TICKS
                taken.append({"kind": "powerup", "name": ship.name, "power": powerup.kind})
    return taken


def place(world: sim.World, candidates: Sequence[tuple[float, float]]) -> sim.PowerUp:
    """A new power-up of a kind drawn from the seed and the tick, at one of ``candidates``
    (not empty; see the module's doc on where); it waits in ``world.powerups``."""
    rng = random.Random(f"starlane powerup {world.seed} {world.tick}")
    ships = [(s.x, s.y) for s in world.ships.values() if s.alive]

    def nearest_ship(point: tuple[float, float]) -> float:
        return min((sim.distance(*point, *s) for s in ships), default=float("inf"))

    clear = [p for p in candidates if nearest_ship(p) >= CLEAR_OF_SHIPS and all(
        sim.distance(*p, a.x, a.y) > a.r + ROCK_CLEARANCE for a in world.asteroids.values())]
    x, y = rng.choice(clear) if clear else max(candidates, key=nearest_ship)
    uid = world.new_id()
    world.powerups[uid] = sim.PowerUp(uid, rng.choice(sim.POWER_KINDS), x, y)
    return world.powerups[uid]


def clear(world: sim.World) -> None:
    """The round is over: the field's power-ups go, and every ship's power ends."""
    world.powerups.clear()
    for ship in world.ships.values():
        ship.power, ship.power_until = "", 0


def seconds_left(ship: sim.Ship, tick: float) -> float:
    """Seconds (s) until the power ``ship`` carries ends, seen at ``tick`` (0: none)."""
    return max(0.0, (ship.power_until - tick) * sim.DT) if ship.power else 0.0
