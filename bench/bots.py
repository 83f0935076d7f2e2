"""What bots cost the shipped server, and how long a round with bots lasts.

    .venv/bin/python bench/bots.py [--seconds S] [--rounds R] [--seeds N]
                                   [--feel-rounds F] [--feel-seconds T] [--feel-bots B]
                                   [--no-cpu]

CPU: ``python -m starlane --server`` (shipped defaults, but ``--max-players 64`` so that bots
and players fit together; run.py's game rows use the same) in its own process, its CPU
read from /proc while this process keeps N idle players (real NetSessions on loopback,
pumping, pressing nothing) connected. Rows, each measured R times interleaved, medians:
an empty server; 8 idle players; ``--bots 8`` (normal skill) alone; ``--bots 8`` with the
8 idle players watching. The goal: 8 bots cost at most 10% of a core more than 8 idle
players. No peer has bots, so there is no peer column.

Round time: the game server in-process on fake time (the same code the shipped server
runs each tick) with ``--bots 3 --bot-skill hard --kills 5``, one round per seed; game
seconds until the results, median and range.

Feel (bench/bot_rounds.py: the pure core, seeded, no net): for each skill, B bots against
an idle human and against a scripted "average" human (turns toward the nearest ship,
fires when lined up), F rounds of T s of game time: kills per minute (per bot, and the
human's), their ratio (the goal: easy clearly below 1, normal within about 25 % of 1, hard
clearly above), and the human's time from a spawn to its first death (median, min). Then the
fairness goal of issue 21: F rounds of 3 normal bots and an idle human, every spawn's
nearest ship (at least 350 px) and the soonest death after a spawn (more than 3 s).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import bot_rounds, game_load  # noqa: E402
from bench.procs import PINNABLE as PINNED  # noqa: E402
from bench.procs import ServerProcess, clients_pinned, cpu_while  # noqa: E402

GOAL = 0.10  # of a core: what 8 bots may cost over 8 idle players
ROWS = (("empty server", (), 0), ("8 idle players", (), 8),
        ("--bots 8, no players", ("--bots", "8"), 0),
        ("--bots 8 + 8 idle players", ("--bots", "8"), 8))


def server_cpu(extra: tuple[str, ...], players: int, seconds: float) -> float:
    """Fraction of a core the game server uses over ``seconds`` with ``players`` idle."""
    server = ServerProcess("game", "--max-players", "64", *extra, pinned=True)
    sessions = []
    try:
        sessions = game_load.join(server.address, players) if players else []
        game_load.pump_all(sessions, 1.0)  # past the joins' keyframes
        return cpu_while(server, lambda: game_load.pump_all(sessions, seconds))[1]
    finally:
        for session in sessions:
            session.close()
        server.stop()


def cpu_rows(seconds: float, rounds: int) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {label: [] for label, _, _ in ROWS}
    for _ in range(rounds):  # interleaved: this machine's speed drifts over a minute
        for label, extra, players in ROWS:
            figures[label].append(server_cpu(extra, players, seconds))
    return figures


def round_seconds(seed: int, kills: int = 5, bots: int = 3, skill: str = "hard",
                  limit_s: float = 600.0) -> float:
    """Game seconds from the start of round 1 to its results."""
    from starlane.game.core import sim
    from starlane.game.core.match import MatchConfig
    from starlane.game.server.game_server import GameServer
    from starlane.net import ServerConfig

    game = GameServer(ServerConfig(), seed=seed, bots=bots, skill=skill,
                      match=MatchConfig(kills_to_win=kills, time_limit_s=limit_s))
    start = game.world.tick
    while game.match.phase == "playing":
        game.on_tick(game.world.tick * sim.DT)
    return (game.world.tick - start) * sim.DT


def feel_rows(rounds: int, seconds: float, bots: int) -> None:
    print(f"bots against one human: {bots} bot(s), {rounds} rounds x {seconds:g} s of game "
          f"time per row (seeds 1-{rounds})")
    print(f"  {'skill':7} {'human':8} {'bot kills/min':>14} {'human kills/min':>16} "
          f"{'bot/human':>10}   human's first death after a spawn: median, min")
    for skill in ("easy", "normal", "hard"):
        for human in bot_rounds.HUMANS:
            logs = [bot_rounds.play_round(seed, skill, bots, human, seconds)
                    for seed in range(1, rounds + 1)]
            row = bot_rounds.summary(logs)
            ratio = f"{row['bot_kpm'] / row['human_kpm']:.2f}" if row["human_kpm"] else "-"
            print(f"  {skill:7} {human:8} {row['bot_kpm']:14.2f} {row['human_kpm']:16.2f} "
                  f"{ratio:>10}   {row['death_median_s']:.1f} s, {row['death_min_s']:.1f} s")


def fairness_row(rounds: int, seconds: float) -> None:
    logs = [bot_rounds.play_round(seed, "normal", 3, "idle", seconds)
            for seed in range(1, rounds + 1)]
    nearest = [near for log in logs for _, _, near in log.spawns]
    soonest = min((t for log in logs for t in log.first_deaths()), default=float("nan"))
    print(f"fair spawns, 3 normal bots + an idle human, {rounds} rounds x {seconds:g} s: "
          f"{len(nearest)} spawns; nearest ship at a spawn: min {min(nearest):.0f} px "
          f"(goal: at least 350), median {statistics.median(nearest):.0f} px; "
          f"soonest death after a spawn: {soonest:.1f} s (goal: more than 3 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per CPU sample")
    parser.add_argument("--rounds", type=int, default=3, help="samples per row")
    parser.add_argument("--seeds", type=int, default=15, help="rounds timed")
    parser.add_argument("--feel-rounds", type=int, default=50, help="rounds per feel row")
    parser.add_argument("--feel-seconds", type=float, default=60.0,
                        help="game seconds per feel round")
    parser.add_argument("--feel-bots", type=int, default=1, help="bots per feel round")
    parser.add_argument("--no-cpu", action="store_true", help="the feel rows only")
    args = parser.parse_args()
    if not args.no_cpu:
        cpu_and_round_rows(args)
    feel_rows(args.feel_rounds, args.feel_seconds, args.feel_bots)
    fairness_row(args.feel_rounds, args.feel_seconds)


def cpu_and_round_rows(args: argparse.Namespace) -> None:
    with clients_pinned():
        figures = cpu_rows(args.seconds, args.rounds)
    print(f"server CPU, fraction of a core (median of {args.rounds} x {args.seconds:g} s; "
          f"--max-players 64; server pinned to one core: {PINNED})")
    for label, samples in figures.items():
        print(f"  {label:28} {statistics.median(samples):6.1%}   "
              f"samples: {', '.join(f'{s:.1%}' for s in samples)}")
    extra = statistics.median(figures["--bots 8, no players"]) \
        - statistics.median(figures["8 idle players"])
    watched = statistics.median(figures["--bots 8 + 8 idle players"]) \
        - statistics.median(figures["8 idle players"])
    print(f"8 bots minus 8 idle players: {extra:+.1%} of a core "
          f"(goal: at most +{GOAL:.0%}: {'met' if extra <= GOAL else 'NOT met'}); "
          f"adding 8 bots to 8 idle players: {watched:+.1%}")
    started = time.perf_counter()
    lengths = [round_seconds(seed) for seed in range(1, args.seeds + 1)]
    print(f"round length, --bots 3 --bot-skill hard --kills 5, {args.seeds} seeds: "
          f"median {statistics.median(lengths):.1f} s of game time "
          f"(range {min(lengths):.1f}-{max(lengths):.1f} s; simulated in "
          f"{time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
