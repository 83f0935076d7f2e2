"""Verdicts per second from the shipped game server and from neteria 1.0.2, same load, one run.

    python bench/throughput.py [--seconds 5] [--rounds 3] [--clients 32] [--in-flight 4]

Ours is ``python -m starlane --server`` with its defaults and the game's own rules judging
every event, except ``--max-players`` (default 8 seats), raised to the client count: the
row says so. Neteria is its ``NeteriaServer`` with its always-LEGAL middleware and
``registration_limit=1000`` (its default would refuse some of the clients). The load is
``bench/lean.py``'s clients, each with ``--in-flight`` events outstanding: plain
Neteria-wire clients (OK EVENT, OK NOTIFY) and, for ours, sync-level ones (packet-header
acks), on one IP (players behind one NAT, bots on one machine) and on one IP each.
Neteria speaks no sync extension, so a sync row is compared with neteria's plain figure.
Our server pushes the 30 Hz state to every client meanwhile: that is part of its work.
Rounds interleave ours and neteria's (this machine's speed drifts by tens of percent
within a minute); each row gives medians. Loopback only, bounded by ``--seconds``.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lean import throughput
from bench.procs import GAME, Row, loopback_ips, measure, table


def rows(seconds: float = 5.0, rounds: int = 3, clients: int = 32,
         in_flight: int = 4) -> list[Row]:
    one_ip, many_ips = ("127.0.0.1",), loopback_ips(clients)
    cases = {  # name: (server kind and flags, client IPs, sync clients)
        "ours plain one IP": (("game", "--max-players", str(clients)), one_ip, False),
        "ours sync one IP": (("game", "--max-players", str(clients)), one_ip, True),
        "neteria one IP": (("neteria",), one_ip, False),
        "ours plain many IPs": (("game", "--max-players", str(clients)), many_ips, False),
        "ours sync many IPs": (("game", "--max-players", str(clients)), many_ips, True),
        "neteria many IPs": (("neteria",), many_ips, False),
    }
    results: dict[str, list[tuple[dict[str, float], float]]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, (server, ips, sync) in cases.items():
            load = functools.partial(throughput, clients=clients, in_flight=in_flight,
                                     seconds=seconds, ips=ips, sync=sync)
            results[name].append(measure(server[0], load, *server[1:]))

    def figures(name: str) -> tuple[float, str]:
        rates = [r["verdicts_per_s"] for r, _ in results[name]]
        unanswered = max(r["unanswered"] for r, _ in results[name])
        cpu = statistics.median(c for _, c in results[name])
        p50 = statistics.median(r["p50_ms"] for r, _ in results[name])
        return (statistics.median(rates),
                f"{statistics.median(rates):.0f}/s, {unanswered:.0f} unanswered at most, "
                f"p50 {p50:.1f} ms, server CPU {cpu:.0%}")

    table_rows = []
    labels = iter((f"verdicts/s, {clients} plain clients on one IP x {in_flight} in flight, "
                   f"{seconds:g} s, median of {rounds} (ours: {GAME} --max-players {clients}; "
                   f"neteria: registration_limit=1000)",
                   "  the same, sync-level clients",
                   f"  the same, plain clients on {clients} IPs",
                   f"  the same, sync-level clients on {clients} IPs"))
    for ours_plain, ours_sync, peer in (
            ("ours plain one IP", "ours sync one IP", "neteria one IP"),
            ("ours plain many IPs", "ours sync many IPs", "neteria many IPs")):
        peer_rate, peer_text = figures(peer)
        for name in (ours_plain, ours_sync):
            rate, text = figures(name)
            ratios = ", ".join(
                f"{o['verdicts_per_s'] / max(n['verdicts_per_s'], 1):.2f}"
                for (o, _), (n, _) in zip(results[name], results[peer], strict=True))
            table_rows.append((next(labels), text, peer_text,
                               f"{rate / max(peer_rate, 1):.2f}x (rounds: {ratios})"))
    return table_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--in-flight", type=int, default=4)
    args = parser.parse_args()
    print(table(rows(args.seconds, args.rounds, args.clients, args.in_flight)), flush=True)


if __name__ == "__main__":
    main()
