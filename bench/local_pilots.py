"""What friends on one machine cost the LAN: the bytes a window's sessions send and receive
with one pilot, and with each local player added (one ``NetSession`` each, so one more state
stream each).

Real UDP on 127.0.0.1: a game server on a thread with ``--bots`` bots, and one window's
seat (no window: ``game.client.seat``) joined with 1 to ``--pilots`` pilots, every pilot
pressing and letting go of a flight key about twice a second (seeded). Each count runs
``--seconds`` after every pilot plays; the figure is the sum over that machine's sessions.

    python bench/local_pilots.py [--seconds 10] [--pilots 3] [--bots 2]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.procs import Row, table
from starlane.game.client.own_server import OwnServer
from starlane.game.client.seat import Seat
from starlane.game.client.session import NetSession
from starlane.game.server.game_server import host

FRAME = 1 / 60  # s: a window's frame, when it pumps its sessions
WARM_UP = 10.0  # s at most for every pilot to play


def machine_bytes(pilots: int, seconds: float, bots: int) -> float:
    """Bytes a second, in and out, of one machine's sessions flying ``pilots`` pilots."""
    server = OwnServer()
    hosted = host("Bench game", "127.0.0.1", 0, bots=bots, seed=3)
    server.run(hosted)
    seat = Seat()
    try:
        for n in range(2, pilots + 1):
            seat.locals.add(f"Pilot {n}")
        seat.join(("127.0.0.1", hosted.address[1]), "Pilot 1")
        rng = random.Random(7)
        if not _run(seat, WARM_UP, rng, until_all_play=pilots):
            raise SystemExit(f"{pilots} pilots did not all play within {WARM_UP} s")
        before = _bytes(seat)
        _run(seat, seconds, rng)
        return (_bytes(seat) - before) / seconds
    finally:
        seat.leave()
        server.stop()


def _sessions(seat: Seat) -> list[NetSession]:
    return [s for s in [seat.session, *seat.locals.sessions()] if s is not None]


def _bytes(seat: Seat) -> int:
    return sum(s.endpoint.bytes_in + s.endpoint.bytes_out for s in _sessions(seat))


def _run(seat: Seat, seconds: float, rng: random.Random, until_all_play: int = 0) -> bool:
    """Pump and steer like a window's frames for ``seconds`` (or, with ``until_all_play``,
    until that many sessions play). Returns whether that many play."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if seat.session is not None:
            seat.session.pump()
        seat.pump_locals()
        playing = [s for s in _sessions(seat) if s.status == "playing"]
        if until_all_play and len(playing) == until_all_play:
            return True
        for session in playing:
            if rng.random() < 2 * FRAME:
                key = rng.choice(["up", "left", "right"])
                (session.press if key not in session.world.keys else session.release)(key)
        time.sleep(FRAME)
    return not until_all_play


def rows(seconds: float = 10.0, pilots: int = 3, bots: int = 2) -> list[Row]:
    alone = machine_bytes(1, seconds, bots)
    found = []
    for count in range(2, pilots + 1):
        together = machine_bytes(count, seconds, bots)
        found.append((f"one machine's traffic, {count} local pilots vs 1 ({bots} bots)",
                      f"{together / 1000:.1f} kB/s ({count} pilots)",
                      f"{alone / 1000:.1f} kB/s (1 pilot)",
                      f"+{(together - alone) / (count - 1) / 1000:.1f} kB/s a pilot"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="counted, per run")
    parser.add_argument("--pilots", type=int, default=3, choices=range(2, 5))
    parser.add_argument("--bots", type=int, default=2, choices=range(0, 7))
    args = parser.parse_args()
    print(table(rows(args.seconds, args.pilots, args.bots)), flush=True)


if __name__ == "__main__":
    main()
