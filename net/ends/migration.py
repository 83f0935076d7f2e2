"""Host migration: who takes the match over when its host goes, and how seats follow it.

Server side, ``Succession`` (only a hosted game has one; a headless ``--server`` never
hands over):

- The *line*: confirmed seats whose client can serve (REGISTER ``host_port``), not the
  hosting player's own, oldest seat (lowest pid) first. Everyone gets it in the state
  (``public``), with the ``epoch``: 0 for the first host, one more at each move.
- The line's members also get a ``HANDOVER`` (``package``): the match's ``session`` id,
  the epoch, a per-session ``key`` and, per seat, ``token_hash(key, token)`` (HMAC-SHA256).
  A successor checks a resume token by hashing it; it never learns the tokens it was not
  shown, and a hash does not give one back (128 random bits).

Client side, ``Walk``: the rule every client evaluates the same way. When the host of
epoch E goes (silent, or a BYE REGISTER with ``epoch`` E+1), each client walks the line of
epoch E it holds, in order: it tries each candidate for ``try_for`` s (REGISTER with its
resume token, answered by an OK REGISTER of the same session and a newer epoch); the
candidate that is itself serves instead, from its newest full state. Candidate k is reached
by everyone (itself included) only after candidates 0..k-1 failed to answer, so one
candidate serves, the first one alive. No clocks or sockets here: ``now`` comes in.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..link._retransmit import Address
from ..link.connection import Connection
from ..wire import messages as m

TRY_FOR = 1.2
"""s a client waits for one candidate's OK REGISTER before it walks on: a candidate that
serves answers in well under that on a LAN (its REGISTER queues in the port it reserved)."""


def token_hash(key: bytes, token: str) -> str:
    """HMAC-SHA256 of a resume token under the session key, as 64 hex digits."""
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def token_matches(conn: Connection, presented: str, key: bytes | None) -> bool:
    """Whether ``presented`` is ``conn``'s resume token: compared with the token itself, or,
    for a seat taken over from an earlier host, with its hash under ``key``."""
    if conn.token:
        return hmac.compare_digest(presented.encode(), conn.token.encode())
    if conn.token_hash is None or key is None:
        return False
    return hmac.compare_digest(token_hash(key, presented), conn.token_hash)


@dataclass(frozen=True)
class Candidate:
    """One place in the line: a player's ``pid`` and where its game would serve."""

    pid: int
    address: Address


@dataclass
class Succession:
    """A hosted game's succession. ``session`` and ``key`` stay the same across moves."""

    session: str
    key: bytes
    epoch: int = 0
    host_name: str = ""  # the hosting player's name (kept once its seat is gone)
    sent: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # cuuid -> package sent

    def line(self, connections: Iterable[Connection]) -> list[Connection]:
        """Who may take the match over, in order: seated followers that could serve it."""
        return sorted((c for c in connections if c.state == "confirmed" and c.follows
                       and c.host_port is not None and not c.hosting and not c.spectator),
                      key=lambda c: c.pid)

    def public(self, line: list[Connection]) -> dict[str, Any]:
        """The state's ``host`` object: the epoch and ``line`` (``self.line``'s) as
        [pid, ip, port]."""
        return {"epoch": self.epoch, "line": [[c.pid, c.address[0], c.host_port]
                                              for c in line]}

    def package(self, connections: Iterable[Connection], euuid: str, server_name: str,
                max_players: int, game: Any) -> m.Handover:
        """The HANDOVER for the line of succession: every seat that may come back (its resume
        token hashed with ``key``, never the token), the server's settings and the
        application's opaque ``game`` state."""
        seats = [(c.cuuid, c.pid, c.name, token_hash(self.key, c.token) if c.token else
                  c.token_hash or "", int(c.follows), str(c.address[0]), int(c.address[1]))
                 for c in connections
                 if c.state != "pending" and not c.hosting and not c.spectator
                 and (c.token or c.token_hash)]
        return m.Handover(euuid=euuid, session=self.session, epoch=self.epoch,
                          key=self.key.hex(), server_name=server_name,
                          max_players=max_players, seats=seats, game=game)


@dataclass(frozen=True)
class HostInfo:
    """What a client holds of its host's succession: the state's ``host`` object."""

    epoch: int
    line: tuple[Candidate, ...]


def read_host(state: dict[str, Any]) -> HostInfo | None:
    """The state's ``host`` object, or None (a headless server, or a malformed one)."""
    host = state.get("host")
    if not isinstance(host, dict):
        return None
    try:
        line = tuple(Candidate(int(pid), (str(ip), int(port))) for pid, ip, port in host["line"])
        return HostInfo(int(host["epoch"]), line)
    except (KeyError, TypeError, ValueError):
        return None


@dataclass
class Walk:
    """One client's walk down the line after its host of ``epoch`` went.

    ``step(now)`` gives the candidate to be with now: to register at, or, when its
    ``pid`` is ``me``, to serve as (the caller stops walking once it serves or is
    answered). It moves on every ``try_for`` s; None once the line is exhausted.
    ``first``: the pid the leaving host named (its announced successor), tried first."""

    host: HostInfo
    me: int | None
    started: float
    try_for: float = TRY_FOR
    first: int | None = None

    def __post_init__(self) -> None:
        line = list(self.host.line)
        if self.first is not None:
            line = [c for c in line if c.pid == self.first] + \
                   [c for c in line if c.pid != self.first]
        self.order = line

    def step(self, now: float) -> Candidate | None:
        """The candidate to be with at ``now``: each gets ``try_for`` s, in line order; None once
        the line is exhausted (the match is over for this client)."""
        index = int((now - self.started) // self.try_for)
        return self.order[index] if 0 <= index < len(self.order) else None

    def serves(self, candidate: Candidate) -> bool:
        """True when ``candidate`` is this client itself: it should start serving the match, not
        register somewhere."""
        return candidate.pid == self.me

    def accepts(self, session: str | None, ours: str | None, epoch: int | None) -> bool:
        """An OK REGISTER is the match moved on, not some other server at that address:
        the same session, a newer epoch."""
        return session is not None and session == ours and epoch is not None \
            and epoch > self.host.epoch
