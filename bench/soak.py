"""Soak: 32 scripted players against the shipped game server for minutes; memory, ticks, events.

    python bench/soak.py [--seconds 600] [--clients 32]

``python -m starlane --server`` with its defaults except ``--max-players`` (default 8),
raised to ``--clients``. The players are ``bench/lean.py`` clients, one loopback IP each
(a LAN party), half plain Neteria-wire and half sync-level; each presses or releases a key
every ``PRESS_EVERY`` s (staggered) and, like a real client, sends an EVENT again after
``RESEND_AFTER`` s without a verdict (up to ``ATTEMPTS`` times). Figures:

- RSS growth: the server's resident memory at the end minus after the warm-up (the first
  quarter of the run, 60 s at most) (goal: < 5 MB);
- tick overruns: ticks that started more than a tick late, as the server counts them and
  prints when it stops (goal: < 1%);
- lost events (no verdict after a 5 s drain) and doubled ones (more verdicts than the
  client sent that EVENT: the server judged it twice, or resent its verdict because the
  client's OK or ack came late; goal: 0 of each), counted by what the clients saw.

Then the server is stopped with SIGINT, as a user would. Loopback only; bounded by
``--seconds`` (plus start-up and a drain of 5 s).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lean import Fleet
from bench.procs import GAME, Row, ServerProcess, loopback_ips, table, tick_overruns

PRESS_EVERY = 0.1  # s between one player's key events
RESEND_AFTER = 1.0  # s
ATTEMPTS = 5


def soak(seconds: float, clients: int) -> dict[str, float]:
    server = ServerProcess("game", "--max-players", str(clients))
    try:
        fleet = Fleet(server.address, clients, loopback_ips(clients),
                      sync=[n >= clients // 2 for n in range(clients)])
        players = fleet.clients
        try:
            fleet.register()
            start = time.monotonic()
            cpu = server.cpu()
            warm_up = start + min(60.0, seconds / 4)
            rss_warm: int | None = None
            rss_samples: list[int] = []
            next_sample = start
            next_press = [start + n * PRESS_EVERY / len(players) for n in range(len(players))]
            end = start + seconds
            while (now := time.monotonic()) < end:
                for n, client in enumerate(players):
                    if now >= next_press[n]:
                        client.send_event(now)
                        next_press[n] += PRESS_EVERY
                    client.resend_overdue(now, RESEND_AFTER, ATTEMPTS)
                    client.ack_if_idle(now)
                if now >= next_sample:
                    rss_samples.append(server.rss())
                    next_sample += 1.0
                    if rss_warm is None and now >= warm_up:
                        rss_warm = rss_samples[-1]
                fleet.pump(max(0.0, min(next_press) - time.monotonic()))
            drain_end = time.monotonic() + 5.0
            while time.monotonic() < drain_end and any(c.pending for c in players):
                now = time.monotonic()
                for client in players:
                    client.resend_overdue(now, RESEND_AFTER, ATTEMPTS)
                fleet.pump(0.02)
            cpu = (server.cpu() - cpu) / (time.monotonic() - start)
            rss_end = server.rss()
        finally:
            fleet.close()
    finally:
        printed = server.stop()
    ticks, overruns = tick_overruns(printed)
    sends = sum(sum(c.sends.values()) for c in players)
    events = sum(len(c.sends) for c in players)
    doubled = sum(c.verdicts[e] > c.sends[e] for c in players for e in c.verdicts)
    return {"events": events, "sends": sends, "legal": sum(c.legal for c in players),
            "lost": sum(len(c.pending) for c in players), "doubled": doubled,
            "kicked": sum(c.kicked is not None for c in players),
            "rss_warm": rss_warm if rss_warm is not None else rss_samples[0],
            "rss_end": rss_end, "rss_max": max([*rss_samples, rss_end]),
            "ticks": ticks, "overruns": overruns, "cpu": cpu,
            "p50_ms": statistics.median(fleet.rtts() or [0.0]) * 1000}


def rows(seconds: float = 600.0, clients: int = 32) -> list[Row]:
    r = soak(seconds, clients)
    label = (f"soak: {clients} players (half plain, half sync-level, one IP each), an event "
             f"each every {PRESS_EVERY * 1000:.0f} ms for {seconds:g} s ({GAME} "
             f"--max-players {clients})")
    growth = (r["rss_end"] - r["rss_warm"]) / 2**20
    return [
        (label, f"{r['events']:.0f} events ({r['sends'] - r['events']:.0f} resends): "
                f"{r['lost']:.0f} lost, {r['doubled']:.0f} doubled, {r['legal']:.0f} LEGAL, "
                f"{r['kicked']:.0f} players kicked; verdict p50 {r['p50_ms']:.1f} ms", "",
         "goal: 0 lost, 0 doubled"),
        ("  server memory (RSS) after warm-up -> end (peak)",
         f"{r['rss_warm'] / 2**20:.1f} -> {r['rss_end'] / 2**20:.1f} MB "
         f"({r['rss_max'] / 2**20:.1f}): {growth:+.2f} MB", "", "goal: < 5 MB growth"),
        ("  tick overruns (a tick started more than a tick late), server CPU",
         f"{r['overruns']:.0f} of {r['ticks']:.0f} ticks "
         f"({r['overruns'] / max(r['ticks'], 1):.2%}), CPU {r['cpu']:.0%}", "",
         "goal: < 1%"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--clients", type=int, default=32)
    args = parser.parse_args()
    print(table(rows(args.seconds, args.clients)), flush=True)


if __name__ == "__main__":
    main()
