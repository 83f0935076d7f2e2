"""State bandwidth of our game: acked diffs vs full JSON snapshots, 8 players + 100 bullets.

In process, no sockets: the server's datagrams are delivered at once to 8 clients that
speak the sync extension at ``sync`` level (1: JSON diffs, 2: packed) and counted, while
the same tick's full snapshot (what a plain neteria client gets) is measured beside them.
"""

from __future__ import annotations

import json
import random

from game import sim
from game.server import GameServer
from net.client import ClientConfig, ClientProtocol
from net.server import ServerConfig

SERVER = ("10.0.0.1", 40080)


def measure(seconds: float = 10.0, players: int = 8, bullets: int = 100,
            sync: int = 2) -> dict[str, float]:
    game = GameServer(ServerConfig(max_players=players), seed=3)
    rng = random.Random(5)
    clients = {(f"10.0.1.{n}", 5000): ClientProtocol(SERVER, name=f"P{n}",
                                                      config=ClientConfig(sync=sync))
               for n in range(players)}
    down = {address: 0 for address in clients}
    now = 0.0

    def exchange() -> None:
        moved = True
        while moved:
            moved = False
            for address, client in clients.items():
                for datagram, _ in client.datagrams_to_send():
                    game.protocol.receive(datagram, address, now)
                    moved = True
            for datagram, address in game.protocol.datagrams_to_send():
                down[address] += len(datagram)
                clients[address].receive(datagram, SERVER, now)
                moved = True

    for client in clients.values():
        client.register(now)
    exchange()
    for address in down:
        down[address] = 0
    full = 0
    ticks = int(seconds * sim.TICK_RATE)
    for _ in range(ticks):
        now += sim.DT
        for client in clients.values():
            client.tick(now)
            client.events()
            if rng.random() < 0.1:
                key = rng.choice(["up", "left", "right"])
                client.event({rng.choice(["KEYDOWN", "KEYUP"]): key}, now, priority="high")
        exchange()
        game.protocol.tick(now)
        while len(game.world.bullets) < bullets:
            bid = game.world.new_id()
            game.world.bullets[bid] = sim.Bullet(
                bid, 0, rng.uniform(0, sim.WIDTH), rng.uniform(0, sim.HEIGHT),
                rng.uniform(-600, 600), rng.uniform(-600, 600), game.world.tick + sim.BULLET_TICKS)
        game.on_tick(now)
        full += len(json.dumps(game.history.keyframe()).encode()) + 80  # + NOTIFY envelope
        exchange()
    per_client = sum(down.values()) / len(down) / seconds
    return {"diff_bytes_per_client_s": per_client, "full_bytes_per_client_s": full / seconds,
            "ratio": per_client / (full / seconds)}


if __name__ == "__main__":
    print({level: measure(sync=level) for level in (1, 2)})
