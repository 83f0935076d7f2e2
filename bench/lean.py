"""The benchmarks' players: lean Neteria-wire clients, so that the server is what we measure.

Our full ``ClientProtocol`` costs about as much CPU per event as a server spends judging
it, so on this 2-core machine 32 of them in one process ran out of CPU before our server
did. A ``LeanClient`` does only what the wire asks of the client it stands for:

- plain (``sync=False``): what neteria 1.0.2's own client does. REGISTER without the sync
  extension, ``OK EVENT`` for every verdict and ``OK NOTIFY`` for every NOTIFY (the 30 Hz
  state our game server pushes, too).
- sync (``sync=True``): what our client does where the server agrees to the extension.
  Packet headers on its EVENTs acknowledge verdicts and state frames; a header-only ACK
  goes when it has had nothing else to send for ``ACK_EVERY`` s.

Events are game inputs the game's rules judge LEGAL (``{"KEYDOWN": key}`` then
``{"KEYUP": key}``), each EVENT its own datagram. Each client binds its own socket on
``ip`` (any 127.0.0.0/8 address stands in for another machine). Every verdict is counted
by euuid, so a caller can tell lost events (no verdict) from doubled ones (more verdicts
than the client sent that EVENT). No clock or loop inside: ``now`` comes in; callers
bound their loops in count and time. Loopback only.
"""

from __future__ import annotations

import json
import os
import select
import socket
import statistics
import time
from collections import Counter
from collections.abc import Sequence

from starlane.net import PROTOCOL_VERSION, SYNC_LEVEL
from starlane.net.link._acks import AckState
from starlane.net.link._fragments import FRAGMENT, FragmentStats, Reassembler
from starlane.net.wire import _framing as framing

EVENT = ('{{"method":"EVENT","cuuid":"{}","euuid":"{}","event_data":{{"{}":"{}"}},'
         '"timestamp":"0","retry":{},"priority":"normal"{}}}')
ACK_EVERY = 0.05  # s: a sync client idle this long acknowledges state frames on their own
KEYS = ("left", "right", "up")


class LeanClient:
    def __init__(self, server: tuple[str, int], number: int, ip: str = "127.0.0.1",
                 sync: bool = True) -> None:
        self.server = server
        self.number = number
        self.cuuid = f"lean-{os.urandom(4).hex()}-{number}"
        self.want_sync = sync
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((ip, 0))
        self.sock.setblocking(False)
        self.registered = False
        self.kicked: str | None = None  # the reason of a BYE REGISTER
        self.acks: AckState | None = None
        self.pending: dict[str, tuple[float, float, int, str, str]] = {}
        """euuid -> (first sent, last sent, retry, KEYDOWN/KEYUP, key)"""
        self.sends: Counter[str] = Counter()  # EVENT datagrams sent, by euuid
        self.verdicts: Counter[str] = Counter()  # verdict messages received, by euuid
        self.legal = 0
        self.answered = 0
        self.rtts: list[float] = []  # first send -> first verdict, s
        self.states = 0
        self._count = 0
        self._last_sent = 0.0
        self._unacked_frames = 0
        self.fragments = Reassembler(FragmentStats())  # a keyframe over 1200 bytes comes cut

    def register(self) -> None:
        register: dict[str, object] = {"method": "REGISTER", "cuuid": self.cuuid,
                                       "version": PROTOCOL_VERSION}
        if self.want_sync:
            register["sync"] = SYNC_LEVEL
        self._send(json.dumps(register).encode())

    def send_event(self, now: float) -> str:
        """A new key press or release (alternately), for a random-ish key."""
        self._count += 1
        euuid = f"{self.cuuid}.{self._count}"
        key = KEYS[(self._count - 1) // 2 % len(KEYS)]
        kind = "KEYDOWN" if self._count % 2 else "KEYUP"
        self.pending[euuid] = (now, now, 0, kind, key)
        self._send_event(euuid, kind, key, 0, now)
        return euuid

    def resend_overdue(self, now: float, after: float, attempts: int) -> None:
        """Send again (``retry`` + 1) each event without a verdict for ``after`` s, at most
        ``attempts`` times in all: a datagram lost on the way is not a lost event."""
        for euuid, (first, last, retry, kind, key) in list(self.pending.items()):
            if now - last >= after and retry + 1 < attempts:
                self.pending[euuid] = (first, now, retry + 1, kind, key)
                self._send_event(euuid, kind, key, retry + 1, now)

    def _send_event(self, euuid: str, kind: str, key: str, retry: int, now: float) -> None:
        header = ""
        if self.acks is not None:
            header = ',"seq":{},"ack":{},"bits":{}'.format(*self.acks.stamp(now))
            self._unacked_frames = 0
        self._send(EVENT.format(self.cuuid, euuid, kind, key, retry, header).encode(), now)
        self.sends[euuid] += 1

    def ack_if_idle(self, now: float) -> None:
        """Acknowledge state frames when no EVENT carried a header for ``ACK_EVERY`` s, and
        fragments whose ack fell due."""
        for ack in self.fragments.acks(framing.token(self.cuuid), now):
            self._send(ack, now)
        if self.acks is not None and self._unacked_frames and now - self._last_sent >= ACK_EVERY:
            self._send(framing.pack_ack(*self.acks.stamp(now), framing.token(self.cuuid)), now)
            self._unacked_frames = 0

    def _send(self, datagram: bytes, now: float = 0.0) -> None:
        try:
            self.sock.sendto(datagram, self.server)
        except OSError:  # a full send buffer under a flood: the resend covers it
            pass
        self._last_sent = now

    def read(self, now: float) -> None:
        """Handle everything that has arrived."""
        while True:
            try:
                datagram = self.sock.recv(65536)
            except BlockingIOError:
                return
            except OSError:  # ICMP port unreachable: the server is gone
                continue
            if datagram[:1] == FRAGMENT:  # answered as the library's client does
                whole = self.fragments.add(datagram, now)
                for ack in self.fragments.acks(framing.token(self.cuuid), now):
                    self._send(ack, now)
                if whole is None:
                    continue
                datagram = whole
            if datagram[:1] == framing.MAGIC:
                self.states += 1
                if self.acks is not None:
                    frame = framing.unpack_frame(datagram)
                    self.acks.receive(frame.seq, frame.ack, frame.bits, now)
                    self._unacked_frames += 1
                continue
            parsed = json.loads(datagram)
            for msg in parsed if isinstance(parsed, list) else [parsed]:  # a batch: several
                self.handle(msg, now)

    def handle(self, msg: dict, now: float) -> None:
        method = msg["method"]
        if method == "OK REGISTER":  # its header is the first the next EVENT acknowledges
            self.registered = True
            self.acks = AckState() if msg.get("sync") else None
        if self.acks is not None and msg.get("seq"):
            self.acks.receive(msg["seq"], msg.get("ack"), msg.get("bits"), now)
        if method in ("LEGAL", "ILLEGAL"):
            euuid = msg["euuid"]
            self.verdicts[euuid] += 1
            if euuid in self.pending:
                first = self.pending.pop(euuid)[0]
                self.answered += 1
                self.legal += method == "LEGAL"
                self.rtts.append(now - first)
            if self.acks is None:
                self._send(json.dumps({"method": "OK EVENT", "cuuid": self.cuuid,
                                       "euuid": euuid}).encode(), now)
        elif method == "NOTIFY":
            self.states += 1
            if self.acks is None:
                self._send(json.dumps({"method": "OK NOTIFY", "cuuid": self.cuuid,
                                       "euuid": msg["euuid"]}).encode(), now)
        elif method == "BYE REGISTER":
            self.kicked = str(msg.get("reason"))

    def close(self) -> None:
        self.sock.close()


class Fleet:
    """Lean clients read together with one ``select()``: ``count`` of them, spread round
    robin over ``ips``; ``sync`` says for all (or, as a sequence, for each) whether it asks
    for the sync extension."""

    def __init__(self, server: tuple[str, int], count: int, ips: Sequence[str] = ("127.0.0.1",),
                 sync: bool | Sequence[bool] = True) -> None:
        syncs = [sync] * count if isinstance(sync, bool) else list(sync)
        self.clients = [LeanClient(server, n, ips[n % len(ips)], syncs[n]) for n in range(count)]
        self._by_socket = {client.sock: client for client in self.clients}

    def register(self, timeout: float = 10.0) -> None:
        """REGISTER each client (again every second until OK); ``SystemExit`` if some
        are still out after ``timeout`` s."""
        end = time.monotonic() + timeout
        next_try = 0.0
        while (now := time.monotonic()) < end:
            waiting = [c for c in self.clients if not c.registered]
            if not waiting:
                return
            if now >= next_try:
                for client in waiting:
                    client.register()
                next_try = now + 1.0
            self.pump(0.05)
        out = sum(not c.registered for c in self.clients)
        raise SystemExit(f"{out} of {len(self.clients)} clients could not register")

    def pump(self, wait: float) -> list[LeanClient]:
        """Wait up to ``wait`` s for datagrams, read them all; returns the clients that read."""
        ready = select.select(list(self._by_socket), [], [], wait)[0]
        now = time.monotonic()
        clients = [self._by_socket[sock] for sock in ready]
        for client in clients:
            client.read(now)
        return clients

    def drain(self, seconds: float) -> None:
        """Read verdicts until every event has one or ``seconds`` have passed."""
        end = time.monotonic() + seconds
        while time.monotonic() < end and any(c.pending for c in self.clients):
            self.pump(0.05)

    @property
    def unanswered(self) -> int:
        return sum(len(c.pending) for c in self.clients)

    def rtts(self) -> list[float]:
        return [rtt for client in self.clients for rtt in client.rtts]

    def close(self) -> None:
        for client in self.clients:
            client.close()


def throughput(server: tuple[str, int], clients: int = 32, in_flight: int = 4,
               seconds: float = 5.0, ips: Sequence[str] = ("127.0.0.1",),
               sync: bool = True) -> dict[str, float]:
    """Verdicts per second with ``clients`` x ``in_flight`` events outstanding for
    ``seconds``. No retries: an event without a verdict after a 3 s drain is unanswered."""
    fleet = Fleet(server, clients, ips, sync)
    try:
        fleet.register()
        sent = 0
        active = fleet.clients
        end = time.monotonic() + seconds
        while (now := time.monotonic()) < end:
            for client in active:
                while len(client.pending) < in_flight:
                    client.send_event(now)
                    sent += 1
            active = fleet.pump(0.01)
        answered_in_time = sum(c.answered for c in fleet.clients)
        fleet.drain(3.0)
        return {"verdicts_per_s": answered_in_time / seconds, "sent": sent,
                "unanswered": fleet.unanswered,
                "legal": sum(c.legal for c in fleet.clients),
                "sync": sum(c.acks is not None for c in fleet.clients),
                "p50_ms": statistics.median(fleet.rtts() or [0.0]) * 1000}
    finally:
        fleet.close()
