"""Servers for the benchmarks, one per process: ``python bench/servers.py KIND PORT [POLL]``.

KIND: ``echo`` (raw UDP echo: the floor); ``bare`` (JSON in, LEGAL out, nothing else);
``neteria`` (the real NeteriaServer 1.0.2 with its always-LEGAL middleware and
``registration_limit=1000``, so that 32 clients all get in). Ours is not here: the
benchmarks run ``python -m starlane --server`` itself (``bench/procs.py``). Each prints
``ready`` when it listens and runs until killed. Loopback only.
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


if __name__ == "__main__":
    {"echo": echo, "bare": bare, "neteria": neteria}[sys.argv[1]](int(sys.argv[2]))
