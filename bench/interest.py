"""What an interest radius saves when the arena is larger than the screen.

An arena of 4 screens (2560 x 1440) with 8 ships flying circles and 200 drifting rocks,
sent to 8 packed (sync level 2) clients for ``seconds``: once whole, once through a view
that keeps only what the client's screen (1280 x 720, centred on its ship) shows plus a
``margin`` (``publish_state(interest=True)``). In process, no sockets (``bench.inproc``).

    python bench/interest.py [--seconds 10]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.inproc import Link
from bench.procs import Row, table
from starlane.net import Connection, ServerConfig, ServerProtocol, StateHistory

WIDTH, HEIGHT, SHIPS, ROCKS, TICK_RATE = 2560, 1440, 8, 200, 30


class Nothing:
    def judge(self, _conn: Connection, _event_data: Any) -> bool:
        return True

    def execute(self, _conn: Connection, _event_data: Any) -> None:
        pass


def measure(interest: bool, seconds: float = 10.0, margin: float = 100.0) -> float:
    """Bytes per second each client receives."""
    server = ServerProtocol(Nothing(), ServerConfig(max_players=SHIPS))
    link = Link(server, SHIPS, sync=2)
    link.join()
    own = {conn.cuuid: str(n) for n, conn in enumerate(server.connections.values())}
    rng = random.Random(7)
    rocks = [(rng.uniform(0, WIDTH), rng.uniform(0, HEIGHT), rng.uniform(-40, 40),
              rng.uniform(-40, 40)) for _ in range(ROCKS)]

    def near(conn: Connection, state: dict[str, Any]) -> dict[str, Any]:
        me = state["ships"][own[conn.cuuid]]
        return {kind: {key: thing for key, thing in things.items()
                       if abs(thing["x"] - me["x"]) <= 640 + margin
                       and abs(thing["y"] - me["y"]) <= 360 + margin}
                for kind, things in state.items()}

    history = StateHistory()
    for tick in range(int(seconds * TICK_RATE)):
        t = tick / TICK_RATE
        ships, drift = history.root.child("ships"), history.root.child("rocks")
        for n in range(SHIPS):
            cx, cy = WIDTH * (n % 4 + 0.5) / 4, HEIGHT * (n // 4 + 0.5) / 2
            ships.child(str(n)).update({"x": round(cx + 250 * math.cos(t + n), 1),
                                        "y": round(cy + 250 * math.sin(t + n), 1)})
        for n, (x, y, vx, vy) in enumerate(rocks):
            drift.child(str(n)).update({"x": round((x + vx * t) % WIDTH, 1),
                                        "y": round((y + vy * t) % HEIGHT, 1)})
        history.commit(tick)
        link.now = t
        server.publish_state(tick, history, t, near if interest else None, interest=interest)
        link.exchange()
    return link.per_client(seconds)


def rows(seconds: float = 10.0) -> list[Row]:
    whole, near = measure(False, seconds), measure(True, seconds)
    return [("arena of 4 screens, 8 ships + 200 rocks: each client sees its screen + 100 px",
             f"{near / 1000:.1f} kB/s (interest=True)", f"{whole / 1000:.1f} kB/s (whole)",
             f"{near / whole:.0%} of whole")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="simulated, per case")
    args = parser.parse_args()
    print(table(rows(args.seconds)), flush=True)


if __name__ == "__main__":
    main()
