"""Message channels of one link: reliable-ordered and unreliable latest-wins (``net.link.peer``).

An application declares its channels (``Channel(name, mode)``); both ends use those they
agree on by name and mode, numbered by their place in the server's list (see
``docs/protocol.md``, MESSAGE). The guarantees, per channel:

- ``"reliable"`` (reliable-ordered, as ENet's reliable channels and yojimbo's
  reliable-ordered channel): every message is delivered exactly once, in the order it was
  sent. The sender keeps at most ``window`` messages in flight, resending each every
  ``resend_after`` s until the receiver acknowledges it; more wait in a backlog of at most
  ``backlog`` (``OverflowError`` beyond: the peer is not keeping up). The receiver holds
  messages that arrive ahead of a gap until the gap fills, and only within the window.
- ``"latest"`` (unreliable latest-wins, as yojimbo's unreliable-unordered channel read
  newest-first, or Godot's ``unreliable`` RPCs): never resent, never acknowledged; a
  message newer than every one delivered so far is delivered, an older one arriving late
  is dropped.

Sequence numbers count from 0 per channel and session; a link starts its channels afresh
(``ChannelSet``) with each OK REGISTER. Times in seconds; no clock inside.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic_core import to_json

from ..wire import _fast as fast
from ..wire import messages as m

Mode = Literal["reliable", "latest"]
MODES: tuple[Mode, ...] = ("reliable", "latest")
ACK_BITS = 32  # messages past the first missing one an acknowledgement names


@dataclass(frozen=True, slots=True)
class Channel:
    """One declared channel: ``name`` (1 to 32 characters, what both ends agree on) and
    ``mode``, ``"reliable"`` (ordered, exactly once) or ``"latest"`` (newest wins)."""

    name: str
    mode: Mode = "reliable"

    def __post_init__(self) -> None:
        if not 1 <= len(self.name) <= 32:
            raise ValueError(f"channel name {self.name!r}: 1 to 32 characters")
        if self.mode not in MODES:
            raise ValueError(f"channel {self.name!r}: mode {self.mode!r} is not one of {MODES}")


class ReliableSender:
    """The sending end of a reliable-ordered channel: numbered messages in flight until
    acknowledged, resent every ``resend_after`` s; at most ``window`` in flight."""

    def __init__(self, window: int = 64, backlog: int = 1024, resend_after: float = 0.1) -> None:
        self.window, self.backlog, self.resend_after = window, backlog, resend_after
        self.next_number = 0
        self.flight: dict[int, tuple[bytes, float]] = {}  # number -> (payload, when to resend)
        self.waiting: deque[bytes] = deque()  # payloads past the window
        self.resent = 0

    def send(self, payload: bytes, now: float) -> list[tuple[int, bytes]]:
        """Queue ``payload`` (JSON); returns the (number, payload) to send now (none when
        the window is full). ``OverflowError`` when the backlog is full too."""
        if len(self.waiting) >= self.backlog:
            raise OverflowError(f"{self.backlog} messages wait for the peer's acknowledgements")
        self.waiting.append(payload)
        return self._fill(now)

    def acknowledged(self, next_number: int, got: int, now: float) -> list[tuple[int, bytes]]:
        """The receiver has every message below ``next_number``, and bit i of ``got`` says
        it holds ``next_number + 1 + i``; returns what the freed window lets go now."""
        for number in [n for n in self.flight if n < next_number
                       or (n > next_number and got >> (n - next_number - 1) & 1)]:
            del self.flight[number]
        return self._fill(now)

    def due(self, now: float) -> list[tuple[int, bytes]]:
        """The messages whose resend time came, oldest first (their timers restart)."""
        out = []
        for number, (payload, when) in self.flight.items():
            if when <= now:
                self.flight[number] = (payload, now + self.resend_after)
                out.append((number, payload))
        self.resent += len(out)
        return out

    def next_deadline(self) -> float | None:
        return min((when for _, when in self.flight.values()), default=None)

    def _fill(self, now: float) -> list[tuple[int, bytes]]:
        """Move waiting messages into the window; returns them, to send now."""
        out = []
        while self.waiting and len(self.flight) < self.window:
            number, payload = self.next_number, self.waiting.popleft()
            self.next_number += 1
            self.flight[number] = (payload, now + self.resend_after)
            out.append((number, payload))
        return out


class ReliableReceiver:
    """The receiving end of a reliable-ordered channel: delivers in order, once; holds
    what arrives ahead of a gap (within ``window``) until the gap fills."""

    def __init__(self, window: int = 64) -> None:
        self.window = window
        self.next_number = 0  # every message below it was delivered
        self.held: dict[int, Any] = {}
        self.ack_owed = False
        self.duplicates = 0
        self.out_of_window = 0

    def receive(self, number: int, payload: Any) -> list[Any]:
        """One message; returns the payloads now deliverable, in order. A duplicate or
        one beyond the window is dropped (counted); every one makes an ack owed."""
        self.ack_owed = True
        if number < self.next_number or number in self.held:
            self.duplicates += 1
            return []
        if number >= self.next_number + self.window:
            self.out_of_window += 1
            return []
        self.held[number] = payload
        out = []
        while (ready := self.held.pop(self.next_number, None)) is not None:
            out.append(ready)
            self.next_number += 1
        return out

    def ack(self) -> tuple[int, int]:
        """(next number expected, bits of the ``ACK_BITS`` after it that are held)."""
        self.ack_owed = False
        base = self.next_number + 1
        got = sum(1 << (n - base) for n in self.held if n - base < ACK_BITS)
        return self.next_number, got


class LatestReceiver:
    """The receiving end of a latest-wins channel: only a message newer than all delivered."""

    def __init__(self) -> None:
        self.newest = -1
        self.stale = 0

    def receive(self, number: int, payload: Any) -> list[Any]:
        """One message: ``[payload]`` if it is the newest yet, else ``[]`` (counted)."""
        if number <= self.newest:
            self.stale += 1
            return []
        self.newest = number
        return [payload]


def agree(declared: Sequence[Channel], announced: Sequence[tuple[str, str]] | None
          ) -> dict[int, Channel]:
    """The channels both ends use: those of the server's ``declared`` list (numbered by
    their place in it) that the other end ``announced`` with the same name and mode."""
    spoken = set(announced or ())
    return {number: channel for number, channel in enumerate(declared)
            if (channel.name, channel.mode) in spoken}


def specs(channels: Sequence[Channel]) -> list[tuple[str, Mode]] | None:
    """``channels`` as REGISTER and OK REGISTER carry them (None: none declared)."""
    return [(channel.name, channel.mode) for channel in channels] or None


class ChannelSet:
    """The agreed channels of one link, both ways: ``agreed`` by number (``agree``);
    ``cuuid`` names the sender in a client's messages (None: the server's)."""

    def __init__(self, agreed: dict[int, Channel], cuuid: str | None = None,
                 window: int = 64, resend_after: float = 0.1) -> None:
        self.agreed, self.cuuid = agreed, cuuid
        self.numbers = {channel.name: number for number, channel in agreed.items()}
        self.senders = {n: ReliableSender(window, resend_after=resend_after)
                        for n, c in agreed.items() if c.mode == "reliable"}
        self.latest_sent = dict.fromkeys(agreed, 0)
        self.receivers: dict[int, ReliableReceiver | LatestReceiver] = {
            n: ReliableReceiver(window) if c.mode == "reliable" else LatestReceiver()
            for n, c in agreed.items()}
        self.unknown = 0  # messages or acks on a channel not agreed
        self.ready: list[bytes] = []  # first sends the window let out: for ``flush``

    def send(self, name: str, data: Any, now: float) -> list[bytes]:
        """The datagrams that carry ``data`` on channel ``name`` now (none while the
        window is full). ``ValueError``: the channel is not agreed with this peer, or the
        message would not fit ``m.MESSAGE_MAX`` bytes; ``OverflowError``: backlog full."""
        number = self.numbers.get(name)
        if number is None:
            raise ValueError(f"channel {name!r} is not agreed with this peer "
                             f"(agreed: {sorted(self.numbers) or 'none'})")
        payload = to_json(data)
        sender = self.senders.get(number)
        # the number this message will carry (at most: a reliable one may wait its turn)
        upcoming = self.latest_sent[number] if sender is None else \
            sender.next_number + len(sender.waiting)
        size = len(fast.encode_message(number, upcoming, payload, self.cuuid))
        if size > m.MESSAGE_MAX:
            raise ValueError(f"a message of {size} bytes on channel {name!r} exceeds "
                             f"{m.MESSAGE_MAX} (one datagram); split it or send less")
        if sender is None:
            self.latest_sent[number] += 1
            return [fast.encode_message(number, upcoming, payload, self.cuuid)]
        return [fast.encode_message(number, n, body, self.cuuid)
                for n, body in sender.send(payload, now)]

    def receive(self, msg: m.ChannelMessage) -> list[tuple[str, Any]]:
        """A MESSAGE from the peer: the (channel name, data) now deliverable, in order."""
        receiver = self.receivers.get(msg.ch)
        if receiver is None:
            self.unknown += 1
            return []
        name = self.agreed[msg.ch].name
        return [(name, data) for data in receiver.receive(msg.n, msg.data)]

    def acknowledged(self, msg: m.OkChannelMessage, now: float) -> None:
        """An OK MESSAGE from the peer: stop resending what it holds; the waiting messages
        the freed window lets go leave with the next ``flush``."""
        sender = self.senders.get(msg.ch)
        if sender is None:
            self.unknown += 1
            return
        self.ready += [fast.encode_message(msg.ch, n, body, self.cuuid)
                       for n, body in sender.acknowledged(msg.next, msg.got, now)]

    def flush(self, now: float) -> list[bytes]:
        """The acknowledgements owed (one per channel), the messages the window let out and
        the resends due at ``now``."""
        out, self.ready = self.ready, []
        for number, receiver in self.receivers.items():
            if isinstance(receiver, ReliableReceiver) and receiver.ack_owed:
                following, got = receiver.ack()
                out.append(m.encode(m.OkChannelMessage(ch=number, next=following, got=got,
                                                       cuuid=self.cuuid)))
        for number, sender in self.senders.items():
            out += [fast.encode_message(number, n, body, self.cuuid)
                    for n, body in sender.due(now)]
        return out

    def next_deadline(self) -> float | None:
        """When ``flush`` next has resends to make (acks owed go with the next ``flush``)."""
        return min((t for s in self.senders.values() if (t := s.next_deadline()) is not None),
                   default=None)
