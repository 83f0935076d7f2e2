"""One end of the link to one peer, built the same way at both ends (as yojimbo's client and
server build the same connection and channels).

A ``Link`` holds the packet-header acks (sync level 1 and up; None for a plain neteria
peer) and the round trip they measure, the reliable channel (sends resent until
acknowledged), and the state stream: sent (``StateChannel``, the server's link to a
client) or received (``StateReceiver``, the client's link to its server). The server keeps
one in each ``Connection`` (``net.link.connection``); ``ClientProtocol`` keeps one for its
server, new for each session. ``RoundTrip`` is the round trip an end times itself (the
client: heartbeat echoes and verdicts). Times in seconds; no clock inside.
"""

from __future__ import annotations

from collections import deque
from typing import Generic, TypeVar

from ..wire._batching import Header
from ..wire.messages import MAX_MESSAGE
from ._acks import AckState, smooth
from ._channels import ReliableChannel, StateChannel, StateReceiver
from ._fragments import FragmentSender, FragmentStats, Reassembler
from ._retransmit import Outbox, RetrySchedule

Stream = TypeVar("Stream", StateChannel, StateReceiver)


class Link(Generic[Stream]):
    """The link at sync ``level`` (0: plain neteria): ``reliable`` and ``stream`` share
    the link's packet-header ``acks``. At level 1 and up, a datagram over
    ``DATAGRAM_LIMIT`` travels as ``fragments`` and is rebuilt by the peer's
    ``reassembly`` (counted in ``fragment_stats``, shared by one end's links; messages of
    up to ``max_message`` bytes). Make one with ``to_client`` or ``to_server``."""

    def __init__(self, level: int, reliable: ReliableChannel, stream: Stream,
                 fragment_stats: FragmentStats | None = None,
                 max_message: int = MAX_MESSAGE) -> None:
        self.level, self.reliable = level, reliable
        self.stream: Stream = stream
        stats = fragment_stats or FragmentStats()
        self.fragments = FragmentSender(stats)
        self.reassembly = Reassembler(stats, max_message)

    @staticmethod
    def to_client(outbox: Outbox, level: int, isn: int, cuuid: str, memory: float,
                  memory_size: int, fragment_stats: FragmentStats | None = None
                  ) -> Link[StateChannel]:
        """The server's link to client ``cuuid``: its reliable sends share the server's one
        ``outbox`` and are acknowledged by packet headers too; its packet sequence starts
        at ``isn`` (a random one: an ack of it proves the client received it); verdicts
        are remembered ``memory`` s, at most ``memory_size`` of them."""
        acks = AckState(local=isn) if level >= 1 else None
        return Link(level, ReliableChannel(outbox, acks, memory, memory_size),
                    StateChannel(level, acks, cuuid), fragment_stats)

    @staticmethod
    def to_server(level: int, schedule: RetrySchedule, kept_states: int,
                  fragment_stats: FragmentStats | None = None, max_message: int = MAX_MESSAGE
                  ) -> Link[StateReceiver]:
        """The client's link to its server: an outbox of its own, resending on
        ``schedule``, whose sends the server's answers acknowledge (OK REGISTER, a
        verdict), never a header; the newest ``kept_states`` states kept as baselines."""
        acks = AckState() if level >= 1 else None
        return Link(level, ReliableChannel(Outbox(schedule), acks, header_acks=False),
                    StateReceiver(kept_states), fragment_stats, max_message)

    @property
    def acks(self) -> AckState | None:
        """The packet-header acks (None: a plain neteria peer)."""
        return self.reliable.acks

    @property
    def packed(self) -> bool:
        """Sync level 2 and up: state travels in packed frames, acks go packed."""
        return self.level >= 2

    @property
    def rtt(self) -> float | None:
        """Smoothed round-trip time (s) from packet acks; None for a plain neteria peer."""
        return None if self.acks is None else self.acks.rtt

    @property
    def ack_due(self) -> float | None:
        """When an ack owed (``AckState.due``) must go on its own (None: none owed)."""
        return None if self.acks is None else self.acks.due

    def ack_owed(self, now: float) -> bool:
        """Whether an owed ack must go on its own at ``now``."""
        due = self.ack_due
        return due is not None and now >= due

    def stamp(self, now: float) -> Header | None:
        """The packet header for the next datagram (None: the peer does not speak it); it
        acknowledges everything received so far."""
        return self.reliable.stamp(now)


class RoundTrip:
    """Round trips one end times itself (s): smoothed, and the newest ``RECENT`` samples.
    Each sample is the path plus however long the peer took to get to our datagram, so
    the smallest recent one is the path's round trip (a ping). ``smoothed``: None until the
    first sample; ``recent``: those samples, newest last."""

    RECENT = 5

    def __init__(self) -> None:
        self.smoothed: float | None = None
        self.recent: deque[float] = deque(maxlen=self.RECENT)

    def sample(self, seconds: float) -> None:
        """One round trip; a negative one (a clock that stepped back) is ignored."""
        if seconds >= 0:
            self.recent.append(seconds)
            self.smoothed = smooth(self.smoothed, seconds)
