"""Run every benchmark side by side in one run and print (and optionally record) a table.

    bench/run.sh            installs the peers (neteria, pygase) into .venv, then runs this
    bench/run.sh --readme   also writes the table into README.md
    bench/run.py --quick    every part for a second or so (~1 min): checks the scripts run;
                            its figures are not measurements, and README.md is left alone

Our rows run what users run: ``python -m starlane --server`` with its defaults (a row that
changes a flag names it). Servers run in their own processes on 127.0.0.1; their CPU, memory
and socket drops are read from /proc. This machine is shared and noisy: compare ratios
taken in the same run, not absolute figures. Each part also runs alone: ``bench/
throughput.py``, ``aio.py``, ``flood.py``, ``amplification.py``, ``soak.py``, ``worlds.py``,
``state_bytes.py``, ``interest.py``, ``seen.py`` (see their docstrings).
"""

from __future__ import annotations

import argparse
import functools
import re
import statistics
import sys
import time
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench import (  # noqa: E402
    aio,
    amplification,
    flood,
    game_load,
    interest,
    load,
    seen,
    soak,
    state_bytes,
    throughput,
    worlds,
)
from bench.procs import GAME, Row, measure, table  # noqa: E402


class Plan(NamedTuple):
    """How long each part runs, in seconds unless named otherwise."""
    rtt_rounds: int = 3
    rtt_count: int = 2000  # round trips per server and round
    throughput: float = 5.0
    throughput_rounds: int = 3
    clients: int = 32  # throughput's client mix
    flood: float = 5.0
    flood_rate: float = 25000.0  # datagrams/s
    amplification: float = 6.0
    soak: float = 60.0
    game: float = 5.0  # per CPU sample of the game server under 8 and 32 players
    world: float = 5.0
    world_warm_up: float = 2.0
    in_process: float = 10.0  # simulated: state bytes and interest
    seen: float = 40.0  # per profile: what another player sees (one run each)


FULL = Plan()
QUICK = Plan(rtt_rounds=1, rtt_count=100, throughput=0.5, throughput_rounds=1, clients=4,
             flood=0.5, flood_rate=2000.0, amplification=1.0, soak=3.0, game=0.5, world=0.5,
             world_warm_up=0.5, in_process=0.5, seen=3.0)


def round_trip_rows(plan: Plan) -> list[Row]:
    """Round trips swing with where the scheduler puts things: interleaved rounds (3 in a
    full run), medians; servers pinned to one core, the client to the other."""
    rounds: dict[str, list[tuple[float, float]]] = {}
    for _ in range(plan.rtt_rounds):
        for name, kind, what in (
                ("echo", "echo", load.echo_rtt), ("bare", "bare", load.bare_rtt),
                ("ours", "game", load.event_rtt), ("neteria", "neteria", load.event_rtt),
                ("sleep", "game", functools.partial(load.event_rtt, poll=0.0))):
            result, cpu = measure(kind, functools.partial(what, count=plan.rtt_count),
                                  pinned=True)
            rounds.setdefault(name, []).append((result["p50_us"], cpu))
    echo, bare, ours_rtt, neteria_rtt, sleep_rtt = (
        statistics.median(p50 for p50, _ in rounds[name])
        for name in ("echo", "bare", "ours", "neteria", "sleep"))
    rtt_cpu = {name: statistics.median(cpu for _, cpu in rounds[name]) for name in rounds}
    return [
        ("raw UDP echo RTT p50 (floor)", f"{echo:.0f} us", "",
         "rounds: " + ", ".join(f"{p50:.0f}" for p50, _ in rounds["echo"])),
        ("  bare JSON EVENT -> LEGAL, no protocol at either end", f"{bare:.0f} us", "",
         f"{bare / echo:.2f}x floor"),
        (f"EVENT -> verdict RTT p50, {GAME} (defaults: busy-polls while it pays)",
         f"{ours_rtt:.0f} us", f"{neteria_rtt:.0f} us",
         f"ours = {ours_rtt / echo:.2f}x floor, "
         f"{neteria_rtt / ours_rtt:.1f}x faster than neteria"),
        ("  the same, the client never polling (client poll=0)", f"{sleep_rtt:.0f} us", "",
         f"{sleep_rtt / echo:.2f}x floor"),
        ("  server CPU during those round trips (client polling / not)",
         f"{rtt_cpu['ours']:.0%} / {rtt_cpu['sleep']:.0%} of a core",
         f"{rtt_cpu['neteria']:.0%} of a core", f"echo server: {rtt_cpu['echo']:.0%}"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--readme", action="store_true", help="write the table into README.md")
    mode.add_argument("--quick", action="store_true",
                      help="every part for about a second: a smoke run, not a measurement")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    rows = round_trip_rows(plan)
    rows += throughput.rows(plan.throughput, plan.throughput_rounds, plan.clients)
    rows += aio.rows(plan.rtt_rounds, plan.rtt_count, plan.throughput, plan.clients)
    rows += flood.rows(plan.flood, plan.flood_rate)
    rows += amplification.rows(plan.amplification)
    rows += soak.rows(plan.soak)
    rows += game_load.rows(plan.game)
    rows += worlds.rows(plan.world, plan.world_warm_up)
    rows += state_bytes.rows(plan.in_process)
    rows += interest.rows(plan.in_process)
    rows += seen.rows(plan.seen)
    text = table(rows)
    print(text, flush=True)
    if args.readme:
        readme = ROOT / "README.md"
        stamp = time.strftime("%Y-%m-%d")
        block = (f"<!-- bench:start -->\nMeasured {stamp} with `bench/run.sh --readme` on this "
                 f"2-core machine (loopback, servers in their own processes; peers: "
                 f"neteria 1.0.2, pygase 0.3.1):\n\n{text}\n"
                 f"<!-- bench:end -->")
        content = readme.read_text()
        readme.write_text(re.sub(r"<!-- bench:start -->.*<!-- bench:end -->", block, content,
                                 flags=re.S))


if __name__ == "__main__":
    main()
