"""The game server's CPU with 8 players, per choice of match: mode, arena, power-ups.

    .venv/bin/python bench/match_load.py [--seconds S] [--rounds R] [--row FLAGS]...

``python -m starlane --server --max-players 32`` (as ``bench/game_load.py``'s CPU row:
shipped defaults otherwise) plus each row's flags, in its own process pinned to one core;
8 players (real NetSessions on loopback, this process on the other core) press keys at
random, as in ``bench/game_load.py``. Each row is measured R times, the rows interleaved
(this machine's speed drifts over a minute); the median and the samples are printed.
Default rows: the shipped defaults (power-ups on, free-for-all, the asteroid field) and
``--no-powerups`` (today's game before power-ups). More with ``--row``, e.g.
``--row="--arena sun"`` or ``--row="--mode tdm --arena walls"`` (one argument a row: with
``=`` and quoted, so that flags are not taken for this script's own).
"""

from __future__ import annotations

import argparse
import random
import shlex
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import game_load  # noqa: E402
from bench.procs import PINNABLE, ServerProcess, clients_pinned, cpu_while  # noqa: E402

PLAYERS = 8
DEFAULT_ROWS = ("", "--no-powerups")


def server_cpu(flags: str, seconds: float, seed: int) -> float:
    """Fraction of a core the server with ``flags`` uses over ``seconds`` while
    ``PLAYERS`` players press keys (chosen by a generator seeded with ``seed``)."""
    server = ServerProcess("game", "--max-players", "32", *shlex.split(flags), pinned=True)
    sessions = []
    try:
        sessions = game_load.join(server.address, PLAYERS)
        game_load.pump_all(sessions, 1.0)  # past the joins' keyframes
        return cpu_while(server, lambda: game_load.pump_all(
            sessions, seconds, random.Random(seed)))[1]
    finally:
        for session in sessions:
            session.close()
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per sample")
    parser.add_argument("--rounds", type=int, default=3, help="samples per row")
    parser.add_argument("--row", action="append", default=None, metavar="FLAGS",
                        help="the server's flags for one row (repeat for more rows)")
    args = parser.parse_args()
    rows = tuple(args.row) if args.row else DEFAULT_ROWS
    figures: dict[str, list[float]] = {flags: [] for flags in rows}
    with clients_pinned():
        for n in range(args.rounds):
            for flags in rows:
                figures[flags].append(server_cpu(flags, args.seconds, n))
    print(f"server CPU with {PLAYERS} players pressing keys, fraction of a core (median of "
          f"{args.rounds} x {args.seconds:g} s; --max-players 32; pinned: {PINNABLE})")
    for flags, samples in figures.items():
        print(f"  {flags or 'shipped defaults':40} {statistics.median(samples):6.1%}   "
              f"samples: {', '.join(f'{s:.1%}' for s in samples)}")


if __name__ == "__main__":
    main()
