"""The same 16-player x/y/hp world served by pygase 0.3.1 and by our net, one per process:

    python bench/worlds.py pygase PORT     pygase Backend, its loop paced to 60 Hz
    python bench/worlds.py ours PORT       ServerProtocol + StateHistory, 40 states/s

Every player moves every step (positions to 0.1 px); one loses 1 hp a second. Prints
``ready``; runs until killed. Loopback only.
"""

from __future__ import annotations

import math
import sys
import threading
import time

PLAYERS = 16


def world_at(t: float) -> dict[str, dict[str, float]]:
    return {str(n): {"x": round(400 + 300 * math.cos(t + n), 1),
                     "y": round(300 + 200 * math.sin(t * 1.3 + n), 1),
                     "hp": 100 - int(t) % 100 if n == 0 else 100}
            for n in range(PLAYERS)}


def pygase(port: int) -> None:
    from pygase import Backend, GameState

    started = time.monotonic()
    next_step = [started]

    def time_step(game_state, dt):  # type: ignore[no-untyped-def]
        next_step[0] += 1 / 60  # pygase's loop never sleeps: pace it at 60 Hz here
        time.sleep(max(0.0, next_step[0] - time.monotonic()))
        return {"players": world_at(time.monotonic() - started)}

    backend = Backend(GameState(players=world_at(0.0)), time_step)
    print("ready", flush=True)
    backend.run("127.0.0.1", port)


def ours(port: int) -> None:
    from net.server import ServerConfig, ServerProtocol
    from net.sync import StateHistory
    from net.udp import UdpEndpoint, serve

    class Nothing:
        def judge(self, peer, data):  # type: ignore[no-untyped-def]
            return True

        def execute(self, peer, data):  # type: ignore[no-untyped-def]
            pass

    protocol = ServerProtocol(Nothing(), ServerConfig(max_players=64))
    history = StateHistory()
    endpoint = UdpEndpoint(protocol, bind=("127.0.0.1", port))
    started = time.monotonic()
    tick = [0]

    def on_tick(now: float) -> None:
        players = history.root.child("players")
        for key, record in world_at(now - started).items():
            players.child(key).update(record)
        tick[0] += 1
        history.commit(tick[0])
        protocol.publish_state(tick[0], history, now)

    print("ready", flush=True)
    serve(endpoint, threading.Event(), on_tick=on_tick, tick_interval=1 / 40)


if __name__ == "__main__":
    {"pygase": pygase, "ours": ours}[sys.argv[1]](int(sys.argv[2]))
