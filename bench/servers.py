"""Servers for the benchmarks, one per process: ``python bench/servers.py KIND PORT [POLL]``.

KIND: ``echo`` (raw UDP echo: the floor); ``bare`` (JSON in, LEGAL out, nothing else);
``neteria`` (the real NeteriaServer 1.0.2 with its always-LEGAL middleware and
``registration_limit=1000``, so that 32 clients all get in); ``aio-game [MAX_PLAYERS]``:
the game server as ``python -m starlane --server`` builds it (``GameServer``: rules,
simulation, 30 Hz state; shipped defaults but max players), served by ``net.aio``'s
``AsyncServer`` instead of the thread endpoint (``bench/aio.py`` compares the two). The
shipped server itself is not here: the benchmarks run ``python -m starlane --server``
(``bench/procs.py``). Each prints ``ready`` when it listens and runs until killed.
Loopback only.
"""

from __future__ import annotations

import json
import socket
import sys
import time


def echo(port: int) -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", port))
    print("ready", flush=True)
    while True:
        data, address = sock.recvfrom(65535)
        sock.sendto(data, address)


def bare(port: int) -> None:
    """The least any Python Neteria server can do: parse an EVENT, answer LEGAL (no
    registry, no retries, no state). What a round trip costs with JSON at both ends."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", port))
    print("ready", flush=True)
    while True:
        data, address = sock.recvfrom(65535)
        event = json.loads(data)
        sock.sendto(json.dumps({"method": "LEGAL", "euuid": event["euuid"],
                                "priority": event["priority"]}).encode(), address)


def neteria(port: int) -> None:
    from neteria.server import NeteriaServer
    from neteria.tools import _Middleware

    server = NeteriaServer(_Middleware(), server_address="127.0.0.1", server_port=port,
                           registration_limit=1000)
    server.listen()
    print("ready", flush=True)
    while True:
        time.sleep(3600)


def aio_game(port: int, max_players: str = "8") -> None:
    import asyncio
    import uuid

    from starlane.game.core import sim
    from starlane.game.server.game_server import GameServer
    from starlane.net import ServerConfig
    from starlane.net.aio import AsyncServer

    async def serve() -> None:
        game = GameServer(ServerConfig(server_name="Starlane server", port=port,
                                       max_players=int(max_players),
                                       server_id=uuid.uuid4().hex[:12]), hosted=False)
        async with AsyncServer(game.protocol, "127.0.0.1", port, on_tick=game.on_tick,
                               tick_interval=sim.DT, on_stop=game.stop) as server:
            print("ready", flush=True)
            await server.serve_forever()
    asyncio.run(serve())


if __name__ == "__main__":
    if sys.argv[1] == "aio-game":
        aio_game(int(sys.argv[2]), *sys.argv[3:])
    else:
        {"echo": echo, "bare": bare, "neteria": neteria}[sys.argv[1]](int(sys.argv[2]))
