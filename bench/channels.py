"""Messages per second on a reliable-ordered channel against EVENTs, on the same loopback link.

    tools/in-private-netns .venv/bin/python bench/channels.py [--seconds 5] [--rounds 3]
        [--in-flight 1,8,64]

One process, one asyncio loop: an ``AsyncServer`` (``ServerProtocol`` with shipped defaults
and one reliable channel) and one ``AsyncClient`` on 127.0.0.1, both on ``net.aio``. The
client keeps ``--in-flight`` items outstanding and sends the next as one completes:
  channel  ``AsyncClient.send("bench", n)``; done when the server's ``Middleware.message``
           has it (in order, exactly once: the channel's acknowledgements flow back)
  EVENT    ``AsyncClient.event(n)``; done when its verdict (LEGAL) is back at the client
           (the middleware's ``judge`` and ``execute`` ran once)
Both sides share one core, so the figures are the protocol's cost per item, not a
network's. Rounds alternate the two; each row gives medians. Loopback only, bounded by
``--seconds`` per run (and one second at most per wait).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.procs import Row, table
from starlane.net import (
    LEGAL,
    Channel,
    ClientConfig,
    ClientProtocol,
    Connection,
    EventJudged,
    Middleware,
    ServerConfig,
    ServerProtocol,
    Verdict,
)
from starlane.net.aio import AsyncClient, AsyncServer

CHANNELS = (Channel("bench"),)
WAIT = 1.0  # s: the longest wait for one item before the run gives up


class Counter(Middleware):
    """Counts what the server took: channel messages (in order, checked) and events."""

    def __init__(self) -> None:
        self.messages = 0
        self.events = 0
        self.out_of_order = 0
        self.arrived = asyncio.Event()

    def judge(self, conn: Connection, event_data: Any) -> Verdict:  # noqa: ARG002
        return LEGAL

    def execute(self, conn: Connection, event_data: Any) -> None:  # noqa: ARG002
        self.events += 1

    def message(self, conn: Connection, channel: str, data: Any) -> None:  # noqa: ARG002
        self.out_of_order += data != self.messages
        self.messages += 1
        self.arrived.set()


async def one_run(kind: str, seconds: float, in_flight: int) -> float:
    """Items per second of ``kind`` ("channel" or "event") over ``seconds``."""
    counter = Counter()
    protocol = ServerProtocol(counter, ServerConfig(channels=CHANNELS))
    async with AsyncServer(protocol, "127.0.0.1", 0) as server:
        client = await AsyncClient.connect(ClientProtocol(
            server.address, name="bench", config=ClientConfig(channels=CHANNELS)),
            ("127.0.0.1", 0))
        await client.register()
        loop = asyncio.get_running_loop()
        start = loop.time()
        done = await (_channel(client, counter, start + seconds, in_flight)
                      if kind == "channel" else _events(client, start + seconds, in_flight))
        elapsed = loop.time() - start
        await client.close()
    if counter.out_of_order:
        raise SystemExit(f"{counter.out_of_order} channel messages out of order")
    return done / elapsed


async def _channel(client: AsyncClient, counter: Counter, until: float, in_flight: int) -> int:
    loop, sent = asyncio.get_running_loop(), 0
    while loop.time() < until:
        while sent - counter.messages < in_flight:
            client.send("bench", sent)
            sent += 1
        counter.arrived.clear()
        await asyncio.wait_for(counter.arrived.wait(), WAIT)
    return counter.messages


async def _events(client: AsyncClient, until: float, in_flight: int) -> int:
    loop, sent, judged = asyncio.get_running_loop(), 0, 0
    events = client.events()
    while loop.time() < until:
        while sent - judged < in_flight:
            client.event(sent)
            sent += 1
        event = await asyncio.wait_for(anext(events), WAIT)
        judged += isinstance(event, EventJudged) and event.outcome == "legal"
    return judged


def rows(seconds: float, rounds: int, in_flights: list[int]) -> list[Row]:
    out = []
    for in_flight in in_flights:
        rates: dict[str, list[float]] = {"channel": [], "event": []}
        for _ in range(rounds):
            for kind in rates:
                rates[kind].append(asyncio.run(one_run(kind, seconds, in_flight)))
        channel, event = (statistics.median(rates[k]) for k in ("channel", "event"))
        out.append((f"items/s, one client, {in_flight} in flight, {seconds:g} s, median of "
                    f"{rounds} (Starlane: reliable-ordered channel; peer: EVENT -> verdict)",
                    f"{channel:.0f}/s", f"{event:.0f}/s", f"{channel / max(event, 1):.2f}x"))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--in-flight", default="1,8,64",
                        help="comma-separated counts of items outstanding")
    args = parser.parse_args(argv)
    try:
        counts = [int(n) for n in args.in_flight.split(",")]
    except ValueError:
        parser.exit(2, f"--in-flight: numbers separated by commas, not {args.in_flight!r}\n")
    if args.seconds <= 0 or args.rounds < 1 or min(counts) < 1:
        parser.exit(2, "--seconds, --rounds and --in-flight must be positive\n")
    print(table(rows(args.seconds, args.rounds, counts)), flush=True)


if __name__ == "__main__":
    main()
