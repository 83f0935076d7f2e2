"""The asyncio adapter beside the thread endpoint: EVENT -> verdict RTT p50 and verdicts/s.

    tools/in-private-netns .venv/bin/python bench/aio.py [--rounds 3] [--count 2000]
        [--seconds 5] [--clients 32] [--in-flight 4]

Both servers run the same game: ``GameServer`` (the game's rules judging every event, the
simulation, the 30 Hz state push) with shipped defaults, in its own process on 127.0.0.1:
  thread    ``python -m starlane --server`` as shipped: ``net.udp``'s ``UdpEndpoint`` and
            ``serve()`` (busy-polls while it pays off, kernel receive timestamps)
  asyncio   ``bench/servers.py aio-game``: that same ``GameServer`` built as the CLI builds
            it, served by ``net.aio``'s ``AsyncServer`` instead (one timer, no polling)
RTT: one event at a time from our ``ClientProtocol`` on a ``UdpEndpoint`` (``bench/load.py``,
the game's own client) and from an ``AsyncClient`` (``await client.judged(...)``).
verdicts/s: ``bench/lean.py``'s sync-level clients on one IP, ``--in-flight`` events each,
both servers at ``--max-players`` = the client count (the row says so). Rounds interleave
the servers (this machine's speed drifts); figures are medians over rounds; for RTT the
server is pinned to one core and the client to the other, as ``bench/run.py`` does.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lean import throughput
from bench.load import PATIENT, event_rtt
from bench.procs import GAME, Row, measure, table
from bench.stats import p50_p95
from starlane.net import ClientProtocol
from starlane.net.aio import AsyncClient

# bench/procs.py kinds, and how each is told its max players
SERVERS = {"thread": ("game", lambda n: ("--max-players", str(n))),
           "asyncio": ("aio-game", lambda n: (str(n),))}


def aio_client_rtt(server: tuple[str, int], count: int = 2000) -> dict[str, float]:
    """EVENT -> verdict round trips from an ``AsyncClient``, one at a time: p50/p95 in
    microseconds. Bounded: 30 s at most."""
    async def run() -> list[float]:
        client = await AsyncClient.connect(ClientProtocol(server, name="aio", config=PATIENT),
                                           ("127.0.0.1", 0))
        samples = []
        try:
            await client.register()
            end = time.monotonic() + 30
            for n in range(count):
                if time.monotonic() > end:
                    break
                start = time.perf_counter()
                await client.judged({"KEYDOWN" if n % 2 == 0 else "KEYUP": "up"})
                samples.append(time.perf_counter() - start)
        finally:
            await client.close()
        return samples
    p50, p95 = p50_p95(asyncio.run(run()))
    return {"p50_us": p50 * 1e6, "p95_us": p95 * 1e6}


def rows(rounds: int = 3, count: int = 2000, seconds: float = 5.0, clients: int = 32,
         in_flight: int = 4) -> list[Row]:
    rtt_clients = {"UdpEndpoint client": event_rtt, "AsyncClient": aio_client_rtt}
    rtt: dict[tuple[str, str], list[float]] = {}
    rates: dict[str, list[dict[str, float]]] = {name: [] for name in SERVERS}
    cpu: dict[str, list[float]] = {name: [] for name in SERVERS}
    for _ in range(rounds):
        for name, (kind, max_players) in SERVERS.items():
            for client, how in rtt_clients.items():
                result, _ = measure(kind, functools.partial(how, count=count), pinned=True)
                rtt.setdefault((name, client), []).append(result["p50_us"])
            load = functools.partial(throughput, clients=clients, in_flight=in_flight,
                                     seconds=seconds, sync=True)
            result, share = measure(kind, load, *max_players(clients))
            rates[name].append(result)
            cpu[name].append(share)

    def rtt_row(client: str) -> Row:
        thread, aio = (statistics.median(rtt[(name, client)]) for name in SERVERS)
        return (f"EVENT -> verdict RTT p50, {client}, median of {rounds} x {count}",
                f"asyncio {aio:.0f} us / thread {thread:.0f} us", "",
                f"asyncio = {aio / thread:.2f}x thread (rounds: "
                + ", ".join(f"{a / t:.2f}" for t, a in zip(rtt[("thread", client)],
                                                              rtt[("asyncio", client)],
                                                              strict=True)) + ")")

    def rate(name: str) -> tuple[float, str]:
        median = statistics.median(r["verdicts_per_s"] for r in rates[name])
        unanswered = max(r["unanswered"] for r in rates[name])
        return median, (f"{median:.0f}/s ({unanswered:.0f} unanswered at most, server CPU "
                        f"{statistics.median(cpu[name]):.0%})")

    (thread_rate, thread_text), (aio_rate, aio_text) = rate("thread"), rate("asyncio")
    return [
        *(rtt_row(client) for client in rtt_clients),
        (f"verdicts/s, {clients} sync clients on one IP x {in_flight} in flight, "
         f"{seconds:g} s, median of {rounds} (both --max-players {clients})",
         f"asyncio {aio_text} / thread {thread_text}", "",
         f"asyncio = {aio_rate / max(thread_rate, 1):.2f}x thread"),
        (f"  (thread: {GAME}; asyncio: the same GameServer on net.aio.AsyncServer, "
         "bench/servers.py aio-game)", "", "", ""),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--count", type=int, default=2000, help="round trips per round")
    parser.add_argument("--seconds", type=float, default=5.0, help="per throughput round")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--in-flight", type=int, default=4)
    args: Any = parser.parse_args(argv)
    print(table(rows(args.rounds, args.count, args.seconds, args.clients, args.in_flight)),
          flush=True)


if __name__ == "__main__":
    main()
