"""Servers for the benchmarks, one per process: ``python bench/servers.py KIND PORT [POLL]``.

KIND: ``echo`` (raw UDP echo: the floor); ``bare`` (JSON in, LEGAL out, nothing else);
``ours`` (net.ServerProtocol judging every event LEGAL, nothing else; POLL sets
``UdpEndpoint``'s busy-poll window in seconds, 0 never polls); ``neteria`` (the real
NeteriaServer 1.0.2 with its always-LEGAL middleware). Each prints ``ready`` when it
listens and runs until killed. Loopback only.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
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


class AlwaysLegal:
    def judge(self, peer, event_data):  # type: ignore[no-untyped-def]
        return True

    def execute(self, peer, event_data):  # type: ignore[no-untyped-def]
        pass


def ours(port: int) -> None:
    from net.server import ServerConfig, ServerProtocol
    from net.udp import UdpEndpoint, serve

    protocol = ServerProtocol(AlwaysLegal(), ServerConfig(max_players=64))
    poll = float(sys.argv[3]) if len(sys.argv) > 3 else UdpEndpoint.POLL
    endpoint = UdpEndpoint(protocol, bind=("127.0.0.1", port), poll=poll)
    endpoint.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    print("ready", flush=True)
    serve(endpoint, threading.Event())


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
    {"echo": echo, "bare": bare, "ours": ours, "neteria": neteria}[sys.argv[1]](int(sys.argv[2]))
