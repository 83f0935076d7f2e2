"""What each arena costs the shipped server, and how bots fare in it.

    .venv/bin/python bench/arenas.py [--seconds S] [--rounds R] [--seeds N]

CPU: ``python -m starlane --server --max-players 32 --arena A`` (as bench/game_load.py's
row, on the shipped defaults otherwise) in its own process, pinned to one core where the
machine allows, its CPU read from /proc while 8 players (real NetSessions on loopback, this
process) press random keys for S seconds; R samples per arena, the arenas interleaved
(this machine's speed drifts), medians. The field is today's figure; the others are
beside it.

Step: the pure ``sim.step`` of 8 ships circling and firing all they may (no net, no
bots), timed in this process by its CPU time (not the clock's), the mean over 1,800
ticks, the least of 3 interleaved runs per arena: the arena's own cost, with less of a
shared machine's noise.

Bots (the pure core on fake time, as the shipped server runs each tick): 4 normal bots
fight one minute of game time per seed in each arena: kills per bot-minute, and the
deaths nobody scored (the sun's burns: the sun and walls arenas have no asteroids, and
bots steer clear of the field's); then round 1 on the shipped match defaults (first to
10 kills), its length in game seconds: median and range over the seeds.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import game_load  # noqa: E402
from bench.procs import ALL_CPUS, CLIENT_CPU, ServerProcess, cpu_while  # noqa: E402
from bench.procs import PINNABLE as PINNED  # noqa: E402
from starlane.game.core import sim  # noqa: E402
from starlane.game.core.match import ARENAS, MatchConfig  # noqa: E402
from starlane.game.server.game_server import GameServer  # noqa: E402
from starlane.net import ServerConfig  # noqa: E402

PLAYERS = 8
BOTS = 4


def server_cpu(arena: str, seconds: float, seed: int) -> float:
    """Fraction of a core the server uses in ``arena`` while 8 players press keys."""
    server = ServerProcess("game", "--max-players", "32", "--arena", arena, pinned=True)
    sessions = []
    try:
        sessions = game_load.join(server.address, PLAYERS)
        game_load.pump_all(sessions, 1.0)  # past the joins' keyframes
        return cpu_while(server, lambda: game_load.pump_all(sessions, seconds,
                                                            random.Random(seed)))[1]
    finally:
        for session in sessions:
            session.close()
        server.stop()


def cpu_rows(seconds: float, rounds: int) -> None:
    if PINNED:
        os.sched_setaffinity(0, {CLIENT_CPU})
    figures: dict[str, list[float]] = {arena: [] for arena in ARENAS}
    try:
        for n in range(rounds):
            for arena in ARENAS:
                figures[arena].append(server_cpu(arena, seconds, n + 1))
    finally:
        if PINNED:
            os.sched_setaffinity(0, ALL_CPUS)
    print(f"server CPU, {PLAYERS} players pressing keys, fraction of a core (median of "
          f"{rounds} x {seconds:g} s; --max-players 32; server pinned: {PINNED})")
    field = statistics.median(figures["field"])
    for arena, samples in figures.items():
        median = statistics.median(samples)
        print(f"  {arena:6} {median:6.1%}  ({median - field:+.1%} on the field)   "
              f"samples: {', '.join(f'{s:.1%}' for s in samples)}")


def step_us(arena: str, ticks: int = 1800) -> float:
    """Mean microseconds of one ``sim.step`` with 8 ships circling and firing in ``arena``."""
    world = sim.new_world(1, arena)
    ships = [sim.add_ship(world, f"P{n}") for n in range(PLAYERS)]
    for ship in ships:
        ship.keys = {"up", "left" if ship.pid % 2 else "right"}
    spent = 0.0
    for _ in range(ticks):
        for ship in ships:
            if sim.can_fire(world, ship) is None:
                sim.apply_input(ship, "KEYDOWN", "fire")
        started = time.process_time()
        sim.step(world)
        spent += time.process_time() - started
        for ship in ships:
            ship.keys = {"up", "left" if ship.pid % 2 else "right"}  # again, after a death
    return spent / ticks * 1e6


def step_rows(repeats: int = 3) -> None:
    samples: dict[str, list[float]] = {arena: [] for arena in ARENAS}
    for _ in range(repeats):  # interleaved; the least is the one least disturbed
        for arena in ARENAS:
            samples[arena].append(step_us(arena))
    costs = {arena: min(times) for arena, times in samples.items()}
    print(f"sim.step, {PLAYERS} ships circling and firing, mean per tick (least of "
          f"{repeats}): " + "; ".join(
        f"{arena} {us:.0f} us ({us / costs['field']:.2f} x field)"
        for arena, us in costs.items()))


def bot_game(arena: str, seed: int, kills_to_win: int = 1000) -> GameServer:
    """A game server (no net) with 4 normal bots in ``arena``, round 1 begun."""
    return GameServer(ServerConfig(), seed=seed, bots=BOTS, skill="normal",
                      match=MatchConfig(kills_to_win=kills_to_win, arena=arena))


def bot_minute(arena: str, seed: int) -> tuple[int, int]:
    """(kills, deaths) of 4 normal bots after a minute of game time in ``arena``."""
    game = bot_game(arena, seed)
    for _ in range(60 * sim.TICK_RATE):
        game.on_tick(game.world.tick * sim.DT)
    ships = game.world.ships.values()
    return sum(s.score for s in ships), sum(s.deaths for s in ships)


def round_seconds(arena: str, seed: int) -> float:
    """Game seconds of round 1 with 4 normal bots in ``arena`` on the shipped match
    defaults (10 kills, 5 minutes)."""
    game = bot_game(arena, seed, MatchConfig().kills_to_win)
    start = game.world.tick
    while game.match.phase == "playing":
        game.on_tick(game.world.tick * sim.DT)
    return (game.world.tick - start) * sim.DT


def bot_rows(seeds: int) -> None:
    print(f"{BOTS} normal bots, 1 minute of game time x {seeds} seeds per arena")
    for arena in ARENAS:
        results = [bot_minute(arena, seed) for seed in range(1, seeds + 1)]
        kills, deaths = sum(k for k, _ in results), sum(d for _, d in results)
        minutes = BOTS * seeds
        lengths = [round_seconds(arena, seed) for seed in range(1, seeds + 1)]
        print(f"  {arena:6} kills per bot-minute {kills / minutes:5.2f}   deaths nobody "
              f"scored: {deaths - kills} in {minutes} bot-minutes   round (10 kills): median "
              f"{statistics.median(lengths):.0f} s ({min(lengths):.0f}-{max(lengths):.0f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per CPU sample")
    parser.add_argument("--rounds", type=int, default=3, help="CPU samples per arena")
    parser.add_argument("--seeds", type=int, default=10, help="bot minutes per arena")
    args = parser.parse_args()
    cpu_rows(args.seconds, args.rounds)
    step_rows()
    bot_rows(args.seeds)


if __name__ == "__main__":
    main()
