"""Sans-IO Neteria client: register, events with verdicts and rollback, NOTIFY, heartbeats.

Drive it like the server: ``receive(datagram, address, now)``, ``tick(now)`` by
``next_deadline()``, send ``datagrams_to_send()``, handle ``events()``.

A verdict reaches the application one way: an ``EventJudged`` in ``events()``. Neteria's
``apply``/``undo`` callbacks are built on it (``_pending.Rollback``), by priority:
- ``"normal"``: the application acts only when the server says LEGAL: ``apply`` is called
  as ``events()`` hands over that verdict.
- ``"high"``: the application acts at once: ``apply`` is called inside ``event()``, and
  ``undo`` as ``events()`` hands over a verdict that is not LEGAL (ILLEGAL, refused, or
  no answer).

The link itself (reliable channel, packet acks, state receiver) is ``net.link.peer.Link``, the
type the server keeps for each client.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, Literal

from ..link._channels import RecentIds, StateReceiver
from ..link._fragments import FRAGMENT
from ..link._ordered import specs
from ..link._retransmit import Address
from ..link.peer import Link, RoundTrip
from ..sync.tracking import Delta
from ..wire import _framing as framing
from ..wire import messages as m
from ..wire import packing
from ._admission import Answers
from ._client_in import packed_frame, rebuilt, shows_us_proven
from ._client_out import ClientOutbox
from ._pending import Outcome, PendingEvents
from .client_api import (
    ClientConfig,
    ClientEvent,
    ClientStats,
    Disconnected,
    EventJudged,
    HandedDown,
    Hook,
    Notified,
    PendingEvent,
    Registered,
    RegisterFailed,
    StateUpdated,
)
from .messaging import ClientChannels

__all__ = ["ClientConfig", "ClientEvent", "ClientProtocol", "ClientStats", "Disconnected",
           "EventJudged", "HandedDown", "Notified", "PendingEvent", "RegisterFailed", "Registered",
           "StateUpdated"]
Status = Literal["idle", "registering", "registered", "closed"]
_REGISTER_AGAIN = {"registering": "wait for Registered or RegisterFailed",  # by status
                   "registered": "already registered", "closed": "closed for good"}
SERVER_SILENT = "connection lost: the server stopped answering"


class ClientProtocol:
    """One client's link to one server at ``server`` (an (ip, port) pair, already resolved).

    Attributes (the application's to read, not to set):

    - ``status``: the link's lifecycle: ``"idle"`` (before ``register``, or once the session
      ended), ``"registering"``, ``"registered"``, ``"closed"`` (after ``close``: final).
    - ``cuuid``: this client's id, kept across sessions; with ``resume`` (the token of the
      last OK REGISTER, or None) it takes a held seat back.
    - ``name``: the name asked for, then the one the server gave (``Registered.name``).
    - ``pid``: the server's number for this client (``Registered.pid``), a key for it in the
      application's state; None until registered, and from a plain neteria server.
    - ``pending``: events sent and not yet judged, ``PendingEvent``s by euuid.
    - ``stats``: ``ClientStats`` counters; ``round_trip``: ``RoundTrip`` times (s).
    - ``link``: this session's ``Link`` (acks, resends, states received); ``channels``: the
      message channels agreed (``ClientChannels``); ``server``, ``config``, ``new_id``,
      ``follows``, ``host_port``, ``hosting``: as given to the constructor.
    """

    _RECENT_NOTIFIES = 1024
    PROOF_EVERY = 0.25  # s

    def __init__(self, server: Address, name: str | None = None,
                 config: ClientConfig | None = None, cuuid: str | None = None,
                 new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
                 resume: str | None = None, host_port: int | None = None,
                 hosting: bool = False, follows: bool = False,
                 password: str | None = None) -> None:
        """``cuuid`` and ``resume`` (the token of an earlier OK REGISTER) take a held seat
        back, from any address; a server that does not know them gives a new seat.
        ``password`` answers a private server's challenge (it never crosses the wire:
        ``net.ends._admission``); ``config.build`` is shown to the server's ``admit``.
        Host migration (``net.ends.migration``): ``follows`` says we follow the match to a new
        host, ``host_port`` that we could serve it there, ``hosting`` that we are the
        hosting player's own seat."""
        self.follows, self.host_port, self.hosting = follows, host_port, hosting
        self.server, self.name = server, name
        self.pid: int | None = None
        self.resume = resume
        self._answers = Answers(password)  # to a private server's challenges
        self.config = config or ClientConfig()
        self.new_id = new_id
        self.cuuid = cuuid or new_id()
        self.status: Status = "idle"
        self.stats = ClientStats()
        self._in_flight = PendingEvents(new_id, self.stats)
        self.pending = self._in_flight.pending
        self.round_trip = RoundTrip()  # heartbeat echoes and verdicts timed
        self.link: Link[StateReceiver] = self._new_link(0)
        self.channels = ClientChannels(self.config.channels)  # agreed with each OK REGISTER
        self._wire = ClientOutbox(server, self.cuuid, self.stats, self.config.ack_delay)
        self._events: list[ClientEvent] = []
        self._seen = RecentIds(self._RECENT_NOTIFIES)  # NOTIFYs delivered, against resends
        self._last_heard = 0.0
        self._last_beat = 0.0  # heartbeats go every interval: they keep the link and the RTT fresh
        # sync: OK REGISTER came, then nothing but keyframes (``shows_us_proven``): our ACK, the
        # proof of our address the server awaits before it streams, goes every PROOF_EVERY s
        self._proof_due: float | None = None

    # ---- what the application calls ------------------------------------------------------

    def register(self, now: float) -> None:
        """Start registering; ``Registered`` or ``RegisterFailed`` follows."""
        if self.status != "idle":
            raise RuntimeError(f"register() while {self.status}: {_REGISTER_AGAIN[self.status]}")
        self.status = "registering"
        self._last_heard = now
        self._answers.reset()
        self._send_register(now)

    def _send_register(self, now: float, nonce: str | None = None,
                       proof: str | None = None) -> None:
        """REGISTER, resent until answered (``nonce`` and ``proof``: a challenge's answer)."""
        msg = m.Register(cuuid=self.cuuid, version=self.config.version, name=self.name,
                         sync=int(self.config.sync) or None, resume=self.resume,
                         follows=self.follows or None, host_port=self.host_port,
                         hosting=self.hosting or None, build=self.config.build, nonce=nonce,
                         proof=proof, channels=specs(self.config.channels))
        self._wire.send(self.link.reliable.send("register", m.encode(msg), self.server, now,
                                           self.config.register_schedule))

    def event(self, event_data: Any, now: float, priority: Literal["normal", "high"] = "normal",
              apply: Hook | None = None, undo: Hook | None = None) -> str:
        """Send an EVENT; returns its euuid. Its verdict comes as an ``EventJudged``; see the
        module docstring for ``apply``/``undo``, which run as that event is handed over.
        ``ValueError``: the EVENT would be over ``MAX_DATAGRAM`` bytes (the server's limit)."""
        if self.status != "registered":
            raise RuntimeError(f"event() while {self.status}: wait for Registered")
        euuid = self._in_flight.new_euuid()
        timestamp = str(now)

        def make(retry: int, _now: float) -> bytes:
            return m.encode(m.Event(cuuid=self.cuuid, euuid=euuid, event_data=event_data,
                                    timestamp=timestamp, retry=retry, priority=priority))

        if len(make(0, now)) > m.MAX_DATAGRAM:  # the server would refuse it unread
            raise ValueError(f"an EVENT of over {m.MAX_DATAGRAM} bytes: send less")
        self._in_flight.hold(PendingEvent(euuid, event_data, priority, now), apply, undo)
        self._wire.send(self.link.reliable.send(euuid, make, self.server, now))
        if priority == "high" and apply is not None:
            apply()
        return euuid

    def send(self, channel: str, data: Any, now: float) -> None:
        """Send ``data`` (any JSON) to the server on ``channel``; errors as
        ``ClientChannels.send`` (``net.ends.messaging``)."""
        if self.status != "registered":
            raise RuntimeError(f"send() while {self.status}: wait for Registered")
        for datagram in self.channels.send(channel, data, now):
            self._wire.send(datagram)

    def close(self, now: float) -> None:
        """Leave the server (BYE REGISTER, sent once) and roll back what is pending."""
        if self.status == "registered":
            self._wire.message(m.ByeRegister(cuuid=self.cuuid, reason="left"), self.link, now)
        self._end("closed", "left")

    # ---- driving the protocol ------------------------------------------------------------

    def receive(self, datagram: bytes, address: Address, now: float) -> None:
        """Handle one datagram. Never raises on anything a peer sent."""
        self.stats.received += 1
        if address != self.server or self.status in ("idle", "closed"):
            self.stats.stray += 1
            return
        if datagram[:1] == FRAGMENT:
            self._on_fragment(datagram, now)
            return
        self._on_datagram(datagram, m.MAX_DATAGRAM, now)

    def _on_datagram(self, datagram: bytes, limit: int, now: float) -> None:
        """A datagram, or a message of up to ``limit`` bytes rebuilt from fragments."""
        if datagram[:1] == framing.MAGIC:
            self._on_packed(datagram, now)
            return
        for msg in m.decode_all(datagram, limit):  # a batch from a level-3 server: several
            if self.status in ("idle", "closed"):  # an earlier one ended the session
                return
            self._on_message(msg, now)

    def _on_fragment(self, datagram: bytes, now: float) -> None:
        """One fragment of a message over a datagram's size (sync level 1 and up)."""
        if self.link.acks is None:
            self.stats.stray += 1
            return
        if (whole := self.link.reassembly.add(datagram, now)) is not None:
            self._on_datagram(whole, self.link.reassembly.max_message, now)

    def _on_message(self, msg: m.Message | m.DecodeError, now: float) -> None:
        if isinstance(msg, m.DecodeError):
            self.stats.malformed += 1
            return
        self._last_heard = now
        if shows_us_proven(msg):
            self._proof_due = None
        if (acks := self.link.acks) is not None and (msg.seq or msg.ack):
            acks.receive(msg.seq, msg.ack, msg.bits, now)
        if isinstance(msg, m.Notify) and msg.tick is not None:
            self._on_state(msg.tick, msg.base, lambda _prior: msg.event_data, now)
        elif isinstance(msg, m.OkRegister):
            self._on_ok_register(msg, now)
        elif isinstance(msg, m.ByeRegister):
            self._on_bye(msg, now)
        elif isinstance(msg, (m.Legal, m.Illegal)):
            self._on_verdict(msg, now)
        elif isinstance(msg, m.Notify):
            self._on_notify(msg, now)
        elif isinstance(msg, m.Handover):
            self._wire.acknowledge(m.OkNotify, msg.euuid, self.link, now)
            if self._seen.first(msg.euuid):
                self._events.append(HandedDown(msg))
        elif isinstance(msg, m.ByeEvent):
            self._end("idle", f"the server no longer knows this client ({msg.data})")
        elif isinstance(msg, (m.ChannelMessage, m.OkChannelMessage)):
            self._events += self.channels.received(msg, now)
        elif isinstance(msg, m.Heartbeat) and msg.echo is not None:
            self.round_trip.sample(now - msg.echo)

    def tick(self, now: float) -> None:
        """Resend what is due, give up on what ran out, heartbeat, notice a silent server."""
        if self.status in ("idle", "closed"):
            return
        if now - self._last_heard >= self.config.server_timeout and self.status == "registered":
            self._end("idle", SERVER_SILENT)
            return
        resend, expired = self.link.reliable.due(now)
        for datagram in resend:
            self.stats.retransmits += 1
            self._wire.send(datagram)
        for euuid in expired:
            if euuid == "register":
                tries = self.config.register_schedule.attempts
                self._end("idle", f"no answer from {self.server[0]}:{self.server[1]} "
                                  f"after {tries} tries")
                return
            self._finish(euuid, "timeout", "no verdict from the server")
        if self.link.ack_owed(now) or (self._proof_due is not None and now >= self._proof_due):
            self._wire.ack(self.link, now)
            if self._proof_due is not None:
                self._proof_due = now + self.PROOF_EVERY
        if self.status == "registered" and now - self._last_beat >= self.config.heartbeat_interval:
            self._last_beat = now
            self._wire.message(m.Heartbeat(cuuid=self.cuuid, time=now), self.link, now)

    def next_deadline(self) -> float | None:
        """When ``tick`` next has work, on the clock of ``now``: a resend, a heartbeat, an ack
        falling due, or the server's silence becoming a lost link. None: idle or closed."""
        if self.status in ("idle", "closed"):
            return None
        times = [self._last_heard + self.config.server_timeout]
        if self.status == "registered":
            times.append(self._last_beat + self.config.heartbeat_interval)
        if (due := self.link.reliable.next_deadline()) is not None:
            times.append(due)
        times += [t for t in (self.link.ack_due, self._proof_due, self.link.reassembly.due,
                              self.channels.next_deadline()) if t is not None]
        return min(times)

    def datagrams_to_send(self, now: float) -> list[tuple[bytes, Address]]:
        """What to send at ``now`` (an acknowledgement that fell due goes too)."""
        if self.link.ack_owed(now):
            self._wire.ack(self.link, now)
        for datagram in self.channels.flush(now):
            self._wire.send(datagram)
        for ack in self.link.reassembly.acks(self._wire.token, now):  # fragments held
            self._wire.send(ack)
        return self._wire.drain()

    @property
    def latest_state(self) -> tuple[int, dict[str, Any]] | None:
        """Sync extension: the newest (tick, state) rebuilt so far."""
        return self.link.stream.latest

    def events(self) -> list[ClientEvent]:
        """What happened since the last call, oldest first (``Registered``, ``EventJudged``,
        ``StateUpdated``, ...), each returned once. Call it after ``receive`` and ``tick`` (a
        game: once a frame). The ``apply``/``undo`` its verdicts ask for run first."""
        events, self._events = self._events, []
        self._in_flight.settle(events)
        return events

    # ---- handlers ------------------------------------------------------------------------

    def _on_ok_register(self, msg: m.OkRegister, now: float) -> None:
        if self.status != "registering":
            return  # a late duplicate
        self.link.reliable.acknowledged("register")
        self.status = "registered"
        self.link = self._new_link(min(msg.sync or 0, int(self.config.sync)))
        self._last_beat = self._last_heard
        self.name = msg.name or self.name
        self.pid = msg.pid
        self.resume = msg.resume or self.resume
        self.channels.start(msg.channels, self.cuuid)
        self._events.append(Registered(msg.name, msg.pid, msg.resume, msg.session, msg.epoch,
                                           bool(msg.spectator)))
        if (acks := self.link.acks) is not None and msg.seq:  # acknowledge it at once: the
            acks.receive(msg.seq, msg.ack, msg.bits, now)  # server streams only once we have
            self._wire.ack(self.link, now)
            self._proof_due = now + self.PROOF_EVERY

    def _on_bye(self, msg: m.ByeRegister, now: float) -> None:
        """A refusal, a kick, the host gone; or, while registering, a password challenge
        (answered once: a copy is ignored)."""
        answer = self._answers.to(msg, self.cuuid) if self.status == "registering" else False
        if isinstance(answer, tuple):
            self.link.reliable.acknowledged("register")
            self._send_register(now, *answer)
        elif not answer:
            self._end("idle", msg.reason or "the server refused us (no reason given)",
                      msg if msg.epoch is not None else None)

    def _on_verdict(self, msg: m.Legal | m.Illegal, now: float) -> None:
        self._wire.acknowledge(m.OkEvent, msg.euuid, self.link, now)
        pending = self.pending.get(msg.euuid)
        if pending is None:
            return  # a resent verdict for an event already judged: the OK above stops it
        if self.link.reliable.acknowledged(msg.euuid) == 1:  # Karn: only unambiguous samples
            self.round_trip.sample(now - pending.sent_at)
        if isinstance(msg, m.Legal):
            self._finish(msg.euuid, "legal", None)
        else:
            self._finish(msg.euuid, "illegal", msg.reason)

    def _on_notify(self, msg: m.Notify, now: float) -> None:
        self._wire.acknowledge(m.OkNotify, msg.euuid, self.link, now)
        if not self._seen.first(msg.euuid):
            self.stats.duplicate_notifies += 1
            return
        self._events.append(Notified(msg.euuid, msg.event_data))

    def _on_packed(self, datagram: bytes, now: float) -> None:
        """A packed state frame: header first (it acks our datagrams), then the state."""
        if (frame := packed_frame(datagram, self.link, self.stats)) is None \
                or (acks := self.link.acks) is None:
            return
        self._last_heard = now
        self._proof_due = None if frame.base is not None else self._proof_due  # (shows_us_proven)
        acks.receive(frame.seq, frame.ack, frame.bits, now)
        self._on_state(frame.tick, frame.base, lambda prior: packing.decode(frame.body, prior),
                       now)

    def _on_state(self, tick: int, base: int | None,
                  delta_for: Callable[[dict[str, Any]], Delta | Any], now: float) -> None:
        """A keyframe or diff: the state of ``tick`` rebuilt, acknowledged, handed over."""
        if (state := rebuilt(self.link, self.stats, tick, base, delta_for)) is not None:
            self._wire.ack(self.link, now)
            if self.link.stream.advance(tick):
                self._events.append(StateUpdated(tick, state, now))

    # ---- helpers -------------------------------------------------------------------------

    def _finish(self, euuid: str, outcome: Outcome, reason: str | None) -> None:
        """Close out a pending event and queue its ``EventJudged``."""
        self.link.reliable.acknowledged(euuid)
        self._events.append(self._in_flight.finish(euuid, outcome, reason))

    def _end(self, status: Status, reason: str, moved: m.ByeRegister | None = None) -> None:
        """Leave the link: fail every pending event and report why (``moved``: a BYE
        saying where the match goes on)."""
        was = self.status
        for euuid in list(self.pending):
            self._finish(euuid, "timeout", reason)
        self.link = self._new_link(0)
        self.channels.stop()
        self._proof_due = None
        self.status = status
        if was == "registering":
            self._events.append(RegisterFailed(reason))
        elif was == "registered":
            if moved is None:
                self._events.append(Disconnected(reason, reason == SERVER_SILENT))
            else:
                self._events.append(Disconnected(reason, False, moved.successor, moved.moved,
                                                 moved.epoch))

    def _new_link(self, level: int) -> Link[StateReceiver]:
        return Link.to_server(level, self.config.schedule, self.config.kept_states,
                              self.stats.fragments, self.config.max_message_bytes)
