"""Computer pilots: pure functions of the world that give key events, judged like a human's.

``plan(world, pid, skill, focus)`` looks at the world and returns the events a player at a
keyboard would send (``{"KEYDOWN": "left"}``, ``{"KEYUP": "up"}``...). The server passes
each one through ``Rules.judge`` and ``Rules.execute`` with the bot's pid, exactly as it
does a human's: same physics, same cooldown, no shortcut.

Skill is perception, aim and judgement, not physics: a bot acts on a target only
``reaction_s`` after noticing it (its ``Focus``) and sees it where it was that long ago,
aims off by up to ``aim_error_deg`` (a slow deterministic wobble), allows for a moving
target's motion only as far as its ``lead``, and fights from its ``range_px``: the better
ones keep their distance, where a careless shot misses them. Fire discipline, at every
skill: no shot at a ship inside its spawn shield (it is not even a target), out of a
bullet's range, or with an asteroid, a wall or the sun across the bullet's path. Every
bot climbs out of the sun's pull and turns off walls first (``game.core.bot_hazards``),
and steers off the course of an asteroid it would meet within ``AVOID_HORIZON`` (and
keeps shooting while it does, when lined up); rocks that pass by or drift away are left
alone. A power-up nearer than its target (or any it sees, with no target) it goes to take
(``game.core.bot_pickups``).

Modes (``game.modes``): a team-mate is never a target (``sim.allies``). In ``lms``, where
a death is a life gone for good, a bot avoids needless risk: it fights from at least
``CAUTIOUS_RANGE_PX``, and from ``RETREAT_RANGE_PX`` (out of a bullet's reach, so it
backs away) while it has one hit left and its target more (two such bots fight on: a
standoff would only run the round to its time limit).

``BotCrew`` keeps the number of bots at what the host asked for, within the seats that
humans leave free (a joining human takes a bot's seat).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from . import bot_hazards, bot_pickups, sim
from .flight import closest_approach, contact_s, intercept_s, relative, turn_deg

SkillName = Literal["easy", "normal", "hard"]
NAMES = ("Kestrel", "Talon", "Vortex", "Rook", "Sable", "Quasar", "Drift", "Falcon",
         "Harrier", "Wraith", "Comet", "Ember", "Jackal", "Nomad", "Piston", "Raptor")
FIRE_RANGE_S = 0.85 * sim.BULLET_TICKS * sim.DT  # s: a bullet's flight, less 15%
HIT_RADIUS = sim.SHIP_RADIUS + sim.BULLET_RADIUS  # px from a ship's centre a bullet hits it
TURN_SLACK = sim.TURN_RATE * sim.DT / 2  # degrees off before turning: half a tick's turn
THRUST_CONE = 30.0  # degrees: farther off its target than this, a bot does not thrust
CLOSING_GAIN = 1.5  # px/s of closing speed wanted per px farther than the range
MAX_CLOSING = 220.0  # px/s: the fastest a bot closes in (it opens out at half that)
CLOSING_SLACK = 25.0  # px/s either side of the wanted closing speed left alone
FACING_DEG = 45.0  # a target whose nose is this near the line to a bot faces it
CLOSE_PX = 160.0  # px: how near a bot comes to a target that does not face it
AVOID_HORIZON = 1.0  # s: a rock met sooner than this is dodged
AVOID_MARGIN = 15.0  # px kept between hull and rock
DODGE_CONE = 60.0  # degrees: a dodge thrusts along the nose when the way out is this near
WOBBLE_S = 0.65  # s one aim error lasts
CAUTIOUS_RANGE_PX = 360.0  # px: the nearest an lms bot fights from
RETREAT_RANGE_PX = 700.0  # px: an lms bot with one hit left backs off this far


@dataclass(frozen=True)
class Skill:
    """``reaction_s``: seconds from noticing a target to acting on it, and how stale what
    the bot sees of it is; ``aim_error_deg``: the most its aim is off (degrees); ``lead``:
    how much of a moving target's motion during a bullet's flight it allows for (0: aims
    where the target is, 1: where it will be); ``range_px``: the distance it fights from
    (px), closing in from farther and backing off from nearer."""

    name: SkillName
    reaction_s: float
    aim_error_deg: float
    lead: float
    range_px: float

    @property
    def reaction_ticks(self) -> int:
        return round(self.reaction_s * sim.TICK_RATE)


SKILLS: dict[str, Skill] = {
    "easy": Skill("easy", 0.6, 16.0, 0.0, 220.0),
    "normal": Skill("normal", 0.4, 9.0, 0.6, 280.0),
    "hard": Skill("hard", 0.2, 3.0, 1.0, 400.0),
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
    off = turn_deg(ship.angle, heading) if heading is not None else 0.0
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
    """Where to point (degrees), which thrust keys to hold, and whether to shoot: a dodge
    steers first, then a power-up nearer than the target (``bot_pickups``); the target
    (once reacted to) sets the aim and the range."""
    dodge_heading, dodge_thrust = bot_hazards.steer_clear(world, ship) or _dodge(world, ship)
    target = world.ships.get(focus.target) if focus.target is not None else None
    if target is not None and not _fair(world, ship, target):
        target = None
    pickup = bot_pickups.course(world, ship, bot_pickups.SIGHT_PX[skill.name], target)
    if pickup is not None and dodge_thrust is None:
        return *pickup, False
    if target is None or world.tick - focus.since < skill.reaction_ticks:
        return dodge_heading, dodge_thrust or (), False
    dx, dy, flight_s = _aim_point(ship, target, skill)
    aim = math.degrees(math.atan2(dx, dy)) + skill.aim_error_deg * _wobble(ship.pid,
                                                                          world.tick)
    off = abs(turn_deg(ship.angle, aim))
    lined_up = off < math.degrees(math.atan2(HIT_RADIUS, max(math.hypot(dx, dy), 1.0)))
    shoot = lined_up and flight_s < FIRE_RANGE_S and _clear_shot(world, ship, dx, dy,
                                                                 flight_s)
    if dodge_thrust is not None:
        return aim if dodge_heading is None else dodge_heading, dodge_thrust, shoot
    range_px = _range(ship, target, skill)
    if world.mode == "lms":
        losing = ship.hp <= 1 < target.hp
        range_px = max(range_px, RETREAT_RANGE_PX if losing else CAUTIOUS_RANGE_PX)
    return aim, _range_thrust(ship, target, range_px, off), shoot


def _range(ship: sim.Ship, target: sim.Ship, skill: Skill) -> float:
    """The distance (px) to fight ``target`` from: the skill's ``range_px`` while the
    target's nose points at the ship (within ``FACING_DEG``), up close (``CLOSE_PX``,
    if nearer) while it points elsewhere."""
    dx, dy, _, _ = relative(target, ship)
    facing = abs(turn_deg(target.angle, math.degrees(math.atan2(dx, dy)))) < FACING_DEG
    return skill.range_px if facing else min(skill.range_px, CLOSE_PX)


def _aim_point(ship: sim.Ship, target: sim.Ship, skill: Skill
               ) -> tuple[float, float, float]:
    """Where the bot aims, relative to its ship (px), and the seconds a bullet takes to get
    there: the target where the bot last saw it (``reaction_s`` ago), moved on by
    ``lead`` of its motion during the bullet's flight."""
    dx, dy, vx, vy = relative(ship, target)
    dx -= target.vx * skill.reaction_s
    dy -= target.vy * skill.reaction_s
    flight_s = intercept_s(dx, dy, vx, vy)
    return dx + vx * flight_s * skill.lead, dy + vy * flight_s * skill.lead, flight_s


def _range_thrust(ship: sim.Ship, target: sim.Ship, range_px: float,
                  off: float) -> tuple[str, ...]:
    """Thrust that brings the ship to ``range_px`` from the target no faster than it can
    stop: forward to close in, backward to open out, none when the speed is right or the
    nose is ``THRUST_CONE`` or more off the target."""
    if off > THRUST_CONE:
        return ()
    dx, dy, vx, vy = relative(ship, target)
    dist = max(math.hypot(dx, dy), 1.0)
    closing = -(dx * vx + dy * vy) / dist
    wanted = min(max((dist - range_px) * CLOSING_GAIN, -MAX_CLOSING / 2), MAX_CLOSING)
    if closing < wanted - CLOSING_SLACK:
        return ("up",)
    return ("down",) if closing > wanted + CLOSING_SLACK else ()


def _fair(world: sim.World, ship: sim.Ship, other: sim.Ship) -> bool:
    """Whether ``other`` may be fought: alive, someone else, no team-mate, not inside its
    spawn shield."""
    return other.alive and other.pid != ship.pid and not other.shielded(world.tick) and \
        not sim.allies(world, ship, other)


def _target(world: sim.World, ship: sim.Ship) -> sim.Ship | None:
    """The nearest fair target (``_fair``), those a shot can hurt first: not carrying a
    shield power-up, then not just hit, then those in the open (``bot_hazards.in_sight``)."""
    others = [s for s in world.ships.values() if _fair(world, ship, s)]
    return min(others, default=None, key=lambda s: (
        s.powered("shield", world.tick), world.tick < s.hurt_until,
        not bot_hazards.in_sight(world, ship, s),
        sim.distance(ship.x, ship.y, s.x, s.y)))


def _clear_shot(world: sim.World, ship: sim.Ship, dx: float, dy: float,
                flight_s: float) -> bool:
    """Whether a bullet fired at (dx, dy) px from ``ship``, getting there in ``flight_s``,
    passes clear of every asteroid, each where it will be as the bullet goes by."""
    if not bot_hazards.open_line(world, ship, dx, dy):  # a wall or the sun in the way
        return False
    bullet_vx, bullet_vy = dx / max(flight_s, sim.DT), dy / max(flight_s, sim.DT)
    for rock in world.asteroids.values():
        px, py, vx, vy = relative(ship, rock)
        cx, cy = closest_approach(px, py, vx - bullet_vx, vy - bullet_vy, flight_s)
        if math.hypot(cx, cy) < rock.r + sim.BULLET_RADIUS:
            return False
    return True


def _dodge(world: sim.World, ship: sim.Ship
           ) -> tuple[float | None, tuple[str, ...] | None]:
    """The heading (None: any) and thrust that take the ship off the course of the
    asteroid it would meet soonest, within ``AVOID_HORIZON``; (None, None) if no rock is
    on a collision course. The ship moves away from where the rock would pass nearest: along
    its nose, forward or backward, when that is within ``DODGE_CONE`` of the way out (it
    keeps its aim then), else it turns the shorter way first."""
    soonest, away = AVOID_HORIZON, None
    for rock in world.asteroids.values():
        px, py, vx, vy = relative(ship, rock)
        when = contact_s(px, py, vx, vy, sim.SHIP_RADIUS + rock.r + AVOID_MARGIN)
        if when is not None and when < soonest:
            cx, cy = closest_approach(px, py, vx, vy, AVOID_HORIZON)
            if math.hypot(cx, cy) < 1.0:  # dead centre: away from where it is now
                cx, cy = px, py
            soonest, away = when, math.degrees(math.atan2(-cx, -cy))
    if away is None:
        return None, None
    off = abs(turn_deg(ship.angle, away))
    thrust = ("up",) if off <= 90.0 else ("down",)
    if min(off, 180.0 - off) < DODGE_CONE:
        return None, thrust
    return (away if off <= 90.0 else (away + 180.0) % 360.0), ()


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
