"""State bandwidth of our game: acked diffs vs full JSON snapshots, 8 players + 100 bullets.

In process, no sockets: the server's datagrams are delivered at once to 8 clients that
speak the sync extension at ``sync`` level (1: JSON diffs, 2: packed) and counted, while
the same tick's full snapshot (what a plain neteria client gets) is measured beside them.

    python bench/state_bytes.py [--seconds 10]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.inproc import Link
from bench.procs import Row, table
from starlane.game.core import sim
from starlane.game.server.game_server import GameServer
from starlane.net import ServerConfig


def measure(seconds: float = 10.0, players: int = 8, bullets: int = 100,
            sync: int = 2) -> dict[str, float]:
    game = GameServer(ServerConfig(max_players=players), seed=3)
    rng = random.Random(5)
    link = Link(game.protocol, players, sync)
    link.join()
    full = 0
    ticks = int(seconds * sim.TICK_RATE)
    for _ in range(ticks):
        link.now += sim.DT
        for client in link.clients.values():
            client.tick(link.now)
            client.events()
            if rng.random() < 0.1:
                key = rng.choice(["up", "left", "right"])
                client.event({rng.choice(["KEYDOWN", "KEYUP"]): key}, link.now, priority="high")
        link.exchange()
        game.protocol.tick(link.now)
        while len(game.world.bullets) < bullets:
            bid = game.world.new_id()
            game.world.bullets[bid] = sim.Bullet(
                bid, 0, rng.uniform(0, sim.WIDTH), rng.uniform(0, sim.HEIGHT),
                rng.uniform(-600, 600), rng.uniform(-600, 600), game.world.tick + sim.BULLET_TICKS)
        game.on_tick(link.now)
        full += len(json.dumps(game.history.keyframe()).encode()) + 80  # + NOTIFY envelope
        link.exchange()
    per_client = link.per_client(seconds)
    return {"diff_bytes_per_client_s": per_client, "full_bytes_per_client_s": full / seconds,
            "ratio": per_client / (full / seconds)}


def rows(seconds: float = 10.0) -> list[Row]:
    found = []
    for level, label in ((2, "packed diffs"), (1, "JSON diffs")):
        state = measure(seconds, sync=level)
        found.append((f"game state per client, 8 players + 100 bullets, sync level {level}",
                      f"{state['diff_bytes_per_client_s'] / 1000:.1f} kB/s ({label})",
                      f"{state['full_bytes_per_client_s'] / 1000:.1f} kB/s "
                      f"(full JSON snapshots)", f"{state['ratio']:.1%} of full"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="simulated, per level")
    args = parser.parse_args()
    print(table(rows(args.seconds)), flush=True)


if __name__ == "__main__":
    main()
