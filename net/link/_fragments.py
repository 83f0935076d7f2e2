"""Messages larger than one datagram: cut into numbered fragments, acknowledged by a bitmap
of the fragments held, and only the missing ones resent (yojimbo's blocks, Teeworlds'
snapshot parts). Nothing above ``DATAGRAM_LIMIT`` bytes then goes on the wire, so no
message travels as IP fragments, where one lost piece loses the whole.

Any payload can use it: a state frame (packed or JSON), a reliable NOTIFY, a channel's
message. The sender (``FragmentSender``) keeps each message until the peer holds every
fragment, resending on a timer (never in answer to an ack: a forged ack cannot make it
send more); the receiver (``Reassembler``) is bounded in messages, bytes and time, and
drops what does not add up (counted in ``FragmentStats.dropped`` by reason), never raises.
Wire form (``docs/protocol.md``, "Fragments"): a fragment is ``0x01``, the message id (2
bytes), the fragment's index and the count (varints), then its bytes; an ack is ``0x02``,
the 4-byte token of the acknowledging client, the id, the count, then one bit per fragment
held. Sans-IO: times are ``now`` in seconds, any monotonic origin.
"""

from __future__ import annotations

import struct
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from ..wire._bytes import PackingError, Reader, write_varint
from ..wire.messages import MAX_MESSAGE

FRAGMENT = b"\x01"
"""First byte of a fragment (a packed frame starts with 0x00, JSON with ``{`` or ``[``)."""
FRAGMENT_ACK = b"\x02"
"""First byte of a fragment ack."""
DATAGRAM_LIMIT = 1200
"""Largest datagram (bytes) sent to a peer that speaks fragments: below a LAN's or the
internet's usual path MTU, so nothing is ever fragmented by IP."""
PAYLOAD = DATAGRAM_LIMIT - 1 - 2 - 3 - 3
"""Bytes of message in every fragment but the last (which holds 1 to ``PAYLOAD``): the
limit less the first byte, the id and two varints of up to 3 bytes."""

_ID = struct.Struct(">H")
_IDS = 1 << 16  # ids wrap


@dataclass
class FragmentStats:
    """Counts for one end (shared by its links). Sent side: ``sent`` fragments first sent,
    ``resent`` sent again (only ones the peer had not acknowledged), ``messages`` split,
    ``delivered`` acknowledged whole, ``expired`` given up on. Received side: ``received``
    fragments, ``reassembled`` messages, ``duplicates`` (a fragment already held),
    ``timed_out`` partial messages forgotten, ``dropped`` fragments and acks by reason."""

    sent: int = 0
    resent: int = 0
    messages: int = 0
    delivered: int = 0
    expired: int = 0
    received: int = 0
    reassembled: int = 0
    duplicates: int = 0
    timed_out: int = 0
    dropped: Counter[str] = field(default_factory=Counter)


def max_fragments(max_message: int) -> int:
    """Fragments a message of ``max_message`` bytes takes at most."""
    return max(1, -(-max_message // PAYLOAD))


def pack_fragment(ident: int, index: int, count: int, data: bytes) -> bytes:
    out = bytearray(FRAGMENT)
    out += _ID.pack(ident)
    write_varint(out, index)
    write_varint(out, count)
    return bytes(out + data)


def pack_ack(token: bytes, ident: int, count: int, held: int) -> bytes:
    """An ack: ``held`` has bit i set for each fragment i held (all: the message is whole)."""
    out = bytearray(FRAGMENT_ACK + token)
    out += _ID.pack(ident)
    write_varint(out, count)
    return bytes(out + held.to_bytes((count + 7) // 8, "little"))


def unpack_ack(datagram: bytes) -> tuple[bytes, int, int, int]:
    """(token, id, count, held) of an ack; ``PackingError`` when it is not one."""
    reader = Reader(datagram, 1)
    token = reader.take(4)
    (ident,) = _ID.unpack(reader.take(2))
    count = reader.varint()
    held = int.from_bytes(reader.take((count + 7) // 8), "little")
    if reader.pos != len(datagram) or held >> count:
        raise PackingError("bytes or bits after a fragment ack")
    return token, ident, count, held


@dataclass
class _Outgoing:
    pieces: list[bytes]  # the fragment datagrams
    due: float  # when the ones not held are resent
    attempts: int = 1
    held: int = 0  # bit i: the peer holds fragment i

    @property
    def whole(self) -> int:
        return (1 << len(self.pieces)) - 1


class FragmentSender:
    """One end's fragmented messages to one peer. A message's missing fragments are resent
    every ``resend_after`` s (or twice the round trip, if longer) until the peer holds
    them all or ``attempts`` sends were made; at most ``in_flight`` messages at once (a
    new one beyond that gives up the oldest)."""

    def __init__(self, stats: FragmentStats, resend_after: float = 0.1, attempts: int = 20,
                 in_flight: int = 4) -> None:
        self.stats = stats
        self.resend_after, self.attempts, self.in_flight = resend_after, attempts, in_flight
        self._messages: OrderedDict[int, _Outgoing] = OrderedDict()
        self._next_id = 0

    @property
    def busy(self) -> bool:
        """Whether a message is still on its way (a state stream waits for it: one more
        would only share the bandwidth and arrive later than both)."""
        return bool(self._messages)

    def split(self, payload: bytes, now: float, rtt: float | None = None) -> list[bytes]:
        """``payload`` as fragment datagrams, each at most ``DATAGRAM_LIMIT`` bytes: all of
        them go now; the missing ones are resent by ``due``."""
        ident, self._next_id = self._next_id, (self._next_id + 1) % _IDS
        count = max_fragments(len(payload))
        pieces = [pack_fragment(ident, i, count, payload[i * PAYLOAD:(i + 1) * PAYLOAD])
                  for i in range(count)]
        self._messages.pop(ident, None)
        self._messages[ident] = _Outgoing(pieces, now + self._interval(rtt))
        while len(self._messages) > self.in_flight:
            self._messages.popitem(last=False)
            self.stats.expired += 1
        self.stats.messages += 1
        self.stats.sent += count
        return pieces

    def acked(self, ident: int, count: int, held: int) -> None:
        """The peer's ack: the fragments it holds of message ``ident``. One that names no
        message in flight, or another count, is dropped and counted."""
        message = self._messages.get(ident)
        if message is None:
            self.stats.dropped["ack of no message in flight"] += 1
            return
        if count != len(message.pieces):
            self.stats.dropped["ack with a wrong count"] += 1
            return
        message.held |= held
        if message.held == message.whole:
            del self._messages[ident]
            self.stats.delivered += 1

    def due(self, now: float, rtt: float | None = None) -> list[bytes]:
        """The fragments to resend at ``now``: of each message due, those the peer has not
        acknowledged. A message out of attempts is given up (``stats.expired``)."""
        out: list[bytes] = []
        for ident, message in list(self._messages.items()):
            if message.due > now:
                continue
            if message.attempts >= self.attempts:
                del self._messages[ident]
                self.stats.expired += 1
                continue
            missing = [piece for i, piece in enumerate(message.pieces)
                       if not message.held >> i & 1]
            out += missing
            self.stats.resent += len(missing)
            message.attempts += 1
            message.due = now + self._interval(rtt)
        return out

    def next_deadline(self) -> float | None:
        """When ``due`` next has work (None: nothing in flight)."""
        return min((message.due for message in self._messages.values()), default=None)

    def _interval(self, rtt: float | None) -> float:
        return self.resend_after if rtt is None else max(self.resend_after, 2 * rtt)


@dataclass
class _Incoming:
    pieces: list[bytes | None]
    last: float  # when its newest fragment came
    size: int = 0
    held: int = 0


class Reassembler:
    """One end's partial messages from one peer: at most ``partial`` at once (a new one
    beyond that forgets the oldest), ``max_message`` bytes each, each forgotten ``timeout``
    s after its newest fragment. ``add`` takes a fragment; ``acks`` gives the acks owed,
    once ``due`` (the caller sends them: ``ack_delay`` s after a fragment, at once when a
    message is whole)."""

    COMPLETED = 64  # ids of whole messages remembered, to re-ack their late duplicates

    def __init__(self, stats: FragmentStats, max_message: int = MAX_MESSAGE,
                 timeout: float = 2.0, partial: int = 4, ack_delay: float = 0.02) -> None:
        self.stats = stats
        self.max_message, self.timeout, self.partial = max_message, timeout, partial
        self.ack_delay = ack_delay
        self.due: float | None = None  # when the owed acks must go
        self._limit = max_fragments(max_message)
        self._partial: OrderedDict[int, _Incoming] = OrderedDict()
        self._completed: OrderedDict[int, int] = OrderedDict()  # id -> count
        self._owed: set[int] = set()

    def add(self, datagram: bytes, now: float) -> bytes | None:
        """Take one fragment; returns the whole message when this one completes it."""
        self.stats.received += 1
        self.expire(now)
        try:
            ident, index, count, data = self._read(datagram)
        except PackingError as err:
            self.stats.dropped[str(err)] += 1
            return None
        if ident in self._completed:
            self._duplicate(ident, now, self._completed[ident] == count)
            return None
        message = self._partial.get(ident)
        if message is None:
            message = self._partial[ident] = _Incoming([None] * count, now)
            while len(self._partial) > self.partial:
                self._partial.popitem(last=False)
                self.stats.timed_out += 1
        return self._place(ident, message, index, count, data, now)

    def _place(self, ident: int, message: _Incoming, index: int, count: int, data: bytes,
               now: float) -> bytes | None:
        if count != len(message.pieces):
            self.stats.dropped["fragment count differs"] += 1
            return None
        held = message.pieces[index]
        if held is not None:
            if held != data:
                self.stats.dropped["fragment overlaps another"] += 1
            else:
                self._duplicate(ident, now, True)
            return None
        message.pieces[index] = data
        self._partial.move_to_end(ident)  # the oldest first: ``expire`` stops at a fresh one
        message.size += len(data)
        message.held |= 1 << index
        message.last = now
        self._owe(ident, now + self.ack_delay)
        if message.held != (1 << count) - 1:
            return None
        del self._partial[ident]
        self._completed[ident] = count
        while len(self._completed) > self.COMPLETED:
            self._completed.popitem(last=False)
        self._owe(ident, now)
        whole = b"".join(piece for piece in message.pieces if piece is not None)
        if whole[:1] in (FRAGMENT, FRAGMENT_ACK):  # never nested: a fragment is a datagram
            self.stats.dropped["a fragment inside fragments"] += 1
            return None
        self.stats.reassembled += 1
        return whole

    def _read(self, datagram: bytes) -> tuple[int, int, int, bytes]:
        """A fragment's (id, index, count, data); ``PackingError`` saying why it is refused."""
        reader = Reader(datagram, 1)
        (ident,) = _ID.unpack(reader.take(2))
        index, count = reader.varint(), reader.varint()
        data = datagram[reader.pos:]
        if not 1 <= count <= self._limit:
            raise PackingError("fragment count over the message limit")
        if index >= count:
            raise PackingError("fragment index past its count")
        if len(data) != PAYLOAD if index < count - 1 else not 1 <= len(data) <= PAYLOAD:
            raise PackingError("fragment of a wrong size")
        if index == count - 1 and (count - 1) * PAYLOAD + len(data) > self.max_message:
            raise PackingError("message over the size limit")
        return ident, index, count, data

    def _duplicate(self, ident: int, now: float, consistent: bool) -> None:
        """A fragment already held (its ack may have been lost: owe another) or one of a
        whole message that does not match it (dropped)."""
        if not consistent:
            self.stats.dropped["fragment count differs"] += 1
            return
        self.stats.duplicates += 1
        self._owe(ident, now + self.ack_delay)

    def _owe(self, ident: int, due: float) -> None:
        self._owed.add(ident)
        self.due = due if self.due is None else min(self.due, due)

    def acks(self, token: bytes, now: float) -> list[bytes]:
        """The acks owed, if they are due at ``now`` (else none): one per message, with
        every fragment held; ``token`` names us (4 bytes)."""
        if self.due is None or now < self.due:
            return []
        out = []
        for ident in sorted(self._owed):
            if (count := self._completed.get(ident)) is not None:
                out.append(pack_ack(token, ident, count, (1 << count) - 1))
            elif (message := self._partial.get(ident)) is not None:
                out.append(pack_ack(token, ident, len(message.pieces), message.held))
        self._owed.clear()
        self.due = None
        return out

    def expire(self, now: float) -> None:
        """Forget the partial messages that heard nothing for ``timeout`` s."""
        while self._partial and now - next(iter(self._partial.values())).last > self.timeout:
            self._partial.popitem(last=False)
            self.stats.timed_out += 1

    @property
    def held_bytes(self) -> int:
        """Bytes of partial messages held (at most ``partial`` x ``max_message``)."""
        return sum(message.size for message in self._partial.values())
