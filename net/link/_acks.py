"""Packet acknowledgement, pygase style: sequence, ack and a 32-bit ack bitfield per datagram.

Every datagram between two peers that speak the sync extension carries ``seq`` (its own
number), ``ack`` (the newest number received from the other side) and ``bits`` (bit i set:
``ack - 1 - i`` arrived too). From these each side learns which of its datagrams arrived,
the round-trip time, and the loss rate, without any datagram of its own being resent.

Sequence numbers are 16-bit and wrap from 65535 to 1 (0 means "none yet"); comparisons are
wrap-safe. No clock inside: ``now`` is passed in, in seconds.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from ._congestion import Quality, QueueingDelay

SEQ_MAX = 65535
HALF = SEQ_MAX // 2
JUDGED_ENOUGH = 32  # datagrams whose fate is known before ``measured_loss`` tells a rate


def next_seq(seq: int) -> int:
    return 1 if seq >= SEQ_MAX else seq + 1


def seq_newer(a: int, b: int) -> bool:
    """True when ``a`` comes after ``b`` (wrap-safe)."""
    return (a > b and a - b <= HALF) or (a < b and b - a > HALF)


def seq_back(seq: int, steps: int) -> int:
    """The sequence number ``steps`` before ``seq``."""
    return (seq - 1 - steps) % SEQ_MAX + 1


def smooth(rtt: float | None, sample: float) -> float:
    """A smoothed round trip (s) moved 1/8 of the way to ``sample``, as TCP's (RFC 6298)."""
    return sample if rtt is None else 0.875 * rtt + 0.125 * sample


def seq_gap(newer: int, older: int) -> int:
    """How many steps ``newer`` is after ``older``."""
    return (newer - older) % SEQ_MAX


@dataclass
class AckState:
    """One side of a link. ``stamp`` numbers what we send; ``receive`` reads the peer's header.

    ``lost_after`` seconds unacknowledged count a datagram as lost. ``rtt`` is the smoothed
    round trip (s); ``queue`` (``net.link._congestion.QueueingDelay``) takes every sample
    to tell how much of it is queueing. ``quality`` is "bad" while that queueing delay
    exceeds its target: queues filling are the sign of congestion, a long or jittery path
    is not, and random loss (reported in ``loss``) is not either: sending less would cure
    neither. Before any RTT sample it is "unknown": nothing says the path takes a full rate.
    ``local`` may start at a random initial sequence number (the server's does: an ack of
    it is a proof a blind forger cannot easily make).
    """

    lost_after: float = 1.0
    local: int = 0
    remote: int = 0
    bits: int = 0
    rtt: float | None = None
    duplicates: int = 0
    queue: QueueingDelay = field(default_factory=QueueingDelay)
    received: int = 0  # datagrams of the peer's that arrived (duplicates not counted)
    # when a bare ack (an ACK datagram) must go if no other datagram carries our header
    # first: set by the end that owes one, cleared by every ``stamp``
    due: float | None = None
    _sent: dict[int, float] = field(default_factory=dict)  # seq -> time, until acked or lost
    _sent_order: deque[tuple[int, float]] = field(default_factory=deque)  # oldest first
    _outcomes: deque[bool] = field(default_factory=lambda: deque(maxlen=64))  # True: delivered

    def stamp(self, now: float) -> tuple[int, int, int]:
        """Number a datagram about to be sent: returns its (seq, ack, bits)."""
        self.local = next_seq(self.local)
        self.due = None  # this header acknowledges everything received so far
        self._sent[self.local] = now
        self._sent_order.append((self.local, now))
        return self.local, self.remote, self.bits

    def receive(self, seq: int | None, ack: int | None, bits: int | None,
                now: float) -> list[int]:
        """Take the peer's header. Returns our sequence numbers it newly acknowledges.
        A repeated ``seq`` is counted in ``duplicates``."""
        if seq:
            self._note_arrival(seq)
        acked = []
        if ack and self._sent:
            # whichever is fewer: our datagrams in flight, or the 33 the header can name
            candidates = list(self._sent) if len(self._sent) <= 33 else [
                seq_back(ack, n) for n in range(33)]
            bits = bits or 0
            for number in candidates:
                gap = (ack - number) % SEQ_MAX  # seq_gap, inlined: this runs per datagram
                if gap == 0 or (gap <= 32 and bits >> (gap - 1) & 1):
                    sent_at = self._sent.pop(number, None)
                    if sent_at is not None:
                        acked.append(number)
                        self._outcomes.append(True)
                        if gap == 0:
                            self._sample(now - sent_at, now)
        while self._sent_order and now - self._sent_order[0][1] > self.lost_after:
            number, sent_at = self._sent_order.popleft()
            if self._sent.get(number) == sent_at:  # not acked yet (nor a wrapped reuse)
                del self._sent[number]
                self._outcomes.append(False)
        return acked

    @property
    def loss(self) -> float:
        """Fraction of recent datagrams of ours that were lost (0..1)."""
        return self._outcomes.count(False) / len(self._outcomes) if self._outcomes else 0.0

    @property
    def measured_loss(self) -> float | None:
        """``loss`` once the fate of ``JUDGED_ENOUGH`` datagrams is known, else None: a
        fraction of a handful is noise."""
        return self.loss if len(self._outcomes) >= JUDGED_ENOUGH else None

    @property
    def incoming_loss(self) -> float:
        """Fraction of the peer's last 32 datagrams (before the newest) that never arrived."""
        window = min(self.received - 1, 32)
        if window <= 0:
            return 0.0
        arrived = bin(self.bits & ((1 << window) - 1)).count("1")
        return 1.0 - arrived / window

    @property
    def quality(self) -> Quality:
        """The queue's verdict: "bad" (congested), "good" or "unknown" (no RTT yet)."""
        return self.queue.quality

    def _note_arrival(self, seq: int) -> None:
        if self.remote == 0 or seq_newer(seq, self.remote):
            self.received += 1
            shift = seq_gap(seq, self.remote) if self.remote else 0
            if self.remote:
                self.bits = ((self.bits << shift) | (1 << (shift - 1))) & 0xFFFFFFFF \
                    if shift <= 32 else 0
            self.remote = seq
            return
        back = seq_gap(self.remote, seq)
        if back == 0 or (1 <= back <= 32 and self.bits >> (back - 1) & 1):
            self.duplicates += 1
        elif 1 <= back <= 32:
            self.received += 1
            self.bits |= 1 << (back - 1)

    def _sample(self, rtt: float, now: float) -> None:
        self.rtt = smooth(self.rtt, rtt)
        self.queue.sample(rtt, now)
