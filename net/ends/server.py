"""Sans-IO Neteria server: the registry of ``Connection``s, dispatch, the middleware boundary.

Feed it with ``receive(datagram, address, now)`` and ``tick(now)`` (call ``tick`` at
``next_deadline()`` at the latest); send what ``datagrams_to_send(now)`` returns. It owns no
socket, thread, clock or randomness (``new_id``, ``new_token`` and ``new_pid`` are
injected), so tests drive it with fake time and ``net.io.udp`` runs it for real.

Before a datagram is decoded it passes a budget: its seat's own when its address holds one
(pending or confirmed), else its address's and then its IP's (``net.link._ratelimit``).
A registrant is *pending* until a datagram proves it
receives at its address (``net.link.connection``): a packet header acknowledging one of our
sequence numbers (they start at a random number), or a plain client's OK NOTIFY naming the
euuid of a state NOTIFY it was sent; when the application streams no state, a plain
client's EVENT. Until then it gets OK REGISTER and a few keyframes, capped per address at
``unproven_datagrams`` / ``unproven_bytes``, and its EVENTs wait (``parked``).

The registry of connections, their address index, parked EVENTs, outgoing queue and
timers are ``peers`` (``net.ends._peers``); who gets a seat is ``net.ends._seats``, host migration
``net.ends.handover``: both work through the server's public members and ``peers``.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from itertools import count
from typing import Any

from ..link._channels import Publication
from ..link._fragments import FRAGMENT_ACK
from ..link._ratelimit import RateLimiter
from ..link._retransmit import Address
from ..link.connection import HOLDS_ADDRESS, UNPROVEN, Connection
from ..sync.tracking import StateHistory
from ..wire import _fast as fast
from ..wire import _framing as framing
from ..wire import messages as m
from ..wire import packing
from ..wire._batching import coalesce, with_header
from . import _seats as seats
from . import discovery
from ._admission import Gate
from ._peers import Peers
from ._sizes import Sizes
from .messaging import ServerChannels
from .middleware import LEGAL, Boundary, Judiciary, Verdict, illegal
from .migration import Succession
from .serverconfig import ServerConfig, ServerStats

# what a registered client sends (``_from_client``), by exact type: cheaper than isinstance
_FROM_CLIENT = frozenset({m.Event, m.OkEvent, m.OkNotify, m.ByeRegister, m.Heartbeat, m.Ack,
                          m.ChannelMessage, m.OkChannelMessage})

__all__ = ["LEGAL", "Connection", "ServerConfig", "ServerProtocol", "ServerStats", "Verdict",
           "illegal"]


def _new_id() -> str:
    return str(uuid.uuid4())


def _new_token() -> str:
    return secrets.token_hex(16)  # 128 random bits


class ServerProtocol:
    """The sans-IO server: one per match. ``middleware`` judges and executes every EVENT
    (``net.ends.middleware``); ``config`` holds its limits and timings (seconds, datagrams/s).
    ``new_id`` (euuids, session ids), ``new_token`` (resume tokens: keep them unguessable)
    and ``new_pid`` (player numbers, from 1) are injected so that tests replay exactly.
    ``TypeError``: the middleware has a misspelt or mis-typed hook (``net.ends.middleware``).

    Attributes: the application sets ``accepting`` (False: a REGISTER is refused with "game
    already started"), ``banned_ips`` (a set of IPs refused) and ``bots`` (computer players,
    counted in OHAI answers). It reads ``config``, ``stats`` (``ServerStats``) and
    ``succession`` (a hosted game's ``Succession``, ``net.ends.handover``; None: a dedicated
    server). The parts the server is made of, to read in tests and tools: ``app`` (the
    middleware behind a ``Boundary``), ``peers`` (the seats and their links), ``gate`` (the
    password), ``sizes`` (what fits a datagram to each peer), ``channels`` (the message
    channels, ``ServerChannels``); ``new_id``, ``new_token``, ``new_pid`` as given."""

    def __init__(self, middleware: Judiciary, config: ServerConfig | None = None,
                 new_id: Callable[[], str] = _new_id, new_token: Callable[[], str] = _new_token,
                 new_pid: Callable[[], int] | None = None) -> None:
        self.config = config or ServerConfig()
        self.app = Boundary(middleware)
        self.new_id, self.new_token = new_id, new_token
        self.new_pid = new_pid or count(1).__next__
        self.stats = ServerStats()
        self.peers = Peers(self.config, self.app, self.stats, new_token)
        self.gate = Gate(self.config.password, new_token, self.stats,
                         self.config.password_lock)  # net.ends._admission
        self.sizes = Sizes(self.config, self.stats)  # what fits a datagram to each peer
        self.channels = ServerChannels(self.config, self.app, self.peers.queue,
                                       self.sizes.refuse_input)
        self.accepting = True
        self.banned_ips: set[str] = set()
        self.bots = 0
        self.succession: Succession | None = None
        rate, per_address = self.config.unconfirmed_rate, self.config.unconfirmed_rate_per_address
        self._ip_limiter = RateLimiter(rate, 2 * rate)
        self._address_limiter = RateLimiter(per_address, 2 * per_address)
        self._streaming = False  # publish_state was called: plain clients prove by OK NOTIFY

    # ---- driving the protocol ------------------------------------------------------------

    def receive(self, datagram: bytes, address: Address, now: float) -> None:
        """Handle one datagram from ``address``. Never raises on anything the peer sent."""
        self.stats.received += 1
        conn = self.peers.at(address)  # a seat, proven or not: its own budget
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
        if datagram[:1] == FRAGMENT_ACK:
            self.sizes.on_ack(datagram, conn, address)
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
                self.succession.epoch if self.succession else None, self.gate.private)
            if answer is not None:
                self.peers.queue(answer, address)
            else:
                self.stats.refused += 1
        elif isinstance(msg, m.Register):
            seats.register(self, msg, address, now)
            self.channels.announced(self.peers.connections.get(msg.cuuid), address, msg.channels)
        else:
            self.stats.unexpected += 1

    def tick(self, now: float) -> None:
        """Resend what is due, run each connection's timer, heartbeat quiet clients."""
        resend, expired = self.peers.outbox.due(now)
        for datagram, address in resend:
            self.peers.queue(datagram, address)
        self.stats.unanswered += len(expired)
        for datagram, address in self.sizes.resend(self.peers.connections.values(), now):
            self.peers.queue(datagram, address)
        for conn in list(self.peers.connections.values()):
            deadline = conn.deadline(self.config.timeouts)
            if deadline is not None and deadline[0] <= now:
                self.peers.fire(conn, deadline[1], now, "timed out")
            elif conn.state == "confirmed" and \
                    now - conn.last_sent >= self.config.heartbeat_interval:
                self.peers.send(conn, m.Heartbeat(time=now), now)
        seats.seat_spectators(self, now)
        self.peers.plan(now)

    def next_deadline(self) -> float | None:
        """When ``tick`` next has work to do (same clock as ``now``); maybe earlier."""
        times = [t for t in (self.peers.next_deadline(),
                             self.channels.next_deadline()) if t is not None]
        return min(times, default=None)

    def datagrams_to_send(self, now: float) -> list[tuple[bytes, Address]]:
        """What to send at ``now``. Sends to an unproven address stop at its cap; one over
        1200 bytes to a sync client goes in fragments (``net.ends._sizes``); messages to a level-3
        client travel batched."""
        self.channels.flush(now)
        fitted = self.sizes.fit(self.peers.drain(), self.peers.at, now)
        kept, batching = self.sizes.within_caps(fitted, self.peers.at, now)
        self.stats.sent += len(kept)
        return coalesce(kept, self._batches) if batching and len(kept) > 1 else kept

    def _batches(self, address: Address) -> bool:
        conn = self.peers.at(address)
        return conn is not None and conn.stream.level >= 3

    @property
    def unacked(self) -> int:
        """Verdicts and NOTIFYs sent and not yet acknowledged."""
        return len(self.peers.outbox)

    @property
    def connections(self) -> dict[str, Connection]:
        """Every registrant by cuuid (``Peers.connections``): read it, never change it."""
        return self.peers.connections

    @property
    def players(self) -> int:
        """Human players holding a seat: confirmed, lost (held) or resuming; not pending,
        not spectators."""
        return sum(c.state != "pending" and not c.spectator for c in self.connections.values())

    @property
    def spectators(self) -> int:
        """Registrants watching a full server until a seat frees (``net.ends._seats``)."""
        return seats.spectators(self)

    # ---- what the application calls ------------------------------------------------------

    def notify(self, cuuid: str, event_data: Any, now: float) -> str | None:
        """Push ``event_data`` to one client, resent until OK NOTIFY. Returns its euuid, or
        None when that client holds no reachable seat (gone, or lost) or the NOTIFY is too
        large for it (``net.ends._sizes``: counted in ``stats.oversized``, logged once)."""
        conn = self.peers.connections.get(cuuid)
        if conn is None or conn.state not in HOLDS_ADDRESS:
            return None
        euuid = self.new_id()
        try:
            datagram = m.encode(m.Notify(euuid=euuid, event_data=event_data))
        except ValueError as err:  # over MAX_MESSAGE
            self.sizes.refuse(conn, str(err))
            return None
        if not self.sizes.allows(conn, len(datagram)):
            return None
        conn.stream.challenges.append(euuid)
        self.peers.send_reliably(conn, euuid, datagram, now)
        return euuid

    def notify_all(self, event_data: Any, now: float) -> list[str]:
        """``notify`` every client with a reachable seat (a reliable NOTIFY to each, through
        its own link: not a LAN broadcast; named ``broadcast()`` up to 0.1.0); returns the
        euuids."""
        return [e for c in list(self.peers.connections)
                if (e := self.notify(c, event_data, now))]

    def publish_state(self, tick: int, history: StateHistory, now: float,
                      view: Callable[[Connection, dict[str, Any]], dict[str, Any]] | None = None,
                      interest: bool = False) -> None:
        """Send every client the state of ``tick`` (committed in ``history``), unreliably.

        A sync client gets a diff against the newest tick it acknowledged, or a keyframe when
        it has none or is too far behind; a lost one is never resent, the next covers it.
        While its link shows queueing it gets fewer ticks (``net.link._congestion``).
        A plain neteria client gets the whole state each tick in an ordinary NOTIFY. A
        client that has not proven its address gets a few keyframes only; a lost one none.
        A state over 1200 bytes goes to a sync client in fragments (the next one waits
        until it holds them all); one too large for a client is not sent to it
        (``net.ends._sizes``: counted in ``stats.oversized``, logged once per client; a plain
        client gets a small NOTIFY ``{"state_not_sent": ...}`` in its place).

        ``view(conn, payload)`` filters a keyframe, diff or past state for one client. It
        must not change ``payload``, which is shared. By default it must drop the same
        things every time; with ``interest=True`` what it keeps may depend on the state
        (each client's diff is then taken between its views of its baseline and of now).
        """
        self._streaming = True
        pub = Publication(history, tick, interest)
        for conn in self.peers.connections.values():
            if conn.state in HOLDS_ADDRESS and not conn.link.fragments.busy \
                    and conn.stream.due(now, conn.unproven):
                shown = None if view is None else (lambda p, c=conn: view(c, p))
                try:
                    frame = conn.stream.frame(pub, shown, self.new_id, now,
                                              keyframe=conn.unproven)
                except ValueError as err:  # over MAX_MESSAGE, or a number it cannot pack
                    self.sizes.refuse(conn, str(err))
                    continue
                self.peers.queue(self.sizes.stand_in(conn, frame, tick), conn.address)

    def send(self, cuuid: str, channel: str, data: Any, now: float) -> bool:
        """Send ``data`` (any JSON) to one client on a declared ``channel`` (see
        ``net.ends.messaging`` for the guarantees); False when that client does not speak the
        channel (a plain neteria client speaks none) or holds no reachable seat.
        ``ValueError``: the channel is not in ``ServerConfig.channels``, or the message
        exceeds one datagram (``messages.MESSAGE_MAX`` bytes)."""
        conn = self.peers.connections.get(cuuid)
        return conn is not None and self.channels.send(conn, channel, data, now)

    def send_all(self, channel: str, data: Any, now: float) -> int:
        """``send`` to every client; returns to how many it went."""
        return sum(self.send(c, channel, data, now) for c in list(self.peers.connections))

    def kick(self, cuuid: str, reason: str, now: float, ban: bool = False) -> None:
        """Tell a client why it goes (BYE REGISTER) and forget it; ``ban`` refuses its IP later."""
        conn = self.peers.connections.get(cuuid)
        if conn is None:
            return
        if ban:
            self.banned_ips.add(conn.address[0])
        if conn.state in HOLDS_ADDRESS:
            self.peers.send(conn, m.ByeRegister(reason=reason), now)
        self.peers.fire(conn, "closed", now, f"kicked: {reason}")

    def close(self, now: float, reason: str = "server shutting down") -> None:
        """Say goodbye to everyone; call before closing the socket."""
        for cuuid in list(self.peers.connections):
            self.kick(cuuid, reason, now)

    # ---- handlers ------------------------------------------------------------------------

    def _from_client(self, msg: Any, address: Address, now: float) -> None:
        conn = self._sender(msg, address, now)
        if conn is None:
            if isinstance(msg, m.Event):
                self.peers.queue(m.encode(m.ByeEvent(euuid=msg.euuid)), address)
            return
        if conn.state in UNPROVEN and not self._proven_by(conn, msg, now):
            return
        if (kind := type(msg)) is m.Event:
            self._on_event(conn, msg, now)
        elif kind is m.OkEvent or kind is m.OkNotify:
            conn.reliable.acknowledged(msg.euuid)
        elif kind is m.ByeRegister:
            self.peers.fire(conn, "closed", now, msg.reason or "left")
        elif kind is m.Heartbeat:
            self.peers.send(conn, m.Heartbeat(time=now, echo=msg.time), now)
        elif kind is m.ChannelMessage or kind is m.OkChannelMessage:
            self.channels.received(conn, msg, now)

    def _proven_by(self, conn: Connection, msg: Any, now: float) -> bool:
        """Whether ``msg`` from an unproven ``conn`` proves its address; if not, an EVENT
        is parked (no answer, no life: it waits for the proof) and anything else counted."""
        if isinstance(msg, m.OkNotify) and msg.euuid in conn.stream.challenges:
            self._prove(conn, now)
        elif isinstance(msg, m.Event) and conn.stream.acks is None and not self._streaming:
            self._prove(conn, now)  # nothing to echo: see the module docstring
        if not conn.unproven:
            return True
        if not (isinstance(msg, m.Event) and self.peers.park(conn, msg)):
            self.stats.unproven += 1
        return False

    def _on_event(self, conn: Connection, msg: m.Event, now: float) -> None:
        cached = conn.reliable.cached_verdict(msg.euuid)
        if cached is not None:  # a retry: same answer, no second execution
            self.stats.duplicate_events += 1
            self.peers.queue(with_header(cached, conn.reliable.stamp(now)), conn.address)
            return
        verdict = self.app.judge(conn, msg.event_data)
        answer = fast.encode_legal(msg.euuid, msg.priority) if verdict.legal else m.encode(
            m.Illegal(euuid=msg.euuid, priority=msg.priority, reason=verdict.reason))
        self.peers.queue(conn.reliable.send_verdict(msg.euuid, answer, conn.address, now),
                         conn.address)
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
        conn = self.peers.connections.get(msg.cuuid) if msg.cuuid else None
        if conn is None:
            self.stats.not_registered += 1
            return None
        if conn.address != address or (conn.state == "lost" and (
                self.peers.at(address) is not None or not conn.token)):  # no token: adopted
            self.stats.wrong_address += 1
            return None
        if conn.state == "lost":
            self.peers.fire(conn, "heard", now)
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
        self.peers.fire(conn, "proved", now)
        for event in self.peers.unpark(conn):
            self._on_event(conn, event, now)
