"""Rounds: the win condition, the results pause, the next round, and where ships (re)spawn.

Pure like ``sim`` (no arcade, no clock): time is the world's tick. The server calls
``Match.step(world)`` instead of ``sim.step(world)``; clients only read the ``match``
object it publishes (see ``game.netstate``).

A round is won by the first pilot to ``kills_to_win`` kills, or at the time limit by the
most kills (a tie is shared; no kills at all is a draw); ``game.modes`` says how teams
(``tdm``) and lives (``lms``) change that. Then every ship leaves play for
``RESULTS_TICKS`` while the standings show, and the next round starts by itself: scores
reset, the asteroids take a new layout (random from the world's seed and the round), and
everyone respawns at spread-out points away from each other and the asteroids.

Spawns are fair: a ship (re)enters at the point of the arena farthest from every other
ship and live bullet, at least ``SAFE_DISTANCE`` from the nearest ship wherever the arena
has such a point, and clear of the asteroids' paths while its spawn shield lasts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from . import arenas, modes, powerups, sim

RESULTS_TICKS = 8 * sim.TICK_RATE
MIN_TIME_LIMIT_S = 60.0  # the --time-limit floor: shorter rounds end before anyone scores
SPAWN_GRID = 24  # candidate spawn points per row; rows follow the arena's aspect
SPAWN_MARGIN = 80.0  # px kept clear of the arena's edges
SAFE_DISTANCE = 350.0  # px: a spawn is at least this far from the nearest ship if it can be
ROCK_CLEARANCE = sim.SHIP_RADIUS + sim.ASTEROID_SPEED * sim.SPAWN_SHIELD_TICKS * sim.DT
"""px between a spawn point and an asteroid's edge: the hull, and as far as an asteroid
flies while the spawn shield lasts."""

Phase = Literal["playing", "results"]
MODES = ("ffa", "tdm", "lms")
"""Free-for-all, team deathmatch (two teams), last pilot standing (``lives`` each)."""
ARENAS = ("field", "sun", "walls")
"""The asteroid field; a sun whose gravity bends ships and bullets; walls that slide,
give cover and stop bullets (see ``arenas``)."""
MAX_LIVES = 99


@dataclass(frozen=True)
class MatchConfig:
    """What the host chooses: kills to win a round and its time limit in seconds; the
    ``mode`` (one of ``MODES``), each pilot's ``lives`` in ``lms``, the ``arena`` (one of
    ``ARENAS``) and whether ``powerups`` appear."""

    kills_to_win: int = 10
    time_limit_s: float = 5 * 60.0
    mode: str = "ffa"
    lives: int = 3
    arena: str = "field"
    powerups: bool = True

    def __post_init__(self) -> None:
        if self.kills_to_win < 1:
            raise ValueError(f"kills to win must be at least 1, not {self.kills_to_win}")
        if self.time_limit_s < MIN_TIME_LIMIT_S:
            raise ValueError(f"the time limit must be at least {MIN_TIME_LIMIT_S:g} s")
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}: one of {', '.join(MODES)}")
        if self.arena not in ARENAS:
            raise ValueError(f"unknown arena {self.arena!r}: one of {', '.join(ARENAS)}")
        if not 1 <= self.lives <= MAX_LIVES:
            raise ValueError(f"lives must be between 1 and {MAX_LIVES}, not {self.lives}")


@dataclass
class Match:
    config: MatchConfig = field(default_factory=MatchConfig)
    round: int = 1
    phase: Phase = "playing"
    phase_ends: int = 0  # the tick the current phase ends
    winners: list[int] = field(default_factory=list)  # pids; set when a round ends
    team_scores: list[int] = field(default_factory=lambda: [0] * modes.TEAMS)  # tdm kills

    @property
    def time_limit_ticks(self) -> int:
        return round(self.config.time_limit_s * sim.TICK_RATE)

    def begin(self, world: sim.World) -> None:
        """Start round 1 at the world's current tick, in the configured mode."""
        world.mode = self.config.mode
        self.phase_ends = world.tick + self.time_limit_ticks

    def ends_in(self, world: sim.World) -> int:
        """Whole seconds (rounded up) until the current phase ends."""
        return max(0, math.ceil((self.phase_ends - world.tick) / sim.TICK_RATE))

    def step(self, world: sim.World) -> list[dict[str, Any]]:
        """One tick of the world and the round: what happened, with round notices added
        (``round_over`` with ``winners`` names, ``round_start`` with ``round``)."""
        before = modes.tally(world)
        happened = sim.step(world)
        if self.phase == "results":
            if world.tick >= self.phase_ends:
                happened.append(self._start_round(world))
            return happened
        modes.settle(world, before, self.team_scores, self.phase_ends)
        for event in happened:
            if event["kind"] == "respawn":
                ship = world.ships[int(event["pid"])]  # type: ignore[call-overload]
                self.place(world, ship)
        if self.config.powerups:
            happened += powerups.step(world, lambda: spawn_candidates(world.arena))
        if self._won(world) or world.tick >= self.phase_ends:
            happened.append(self._end_round(world))
        return happened

    def join(self, world: sim.World, ship: sim.Ship) -> None:
        """A ship new to the match: its team and lives (``modes.enlist``), then ``place``."""
        modes.enlist(world, ship, self.config.lives)
        self.place(world, ship)

    def balance(self, world: sim.World) -> None:
        """After seats changed hands: even teams (``modes.balance``)."""
        modes.balance(world)

    def place(self, world: sim.World, ship: sim.Ship) -> None:
        """A ship (re)entering: into play at once at a safe point; during the results, or
        out of lives, out of play until the next round starts."""
        if self.phase == "playing" and modes.out_of_lives(world, ship):
            _out_of_play(ship, self.phase_ends + 1)
        elif self.phase == "playing":
            sim.respawn(world, ship, *safe_point(world, ship.pid))
        else:
            _out_of_play(ship, self.phase_ends)

    def accepts_input(self) -> str | None:
        """Why key presses are refused now, or None."""
        return "round over: the next round starts soon" if self.phase == "results" else None

    def _won(self, world: sim.World) -> bool:
        return modes.won(world, self.config.kills_to_win, self.team_scores)

    def _end_round(self, world: sim.World) -> dict[str, Any]:
        ships = sorted(world.ships.values(), key=lambda s: modes.standing(world, s))
        won = set(modes.winners(world, self.team_scores))
        self.winners = [s.pid for s in ships if s.pid in won]
        self.phase, self.phase_ends = "results", world.tick + RESULTS_TICKS
        world.bullets.clear()
        powerups.clear(world)
        for ship in ships:
            _out_of_play(ship, self.phase_ends)
        over: dict[str, Any] = {"kind": "round_over", "round": self.round,
                                "winners": [world.ships[pid].name for pid in self.winners]}
        if (team := modes.winning_team(world, self.winners)) is not None:
            over["team"] = team
        return over

    def _start_round(self, world: sim.World) -> dict[str, Any]:
        self.round += 1
        self.phase, self.phase_ends = "playing", world.tick + self.time_limit_ticks
        self.winners = []
        world.bullets.clear()
        sim.scatter_asteroids(world, self.round)
        modes.new_round(world, self.config.lives, self.team_scores)
        points = spread_points(world, len(world.ships))
        for ship, (x, y) in zip(world.ships.values(), points, strict=True):
            ship.score = ship.deaths = 0
            sim.respawn(world, ship, x, y)
        return {"kind": "round_start", "round": self.round}


def _out_of_play(ship: sim.Ship, until: int) -> None:
    ship.alive, ship.respawn_tick = False, until
    ship.keys.clear()
    ship.fire_queued = False


@cache
def spawn_candidates(arena: str = "field") -> tuple[tuple[float, float], ...]:
    """A grid of points over the arena, away from its edges (px), and from its sun and
    walls (``arenas.open_space``)."""
    rows = max(2, round(SPAWN_GRID * sim.HEIGHT / sim.WIDTH))
    width, height = sim.WIDTH - 2 * SPAWN_MARGIN, sim.HEIGHT - 2 * SPAWN_MARGIN
    grid = [(SPAWN_MARGIN + width * (i + 0.5) / SPAWN_GRID,
             SPAWN_MARGIN + height * (j + 0.5) / rows)
            for j in range(rows) for i in range(SPAWN_GRID)]
    return tuple(p for p in grid if arenas.open_space(arena, *p, sim.SHIP_RADIUS))


def _spawn_merit(world: sim.World, point: tuple[float, float],
                 others: list[tuple[float, float]]) -> tuple[bool, bool, float]:
    """How good a spawn ``point`` is, best highest: whether the nearest of ``others``
    (ships) is ``SAFE_DISTANCE`` away; whether it is clear of the asteroids; then its
    distance (px) to the nearest of the ships and the live bullets."""
    x, y = point
    ship = min((sim.distance(x, y, ox, oy) for ox, oy in others), default=math.inf)
    bullet = min((sim.distance(x, y, b.x, b.y) for b in world.bullets.values()),
                 default=math.inf)
    clear = all(sim.distance(x, y, a.x, a.y) > a.r + ROCK_CLEARANCE
                for a in world.asteroids.values())
    return ship >= SAFE_DISTANCE, clear, min(ship, bullet)


def safe_point(world: sim.World, pid: int) -> tuple[float, float]:
    """Where ship ``pid`` (re)spawns: the candidate point farthest from every other live
    ship and live bullet (see ``_spawn_merit``)."""
    others = [(s.x, s.y) for s in world.ships.values() if s.alive and s.pid != pid]
    return max(spawn_candidates(world.arena), key=lambda p: _spawn_merit(world, p, others))


def spread_points(world: sim.World, count: int) -> list[tuple[float, float]]:
    """``count`` points chosen one by one, each the farthest from the points already
    chosen (and clear of asteroids): everyone starts a round apart."""
    chosen: list[tuple[float, float]] = []
    candidates = spawn_candidates(world.arena)
    for _ in range(count):
        chosen.append(max(candidates, key=lambda p: _spawn_merit(world, p, chosen)))
    return chosen
