"""Sans-IO Neteria client: register, events with verdicts and rollback, NOTIFY, heartbeats.

Drive it like the server: ``receive(datagram, address, now)``, ``tick(now)`` by
``next_deadline()``, send ``datagrams_to_send()``, handle ``events()``.

Priorities, as Neteria defines them:
- ``"normal"``: the application acts only when the server says LEGAL. Pass ``apply``
  and it is called then (or read the ``EventJudged`` event).
- ``"high"``: the application acts at once; ``apply`` is called inside ``event()``, and
  ``undo`` is called if the server says ILLEGAL, refuses the event, or never answers.
"""

from __future__ import annotations

import itertools
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from net import messages as m
from net import packing
from net.acks import AckState
from net.retransmit import Address, Outbox, RetrySchedule
from net.sync import Delta, apply_delta

Hook = Callable[[], None]
_COUNTER = {"legal": "legal", "illegal": "illegal", "timeout": "timed_out"}
State = Literal["idle", "registering", "registered", "closed"]


@dataclass(frozen=True, slots=True)
class Registered:
    name: str | None  # the name the server gave us (None from a plain neteria server)


@dataclass(frozen=True, slots=True)
class RegisterFailed:
    reason: str


@dataclass(frozen=True, slots=True)
class Disconnected:
    reason: str


@dataclass(frozen=True, slots=True)
class EventJudged:
    """The final outcome of one event: ``outcome`` is "legal", "illegal" or "timeout"."""

    euuid: str
    event_data: Any
    priority: str
    outcome: Literal["legal", "illegal", "timeout"]
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Notified:
    euuid: str
    event_data: Any


@dataclass(frozen=True, slots=True)
class StateUpdated:
    """Sync extension: the server's state as of ``tick`` (a keyframe or a diff applied)."""

    tick: int
    state: dict[str, Any]


ClientEvent = Registered | RegisterFailed | Disconnected | EventJudged | Notified | StateUpdated


@dataclass(slots=True)
class PendingEvent:
    """An event sent and not yet judged. ``undo`` is pending only for high priority."""

    euuid: str
    event_data: Any
    priority: str
    sent_at: float
    apply: Hook | None
    undo: Hook | None


@dataclass
class ClientConfig:
    """Times in seconds."""

    heartbeat_interval: float = 1.0
    server_timeout: float = 10.0  # silence after which the link counts as lost
    schedule: RetrySchedule = field(default_factory=RetrySchedule)
    # a player waiting to join should hear "no answer" in seconds: 0.25+0.5+1+1+1 = 3.75 s
    register_schedule: RetrySchedule = field(
        default_factory=lambda: RetrySchedule(first=0.25, factor=2, longest=1.0, attempts=5))
    version: str = m.PROTOCOL_VERSION
    # state-sync level to ask for: 0 plain NOTIFYs, 1 JSON diffs + packet acks, 2 packed
    # diffs, 3 also batches (several messages in a datagram)
    sync: int = m.SYNC_LEVEL
    kept_states: int = 64  # states kept as diff baselines
    # sync: how long a verdict or NOTIFY may wait for a datagram to carry its ack (the
    # server resends after 0.25 s)
    ack_delay: float = 0.02


@dataclass
class ClientStats:
    received: int = 0
    sent: int = 0
    malformed: int = 0
    stray: int = 0  # from an address other than the server
    duplicate_notifies: int = 0
    retransmits: int = 0
    legal: int = 0
    illegal: int = 0
    timed_out: int = 0
    states: int = 0
    unusable_states: int = 0  # a diff whose baseline we no longer hold, or a malformed one


class ClientProtocol:
    """One client's link to one server at ``server`` (an (ip, port) pair, already resolved)."""

    _RECENT_NOTIFIES = 1024

    def __init__(self, server: Address, name: str | None = None,
                 config: ClientConfig | None = None, cuuid: str | None = None,
                 new_id: Callable[[], str] = lambda: str(uuid.uuid4())) -> None:
        self.server = server
        self.name = name
        self.config = config or ClientConfig()
        self.new_id = new_id
        self.cuuid = cuuid or new_id()
        # event ids: a random prefix and a count (unique enough, and cheaper than a uuid4)
        self._event_prefix = f"{new_id()[:8]}-"
        self._event_numbers = itertools.count(1)
        self._token = packing.token(self.cuuid)  # names us in packed ACKs
        self.state: State = "idle"
        self.stats = ClientStats()
        self.pending: dict[str, PendingEvent] = {}
        self.rtt: float | None = None  # smoothed round-trip time, seconds
        # the newest round-trip samples (s): each is the path plus however long the server
        # took to get to our datagram, so their minimum is the path's round trip (a ping)
        self.recent_rtts: deque[float] = deque(maxlen=5)
        self._outbox = Outbox(self.config.schedule)
        self._out: list[tuple[bytes, Address]] = []
        self._events: list[ClientEvent] = []
        self._seen: set[str] = set()
        self._seen_order: deque[str] = deque()
        self.acks: AckState | None = None  # packet acks, once the server agrees to sync
        self.packed = False  # state comes in packed frames, acks go packed (sync level 2)
        self._states: dict[int, dict[str, Any]] = {}  # tick -> state, the diff baselines
        self._latest_tick = -1
        self._now = 0.0  # the time of the call in progress, for stamping datagrams
        self._last_heard = 0.0
        self._last_beat = 0.0  # heartbeats go every interval: they keep the link and the RTT fresh
        self._ack_due: float | None = None  # sync: when an ACK must go if nothing else does

    # ---- what the application calls ------------------------------------------------------

    def register(self, now: float) -> None:
        """Start registering; ``Registered`` or ``RegisterFailed`` follows."""
        if self.state != "idle":
            raise RuntimeError(f"register() while {self.state}")
        self.state = "registering"
        self._last_heard = now
        msg = m.Register(cuuid=self.cuuid, version=self.config.version, name=self.name,
                         sync=int(self.config.sync) or None)
        datagram = m.encode(msg)
        self._send(self._outbox.add("register", self.server, lambda *_: datagram, now,
                                    schedule=self.config.register_schedule))

    def event(self, event_data: Any, now: float, priority: Literal["normal", "high"] = "normal",
              apply: Hook | None = None, undo: Hook | None = None) -> str:
        """Send an EVENT; returns its euuid. See the module docstring for ``apply``/``undo``."""
        if self.state != "registered":
            raise RuntimeError(f"event() while {self.state}: register first")
        euuid = f"{self._event_prefix}{next(self._event_numbers)}"
        timestamp = str(now)

        def make(retry: int, now: float) -> bytes:
            self._now = now
            return m.with_header(m.encode(m.Event(
                cuuid=self.cuuid, euuid=euuid, event_data=event_data, timestamp=timestamp,
                retry=retry, priority=priority)), self._header())

        self.pending[euuid] = PendingEvent(euuid, event_data, priority, now,
                                           None if priority == "high" else apply, undo)
        self._send(self._outbox.add(euuid, self.server, make, now))
        if priority == "high" and apply is not None:
            apply()
        return euuid

    def close(self, now: float) -> None:
        """Leave the server (BYE REGISTER, sent once) and roll back what is pending."""
        self._now = now
        if self.state == "registered":
            self._send_msg(m.ByeRegister(cuuid=self.cuuid, reason="left"))
        self._end("closed", "left", now)

    # ---- driving the protocol ------------------------------------------------------------

    def receive(self, datagram: bytes, address: Address, now: float) -> None:
        """Handle one datagram. Never raises on anything a peer sent."""
        self.stats.received += 1
        self._now = now
        if address != self.server or self.state in ("idle", "closed"):
            self.stats.stray += 1
            return
        if datagram[:1] == packing.MAGIC:
            self._on_packed(datagram, now)
            return
        for msg in m.decode_all(datagram):  # a batch from a level-3 server holds several
            if self.state in ("idle", "closed"):  # an earlier one ended the session
                return
            self._on_message(msg, now)

    def _on_message(self, msg: m.Message | m.DecodeError, now: float) -> None:
        if isinstance(msg, m.DecodeError):
            self.stats.malformed += 1
            return
        self._last_heard = now
        if self.acks is not None and (msg.seq or msg.ack):
            self.acks.receive(msg.seq, msg.ack, msg.bits, now)
        if isinstance(msg, m.Notify) and msg.tick is not None:
            self._on_state(msg.tick, msg.base, lambda prior: msg.event_data)
        elif isinstance(msg, m.OkRegister):
            self._on_ok_register(msg)
        elif isinstance(msg, m.ByeRegister):
            self._end("idle", msg.reason or "the server refused us (no reason given)", now)
        elif isinstance(msg, (m.Legal, m.Illegal)):
            self._on_verdict(msg, now)
        elif isinstance(msg, m.Notify):
            self._on_notify(msg, now)
        elif isinstance(msg, m.ByeEvent):
            self._end("idle", f"the server no longer knows this client ({msg.data})", now)
        elif isinstance(msg, m.Heartbeat) and msg.echo is not None:
            self._sample_rtt(now - msg.echo)

    def tick(self, now: float) -> None:
        """Resend what is due, give up on what ran out, heartbeat, notice a silent server."""
        if self.state in ("idle", "closed"):
            return
        self._now = now
        if now - self._last_heard >= self.config.server_timeout and self.state == "registered":
            self._end("idle", "connection lost: the server stopped answering", now)
            return
        resend, expired = self._outbox.due(now)
        for datagram, _ in resend:
            self.stats.retransmits += 1
            self._send(datagram)
        for entry in expired:
            if entry.key == "register":
                tries = entry.schedule.attempts
                self._end("idle", f"no answer from {self.server[0]}:{self.server[1]} "
                                  f"after {tries} tries", now)
                return
            self._finish(str(entry.key), "timeout", "no verdict from the server")
        if self._ack_due is not None and now >= self._ack_due:
            self._send_ack()
        if self.state == "registered" and now - self._last_beat >= self.config.heartbeat_interval:
            self._last_beat = now
            self._send_msg(m.Heartbeat(cuuid=self.cuuid, time=now))

    def next_deadline(self) -> float | None:
        if self.state in ("idle", "closed"):
            return None
        times = [self._last_heard + self.config.server_timeout]
        if self.state == "registered":
            times.append(self._last_beat + self.config.heartbeat_interval)
        if (due := self._outbox.next_deadline()) is not None:
            times.append(due)
        if self._ack_due is not None:
            times.append(self._ack_due)
        return min(times)

    def datagrams_to_send(self) -> list[tuple[bytes, Address]]:
        out, self._out = self._out, []
        return out

    @property
    def latest_state(self) -> tuple[int, dict[str, Any]] | None:
        """Sync extension: the newest (tick, state) rebuilt so far."""
        return (self._latest_tick, self._states[self._latest_tick]) \
            if self._latest_tick in self._states else None

    def events(self) -> list[ClientEvent]:
        events, self._events = self._events, []
        return events

    # ---- handlers ------------------------------------------------------------------------

    def _on_ok_register(self, msg: m.OkRegister) -> None:
        if self.state != "registering":
            return  # a late duplicate
        self._outbox.ack("register")
        self.state = "registered"
        level = min(msg.sync or 0, int(self.config.sync))
        self.acks = AckState() if level >= 1 else None
        self.packed = level >= 2
        self._last_beat = self._last_heard
        self.name = msg.name or self.name
        self._events.append(Registered(msg.name))

    def _on_verdict(self, msg: m.Legal | m.Illegal, now: float) -> None:
        self._acknowledge(m.OkEvent, msg.euuid, now)
        pending = self.pending.get(msg.euuid)
        if pending is None:
            return  # a resent verdict for an event already judged: the OK above stops it
        entry = self._outbox.ack(msg.euuid)
        if entry is not None and entry.sent == 1:  # Karn: only unambiguous samples
            self._sample_rtt(now - pending.sent_at)
        if isinstance(msg, m.Legal):
            self._finish(msg.euuid, "legal", None)
        else:
            self._finish(msg.euuid, "illegal", msg.reason)

    def _on_notify(self, msg: m.Notify, now: float) -> None:
        self._acknowledge(m.OkNotify, msg.euuid, now)
        if msg.euuid in self._seen:
            self.stats.duplicate_notifies += 1
            return
        self._seen.add(msg.euuid)
        self._seen_order.append(msg.euuid)
        if len(self._seen_order) > self._RECENT_NOTIFIES:
            self._seen.discard(self._seen_order.popleft())
        self._events.append(Notified(msg.euuid, msg.event_data))

    def _on_packed(self, datagram: bytes, now: float) -> None:
        """A packed state frame: header first (it acks our datagrams), then the state."""
        try:
            frame = packing.unpack_frame(datagram)
        except packing.PackingError:
            self.stats.malformed += 1
            return
        if not self.packed or self.acks is None:
            self.stats.stray += 1
            return
        self._last_heard = now
        self.acks.receive(frame.seq, frame.ack, frame.bits, now)
        self._on_state(frame.tick, frame.base, lambda prior: packing.decode(frame.body, prior))

    def _on_state(self, tick: int, base: int | None,
                  delta_for: Callable[[dict[str, Any]], Delta | Any]) -> None:
        """A keyframe or diff: rebuild the state of ``tick`` and acknowledge it.
        ``delta_for(prior)`` reads the delta (a packed one needs the prior to be read)."""
        if self.acks is None:
            self.stats.stray += 1
            return
        prior = {} if base is None else self._states.get(base)
        if prior is None:
            self.stats.unusable_states += 1  # no baseline
            return
        try:
            delta = delta_for(prior)
            state = apply_delta(prior, delta) if isinstance(delta, dict) else None
        except (TypeError, AttributeError, packing.PackingError):  # e.g. "~" not a key list
            state = None
        if state is None:
            self.stats.unusable_states += 1
            return
        self.stats.states += 1
        self._states[tick] = state
        while len(self._states) > self.config.kept_states:
            del self._states[min(self._states)]
        self._send_ack()
        if tick > self._latest_tick:
            self._latest_tick = tick
            self._events.append(StateUpdated(tick, state))

    # ---- helpers -------------------------------------------------------------------------

    def _finish(self, euuid: str, outcome: Literal["legal", "illegal", "timeout"],
                reason: str | None) -> None:
        """Close out a pending event: apply a normal one on LEGAL, undo a high one otherwise."""
        pending = self.pending.pop(euuid)
        self._outbox.ack(euuid)
        setattr(self.stats, _COUNTER[outcome], getattr(self.stats, _COUNTER[outcome]) + 1)
        hook = pending.apply if outcome == "legal" else (
            pending.undo if pending.priority == "high" else None)
        if hook is not None:
            hook()
        self._events.append(EventJudged(euuid, pending.event_data, pending.priority, outcome,
                                        reason))

    def _end(self, state: State, reason: str, now: float) -> None:
        """Leave the link: fail every pending event and report why."""
        was = self.state
        for euuid in list(self.pending):
            self._finish(euuid, "timeout", reason)
        self._outbox = Outbox(self.config.schedule)
        self._ack_due = None
        self._states.clear()
        self._latest_tick = -1
        self.state = state
        if was == "registering":
            self._events.append(RegisterFailed(reason))
        elif was == "registered":
            self._events.append(Disconnected(reason))

    def _sample_rtt(self, sample: float) -> None:
        if sample >= 0:
            self.recent_rtts.append(sample)
            self.rtt = sample if self.rtt is None else 0.875 * self.rtt + 0.125 * sample

    def _acknowledge(self, ok: type[m.OkEvent] | type[m.OkNotify], euuid: str,
                     now: float) -> None:
        """Acknowledge a verdict or NOTIFY: with OK EVENT / OK NOTIFY, or, once the sync
        extension is on, with the packet header of whatever we send next, or of an ACK
        sent ``ack_delay`` s from now if nothing else goes first."""
        if self.acks is None:
            self._send_msg(ok(cuuid=self.cuuid, euuid=euuid))
        elif self._ack_due is None:
            self._ack_due = now + self.config.ack_delay

    def _header(self) -> m.Header | None:
        """The packet header for the next datagram (None until the extension is on)."""
        if self.acks is None:
            return None
        self._ack_due = None  # this header acknowledges everything received so far
        return self.acks.stamp(self._now)

    def _send_ack(self) -> None:
        """Our packet header alone: packed (10 bytes) at sync level 2, else a JSON ACK."""
        header = self._header()
        if not self.packed or header is None:
            self._send(m.with_header(m.encode(m.Ack(cuuid=self.cuuid)), header))
            return
        self._send(packing.pack_ack(*header, self._token))

    def _send_msg(self, msg: Any) -> None:
        self._send(m.with_header(m.encode(msg), self._header()))

    def _send(self, datagram: bytes) -> None:
        self.stats.sent += 1
        self._out.append((datagram, self.server))
