"""What may go to each peer in one datagram, and what becomes of what does not fit.

- A client at sync level 1 and up reads fragments (``net.link._fragments``): a datagram
  over ``DATAGRAM_LIMIT`` (1200 bytes) goes to it as fragments, so nothing the server
  sends it is fragmented by IP; a message over ``ServerConfig.max_message_bytes`` is not
  sent at all.
- A plain neteria client reads at most ``PLAIN_LIMIT`` bytes a datagram, and so does
  whoever holds no seat (an OHAI answer, a refusal): a larger datagram is not sent. In
  place of a state too large for it, a plain client gets a small NOTIFY saying so
  (``stand_in``): the application learns why no state comes, and its OK NOTIFY still
  proves its address.

What is not sent is counted (``ServerStats.oversized``) and logged once per client; no
size raises out of the server. An address that has not proven it receives gets only a
few small datagrams (``within_caps``): a forged REGISTER never draws a stream. Sans-IO:
``now`` in seconds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from weakref import WeakSet

from pydantic_core import to_json

from ..link._fragments import DATAGRAM_LIMIT, unpack_ack
from ..link._retransmit import Address
from ..link.connection import HOLDS_ADDRESS, UNPROVEN, Connection
from ..wire import _fast as fast
from ..wire._bytes import PackingError
from .serverconfig import ServerConfig, ServerStats

log = logging.getLogger("starlane.net")

PLAIN_LIMIT = 10240
"""Largest datagram (bytes) a plain neteria 1.0.2 peer reads (its ``recvfrom`` size)."""

Send = tuple[bytes, Address]


class Sizes:
    """The server's size rules (see the module docstring), with its ``config`` and ``stats``."""

    def __init__(self, config: ServerConfig, stats: ServerStats) -> None:
        self._config, self._stats = config, stats
        self._warned: WeakSet[Connection] = WeakSet()  # told the log once about each

    def limit(self, conn: Connection | None) -> int:
        """Largest message (bytes) that may go to ``conn`` (None: an address without a seat)."""
        if conn is not None and conn.link.level >= 1:
            return self._config.max_message_bytes
        return PLAIN_LIMIT

    def allows(self, conn: Connection | None, size: int) -> bool:
        """Whether ``size`` bytes may go to ``conn``; if not, it is counted and logged."""
        if size <= self.limit(conn):
            return True
        self.refuse(conn, f"{size} bytes, over its limit of {self.limit(conn)}")
        return False

    def refuse(self, conn: Connection | None, what: str) -> None:
        """A message for ``conn`` is not sent (``what``: why): count it; log it once per
        client."""
        self._stats.oversized += 1
        if conn is None or conn in self._warned:
            return
        self._warned.add(conn)
        kind = f"sync level {conn.link.level}" if conn.link.level else "a plain neteria client"
        log.warning("a message to %s (%s, %s) was not sent: %s; such messages are counted "
                    "in ServerStats.oversized and not logged again for this client",
                    conn.name, conn.cuuid, kind, what)

    def refuse_input(self, conn: Connection, what: str) -> None:
        """Something ``conn`` sent is too large to take (``what``: it and the limit):
        counted and dropped as malformed input of kind "too large", never raised."""
        self._stats.malformed["too large"] += 1
        self._stats.last_malformed = f"{conn.address[0]}:{conn.address[1]}: too large: {what}"

    def stand_in(self, conn: Connection, frame: bytes, tick: int) -> bytes:
        """``frame``, the state of ``tick`` for ``conn``; for a plain client it is too large
        for, a NOTIFY of the same euuid with ``{"state_not_sent": {"tick", "bytes",
        "limit"}}`` instead (counted and logged as ``refuse`` does)."""
        if conn.link.level or len(frame) <= PLAIN_LIMIT:
            return frame
        self.refuse(conn, f"a state of {len(frame)} bytes, over its limit of {PLAIN_LIMIT}")
        note = {"tick": tick, "bytes": len(frame), "limit": PLAIN_LIMIT}
        return fast.encode_notify(conn.stream.challenges[-1], to_json({"state_not_sent": note}))

    def fit(self, out: list[Send], at: Callable[[Address], Connection | None],
            now: float) -> list[Send]:
        """``out`` with each datagram over ``DATAGRAM_LIMIT`` to a sync client cut into
        fragments, and each over its peer's limit left out. A sync client that has not
        proven its address gets no fragments (a forged REGISTER must not draw a stream of
        them: ``stats.capped``). ``at`` finds the connection speaking from an address."""
        fitted: list[Send] = []
        for send in out:
            datagram, address = send
            if len(datagram) <= DATAGRAM_LIMIT:
                fitted.append(send)
                continue
            conn = at(address)
            if not self.allows(conn, len(datagram)):
                continue
            if conn is None or conn.link.level == 0:
                fitted.append(send)  # within a plain peer's limit
                continue
            if conn.unproven:
                self._stats.capped += 1
                continue
            fitted += [(piece, address)
                       for piece in conn.link.fragments.split(datagram, now, conn.rtt)]
        return fitted

    def within_caps(self, out: list[Send], at: Callable[[Address], Connection | None],
                    now: float) -> tuple[list[Send], bool]:
        """The sends within their addresses' caps (an unproven address gets at most
        ``unproven_datagrams`` datagrams and ``unproven_bytes`` bytes: no amplification),
        and whether one goes to a client that reads batches (level 3)."""
        cap, kept, batching = self._config.unproven_datagrams, [], False
        for send in out:
            if (conn := at(send[1])) is not None:
                if conn.state in UNPROVEN:
                    sent, size = conn.unproven_sent
                    if sent >= cap or size + len(send[0]) > self._config.unproven_bytes:
                        self._stats.capped += 1
                        continue
                    conn.unproven_sent = (sent + 1, size + len(send[0]))
                conn.last_sent, batching = now, batching or conn.stream.level >= 3
            kept.append(send)
        return kept, batching

    @staticmethod
    def resend(connections: Iterable[Connection], now: float) -> list[Send]:
        """The fragments due again at ``now``: those each client has not acknowledged."""
        return [(piece, conn.address) for conn in connections if conn.state in HOLDS_ADDRESS
                for piece in conn.link.fragments.due(now, conn.rtt)]

    def on_ack(self, datagram: bytes, conn: Connection | None, address: Address) -> None:
        """A fragment ack: taken from the address a sync client speaks from, with its token
        (as a packed ACK); anything else is counted and dropped."""
        try:
            token, ident, count, held = unpack_ack(datagram)
        except PackingError as err:
            self._stats.malformed["bad fragment ack"] += 1
            self._stats.last_malformed = f"{address[0]}:{address[1]}: bad fragment ack: {err}"
            return
        if conn is None or conn.link.level == 0 or conn.stream.token != token:
            self._stats.not_registered += 1
            return
        conn.link.fragments.acked(ident, count, held)
