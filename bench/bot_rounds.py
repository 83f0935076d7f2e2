"""Rounds of bots against one scripted human, simulated on the pure core (no net, no clock).

The loop is the game server's tick without the network: every bot's key events and the
human's are judged by ``Rules`` as the server judges them, then ``Match.step`` runs the
world and the round. A round is seeded (``sim.new_world(seed)``), so it replays exactly.

Humans: ``idle`` presses nothing; ``average`` turns toward the nearest other ship (where
it is now: no lead, no reaction delay) and fires whenever its nose is within
``AVERAGE_AIM_DEG`` of it and its weapon is ready.

Used by bench/bots.py (kills per minute, time to the first death after a spawn) and by
tests/test_fair_spawns.py (no death soon after a spawn, nobody spawns close to a ship).

Run by itself, it times rounds of bots alone in each mode (the host's defaults otherwise:
10 kills to win, 5 min, 3 lives in lms), one round per seed, median and range:

    .venv/bin/python bench/bot_rounds.py [--mode ffa|tdm|lms|all] [--bots 4]
                                         [--skill normal] [--arena field] [--seeds 15]
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from starlane.game.core import sim
from starlane.game.core.bots import SKILLS, BotCrew
from starlane.game.core.match import ARENAS, MODES, Match, MatchConfig
from starlane.game.core.rules import Rules

AVERAGE_AIM_DEG = 8.0  # how close to its target the scripted human's nose must be to fire
Human = Callable[[sim.World, sim.Ship], list[dict[str, str]]]


def idle(_world: sim.World, _ship: sim.Ship) -> list[dict[str, str]]:
    """A human who presses nothing."""
    return []


def average(world: sim.World, ship: sim.Ship) -> list[dict[str, str]]:
    """A human who turns toward the nearest other ship and fires when lined up on it."""
    others = [s for s in world.ships.values() if s.alive and s.pid != ship.pid]
    if not ship.alive or not others:
        return [{"KEYUP": key} for key in sorted(ship.keys - {"fire"})]
    near = min(others, key=lambda s: sim.distance(ship.x, ship.y, s.x, s.y))
    heading = math.degrees(math.atan2(sim.wrapped_delta(ship.x, near.x, sim.WIDTH),
                                      sim.wrapped_delta(ship.y, near.y, sim.HEIGHT)))
    off = (heading - ship.angle + 180.0) % 360.0 - 180.0
    turn = "right" if off > 0 else "left"
    events = [{"KEYUP": key} for key in sorted(ship.keys & {"left", "right"} - {turn})]
    if turn not in ship.keys:
        events.append({"KEYDOWN": turn})
    if abs(off) < AVERAGE_AIM_DEG and sim.can_fire(world, ship) is None:
        events.append({"KEYDOWN": "fire"})
    return events


HUMANS: dict[str, Human] = {"idle": idle, "average": average}


@dataclass
class RoundLog:
    """What one round showed: ``spawns`` (pid, tick, px to the nearest other live ship),
    ``deaths`` (pid, tick), ``kills`` by pid, the ``human``'s pid and the round's
    length in ``ticks``."""

    human: int
    spawns: list[tuple[int, int, float]] = field(default_factory=list)
    deaths: list[tuple[int, int]] = field(default_factory=list)
    kills: dict[int, int] = field(default_factory=dict)
    ticks: int = 0

    def first_deaths(self, pid: int | None = None) -> list[float]:
        """Seconds from each spawn (of ``pid``; None: anyone's) to that ship's next death,
        for the spawns followed by a death within the round."""
        times = []
        for who, tick, _ in self.spawns:
            if pid is None or who == pid:
                later = [t for p, t in self.deaths if p == who and t > tick]
                if later:
                    times.append((min(later) - tick) * sim.DT)
        return times


def _nearest(world: sim.World, ship: sim.Ship) -> float:
    return min((sim.distance(ship.x, ship.y, s.x, s.y) for s in world.ships.values()
                if s.alive and s.pid != ship.pid), default=math.inf)


def play_round(seed: int, skill: str, bots: int, human: str, seconds: float) -> RoundLog:
    """Round 1 of a world of ``seed``: one ``human`` (a name in ``HUMANS``) and ``bots``
    bots of ``skill``, for ``seconds`` of game time or until someone wins it."""
    world = sim.new_world(seed)
    match = Match(MatchConfig(kills_to_win=1000, time_limit_s=max(seconds, 60.0)))
    match.begin(world)
    rules = Rules(world, match)
    crew = BotCrew(bots, SKILLS[skill], seats=bots + 1)
    for ship in crew.fill(world, humans=1)[0]:
        match.join(world, ship)
    player = sim.add_ship(world, "Human")
    match.join(world, player)
    log = RoundLog(player.pid)
    log.spawns = [(s.pid, world.tick, _nearest(world, s)) for s in world.ships.values()]
    policy = HUMANS[human]
    for _ in range(round(seconds * sim.TICK_RATE)):
        deaths = {s.pid: s.deaths for s in world.ships.values()}
        for happened in _tick(world, rules, [*crew.plans(world),
                                             (player.pid, policy(world, player))]):
            if happened["kind"] == "respawn":
                ship = world.ships[int(happened["pid"])]  # type: ignore[call-overload]
                log.spawns.append((ship.pid, world.tick, _nearest(world, ship)))
        log.deaths += [(s.pid, world.tick) for s in world.ships.values()
                       if s.deaths > deaths[s.pid]]
        if match.phase != "playing":
            break
    log.kills = {s.pid: s.score for s in world.ships.values()}
    log.ticks = world.tick
    return log


def _tick(world: sim.World, rules: Rules,
          plans: list[tuple[int, list[dict[str, str]]]]) -> list[dict[str, object]]:
    """One server tick without the network: every pilot's key events judged and applied
    as the server does, then the world and the round stepped; returns what happened."""
    for pid, events in plans:
        for event in events:
            if rules.judge(pid, event).legal:
                rules.execute(pid, event)
    rules.apply_queued()
    return rules.match.step(world)


def round_length(seed: int, mode: str, bots: int = 4, skill: str = "normal",
                 arena: str = "field") -> float:
    """Game seconds round 1 of ``bots`` bots of ``skill`` alone lasts in ``mode`` on
    ``arena`` (the host's defaults otherwise: ``MatchConfig()``)."""
    world = sim.new_world(seed, arena)
    match = Match(MatchConfig(mode=mode, arena=arena))
    match.begin(world)
    rules = Rules(world, match)
    crew = BotCrew(bots, SKILLS[skill], seats=bots)
    for ship in crew.fill(world, humans=0)[0]:
        match.join(world, ship)
    match.balance(world)
    while match.phase == "playing":
        _tick(world, rules, crew.plans(world))
    return world.tick * sim.DT


def main() -> None:
    parser = argparse.ArgumentParser(description="round length of bots alone, per mode")
    parser.add_argument("--mode", choices=(*MODES, "all"), default="all")
    parser.add_argument("--bots", type=int, default=4)
    parser.add_argument("--skill", choices=sorted(SKILLS), default="normal")
    parser.add_argument("--arena", choices=ARENAS, default="field")
    parser.add_argument("--seeds", type=int, default=15, help="rounds timed (seeds 1-N)")
    args = parser.parse_args()
    for mode in MODES if args.mode == "all" else (args.mode,):
        started = time.perf_counter()
        lengths = [round_length(seed, mode, args.bots, args.skill, args.arena)
                   for seed in range(1, args.seeds + 1)]
        print(f"round length, {mode}, {args.bots} {args.skill} bots on {args.arena}, "
              f"{args.seeds} seeds: median {statistics.median(lengths):.1f} s of game time "
              f"(range {min(lengths):.1f}-{max(lengths):.1f} s; simulated in "
              f"{time.perf_counter() - started:.1f} s)")


def summary(logs: list[RoundLog]) -> dict[str, float]:
    """Over ``logs``: bots' and the human's kills per minute (per pilot), and the human's
    seconds from a spawn to its first death (median, min; nan when it never died)."""
    minutes = sum(log.ticks for log in logs) * sim.DT / 60
    bots = sum(len(log.kills) - 1 for log in logs) / len(logs)
    bot_kills = sum(sum(log.kills.values()) - log.kills[log.human] for log in logs)
    first = [t for log in logs for t in log.first_deaths(log.human)]
    return {"bot_kpm": bot_kills / minutes / bots,
            "human_kpm": sum(log.kills[log.human] for log in logs) / minutes,
            "death_median_s": statistics.median(first) if first else math.nan,
            "death_min_s": min(first, default=math.nan)}


if __name__ == "__main__":
    main()
