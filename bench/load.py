"""Round-trip benchmarks: our ClientProtocol on real sockets against any Neteria server,
and the raw UDP echo that is the floor. (Throughput load: ``bench/lean.py``.)

Using the same client against both servers isolates the server: what differs is the
server's cost and correctness. Bounded in count and time; loopback only.
"""

from __future__ import annotations

import json
import select
import socket
import statistics
import time
from collections.abc import Callable

from bench.stats import p50_p95
from starlane.net import ClientConfig, ClientProtocol, RetrySchedule, UdpEndpoint

PATIENT = ClientConfig(server_timeout=60.0,
                       schedule=RetrySchedule(first=0.5, factor=2, longest=2, attempts=3))


def connect(server: tuple[str, int], count: int, poll: float = UdpEndpoint.POLL
            ) -> list[tuple[ClientProtocol, UdpEndpoint]]:
    links = []
    for n in range(count):
        protocol = ClientProtocol(server, name=f"b{n}", config=PATIENT)
        endpoint = UdpEndpoint(protocol, bind=("127.0.0.1", 0), poll=poll)
        protocol.register(endpoint.clock())
        endpoint.flush()
        links.append((protocol, endpoint))
    end = time.monotonic() + 10
    while time.monotonic() < end and any(p.status != "registered" for p, _ in links):
        pump(links, 0.01)
    if any(p.status != "registered" for p, _ in links):
        raise SystemExit("clients could not register")
    for protocol, _ in links:
        protocol.events()
    return links


def pump(links: list[tuple[ClientProtocol, UdpEndpoint]], wait: float) -> None:
    select.select([e.sock for _, e in links], [], [], wait)
    for _, endpoint in links:
        endpoint.pump()


def event_rtt(server: tuple[str, int], count: int = 2000,
              poll: float = UdpEndpoint.POLL) -> dict[str, float]:
    """EVENT -> verdict round trip, one at a time: p50/p95 in microseconds. ``poll``: the
    client endpoint's busy-poll window (0: always sleep between datagrams)."""
    [(protocol, endpoint)] = connect(server, 1, poll)
    samples = []
    end = time.monotonic() + 30
    for n in range(count):
        start = time.perf_counter()
        protocol.event({"KEYDOWN" if n % 2 == 0 else "KEYUP": "up"}, endpoint.clock())
        endpoint.flush()
        while protocol.pending and time.monotonic() < end:
            endpoint.wait(0.5)
            endpoint.pump()
        samples.append(time.perf_counter() - start)
    endpoint.close()
    p50, p95 = p50_p95(samples)
    return {"p50_us": p50 * 1e6, "p95_us": p95 * 1e6}


def echo_rtt(server: tuple[str, int], count: int = 2000) -> dict[str, float]:
    """Raw UDP round trip of a 200-byte datagram (the floor)."""
    payload = b"x" * 200
    return _blocking_rtt(server, count, lambda _n: payload, lambda _answer: None)


def bare_rtt(server: tuple[str, int], count: int = 2000) -> dict[str, float]:
    """An EVENT made with json.dumps, its verdict read with json.loads, no protocol around
    them: the least a Python client can do (against ``servers.py bare``)."""
    def event(n: int) -> bytes:
        return json.dumps({"method": "EVENT", "cuuid": "bare", "euuid": f"e{n}",
                           "event_data": {"KEYDOWN": "up"}, "timestamp": "0", "retry": 0,
                           "priority": "normal"}).encode()
    return _blocking_rtt(server, count, event, json.loads)


def _blocking_rtt(server: tuple[str, int], count: int, make: Callable[[int], bytes],
                  read: Callable[[bytes], object]) -> dict[str, float]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    samples = []
    for n in range(count):
        start = time.perf_counter()
        sock.sendto(make(n), server)
        read(sock.recvfrom(65535)[0])
        samples.append(time.perf_counter() - start)
    sock.close()
    return {"p50_us": statistics.median(samples) * 1e6}

