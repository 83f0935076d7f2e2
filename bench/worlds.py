"""The same 16-player x/y/hp world served by pygase 0.3.1 and by our net, one per process,
and what each costs: one client's downstream bytes/s, then server CPU with 8 clients.

    python bench/worlds.py [--seconds 5] [--warm-up 2]   measures both, prints the rows
    python bench/worlds.py serve pygase PORT     pygase Backend, its loop paced to 60 Hz
    python bench/worlds.py serve ours PORT       ServerProtocol + StateHistory, 40 states/s

Every player moves every step (positions to 0.1 px); one loses 1 hp a second. A server
prints ``ready`` and runs until killed (``bench.procs.ServerProcess`` starts and stops it).
Loopback only; the measurement is bounded by ``--seconds`` and ``--warm-up``.
"""

from __future__ import annotations

import argparse
import math
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.procs import Row, ServerProcess, cpu_while, table
from bench.relay import Relay

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

    def time_step(_game_state: GameState, _dt: float) -> dict[str, Any]:  # pygase's signature
        next_step[0] += 1 / 60  # pygase's loop never sleeps: pace it at 60 Hz here
        time.sleep(max(0.0, next_step[0] - time.monotonic()))
        return {"players": world_at(time.monotonic() - started)}

    backend = Backend(GameState(players=world_at(0.0)), time_step)
    print("ready", flush=True)
    backend.run("127.0.0.1", port)


def ours(port: int) -> None:
    from starlane.net import (
        Connection,
        ServerConfig,
        ServerProtocol,
        StateHistory,
        UdpEndpoint,
        serve,
    )

    class Nothing:
        def judge(self, _conn: Connection, _event_data: Any) -> bool:
            return True

        def execute(self, _conn: Connection, _event_data: Any) -> None:
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


def figures(kind: str, seconds: float = 5.0, sync: int = 2, warm_up: float = 2.0
            ) -> dict[str, float]:
    """One client's downstream bytes/s through a counting relay, then server CPU with 8,
    each after ``warm_up`` seconds. Our clients ask for state-sync level ``sync`` (1: JSON
    diffs, 2: packed frames)."""
    server = ServerProcess(f"world-{kind}", pinned=True)
    stop = threading.Event()
    relays = [Relay(server.address) for _ in range(8)]
    threads = [threading.Thread(target=client, args=(kind, relay.address, stop, sync),
                                daemon=True) for relay in relays]
    try:
        threads[0].start()
        time.sleep(warm_up)
        relays[0].reset()
        time.sleep(seconds)
        down, datagrams = relays[0].down / seconds, relays[0].datagrams_down / seconds
        for thread in threads[1:]:
            thread.start()
        time.sleep(warm_up)
        _, cpu = cpu_while(server, lambda: time.sleep(seconds))
    finally:
        stop.set()
        for thread in threads:
            thread.join(3) if thread.ident else None
        for relay in relays:
            relay.close()
        server.stop()
    return {"bytes_per_s": down, "datagrams_per_s": datagrams, "cpu8": cpu}


def client(kind: str, address: tuple[str, int], stop: threading.Event, sync: int) -> None:
    if kind == "pygase":
        from pygase import Client

        pygase_client = Client()
        pygase_client.connect_in_thread(address[1], address[0])
        stop.wait()
        pygase_client.disconnect()
        return
    from starlane.net import ClientConfig, ClientProtocol, UdpEndpoint

    protocol = ClientProtocol(address, name=f"w{address[1]}", config=ClientConfig(sync=sync))
    endpoint = UdpEndpoint(protocol, bind=("127.0.0.1", 0))
    protocol.register(endpoint.clock())
    while not stop.is_set():
        endpoint.wait(0.05)
        endpoint.pump()
        protocol.events()
    endpoint.close()


def rows(seconds: float = 5.0, warm_up: float = 2.0) -> list[Row]:
    pygase_world = figures("pygase", seconds, warm_up=warm_up)
    our_world = figures("ours", seconds, warm_up=warm_up)
    json_world = figures("ours", seconds, sync=1, warm_up=warm_up)
    found: list[Row] = []
    for label, world in (("16 players' x/y/hp, bytes per client per second", our_world),
                         ("  the same, JSON diffs (sync level 1)", json_world)):
        found.append((label, f"{world['bytes_per_s'] / 1000:.2f} kB/s at "
                             f"{world['datagrams_per_s']:.0f} datagrams/s",
                      f"pygase 0.3.1: {pygase_world['bytes_per_s'] / 1000:.2f} kB/s at "
                      f"{pygase_world['datagrams_per_s']:.0f} datagrams/s",
                      f"{world['bytes_per_s'] / pygase_world['bytes_per_s']:.0%} of pygase"))
    found.append(("that world's server CPU with 8 clients", f"{our_world['cpu8']:.0%} of a core",
                  f"pygase: {pygase_world['cpu8']:.0%} of a core",
                  f"{our_world['cpu8'] / max(pygase_world['cpu8'], 1e-9):.0%} of pygase"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command")
    serve = commands.add_parser("serve", help="run one world server until killed")
    serve.add_argument("kind", choices=["pygase", "ours"])
    serve.add_argument("port", type=int)
    parser.add_argument("--seconds", type=float, default=5.0, help="per measurement")
    parser.add_argument("--warm-up", type=float, default=2.0, help="before each measurement")
    args = parser.parse_args()
    if args.command == "serve":
        {"pygase": pygase, "ours": ours}[args.kind](args.port)
    else:
        print(table(rows(args.seconds, args.warm_up)), flush=True)


if __name__ == "__main__":
    main()
