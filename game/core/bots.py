"""Computer pilots: pure functions of the world that give key events, judged like a human's.

``plan(world, pid, skill, focus)`` looks at the world and returns the events a player at a
keyboard would send (``{"KEYDOWN": "left"}``, ``{"KEYUP": "up"}``...). The server passes
each one through ``Rules.judge`` and ``Rules.execute`` with the bot's pid, exactly as it
does a human's: same physics, same cooldown, no shortcut.

Skill is perception and aim, not physics: a bot acts on a target only ``reaction_s``
after noticing it (its ``Focus``) and sees it where it was that long ago, aims off by up
to ``aim_error_deg`` (a slow deterministic wobble), and only the better ones lead a moving
target. Fire discipline, at every skill: no shot at a ship inside its spawn shield (it is
not even a target), out of a bullet's range, or with an asteroid in the line of fire.
Every bot steers clear of asteroids first.

``BotCrew`` keeps the number of bots at what the host asked for, within the seats that
humans leave free (a joining human takes a bot's seat).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from . import sim

SkillName = Literal["easy", "normal", "hard"]
NAMES = ("Kestrel", "Talon", "Vortex", "Rook", "Sable", "Quasar", "Drift", "Falcon",
         "Harrier", "Wraith", "Comet", "Ember", "Jackal", "Nomad", "Piston", "Raptor")
FIRE_RANGE = 0.9 * sim.BULLET_SPEED * sim.BULLET_TICKS * sim.DT  # px a bullet flies, less 10%
CLOSE = 150.0  # px: nearer than this, back off
FAR = 280.0  # px: farther than this, close in
TURN_SLACK = 5.0  # degrees off the wanted heading before turning
AVOID_HORIZON = 1.0  # s of straight flight checked for asteroids
AVOID_MARGIN = 30.0  # px kept between hull and rock
WOBBLE_S = 0.65  # s one aim error lasts


@dataclass(frozen=True)
class Skill:
    """``reaction_s``: seconds from noticing a target to acting on it, and how stale what
    the bot sees of it is; ``aim_error_deg``: the most its aim is off (degrees);
    ``leads``: it aims where a moving target will be, not where it is."""

    name: SkillName
    reaction_s: float
    aim_error_deg: float
    leads: bool

    @property
    def reaction_ticks(self) -> int:
        return round(self.reaction_s * sim.TICK_RATE)


SKILLS: dict[str, Skill] = {
    "easy": Skill("easy", 0.6, 14.0, False),
    "normal": Skill("normal", 0.35, 7.0, True),
    "hard": Skill("hard", 0.2, 2.5, True),
}


@dataclass(frozen=True)
class Focus:
    """The ship a bot is after (``target``, a pid; None: none) and the tick it noticed it
    (``since``): it acts on it only a reaction time later."""

    target: int | None = None
    since: int = 0


def notice(world: sim.World, pid: int, focus: Focus) -> Focus:
    """Bot ``pid``'s focus now: its nearest fair target (``_target``), noticed at this tick
    when it is not the one ``focus`` already held."""
    ship = world.ships.get(pid)
    target = _target(world, ship) if ship is not None and ship.alive else None
    pid_now = target.pid if target is not None else None
    return focus if pid_now == focus.target else Focus(pid_now, world.tick)


def plan(world: sim.World, pid: int, skill: Skill, focus: Focus) -> list[dict[str, str]]:
    """The key events bot ``pid`` sends now, after ``focus`` (see ``notice``): releases,
    then presses, then a shot."""
    ship = world.ships.get(pid)
    if ship is None or not ship.alive:
        return []
    heading, thrust, shoot = _intent(world, ship, skill, focus)
    wanted = set(thrust)
    off = _turn(ship.angle, heading) if heading is not None else 0.0
    if off > TURN_SLACK:
        wanted.add("right")
    elif off < -TURN_SLACK:
        wanted.add("left")
    held = ship.keys - {"fire"}
    events = [{"KEYUP": key} for key in sorted(held - wanted)]
    events += [{"KEYDOWN": key} for key in sorted(wanted - held)]
    if shoot and sim.can_fire(world, ship) is None:
        events.append({"KEYDOWN": "fire"})
    return events


def _intent(world: sim.World, ship: sim.Ship, skill: Skill, focus: Focus
            ) -> tuple[float | None, tuple[str, ...], bool]:
    """Where to point (degrees), which thrust keys to hold, and whether to shoot."""
    away = _threat_escape(world, ship)
    if away is not None:
        return away, ("up",) if abs(_turn(ship.angle, away)) < 60 else (), False
    target = world.ships.get(focus.target) if focus.target is not None else None
    if target is None or not _fair(world, ship, target) or \
            world.tick - focus.since < skill.reaction_ticks:
        return None, (), False  # nobody to fight, or not yet reacted
    delay = skill.reaction_s  # it sees the target where it was
    tx, ty = target.x - target.vx * delay, target.y - target.vy * delay
    dx, dy = sim.wrapped_delta(ship.x, tx, sim.WIDTH), sim.wrapped_delta(ship.y, ty, sim.HEIGHT)
    dist = math.hypot(dx, dy)
    if skill.leads:  # where the target will be when a bullet gets there
        flight = dist / sim.BULLET_SPEED
        dx += (target.vx - ship.vx) * flight
        dy += (target.vy - ship.vy) * flight
    heading = math.degrees(math.atan2(dx, dy)) + skill.aim_error_deg * _wobble(ship.pid,
                                                                              world.tick)
    off = abs(_turn(ship.angle, heading))
    thrust = ("up",) if dist > FAR and off < 30 else ("down",) if dist < CLOSE else ()
    cone = math.degrees(math.atan2(sim.SHIP_RADIUS, max(dist, 1.0)))
    return heading, thrust, off < cone and dist < FIRE_RANGE and _clear_shot(world, ship, target)


def _fair(world: sim.World, ship: sim.Ship, other: sim.Ship) -> bool:
    """Whether ``other`` may be fought: alive, someone else, not inside its spawn shield."""
    return other.alive and other.pid != ship.pid and not other.shielded(world.tick)


def _target(world: sim.World, ship: sim.Ship) -> sim.Ship | None:
    """The nearest fair target (``_fair``), those not just hit first."""
    others = [s for s in world.ships.values() if _fair(world, ship, s)]
    return min(others, default=None, key=lambda s: (world.tick < s.hurt_until,
                                                    sim.distance(ship.x, ship.y, s.x, s.y)))


def _clear_shot(world: sim.World, ship: sim.Ship, target: sim.Ship) -> bool:
    """Whether no asteroid lies across the straight line from ``ship`` to ``target``."""
    dx = sim.wrapped_delta(ship.x, target.x, sim.WIDTH)
    dy = sim.wrapped_delta(ship.y, target.y, sim.HEIGHT)
    length2 = max(dx * dx + dy * dy, 1.0)
    for rock in world.asteroids.values():
        px = sim.wrapped_delta(ship.x, rock.x, sim.WIDTH)
        py = sim.wrapped_delta(ship.y, rock.y, sim.HEIGHT)
        along = min(max((px * dx + py * dy) / length2, 0.0), 1.0)
        if math.hypot(px - along * dx, py - along * dy) < rock.r + sim.BULLET_RADIUS:
            return False
    return True


def _threat_escape(world: sim.World, ship: sim.Ship) -> float | None:
    """The heading away from the asteroid this ship would meet soonest on its present
    course within ``AVOID_HORIZON``, or None if the way is clear."""
    soonest, escape = math.inf, None
    for rock in world.asteroids.values():
        px = sim.wrapped_delta(ship.x, rock.x, sim.WIDTH)
        py = sim.wrapped_delta(ship.y, rock.y, sim.HEIGHT)
        vx, vy = rock.vx - ship.vx, rock.vy - ship.vy
        speed2 = vx * vx + vy * vy
        when = 0.0 if speed2 == 0 else min(max(-(px * vx + py * vy) / speed2, 0.0),
                                           AVOID_HORIZON)
        cx, cy = px + vx * when, py + vy * when  # the rock's nearest point, relative to us
        if math.hypot(cx, cy) < sim.SHIP_RADIUS + rock.r + AVOID_MARGIN and when < soonest:
            soonest = when
            escape = math.degrees(math.atan2(-cx, -cy)) if (cx, cy) != (0.0, 0.0) \
                else math.degrees(math.atan2(-px, -py))
    return escape


def _turn(angle: float, heading: float) -> float:
    """Signed degrees to turn from ``angle`` to ``heading`` (positive: clockwise, "right")."""
    return (heading - angle + 180.0) % 360.0 - 180.0


def _wobble(pid: int, tick: int) -> float:
    """A deterministic aim error in [-1, 1] that changes every ``WOBBLE_S`` seconds."""
    period = max(1, round(WOBBLE_S * sim.TICK_RATE))
    return ((pid * 7919 + (tick // period) * 104729) % 2001) / 1000.0 - 1.0


@dataclass
class BotCrew:
    """How many bots fly, and which: ``wanted`` of skill ``skill``, within ``seats`` less
    the humans, and what each is after (``focus``, by pid). Pure bookkeeping over the
    world's ships."""

    wanted: int = 0
    skill: Skill = SKILLS["normal"]
    seats: int = field(kw_only=True)  # the server's max players (bots count against it)
    pids: list[int] = field(default_factory=list)  # oldest first
    focus: dict[int, Focus] = field(default_factory=dict)

    def fill(self, world: sim.World, humans: int) -> tuple[list[sim.Ship], list[sim.Ship]]:
        """Add or remove bots so that there are min(wanted, seats - humans).
        Returns (added, removed); the newest bots give up their seats first."""
        room = max(0, min(self.wanted, self.seats - humans))
        added, removed = [], []
        while len(self.pids) > room:
            pid = self.pids.pop()
            self.focus.pop(pid, None)
            removed.append(world.ships.pop(pid))
        while len(self.pids) < room:
            ship = sim.add_ship(world, self._free_name(world))
            ship.bot = True
            self.pids.append(ship.pid)
            added.append(ship)
        return added, removed

    def rename_if_taken(self, world: sim.World, name: str) -> None:
        """A human arrives called ``name``: a bot of that name takes another one."""
        for pid in self.pids:
            if world.ships[pid].name.casefold() == name.casefold():
                world.ships[pid].name = self._free_name(world, also_taken=name)

    def plans(self, world: sim.World) -> list[tuple[int, list[dict[str, str]]]]:
        """Every bot's key events for this tick, each after what it notices now."""
        for pid in self.pids:
            self.focus[pid] = notice(world, pid, self.focus.get(pid, Focus()))
        return [(pid, plan(world, pid, self.skill, self.focus[pid])) for pid in self.pids]

    def _free_name(self, world: sim.World, also_taken: str = "") -> str:
        taken = {s.name.casefold() for s in world.ships.values()} | {also_taken.casefold()}
        for n in range(len(NAMES) * 10):
            name = NAMES[n % len(NAMES)] + (f" {n // len(NAMES) + 1}" if n >= len(NAMES)
                                             else "")
            if name.casefold() not in taken:
                return name
        raise ValueError("no free bot name")  # more than 160 ships: more than any server
