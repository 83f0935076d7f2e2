"""Sans-IO Neteria server: the registry of ``Connection``s, dispatch, the middleware boundary.

Feed it with ``receive(datagram, address, now)`` and ``tick(now)`` (call ``tick`` at
``next_deadline()`` at the latest); send what ``datagrams_to_send(now)`` returns. It owns no
socket, thread, clock or randomness (``new_id``, ``new_token`` and ``new_pid`` are
injected), so tests drive it with fake time and ``net.udp`` runs it for real.

Before a datagram is decoded it passes a budget: its seat's own when its address holds one
(pending or confirmed), else its address's and then its IP's (``net.ratelimit``).
A registrant is *pending* until a datagram proves it
receives at its address (``net.connection``): a packet header acknowledging one of our
sequence numbers (they start at a random number), or a plain client's OK NOTIFY naming the
euuid of a state NOTIFY it was sent; when the application streams no state, a plain
client's EVENT. Until then it gets OK REGISTER and a few keyframes, capped per address at
``unproven_datagrams`` / ``unproven_bytes``, and its EVENTs wait (``parked``).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from itertools import count
from typing import Any

from ..link._channels import Publication
from ..link._ratelimit import RateLimiter
from ..link._retransmit import Address, Outbox
from ..link.connection import HOLDS_ADDRESS, UNPROVEN, Connection, Trigger
from ..sync.tracking import StateHistory
from ..wire import _framing as framing
from ..wire import messages as m
from ..wire import packing
from ..wire._batching import coalesce, with_header
from . import _seats as seats
from . import discovery
from .middleware import LEGAL, Boundary, Middleware, Verdict, illegal
from .migration import Succession
from .serverconfig import ServerConfig, ServerStats

# what a registered client sends (``_from_client``), by exact type: cheaper than isinstance
_FROM_CLIENT = frozenset({m.Event, m.OkEvent, m.OkNotify, m.ByeRegister, m.Heartbeat, m.Ack})

__all__ = ["LEGAL", "Connection", "ServerConfig", "ServerProtocol", "ServerStats", "Verdict",
           "illegal"]


def _new_id() -> str:
    return str(uuid.uuid4())


def _new_token() -> str:
    return secrets.token_hex(16)  # 128 random bits


class ServerProtocol:
    """The sans-IO server: one per match. ``middleware`` judges and executes every EVENT
    (``net.middleware``); ``config`` holds its limits and timings (seconds, datagrams/s).
    ``new_id`` (euuids, session ids), ``new_token`` (resume tokens: keep them unguessable)
    and ``new_pid`` (player numbers, from 1) are injected so that tests replay exactly.
    ``accepting``, ``banned_ips`` and ``bots`` are the application's to set."""

    def __init__(self, middleware: Middleware, config: ServerConfig | None = None,
                 new_id: Callable[[], str] = _new_id, new_token: Callable[[], str] = _new_token,
                 new_pid: Callable[[], int] | None = None) -> None:
        self.config = config or ServerConfig()
        self.app = Boundary(middleware)
        self.new_id, self.new_token = new_id, new_token
        self.new_pid = new_pid or count(1).__next__
        self.connections: dict[str, Connection] = {}
        self._by_address: dict[Address, Connection] = {}  # pending, confirmed and resuming
        self.accepting = True  # False: REGISTER refused with "game already started"
        self.banned_ips: set[str] = set()
        self.bots = 0  # computer pilots, set by the application: reported in OHAI answers
        # a hosted game's (net.handover); None: a dedicated server, which never hands over
        self.succession: Succession | None = None
        self.stats = ServerStats()
        rate, per_address = self.config.unconfirmed_rate, self.config.unconfirmed_rate_per_address
        self._ip_limiter = RateLimiter(rate, 2 * rate)
        self._address_limiter = RateLimiter(per_address, 2 * per_address)
        self._outbox = Outbox(self.config.schedule)
        self._out: list[tuple[bytes, Address]] = []
        self._streaming = False  # publish_state was called: plain clients prove by OK NOTIFY
        self._parked: dict[Connection, list[m.Event]] = {}
        self._due: float | None = None  # see _connections_deadline

    # ---- driving the protocol ------------------------------------------------------------

    def receive(self, datagram: bytes, address: Address, now: float) -> None:
        """Handle one datagram from ``address``. Never raises on anything the peer sent."""
        self.stats.received += 1
        conn = self._by_address.get(address)  # a seat, proven or not: its own budget
        if conn is not None:
            if not conn.budget.allow(now):
                self.stats.over_budget += 1
                if conn.budget.abusive(now):
                    self.kick(conn.cuuid, f"flooding: over {self.config.connection_rate:.0f}"
                                          " datagrams/s", now)
                return
        elif not (self._address_limiter.allow(address, now)
                  and self._ip_limiter.allow(address[0], now)):
            self.stats.rate_limited += 1
            return
        if datagram[:1] == framing.MAGIC:
            self._on_packed_ack(datagram, conn, address, now)
            return
        msg = m.decode(datagram)
        if type(msg) is m.DecodeError:
            self.stats.malformed[msg.kind] += 1
            self.stats.last_malformed = f"{address[0]}:{address[1]}: {msg.kind}: {msg.detail}"
            return
        if type(msg) in _FROM_CLIENT:  # first: nearly all traffic
            self._from_client(msg, address, now)
        elif isinstance(msg, m.Ohai):
            answer = discovery.answer_probe(
                msg, len(datagram), self.config, self.players, self.bots, self.spectators,
                self.succession.epoch if self.succession else None)
            if answer is not None:
                self._out.append((answer, address))
            else:
                self.stats.refused += 1
        elif isinstance(msg, m.Register):
            seats.register(self, msg, address, now)
        else:
            self.stats.unexpected += 1

    def tick(self, now: float) -> None:
        """Resend what is due, run each connection's timer, heartbeat quiet clients."""
        resend, expired = self._outbox.due(now)
        self._out.extend(resend)
        self.stats.unanswered += len(expired)
        for conn in list(self.connections.values()):
            deadline = conn.deadline(self.config.timeouts)
            if deadline is not None and deadline[0] <= now:
                self._fire(conn, deadline[1], now, "timed out")
            elif conn.state == "confirmed" and \
                    now - conn.last_sent >= self.config.heartbeat_interval:
                self._send(conn, m.Heartbeat(time=now), now)
        seats.seat_spectators(self)
        self._due = self._connections_deadline(now)

    def next_deadline(self) -> float | None:
        """When ``tick`` next has work to do (same clock as ``now``); maybe earlier."""
        due = self._outbox.next_deadline()
        return self._due if due is None or (self._due is not None and self._due < due) else due

    def _connections_deadline(self, now: float) -> float | None:
        """The earliest timer, heartbeat or verdict expiry of any connection. Traffic only
        moves these later (a new connection sets ``_due`` itself): a safe lower bound."""
        times = []
        for conn in self.connections.values():
            if (deadline := conn.deadline(self.config.timeouts)) is not None:
                times.append(deadline[0])
            if conn.state == "confirmed":
                times.append(conn.last_sent + self.config.heartbeat_interval)
            if (expiry := conn.reliable.forget_old(now)) is not None:
                times.append(expiry)
        return min(times, default=None)

    def datagrams_to_send(self, now: float) -> list[tuple[bytes, Address]]:
        """What to send at ``now``. Sends to an unproven address stop at its cap; messages to
        a level-3 client travel batched."""
        out, self._out = self._out, []
        kept, batching = self._within_caps(out, now)
        self.stats.sent += len(kept)
        return coalesce(kept, self._batches) if batching and len(kept) > 1 else kept

    def _within_caps(self, out: list[tuple[bytes, Address]], now: float
                     ) -> tuple[list[tuple[bytes, Address]], bool]:
        """The sends within their addresses' caps; whether one goes to a batching client."""
        cap, kept, batching = self.config.unproven_datagrams, [], False
        for send in out:
            if (conn := self._by_address.get(send[1])) is not None:
                if conn.state in UNPROVEN:
                    sent, size = conn.unproven_sent
                    if sent >= cap or size + len(send[0]) > self.config.unproven_bytes:
                        self.stats.capped += 1
                        continue
                    conn.unproven_sent = (sent + 1, size + len(send[0]))
                conn.last_sent, batching = now, batching or conn.stream.level >= 3
            kept.append(send)
        return kept, batching

    def _batches(self, address: Address) -> bool:
        conn = self._by_address.get(address)
        return conn is not None and conn.stream.level >= 3

    @property
    def unacked(self) -> int:
        """Verdicts and NOTIFYs sent and not yet acknowledged."""
        return len(self._outbox)

    @property
    def players(self) -> int:
        """Human players holding a seat: confirmed, lost (held) or resuming; not pending,
        not spectators."""
        return sum(c.state != "pending" and not c.spectator for c in self.connections.values())

    @property
    def spectators(self) -> int:
        """Registrants watching a full server until a seat frees (``net.seats``)."""
        return seats.spectators(self)

    # ---- what the application calls ------------------------------------------------------

    def notify(self, cuuid: str, event_data: Any, now: float) -> str | None:
        """Push ``event_data`` to one client, resent until OK NOTIFY. Returns its euuid, or
        None when that client holds no reachable seat (gone, or lost)."""
        conn = self.connections.get(cuuid)
        if conn is None or conn.state not in HOLDS_ADDRESS:
            return None
        euuid = self.new_id()
        conn.stream.challenges.append(euuid)
        self._out.append((conn.reliable.send(euuid, m.encode(
            m.Notify(euuid=euuid, event_data=event_data)), conn.address, now), conn.address))
        return euuid

    def broadcast(self, event_data: Any, now: float) -> list[str]:
        """``notify`` every client with a reachable seat; returns the euuids."""
        return [e for c in list(self.connections) if (e := self.notify(c, event_data, now))]

    def publish_state(self, tick: int, history: StateHistory, now: float,
                      view: Callable[[Connection, dict[str, Any]], dict[str, Any]] | None = None,
                      interest: bool = False) -> None:
        """Send every client the state of ``tick`` (committed in ``history``), unreliably.

        A sync client gets a diff against the newest tick it acknowledged, or a keyframe when
        it has none or is too far behind; a lost one is never resent, the next covers it.
        While its link quality is bad (or not known yet) it gets every 2nd (4th, ...) tick.
        A plain neteria client gets the whole state each tick in an ordinary NOTIFY. A
        client that has not proven its address gets a few keyframes only; a lost one none.

        ``view(conn, payload)`` filters a keyframe, diff or past state for one client. It
        must not change ``payload``, which is shared. By default it must drop the same
        things every time; with ``interest=True`` what it keeps may depend on the state
        (each client's diff is then taken between its views of its baseline and of now).
        """
        self._streaming = True
        pub = Publication(history, tick, interest)
        for conn in self.connections.values():
            if conn.state in HOLDS_ADDRESS and conn.stream.due(now, conn.unproven):
                shown = None if view is None else (lambda p, c=conn: view(c, p))
                self._out.append((conn.stream.frame(pub, shown, self.new_id, now,
                                                    keyframe=conn.unproven), conn.address))

    def kick(self, cuuid: str, reason: str, now: float, ban: bool = False) -> None:
        """Tell a client why it goes (BYE REGISTER) and forget it; ``ban`` refuses its IP later."""
        conn = self.connections.get(cuuid)
        if conn is None:
            return
        if ban:
            self.banned_ips.add(conn.address[0])
        if conn.state in HOLDS_ADDRESS:
            self._send(conn, m.ByeRegister(reason=reason), now)
        self._fire(conn, "closed", now, f"kicked: {reason}")

    def close(self, now: float, reason: str = "server shutting down") -> None:
        """Say goodbye to everyone; call before closing the socket."""
        for cuuid in list(self.connections):
            self.kick(cuuid, reason, now)

    # ---- handlers ------------------------------------------------------------------------

    def _from_client(self, msg: Any, address: Address, now: float) -> None:
        conn = self._sender(msg, address, now)
        if conn is None:
            if isinstance(msg, m.Event):
                self._out.append((m.encode(m.ByeEvent(euuid=msg.euuid)), address))
            return
        if conn.state in UNPROVEN and not self._proven_by(conn, msg, now):
            return
        if (kind := type(msg)) is m.Event:
            self._on_event(conn, msg, now)
        elif kind is m.OkEvent or kind is m.OkNotify:
            conn.reliable.acknowledged(msg.euuid)
        elif kind is m.ByeRegister:
            self._fire(conn, "closed", now, msg.reason or "left")
        elif kind is m.Heartbeat:
            self._send(conn, m.Heartbeat(time=now, echo=msg.time), now)

    def _proven_by(self, conn: Connection, msg: Any, now: float) -> bool:
        """Whether ``msg`` from an unproven ``conn`` proves its address; if not, an EVENT
        is parked (no answer, no life: it waits for the proof) and anything else counted."""
        if isinstance(msg, m.OkNotify) and msg.euuid in conn.stream.challenges:
            self._prove(conn, now)
        elif isinstance(msg, m.Event) and conn.stream.acks is None and not self._streaming:
            self._prove(conn, now)  # nothing to echo: see the module docstring
        if not conn.unproven:
            return True
        parked = self._parked.setdefault(conn, [])
        if isinstance(msg, m.Event) and len(parked) < self.config.parked_events:
            parked.append(msg)
        else:
            self.stats.unproven += 1
        return False

    def _on_event(self, conn: Connection, msg: m.Event, now: float) -> None:
        cached = conn.reliable.cached_verdict(msg.euuid)
        if cached is not None:  # a retry: same answer, no second execution
            self.stats.duplicate_events += 1
            self._out.append((with_header(cached, conn.reliable.stamp(now)), conn.address))
            return
        verdict = self.app.judge(conn, msg.event_data)
        answer = m.encode_legal(msg.euuid, msg.priority) if verdict.legal else m.encode(
            m.Illegal(euuid=msg.euuid, priority=msg.priority, reason=verdict.reason))
        self._out.append((conn.reliable.send_verdict(msg.euuid, answer, conn.address, now),
                          conn.address))
        if verdict.legal:
            self.app.execute(conn, msg.event_data)
        self.stats.middleware_errors = self.app.errors

    def _on_packed_ack(self, datagram: bytes, conn: Connection | None, address: Address,
                       now: float) -> None:
        """A packed ACK: from the address a packed client speaks from, with its token."""
        try:
            seq, ack, bits, client_token = framing.unpack_ack(datagram)
        except packing.PackingError as err:
            self.stats.malformed["bad packed ack"] += 1
            self.stats.last_malformed = f"{address[0]}:{address[1]}: bad packed ack: {err}"
            return
        if conn is None or not conn.stream.packed or conn.stream.token != client_token:
            self.stats.not_registered += 1
            return
        self._read_header(conn, seq, ack, bits, now)

    # ---- helpers -------------------------------------------------------------------------

    def _sender(self, msg: Any, address: Address, now: float) -> Connection | None:
        """The connection speaking, or None (counted) if ``msg.cuuid`` is unknown or spoken
        from another address. A lost one heard from its own address is back; the header is
        read (it may prove the address, and acknowledges what we sent)."""
        conn = self.connections.get(msg.cuuid) if msg.cuuid else None
        if conn is None:
            self.stats.not_registered += 1
            return None
        if conn.address != address or (conn.state == "lost" and (
                address in self._by_address or not conn.token)):  # not conn.token: adopted
            self.stats.wrong_address += 1
            return None
        if conn.state == "lost":
            self._fire(conn, "heard", now)
        if msg.seq or msg.ack:
            self._read_header(conn, msg.seq, msg.ack, msg.bits, now)
        if conn.state == "confirmed":
            conn.last_heard = now
        return conn

    def _read_header(self, conn: Connection, seq: int | None, ack: int | None,
                     bits: int | None, now: float) -> None:
        acked = conn.stream.read_header(seq, ack, bits, now)
        conn.reliable.header_acked(acked)
        if acked and conn.unproven:
            self._prove(conn, now)
        if conn.state == "confirmed":
            conn.last_heard = now

    def _prove(self, conn: Connection, now: float) -> None:
        """The address is shown to receive: the client plays; its parked EVENTs are judged."""
        self._fire(conn, "proved", now)
        for event in self._parked.pop(conn, []):
            self._on_event(conn, event, now)

    def _fire(self, conn: Connection, trigger: Trigger, now: float, reason: str = "") -> None:
        """Move ``conn`` by the lifecycle table, keep the registry in step, call the hook."""
        before = conn.state
        hook = conn.fire(trigger, now)
        self.stats.transitions[f"{before}->{conn.state}"] += 1
        if conn.state not in HOLDS_ADDRESS and self._by_address.get(conn.address) is conn:
            del self._by_address[conn.address]
        elif conn.state in HOLDS_ADDRESS:
            self._by_address[conn.address] = conn
        if conn.state == "closed":
            del self.connections[conn.cuuid]
            conn.reliable.drop()
        if conn.state in ("closed", "lost"):
            self._parked.pop(conn, None)
        if hook is not None:
            self.app.hook(hook, conn, *((reason,) if hook == "left" else ()))
            self.stats.middleware_errors = self.app.errors
        self._wake(now)

    def _wake(self, now: float) -> None:
        """Timers changed: have ``tick`` run at ``now`` to work out the next deadline."""
        self._due = min(self._due if self._due is not None else now, now)

    def _send(self, conn: Connection, msg: m.OkRegister | m.ByeRegister | m.Heartbeat,
              now: float) -> None:
        self._out.append((with_header(m.encode(msg), conn.reliable.stamp(now)), conn.address))
