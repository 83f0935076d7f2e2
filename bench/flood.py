"""Well-behaved players while one socket floods the server: shipped game server vs neteria.

    python bench/flood.py [--seconds 5] [--rate 25000] [--players 4]

Ours is ``python -m starlane --server`` with its defaults (8 seats; the players take 4);
neteria is ``NeteriaServer`` with its always-LEGAL middleware. Players are plain
Neteria-wire ``bench/lean.py`` clients, half on 127.0.0.1 and half on 127.0.0.2, each
pressing or releasing a key every 50 ms with no retries, so an EVENT the server (or the
kernel) drops shows as unanswered. The flooder, another process, sends ``--rate``
EVENT datagrams a second (150 bytes, from a cuuid that never registered) for
``--seconds``, bounded in count, either from the first players' IP (127.0.0.1) or from
another (127.0.0.3). Rows: verdict p50 and unanswered per scenario; the datagrams the
kernel dropped on the server's socket (its receive queue was full: /proc/net/udp, in this
namespace) and the server's CPU. Loopback only.
"""

from __future__ import annotations

import argparse
import multiprocessing
import socket
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lean import Fleet
from bench.procs import Row, ServerProcess, table

PLAYER_IPS = ("127.0.0.1", "127.0.0.2")
OTHER_IP = "127.0.0.3"
PRESS_EVERY = 0.05  # s between one player's events
FLOOD = (b'{"method":"EVENT","cuuid":"flooder-0000-0000","euuid":"flood-%08d","event_data":'
         b'{"KEYDOWN":"fire"},"timestamp":"0","retry":0,"priority":"normal"}')


def flood(target: tuple[str, int], source_ip: str, rate: float, seconds: float,
          sent: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """Send ``rate`` datagrams a second for ``seconds`` (never more than rate x seconds,
    never longer than seconds + 1), paced every half millisecond; puts the count sent."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((source_ip, 0))
    total, count = int(rate * seconds), 0
    start = time.monotonic()
    while count < total and (now := time.monotonic()) < start + seconds + 1:
        due = min(total, int((now - start) * rate) + 1)
        while count < due:
            try:
                sock.sendto(FLOOD % count, target)
            except OSError:  # our own send buffer full: that datagram is not sent
                pass
            count += 1
        time.sleep(0.0005)
    sock.close()
    sent.put((count, time.monotonic() - start))


def play(server: ServerProcess, players: int, seconds: float, flood_from: str | None,
         rate: float) -> dict[str, float]:
    fleet = Fleet(server.address, players, PLAYER_IPS, sync=False)
    try:
        fleet.register()
        drops, cpu, start = server.drops(), server.cpu(), time.monotonic()
        sent: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
        flooder = None
        if flood_from is not None:
            flooder = multiprocessing.Process(
                target=flood, args=(server.address, flood_from, rate, seconds, sent))
            flooder.start()
        next_press = [start + n * PRESS_EVERY / players for n in range(players)]
        end = start + seconds
        while (now := time.monotonic()) < end:
            for n, client in enumerate(fleet.clients):
                if now >= next_press[n]:
                    client.send_event(now)
                    next_press[n] += PRESS_EVERY
            fleet.pump(max(0.0, min(next_press) - time.monotonic()))
        flooded, flood_seconds = 0, seconds
        if flooder is not None:
            flooded, flood_seconds = sent.get(timeout=seconds + 10)
            flooder.join(5)
        fleet.drain(3.0)
        cpu = (server.cpu() - cpu) / (time.monotonic() - start)
        rtts = fleet.rtts()
        return {"p50_ms": statistics.median(rtts) * 1000 if rtts else float("nan"),
                "events": sum(sum(c.sends.values()) for c in fleet.clients),
                "unanswered": fleet.unanswered, "drops": server.drops() - drops, "cpu": cpu,
                "flood_rate": flooded / flood_seconds}
    finally:
        fleet.close()


def rows(seconds: float = 5.0, rate: float = 25000.0, players: int = 4) -> list[Row]:
    scenarios = (("no flood", None), ("flood from the players' IP", PLAYER_IPS[0]),
                 ("flood from another IP", OTHER_IP))
    results: dict[tuple[str, str], dict[str, float]] = {}
    for scenario, source in scenarios:
        for kind in ("game", "neteria"):
            server = ServerProcess(kind)
            try:
                results[kind, scenario] = play(server, players, seconds, source, rate)
            finally:
                server.stop()

    def verdicts(result: dict[str, float]) -> str:
        return (f"p50 {result['p50_ms']:.1f} ms, {result['unanswered']:.0f} of "
                f"{result['events']:.0f} unanswered")

    def load(result: dict[str, float]) -> str:
        return f"{result['drops']:.0f} kernel drops, server CPU {result['cpu']:.0%}"

    table_rows: list[Row] = []
    for scenario, source in scenarios:
        ours, peer = results["game", scenario], results["neteria", scenario]
        what = scenario if source is None else (
            f"{scenario} ({ours['flood_rate'] / 1000:.1f}k / {peer['flood_rate'] / 1000:.1f}k "
            f"datagrams/s achieved)")
        label = (f"{players} players on 2 IPs, an event each every {PRESS_EVERY * 1000:.0f} ms "
                 f"for {seconds:g} s, no retries: verdicts, {what} (defaults)")
        table_rows.append((label if not table_rows else f"  {what}", verdicts(ours),
                           verdicts(peer),
                           f"p50 {ours['p50_ms'] / peer['p50_ms']:.2g}x neteria's"))
        if source is not None:
            table_rows.append(("    the server's socket and CPU meanwhile", load(ours),
                               load(peer), ""))
    return table_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rate", type=float, default=25000.0, help="flood datagrams/s")
    parser.add_argument("--players", type=int, default=4)
    args = parser.parse_args()
    print(table(rows(args.seconds, args.rate, args.players)), flush=True)


if __name__ == "__main__":
    main()
