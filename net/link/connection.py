"""One registered peer of the server: address, liveness, RTT, budget and lifecycle.

The lifecycle is written once, as ``TRANSITIONS``: (state, trigger) -> (next state, the
middleware hook the move calls). ``TIMERS`` says which trigger each state's deadline fires.
Only ``Peers.fire`` (``net.ends._peers``) moves a connection, so every move keeps the server's
registry in step and calls its hook.

- *pending*: registered, not yet proven to receive at its address. It gets OK REGISTER and
  a few keyframes at most (``ServerConfig.unproven_datagrams`` / ``unproven_bytes``), and
  is forgotten ``proof_timeout`` s after its newest REGISTER with no proof, and
  ``proof_max_age`` s after its first at the latest. Its heartbeats are not life.
- *confirmed*: a datagram from its address proved it receives there (see
  ``ServerProtocol``); it plays, streams state and has a budget of its own.
- *lost*: silent for ``lost_after`` s (the ``lost`` hook: the application takes it out of
  play); its seat is held for ``hold_time`` s for a REGISTER carrying its resume token,
  from any address.
- *resuming*: the token came from an address not yet proven; like *pending*, but when no
  proof comes the seat goes back to *lost*, not away.
- *closed*: gone (left, kicked, expired, or replaced while pending).

A registrant admitted to a full server is a *spectator* (``Connection.spectator``) in any
of these states: it gets the state but holds no seat. ``seated`` moves a confirmed one into
a seat that freed; its state, and so its timer, stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ._channels import ReliableChannel, StateChannel
from ._ratelimit import Budget
from ._retransmit import Address
from .peer import Link

State = Literal["pending", "confirmed", "lost", "resuming", "closed"]
Trigger = Literal["proved", "silent", "expired", "claimed", "heard", "closed", "seated"]
Hook = Literal["joined", "lost", "resumed", "left", "seated"]

TRANSITIONS: dict[tuple[State, Trigger], tuple[State, Hook | None]] = {
    ("pending", "proved"): ("confirmed", "joined"),
    ("pending", "expired"): ("closed", None),
    ("pending", "closed"): ("closed", None),
    ("confirmed", "silent"): ("lost", "lost"),
    ("confirmed", "claimed"): ("resuming", "lost"),  # its token from a new address
    ("confirmed", "closed"): ("closed", "left"),
    ("confirmed", "seated"): ("confirmed", "seated"),  # a spectator takes a seat that freed
    ("lost", "heard"): ("confirmed", "resumed"),  # from its own (proven) address again
    ("lost", "claimed"): ("resuming", None),
    ("lost", "expired"): ("closed", "left"),
    ("lost", "closed"): ("closed", "left"),
    ("resuming", "proved"): ("confirmed", "resumed"),
    ("resuming", "claimed"): ("resuming", None),
    ("resuming", "expired"): ("lost", None),
    ("resuming", "closed"): ("closed", "left"),
}

UNPROVEN: frozenset[State] = frozenset({"pending", "resuming"})
"""States whose address has not shown it receives: small sends only, no life from them."""

HOLDS_ADDRESS: frozenset[State] = frozenset({"pending", "confirmed", "resuming"})
"""States in which the connection speaks from ``address`` (a lost one frees it)."""


@dataclass(frozen=True)
class Timeouts:
    """Seconds. The defaults: a seat whose address is never proven gone 2.5 s after its
    newest REGISTER and within 10 s in any case, a silent client *lost* (the ``lost`` hook:
    out of play) within 5 s, a lost seat held for 30 s or more for its resume token.

    Why the proof wait runs from the newest REGISTER: the client repeats REGISTER until OK
    REGISTER reaches it, so on a slow lossy path (400 ms round trip, 10 % loss each way) it
    may get its answer seconds after its first REGISTER, and its proof comes after that.
    Why ``proof_max_age``: repeats come from whoever can forge that source address too, so
    they stretch the wait only this far; then the seat goes (``docs/protocol.md``)."""

    proof_timeout: float = 2.5
    proof_max_age: float = 10.0
    lost_after: float = 4.0
    hold_time: float = 30.0


TIMERS: dict[State, tuple[str, Trigger]] = {
    "pending": ("proof_timeout", "expired"),
    "resuming": ("proof_timeout", "expired"),
    "confirmed": ("lost_after", "silent"),
    "lost": ("hold_time", "expired"),
}


@dataclass(eq=False)
class Connection:
    """A client's seat. ``pid`` is its number, a key for it in the application's state
    (``Registered.pid`` on the client); ``token`` is the secret resume token sent in OK
    REGISTER. ``since`` is when it entered its state; ``asked`` when its newest REGISTER
    from its address came while unproven (the proof wait runs from it, see ``Timeouts``)."""

    cuuid: str
    pid: int
    name: str
    token: str
    address: Address
    link: Link[StateChannel]  # the link to it, the same type the client keeps (net.link)
    version: str | None = None
    state: State = "pending"
    since: float = 0.0
    asked: float = 0.0
    last_heard: float = 0.0
    last_sent: float = 0.0
    budget: Budget = field(default_factory=Budget)
    # sent to this address while unproven: (datagrams, bytes); inherited by a replacement
    unproven_sent: tuple[int, int] = (0, 0)
    # host migration (net.ends.migration): it follows the match to a new host; it could serve
    # the match on this port; it is the hosting player's own seat
    follows: bool = False
    host_port: int | None = None
    hosting: bool = False
    # a seat taken over from an earlier host: HMAC of its token (``token`` is "" until the
    # player shows it)
    token_hash: str | None = None
    # admitted to a full server: it receives the state but holds no seat (``net.ends._seats``);
    # ``queued`` (same clock as ``now``) orders the spectators for a seat that frees
    spectator: bool = False
    queued: float = 0.0

    def fire(self, trigger: Trigger, now: float) -> Hook | None:
        """Move by ``TRANSITIONS``; returns the hook to call. ``KeyError``: a move the table
        does not allow (the server's own misuse)."""
        self.state, hook = TRANSITIONS[(self.state, trigger)]
        if trigger == "seated":  # the seat changes, not the state: its timer runs on
            self.spectator = False
            return hook
        self.since = now
        if self.state == "confirmed":
            self.last_heard = now
        return hook

    def deadline(self, timeouts: Timeouts) -> tuple[float, Trigger] | None:
        """When this state's timer fires and with which trigger (None: closed)."""
        timer = TIMERS.get(self.state)
        if timer is None:
            return None
        name, trigger = timer
        if self.state in UNPROVEN:  # stretched by repeated REGISTERs, but only so far
            return min(max(self.since, self.asked) + timeouts.proof_timeout,
                       self.since + timeouts.proof_max_age), trigger
        start = self.last_heard if self.state == "confirmed" else self.since
        return start + getattr(timeouts, name), trigger

    @property
    def unproven(self) -> bool:
        """It has not yet shown it receives at its address (pending or resuming): it gets a few
        small datagrams at most, and its heartbeats are not life."""
        return self.state in UNPROVEN

    def __post_init__(self) -> None:
        self.relink(self.link)

    def relink(self, link: Link[StateChannel]) -> None:
        """Use ``link`` from now on (a new session): set the link only this way, for its
        parts are kept as plain attributes (read several times for every EVENT)."""
        self.link = link
        self.reliable: ReliableChannel = link.reliable
        """The link's reliable channel: verdicts, NOTIFYs, handovers."""
        self.stream: StateChannel = link.stream
        """The link's state stream to this client."""

    @property
    def rtt(self) -> float | None:
        """Smoothed round-trip time (s) from packet acks; None for a plain neteria client."""
        return self.link.rtt
