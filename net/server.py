"""Sans-IO Neteria server: registry, middleware verdicts, NOTIFY, retransmission, timeouts.

Feed it with ``receive(datagram, address, now)`` and ``tick(now)`` (call ``tick`` at
``next_deadline()`` at the latest); send what ``datagrams_to_send()`` returns and handle
what ``events()`` returns. It owns no socket, thread or clock, so tests drive it with
fake time, and ``net.udp`` runs it for real.

Unlike neteria 1.0.2 it binds a registration to the (ip, port) that made it, answers a
retried EVENT with the verdict it already gave (executing it once only), drops silent
clients, says why it refuses or kicks anyone, and never lets a peer's bad datagram raise.
"""

from __future__ import annotations

import uuid
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from net import messages as m
from net import packing
from net.acks import AckState, Congestion
from net.ratelimit import RateLimiter
from net.retransmit import Address, Outbox, RetrySchedule
from net.sync import Baseline, Differ, StateHistory


@dataclass(frozen=True, slots=True)
class Verdict:
    """A middleware's judgement of one EVENT; ``reason`` travels with ILLEGAL (extension)."""

    legal: bool
    reason: str | None = None


LEGAL = Verdict(True)


def illegal(reason: str) -> Verdict:
    return Verdict(False, reason)


@dataclass(eq=False)
class Peer:
    """A registered client; it may speak only from ``address``, where it registered from."""

    cuuid: str
    address: Address
    name: str
    version: str | None
    joined_at: float
    last_heard: float
    last_sent: float
    # euuid -> (the encoded verdict, when to forget it): a retried EVENT gets the same answer
    verdicts: OrderedDict[str, tuple[bytes, float]] = field(default_factory=OrderedDict)
    # sync only: seq of each send of a verdict or NOTIFY -> its outbox key; a packet header
    # acknowledging any one of them stands for OK EVENT / OK NOTIFY
    reliable: OrderedDict[int, tuple[str, str]] = field(default_factory=OrderedDict)
    acks: AckState | None = None  # set when the client speaks the sync extension
    level: int = 0  # sync level agreed: 2 packed state frames and acks, 3 also batches
    token: bytes = b""  # packed: the 4 bytes that name this client in its packed ACKs
    baseline: Baseline = field(default_factory=Baseline)
    congestion: Congestion = field(default_factory=Congestion)
    states_skipped: int = 0

    @property
    def packed(self) -> bool:
        """Sync level 2 and up: state goes in packed frames, acks come packed."""
        return self.level >= 2


class Middleware(Protocol):
    """The judiciary: every EVENT is judged before anything happens, and executed once if LEGAL."""

    def judge(self, peer: Peer, event_data: Any) -> Verdict | bool: ...

    def execute(self, peer: Peer, event_data: Any) -> None: ...


@dataclass(frozen=True, slots=True)
class PlayerJoined:
    peer: Peer


@dataclass(frozen=True, slots=True)
class PlayerLeft:
    peer: Peer
    reason: str


ServerEvent = PlayerJoined | PlayerLeft


@dataclass
class ServerConfig:
    """Times in seconds. ``port`` is advertised in OHAI answers as where to REGISTER."""

    server_name: str = "Starlane server"
    port: int = m.DEFAULT_PORT
    max_players: int = 8
    client_timeout: float = 10.0
    heartbeat_interval: float = 1.0
    verdict_memory: float = 30.0  # how long a verdict is kept to answer retried EVENTs
    verdict_memory_size: int = 1024  # per client
    schedule: RetrySchedule = field(default_factory=RetrySchedule)
    rate_per_ip: float = 2000.0  # datagrams/s; bursts of twice that
    version: str = m.PROTOCOL_VERSION
    # answered to OHAI so that a LAN list shows one row for a server it reaches by several
    # addresses (LAN card and loopback); the caller makes it unique (e.g. a uuid4)
    server_id: str | None = None


@dataclass
class ServerStats:
    """Counters for what was received and dropped; ``malformed`` is keyed by DecodeError kind."""

    received: int = 0
    sent: int = 0
    malformed: Counter[str] = field(default_factory=Counter)
    last_malformed: str = ""
    rate_limited: int = 0
    not_registered: int = 0
    wrong_address: int = 0
    duplicate_events: int = 0
    unexpected: int = 0
    refused: int = 0
    middleware_errors: int = 0
    unanswered: int = 0


def _new_id() -> str:
    return str(uuid.uuid4())


class ServerProtocol:
    _RELIABLE_MEMORY = 1024  # per client: sends of verdicts/NOTIFYs awaiting a header ack

    def __init__(self, middleware: Middleware, config: ServerConfig | None = None,
                 new_id: Callable[[], str] = _new_id) -> None:
        self.middleware = middleware
        self.config = config or ServerConfig()
        self.new_id = new_id
        self.peers: dict[str, Peer] = {}
        self._by_address: dict[Address, Peer] = {}  # where each registered client speaks from
        self.accepting = True  # False: REGISTER refused with "game already started"
        self.banned_ips: set[str] = set()
        self.stats = ServerStats()
        self._limiter = RateLimiter(self.config.rate_per_ip, 2 * self.config.rate_per_ip)
        self._outbox = Outbox(self.config.schedule)
        self._out: list[tuple[bytes, Address]] = []
        self._events: list[ServerEvent] = []
        self._peers_due: float | None = None  # see _peers_deadline

    # ---- driving the protocol ------------------------------------------------------------

    def receive(self, datagram: bytes, address: Address, now: float) -> None:
        """Handle one datagram from ``address``. Never raises on anything the peer sent."""
        self.stats.received += 1
        if not self._limiter.allow(address[0], now):
            self.stats.rate_limited += 1
            return
        if datagram[:1] == packing.MAGIC:
            self._on_packed_ack(datagram, address, now)
            return
        msg = m.decode(datagram)
        if isinstance(msg, m.DecodeError):
            self._malformed(address, msg.kind, msg.detail)
            return
        handler = self._HANDLERS.get(type(msg))
        if handler is None:
            self.stats.unexpected += 1
            return
        handler(self, msg, address, now)

    def tick(self, now: float) -> None:
        """Resend what is due, drop silent clients, send heartbeats, forget old verdicts."""
        resend, expired = self._outbox.due(now)
        for datagram, address in resend:
            self._send_raw(datagram, address)
        self.stats.unanswered += len(expired)
        for peer in list(self.peers.values()):
            if now - peer.last_heard >= self.config.client_timeout:
                self._remove(peer, "timed out", now)
                continue
            if now - peer.last_sent >= self.config.heartbeat_interval:
                self._send(m.Heartbeat(time=now), peer, now)
            while peer.verdicts and next(iter(peer.verdicts.values()))[1] <= now:
                peer.verdicts.popitem(last=False)
        self._peers_due = self._peers_deadline()

    def next_deadline(self) -> float | None:
        """When ``tick`` next has work to do (seconds, same clock as ``now``). Never later
        than needed; it may be earlier, then ``tick`` finds nothing to do."""
        due = self._outbox.next_deadline()
        if self._peers_due is not None and (due is None or self._peers_due < due):
            return self._peers_due
        return due

    def _peers_deadline(self) -> float | None:
        """The earliest timeout, heartbeat or verdict expiry of any client. Traffic only
        moves these later, so the value computed at ``tick`` stays a safe lower bound."""
        times = []
        for peer in self.peers.values():
            times.append(peer.last_heard + self.config.client_timeout)
            times.append(peer.last_sent + self.config.heartbeat_interval)
            if peer.verdicts:
                times.append(next(iter(peer.verdicts.values()))[1])
        return min(times, default=None)

    def datagrams_to_send(self) -> list[tuple[bytes, Address]]:
        """What to send now; messages to a level-3 client travel batched."""
        out, self._out = self._out, []
        return m.coalesce(out, self._batches) if len(out) > 1 else out

    def _batches(self, address: Address) -> bool:
        peer = self._by_address.get(address)
        return peer is not None and peer.level >= 3

    @property
    def unacked(self) -> int:
        """Verdicts and NOTIFYs sent and not yet acknowledged."""
        return len(self._outbox)

    def events(self) -> list[ServerEvent]:
        events, self._events = self._events, []
        return events

    # ---- what the application calls ------------------------------------------------------

    def notify(self, cuuid: str, event_data: Any, now: float) -> str | None:
        """Push ``event_data`` to one client, resent until OK NOTIFY. Returns its euuid,
        or None when that client is no longer registered."""
        peer = self.peers.get(cuuid)
        if peer is None:
            return None
        euuid = self.new_id()
        self._send_reliable(peer, euuid, m.encode(m.Notify(euuid=euuid, event_data=event_data)),
                            now)
        return euuid

    def broadcast(self, event_data: Any, now: float) -> list[str]:
        """``notify`` every registered client; returns the euuids."""
        return [e for c in list(self.peers) if (e := self.notify(c, event_data, now))]

    def publish_state(self, tick: int, history: StateHistory, now: float,
                      view: Callable[[Peer, dict[str, Any]], dict[str, Any]] | None = None,
                      interest: bool = False) -> None:
        """Send every client the state of ``tick`` (committed in ``history``), unreliably.

        A sync client gets a diff against the newest tick it acknowledged, or a keyframe when
        it has none or is too far behind; a lost one is never resent, the next covers it.
        While its link quality is bad it gets every 2nd (4th, ...) tick only. A plain neteria
        client gets the whole state each tick in an ordinary NOTIFY.

        ``view(peer, payload)`` filters a keyframe, diff or past state for one client (what
        it may see or can use). It must not change ``payload``, which is shared. By default
        it must drop the same things every time (other ships' cooldowns, say): the diff is
        then the view of the history's diff. With ``interest=True`` what it keeps may
        depend on the state (an interest radius, fog of war): each client's diff is then
        taken between its view of its baseline and its view now, which costs more.
        """
        keyframe: dict[str, Any] | None = None
        packer, differ = packing.Packer(), Differ()  # each shares work between clients
        current = history.state_at(tick)
        if current is None:
            raise ValueError(f"tick {tick} is not committed in the history")
        for peer in self.peers.values():
            if peer.acks is None:
                keyframe = keyframe if keyframe is not None else history.keyframe()
                shown = view(peer, keyframe) if view else keyframe
                self._send_to(m.Notify.model_construct(euuid=self.new_id(), event_data=shown),
                              peer.address)
                peer.last_sent = now
                continue
            rate = peer.congestion.update(peer.acks.quality, now)
            if peer.states_skipped + 1 < round(1 / rate):
                peer.states_skipped += 1
                continue
            peer.states_skipped = 0
            base = peer.baseline.tick
            delta = history.delta_since(base) if base is not None else None
            held = history.state_at(base) if base is not None else None  # the client's state
            if delta is None or held is None:
                keyframe = keyframe if keyframe is not None else history.keyframe()
                base, delta, held = None, keyframe, packing.EMPTY
            seq, ack, bits = peer.acks.stamp(now)
            peer.baseline.sent(seq, tick)
            if view is None or base is None:  # what the client holds: its view of ``base``
                shown, prior = (view(peer, delta) if view else delta), held
            elif interest:
                prior = view(peer, held)
                shown = differ.diff(prior, view(peer, current))
            else:
                shown, prior = view(peer, delta), view(peer, held) if peer.packed else held
            if peer.packed:
                self._send_raw(packing.pack_frame(seq, ack, bits, tick, base,
                                                  packer.pack(shown, prior)),
                               peer.address)
            else:  # our own state: skip re-validating the whole tree (it is only serialised)
                self._send_to(m.Notify.model_construct(
                    euuid=str(tick), event_data=shown, tick=tick, base=base, seq=seq, ack=ack,
                    bits=bits), peer.address)
            peer.last_sent = now

    def kick(self, cuuid: str, reason: str, now: float, ban: bool = False) -> None:
        """Tell a client why it goes (BYE REGISTER) and forget it; ``ban`` refuses its IP later."""
        peer = self.peers.get(cuuid)
        if peer is None:
            return
        if ban:
            self.banned_ips.add(peer.address[0])
        self._send(m.ByeRegister(reason=reason), peer, now)
        self._remove(peer, f"kicked: {reason}", now)

    def close(self, now: float, reason: str = "server shutting down") -> None:
        """Say goodbye to everyone; call before closing the socket."""
        for cuuid in list(self.peers):
            self.kick(cuuid, reason, now)

    # ---- handlers ------------------------------------------------------------------------

    def _on_ohai(self, msg: m.Ohai, address: Address, now: float) -> None:
        if not m.version_compatible(msg.version):
            self._send_to(m.ByeRegister(reason=self._version_reason(msg.version)), address)
            return
        self._send_to(m.OhaiClient(
            version=self.config.version, server_name=self.config.server_name, cuuid=msg.cuuid,
            probe=msg.probe, players=len(self.peers), max_players=self.config.max_players,
            port=self.config.port, server_id=self.config.server_id), address)

    def _on_register(self, msg: m.Register, address: Address, now: float) -> None:
        peer = self.peers.get(msg.cuuid)
        if peer is not None and peer.address == address:  # our OK REGISTER was lost: repeat it
            peer.last_heard = now
            self._send(self._welcome(peer), peer, now)
            return
        reason = self._refusal(msg, address, taken_by_other=peer is not None)
        if reason:
            self.stats.refused += 1
            self._send_to(m.ByeRegister(reason=reason), address)
            return
        name = _clean_name(msg.name) or self._generated_name()
        level = min(msg.sync or 0, m.SYNC_LEVEL)
        peer = Peer(msg.cuuid, address, name, msg.version, now, now, now,
                    acks=AckState() if level >= 1 else None, level=level,
                    token=packing.token(msg.cuuid))
        self.peers[msg.cuuid] = peer
        self._by_address[address] = peer
        self._peers_due = min(self._peers_due or now + self.config.heartbeat_interval,
                              now + self.config.heartbeat_interval)
        self._send(self._welcome(peer), peer, now)
        self._events.append(PlayerJoined(peer))

    def _on_event(self, msg: m.Event, address: Address, now: float) -> None:
        peer = self._sender(msg, address, now)
        if peer is None:
            self._send_to(m.ByeEvent(euuid=msg.euuid), address)
            return
        cached = peer.verdicts.get(msg.euuid)
        if cached is not None:  # a retry: same answer, no second execution
            self.stats.duplicate_events += 1
            self._send_raw(m.with_header(cached[0], self._stamp(peer, now)), address)
            peer.last_sent = now
            return
        verdict = self._judge(peer, msg.event_data)
        answer = m.encode(m.Legal(euuid=msg.euuid, priority=msg.priority) if verdict.legal
                          else m.Illegal(euuid=msg.euuid, priority=msg.priority,
                                         reason=verdict.reason))
        peer.verdicts[msg.euuid] = (answer, now + self.config.verdict_memory)
        if len(peer.verdicts) > self.config.verdict_memory_size:
            peer.verdicts.popitem(last=False)
        self._send_reliable(peer, msg.euuid, answer, now)
        if verdict.legal:
            try:
                self.middleware.execute(peer, msg.event_data)
            except Exception:  # the application's bug must not take the server down
                self.stats.middleware_errors += 1

    def _on_ack(self, msg: m.OkEvent | m.OkNotify, address: Address, now: float) -> None:
        peer = self._sender(msg, address, now)
        if peer is not None:
            self._outbox.ack((peer.cuuid, msg.euuid))

    def _on_bye(self, msg: m.ByeRegister, address: Address, now: float) -> None:
        peer = self._sender(msg, address, now)
        if peer is not None:
            self._remove(peer, msg.reason or "left", now)

    def _on_heartbeat(self, msg: m.Heartbeat, address: Address, now: float) -> None:
        peer = self._sender(msg, address, now)
        if peer is not None:
            self._send(m.Heartbeat(time=now, echo=msg.time), peer, now)

    def _on_sync_ack(self, msg: m.Ack, address: Address, now: float) -> None:
        self._sender(msg, address, now)

    def _on_packed_ack(self, datagram: bytes, address: Address, now: float) -> None:
        """A packed ACK: from the address a packed client registered from, with its token."""
        try:
            seq, ack, bits, client_token = packing.unpack_ack(datagram)
        except packing.PackingError as err:
            self._malformed(address, "bad packed ack", str(err))
            return
        peer = self._by_address.get(address)
        if peer is None or not peer.packed or peer.token != client_token:
            self.stats.not_registered += 1
            return
        peer.last_heard = now
        self._read_header(peer, seq, ack, bits, now)

    _HANDLERS: ClassVar[dict[type, Callable[..., None]]] = {
        m.Ohai: _on_ohai, m.Register: _on_register, m.Event: _on_event, m.OkEvent: _on_ack,
        m.OkNotify: _on_ack, m.ByeRegister: _on_bye, m.Heartbeat: _on_heartbeat,
        m.Ack: _on_sync_ack,
    }

    # ---- helpers -------------------------------------------------------------------------

    def _sender(self, msg: Any, address: Address, now: float) -> Peer | None:
        """The registered peer speaking, or None (counted) if ``msg.cuuid`` is unknown or
        spoofed. Reads the sync header, which may acknowledge state NOTIFYs."""
        peer = self.peers.get(msg.cuuid) if msg.cuuid else None
        if peer is None:
            self.stats.not_registered += 1
            return None
        if peer.address != address:
            self.stats.wrong_address += 1
            return None
        peer.last_heard = now
        if peer.acks is not None and (msg.seq or msg.ack):
            self._read_header(peer, msg.seq, msg.ack, msg.bits, now)
        return peer

    def _read_header(self, peer: Peer, seq: int | None, ack: int | None, bits: int | None,
                     now: float) -> None:
        """What a sync client's packet header acknowledges: state frames (its baseline moves)
        and verdicts or NOTIFYs (no longer resent)."""
        if peer.acks is None:
            return
        acked = peer.acks.receive(seq, ack, bits, now)
        peer.baseline.acked(acked)
        for number in acked:
            if (key := peer.reliable.pop(number, None)) is not None:
                self._outbox.ack(key)

    def _malformed(self, address: Address, kind: str, detail: str) -> None:
        self.stats.malformed[kind] += 1
        self.stats.last_malformed = f"{address[0]}:{address[1]}: {kind}: {detail}"

    def _refusal(self, msg: m.Register, address: Address, taken_by_other: bool) -> str | None:
        """Why this REGISTER is refused (rwi's kick reasons), or None to accept it."""
        if address[0] in self.banned_ips:
            return "banned from this server"
        if not m.version_compatible(msg.version):
            return self._version_reason(msg.version)
        if taken_by_other:
            return "this client id is already registered from another address"
        if not self.accepting:
            return "game already started"
        if len(self.peers) >= self.config.max_players:
            return f"server full ({len(self.peers)}/{self.config.max_players} players)"
        name = _clean_name(msg.name)
        if name and any(p.name.casefold() == name.casefold() for p in self.peers.values()):
            return f"name taken: {name}"
        return None

    def _version_reason(self, version: str | None) -> str:
        return f"incompatible version {version}: this server speaks {self.config.version} (1.x)"

    def _welcome(self, peer: Peer) -> m.OkRegister:
        return m.OkRegister(name=peer.name, timeout=self.config.client_timeout,
                            sync=peer.level or None)

    def _generated_name(self) -> str:
        taken = {p.name for p in self.peers.values()}
        return next(f"Pilot-{n}" for n in range(1, len(taken) + 2) if f"Pilot-{n}" not in taken)

    def _judge(self, peer: Peer, event_data: Any) -> Verdict:
        try:
            verdict = self.middleware.judge(peer, event_data)
        except Exception:
            self.stats.middleware_errors += 1
            return illegal("server error while judging this event")
        if not isinstance(verdict, Verdict):
            return Verdict(bool(verdict))
        if verdict.reason is not None and len(verdict.reason) > m.TEXT_MAX:  # fits the wire
            return illegal(verdict.reason[:m.TEXT_MAX - 3] + "...")
        return verdict

    def _remove(self, peer: Peer, reason: str, now: float) -> None:
        if self.peers.pop(peer.cuuid, None) is not None:
            if self._by_address.get(peer.address) is peer:  # not a newer client's entry
                del self._by_address[peer.address]
            self._outbox.drop_owner(peer)
            self._events.append(PlayerLeft(peer, reason))

    def _send_reliable(self, peer: Peer, euuid: str, datagram: bytes, now: float) -> None:
        """Send ``datagram`` until the client acknowledges it (OK EVENT / OK NOTIFY, or a
        sync client's packet header naming any one of the sends: each gets a new seq)."""
        key = (peer.cuuid, euuid)
        acks = peer.acks
        if acks is None:
            def make(retry: int, now: float) -> bytes:
                return datagram
        else:
            def make(retry: int, now: float) -> bytes:
                header = acks.stamp(now)
                peer.reliable[header[0]] = key
                if len(peer.reliable) > self._RELIABLE_MEMORY:  # too old to be acked anyway
                    peer.reliable.popitem(last=False)
                return m.with_header(datagram, header)
        self._send_raw(self._outbox.add(key, peer.address, make, now, owner=peer), peer.address)
        peer.last_sent = now

    def _send(self, msg: m.OkRegister | m.ByeRegister | m.Heartbeat, peer: Peer,
              now: float) -> None:
        self._send_raw(m.with_header(m.encode(msg), self._stamp(peer, now)), peer.address)
        peer.last_sent = now

    @staticmethod
    def _stamp(peer: Peer, now: float) -> m.Header | None:
        """The packet header for the next datagram to ``peer`` (None: it does not speak it)."""
        return None if peer.acks is None else peer.acks.stamp(now)

    def _send_to(self, msg: Any, address: Address) -> None:
        self._send_raw(m.encode(msg), address)

    def _send_raw(self, datagram: bytes, address: Address) -> None:
        self.stats.sent += 1
        self._out.append((datagram, address))


def _clean_name(name: str | None) -> str | None:
    """Collapse white space; None when nothing is left."""
    return " ".join(name.split()) or None if name else None
