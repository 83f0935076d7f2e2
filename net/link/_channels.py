"""The channels of one link (``net.link.peer``), over one packet-header sequence (``AckState``).

- ``ReliableChannel``: sends resent until acknowledged. The server's: verdicts and NOTIFYs
  (acknowledged by OK EVENT / OK NOTIFY, or a sync client's packet header naming any one
  send), and the verdict cache that answers a retried EVENT without executing it twice.
  The client's: REGISTER and EVENTs (acknowledged by the server's answer).
- ``StateChannel``: the server's end of the unreliable state stream: the client's
  acknowledged baseline, its congestion rate, and for each tick a keyframe or a diff
  against that baseline.
- ``StateReceiver``: the client's end: rebuilds each state from the baseline a diff names.

``RecentIds`` delivers a resent NOTIFY once. Times in seconds; no clock inside.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from typing import Any

from pydantic_core import to_json

from ..sync.tracking import Baseline, Delta, Differ, StateHistory, apply_delta
from ..wire import _batching as batching
from ..wire import _fast as fast
from ..wire import _framing as framing
from ..wire import messages as m
from ..wire import packing
from ._acks import AckState
from ._congestion import Congestion
from ._retransmit import Address, Make, Outbox, RetrySchedule

View = Callable[[dict[str, Any]], dict[str, Any]]
"""One client's view of a keyframe or diff (it must not change its argument)."""


class ReliableChannel:
    """Reliable sends to one peer. The timers live in an ``Outbox`` (keyed by this channel
    and the euuid): the server's one, shared by its clients' channels, or the client's own;
    the channel keeps what is per peer. ``header_acks``: a packet header from the peer
    naming a send acknowledges it (the server's sends; the client's wait for an answer)."""

    MEMORY = 1024  # sends of verdicts/NOTIFYs awaiting a header ack

    def __init__(self, outbox: Outbox, acks: AckState | None, memory: float = 30.0,
                 memory_size: int = 1024, header_acks: bool = True) -> None:
        self.outbox = outbox
        self.acks = acks
        self.header_acks = header_acks
        self.memory, self.memory_size = memory, memory_size
        # euuid -> (the encoded verdict, when to forget it): a retried EVENT gets the same answer
        self.verdicts: OrderedDict[str, tuple[bytes, float]] = OrderedDict()
        # sync: seq of each send of a verdict or NOTIFY -> its outbox key
        self._by_seq: OrderedDict[int, tuple[ReliableChannel, str]] = OrderedDict()

    def cached_verdict(self, euuid: str) -> bytes | None:
        entry = self.verdicts.get(euuid)
        return None if entry is None else entry[0]

    def send_verdict(self, euuid: str, answer: bytes, address: Address, now: float) -> bytes:
        """``send`` the verdict on EVENT ``euuid``, remembered to answer its retries."""
        verdicts = self.verdicts
        verdicts[euuid] = (answer, now + self.memory)
        if len(verdicts) > self.memory_size:
            verdicts.popitem(last=False)
        return self.send(euuid, answer, address, now)

    def forget_old(self, now: float) -> float | None:
        """Drop verdicts past their memory; returns when the next one goes (None: none)."""
        while self.verdicts and next(iter(self.verdicts.values()))[1] <= now:
            self.verdicts.popitem(last=False)
        return next(iter(self.verdicts.values()))[1] if self.verdicts else None

    def send(self, euuid: str, datagram: bytes | Make, address: Address, now: float,
             schedule: RetrySchedule | None = None) -> bytes:
        """Track ``datagram`` until acknowledged (bytes, or a ``Make`` for a message that
        changes with each retry); returns the first copy to send now. Each send to a sync
        peer is stamped with a new header (with ``header_acks``, any of them acknowledges
        it). ``schedule`` overrides the outbox's own for this send."""
        key = (self, euuid)
        acks = self.acks
        if acks is None:
            return self.outbox.add(key, address, datagram, now, self, schedule)
        by_seq = self._by_seq if self.header_acks else None

        def stamped(retry: int, now: float) -> bytes:
            body = datagram if isinstance(datagram, bytes) else datagram(retry, now)
            header = acks.stamp(now)
            if by_seq is not None:
                by_seq[header[0]] = key
                if len(by_seq) > self.MEMORY:  # too old to be acked anyway
                    by_seq.popitem(last=False)
            return batching.with_header(body, header)
        return self.outbox.add(key, address, stamped, now, self, schedule)

    def acknowledged(self, euuid: str) -> int:
        """An answer for ``euuid`` (OK EVENT / OK NOTIFY; the client's: a verdict, OK
        REGISTER): stop resending. Returns how often it was sent (0: not pending)."""
        entry = self.outbox.ack((self, euuid))
        return 0 if entry is None else entry.sent

    def due(self, now: float) -> tuple[list[bytes], list[str]]:
        """For a channel with an outbox of its own (the client's): the resends due at
        ``now``, and the euuids of the sends whose attempts ran out."""
        resend, expired = self.outbox.due(now)
        return [datagram for datagram, _ in resend], [_euuid(e.key) for e in expired]

    def next_deadline(self) -> float | None:
        """When ``due`` next has work (an outbox of its own, as for ``due``)."""
        return self.outbox.next_deadline()

    def header_acked(self, numbers: list[int]) -> None:
        """Our sequence numbers a packet header newly acknowledged."""
        for number in numbers:
            if (key := self._by_seq.pop(number, None)) is not None:
                self.outbox.ack(key)

    def stamp(self, now: float) -> batching.Header | None:
        """The packet header for the next datagram (None: the client does not speak it)."""
        return None if self.acks is None else self.acks.stamp(now)

    def drop(self) -> None:
        """Stop resending anything to this client (it left, or moved to a new address)."""
        self.outbox.drop_owner(self)


class Publication:
    """One tick's state, shared by every client's frame: keyframe, packer and differ are
    made once per tick."""

    def __init__(self, history: StateHistory, tick: int, interest: bool) -> None:
        current = history.state_at(tick)
        if current is None:
            raise ValueError(f"tick {tick} is not committed in the history")
        self.history, self.tick, self.current, self.interest = history, tick, current, interest
        self.packer, self.differ = packing.Packer(), Differ()
        self._keyframe: dict[str, Any] | None = None
        # id(value) -> (value, its JSON): kept alive so that no id is reused this tick
        self._json: dict[int, tuple[Any, bytes]] = {}
        self._keys: dict[str, bytes] = {}  # each key as JSON

    def keyframe(self) -> dict[str, Any]:
        if self._keyframe is None:
            self._keyframe = self.history.keyframe()
        return self._keyframe

    SPLIT_DEPTH = 2  # dicts nested deeper are encoded whole (one player's entry, say)

    def to_json(self, value: Any, depth: int = 0) -> bytes:
        """``value`` as JSON, byte for byte as pydantic writes it. Every client's view is
        mostly the same objects (the other players' entries, the shared world): each of them
        is encoded once this tick, and a view's own dicts down to ``SPLIT_DEPTH`` are
        joined from their items' JSON."""
        memo = self._json
        if (known := memo.get(id(value))) is not None:
            return known[1]
        if depth < self.SPLIT_DEPTH and type(value) is dict \
                and all(type(key) is str for key in value):
            keys, parts = self._keys, []
            for key, item in value.items():
                if (name := keys.get(key)) is None:
                    name = keys[key] = to_json(key)
                known = memo.get(id(item))
                parts.append(b"%b:%b" % (name, known[1] if known is not None
                                         else self.to_json(item, depth + 1)))
            encoded = b"{%b}" % b",".join(parts)
        else:
            encoded = to_json(value)
        memo[id(value)] = (value, encoded)
        return encoded


class StateChannel:
    """The state stream to one client at sync ``level`` (0: plain neteria, whole states in
    NOTIFYs), over the link's packet-header ``acks`` (None below level 1). ``congestion``
    sets the fraction of ticks it gets (``net.link._congestion``), ``credit`` keeps count."""

    UNPROVEN_KEYFRAMES = 3  # keyframes an address that has not shown it receives may get
    UNPROVEN_KEYFRAME_EVERY = 0.5  # s between them

    def __init__(self, level: int, acks: AckState | None, cuuid: str) -> None:
        self.level = level
        self.acks = acks
        self.token = framing.token(cuuid)  # names this client in its packed ACKs
        self.baseline = Baseline()
        self.congestion = Congestion()
        self.credit = 0.0  # ticks' worth of state the congestion rate has allowed, unsent
        self.challenges: deque[str] = deque(maxlen=8)  # euuids of state NOTIFYs (plain)
        self._unproven_keyframes = 0
        self._last_keyframe = float("-inf")

    @property
    def packed(self) -> bool:
        """Sync level 2 and up: state goes in packed frames, acks come packed."""
        return self.level >= 2

    def read_header(self, seq: int | None, ack: int | None, bits: int | None,
                    now: float) -> list[int]:
        """A packet header from the client: returns our sequence numbers it newly
        acknowledges (the baseline moves to the newest state among them)."""
        if self.acks is None:
            return []
        acked = self.acks.receive(seq, ack, bits, now)
        self.baseline.acked(acked)
        return acked

    def due(self, now: float, unproven: bool) -> bool:
        """Whether this tick goes to the client: an unproven one gets a few keyframes
        ``UNPROVEN_KEYFRAME_EVERY`` s apart; a sync one the fraction of ticks its congestion
        rate allows (each tick adds the rate to ``credit``; a whole one sends)."""
        if unproven:
            if (self._unproven_keyframes >= self.UNPROVEN_KEYFRAMES
                    or now - self._last_keyframe < self.UNPROVEN_KEYFRAME_EVERY):
                return False
            self._unproven_keyframes += 1
            self._last_keyframe = now
            return True
        if self.acks is None:
            return True
        acks = self.acks
        self.credit = min(self.credit + self.congestion.update(
            acks.quality, acks.measured_loss, now), 1.0)
        if self.credit < 1.0:
            return False
        self.credit -= 1.0
        return True

    def frame(self, pub: Publication, view: View | None, new_id: Callable[[], str],
              now: float, keyframe: bool = False) -> bytes:
        """The datagram for ``pub``'s tick: a diff against the acknowledged baseline, or a
        keyframe (when asked, or when the client has none or is too far behind)."""
        if self.acks is None:
            shown = view(pub.keyframe()) if view else pub.keyframe()
            euuid = new_id()
            self.challenges.append(euuid)
            return fast.encode_notify(euuid, pub.to_json(shown))
        history, tick = pub.history, pub.tick
        base = None if keyframe else self.baseline.tick
        delta = history.delta_since(base) if base is not None else None
        held = history.state_at(base) if base is not None else None  # the client's state
        if delta is None or held is None:
            base, delta, held = None, pub.keyframe(), packing.EMPTY
        seq, ack, bits = self.acks.stamp(now)
        self.baseline.sent(seq, tick)
        if view is None or base is None:  # what the client holds: its view of ``base``
            shown, prior = (view(delta) if view else delta), held
        elif pub.interest:
            prior = view(held)
            shown = pub.differ.diff(prior, view(pub.current))
        else:
            shown, prior = view(delta), view(held) if self.packed else held
        if self.packed:
            return framing.pack_frame(seq, ack, bits, tick, base, pub.packer.pack(shown, prior))
        # our own state: skip re-validating the whole tree (it is only serialised)
        return m.encode(m.Notify.model_construct(
            euuid=str(tick), event_data=shown, tick=tick, base=base, seq=seq, ack=ack,
            bits=bits))


class StateReceiver:
    """The client end of the state stream: the states rebuilt so far, kept as baselines
    for the diffs to come (the newest ``kept`` ticks)."""

    def __init__(self, kept: int) -> None:
        self.kept = kept
        self.states: dict[int, dict[str, Any]] = {}  # tick -> state
        self.latest_tick = -1

    def rebuild(self, tick: int, base: int | None,
                delta_for: Callable[[dict[str, Any]], Delta | Any]) -> dict[str, Any] | None:
        """The state of ``tick`` from a keyframe (``base`` None) or a diff from ``base``;
        ``delta_for(prior)`` reads the delta (a packed one needs its prior). None when the
        baseline is gone or the delta is malformed."""
        prior = {} if base is None else self.states.get(base)
        if prior is None:
            return None
        try:
            delta = delta_for(prior)
            state = apply_delta(prior, delta) if isinstance(delta, dict) else None
        except (TypeError, AttributeError, packing.PackingError):  # e.g. "~" not a key list
            return None
        if state is not None:
            self.states[tick] = state
            while len(self.states) > self.kept:
                del self.states[min(self.states)]
        return state

    def advance(self, tick: int) -> bool:
        """Whether ``tick`` is the newest state yet (older ones arrived late)."""
        if tick <= self.latest_tick:
            return False
        self.latest_tick = tick
        return True

    @property
    def latest(self) -> tuple[int, dict[str, Any]] | None:
        state = self.states.get(self.latest_tick)
        return None if state is None else (self.latest_tick, state)


class RecentIds:
    """The last ``size`` ids seen, to deliver a resent message once."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._ids: set[str] = set()
        self._order: deque[str] = deque()

    def first(self, key: str) -> bool:
        """True the first time ``key`` is seen (among the last ``size``)."""
        if key in self._ids:
            return False
        self._ids.add(key)
        self._order.append(key)
        if len(self._order) > self.size:
            self._ids.discard(self._order.popleft())
        return True


def _euuid(key: Hashable) -> str:
    """The euuid of a ``ReliableChannel``'s outbox key (channel, euuid)."""
    assert isinstance(key, tuple)
    return str(key[1])
