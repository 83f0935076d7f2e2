"""The throughput benchmark's load: a lean Neteria client, so that the server is what we measure.

Our full ``ClientProtocol`` costs about as much CPU per event as a server spends judging
it, so on this 2-core machine 32 of them in one process ran out of CPU before our server
did (it idled 20-50% of the time). These clients do only what the wire needs: REGISTER,
EVENTs written from a template, one per datagram, and per verdict either ``OK EVENT``
(what neteria's own client does; neteria's server gets that) or, where the server agrees
to the sync extension, a packet header on the next EVENT (what our client does; ours gets
that, and may answer several EVENTs of one client in one batch). No retries: an
event without a verdict after the run and a 3 s drain counts as unanswered. Loopback only;
bounded by ``seconds``.
"""

from __future__ import annotations

import json
import os
import select
import socket
import time

from net.acks import AckState
from net.messages import SYNC_LEVEL

EVENT = ('{{"method":"EVENT","cuuid":"{}","euuid":"{}","event_data":{{"KEYDOWN":"up"}},'
         '"timestamp":"0","retry":0,"priority":"normal"{}}}')


class LeanClient:
    def __init__(self, server: tuple[str, int], number: int) -> None:
        self.server = server
        self.cuuid = f"flood-{os.urandom(4).hex()}-{number}"
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.setblocking(False)
        self.registered = False
        self.acks: AckState | None = None
        self.pending: set[str] = set()
        self.answered = 0
        self._count = 0

    def register(self) -> None:
        self.sock.sendto(json.dumps({"method": "REGISTER", "cuuid": self.cuuid, "version": "1.0.2",
                                     "sync": SYNC_LEVEL}).encode(), self.server)

    def send_event(self, now: float) -> None:
        self._count += 1
        euuid = f"{self.cuuid}.{self._count}"
        header = ""
        if self.acks is not None:
            header = ',"seq":{},"ack":{},"bits":{}'.format(*self.acks.stamp(now))
        self.sock.sendto(EVENT.format(self.cuuid, euuid, header).encode(), self.server)
        self.pending.add(euuid)

    def read(self, now: float) -> None:
        while True:
            try:
                datagram = self.sock.recv(65536)
            except BlockingIOError:
                return
            parsed = json.loads(datagram)
            for msg in parsed if isinstance(parsed, list) else [parsed]:  # a batch: several
                self.handle(msg, now)

    def handle(self, msg: dict, now: float) -> None:
        if self.acks is not None and msg.get("seq"):
            self.acks.receive(msg["seq"], msg.get("ack"), msg.get("bits"), now)
        method = msg["method"]
        if method in ("LEGAL", "ILLEGAL"):
            euuid = msg["euuid"]
            if euuid in self.pending:
                self.pending.discard(euuid)
                self.answered += 1
            if self.acks is None:
                self.sock.sendto(json.dumps({"method": "OK EVENT", "cuuid": self.cuuid,
                                             "euuid": euuid}).encode(), self.server)
        elif method == "OK REGISTER":
            self.registered = True
            self.acks = AckState() if msg.get("sync") else None


def throughput(server: tuple[str, int], clients: int = 32, in_flight: int = 4,
               seconds: float = 5.0) -> dict[str, float]:
    """Verdicts per second with ``clients`` x ``in_flight`` events outstanding."""
    fleet = [LeanClient(server, n) for n in range(clients)]
    by_socket = {client.sock: client for client in fleet}
    for client in fleet:
        client.register()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not all(c.registered for c in fleet):
        for sock in select.select(list(by_socket), [], [], 0.05)[0]:
            by_socket[sock].read(time.monotonic())
    if not all(c.registered for c in fleet):
        raise SystemExit("flood clients could not register")
    sent = 0
    active = fleet
    start = time.monotonic()
    end = start + seconds
    while (now := time.monotonic()) < end:
        for client in active:
            while len(client.pending) < in_flight:
                client.send_event(now)
                sent += 1
        ready = select.select(list(by_socket), [], [], 0.01)[0]
        active = [by_socket[sock] for sock in ready]
        for client in active:
            client.read(now)
    answered_in_time = sum(c.answered for c in fleet)
    drain_end = time.monotonic() + 3
    while time.monotonic() < drain_end and any(c.pending for c in fleet):
        for sock in select.select(list(by_socket), [], [], 0.05)[0]:
            by_socket[sock].read(time.monotonic())
    for client in fleet:
        client.sock.close()
    return {"verdicts_per_s": answered_in_time / seconds, "sent": sent,
            "unanswered": sum(len(c.pending) for c in fleet),
            "sync": sum(c.acks is not None for c in fleet)}
