"""The server's registry (``Peers``): its connections by cuuid and, while each speaks from
one, by address; the EVENTs parked until an address is proven; the datagrams queued to
send; the timers; and the lifecycle moves (``net.link.connection.TRANSITIONS``) with the
middleware hooks they call.

``ServerProtocol`` owns one; ``net.ends._seats`` and ``net.ends.handover`` work through its public
methods, so the registry's index, parked events and queue change in one place only.
Sans-IO: no socket, no clock; time comes in as ``now`` (seconds, any monotonic origin).
"""

from __future__ import annotations

from collections.abc import Callable

from ..link._channels import StateChannel
from ..link._retransmit import Address, Outbox
from ..link.connection import HOLDS_ADDRESS, Connection, Trigger
from ..link.peer import Link
from ..wire import messages as m
from ..wire._batching import with_header
from .middleware import Boundary
from .serverconfig import ServerConfig, ServerStats


class Peers:
    """Every registrant of one server. ``connections`` (by cuuid) is read freely; it and
    the address index change through ``add``, ``readdress`` and ``fire`` only. ``outbox``
    holds what every reliable channel awaits acks for (``tick`` resends from it).
    ``new_token`` seeds each channel's packet sequence (see ``channels``)."""

    def __init__(self, config: ServerConfig, app: Boundary, stats: ServerStats,
                 new_token: Callable[[], str]) -> None:
        self.connections: dict[str, Connection] = {}
        self.outbox = Outbox(config.schedule)
        self._config, self._app, self._stats, self._new_token = config, app, stats, new_token
        self._by_address: dict[Address, Connection] = {}  # pending, confirmed and resuming
        self._parked: dict[Connection, list[m.Event]] = {}
        self._out: list[tuple[bytes, Address]] = []
        self._due: float | None = None  # see plan

    # ---- the registry --------------------------------------------------------------------

    def at(self, address: Address) -> Connection | None:
        """The connection speaking from ``address`` (pending, confirmed or resuming)."""
        return self._by_address.get(address)

    def add(self, conn: Connection, now: float) -> None:
        """Register ``conn`` (indexed by address if its state speaks from one)."""
        self.connections[conn.cuuid] = conn
        if conn.state in HOLDS_ADDRESS:
            self._by_address[conn.address] = conn
        self.wake(now)

    def readdress(self, conn: Connection, address: Address) -> None:
        """``conn`` speaks from ``address`` now (a seat claimed from elsewhere)."""
        if self._by_address.get(conn.address) is conn:
            del self._by_address[conn.address]
        conn.address = address
        self._by_address[address] = conn

    def channels(self, cuuid: str, level: int) -> Link[StateChannel]:
        """A fresh link at sync ``level``; the packet sequence starts at a random number
        (from ``new_token``), so an ack of it proves the client received it."""
        return Link.to_client(self.outbox, level, int(self._new_token()[:4], 16) % 65535 + 1,
                              cuuid, self._config.verdict_memory,
                              self._config.verdict_memory_size, self._stats.fragments)

    def fire(self, conn: Connection, trigger: Trigger, now: float, reason: str = "") -> None:
        """Move ``conn`` by the lifecycle table, keep the registry in step, call the hook
        (``reason``: for ``left``)."""
        before = conn.state
        hook = conn.fire(trigger, now)
        self._stats.transitions[f"{before}->{conn.state}"] += 1
        if conn.state not in HOLDS_ADDRESS and self._by_address.get(conn.address) is conn:
            del self._by_address[conn.address]
        elif conn.state in HOLDS_ADDRESS:
            self._by_address[conn.address] = conn
        if conn.state == "closed":
            del self.connections[conn.cuuid]
            conn.reliable.drop()
        if conn.state in ("closed", "lost"):
            self._parked.pop(conn, None)
        if hook is not None:
            self._app.hook(hook, conn, reason)
            self._stats.middleware_errors = self._app.errors
        self.wake(now)

    def park(self, conn: Connection, event: m.Event) -> bool:
        """Keep an EVENT of an unproven ``conn`` until its address is proven; False (not
        kept) when ``ServerConfig.parked_events`` already wait."""
        parked = self._parked.setdefault(conn, [])
        if len(parked) >= self._config.parked_events:
            return False
        parked.append(event)
        return True

    def unpark(self, conn: Connection) -> list[m.Event]:
        """The EVENTs parked for ``conn``, oldest first, forgotten here."""
        return self._parked.pop(conn, [])

    # ---- what goes out -------------------------------------------------------------------

    def queue(self, datagram: bytes, address: Address) -> None:
        """Send ``datagram`` to ``address`` as it is."""
        self._out.append((datagram, address))

    def send(self, conn: Connection, msg: m.OkRegister | m.ByeRegister | m.Heartbeat,
             now: float) -> None:
        """Send ``msg`` to ``conn`` once, with its channel's packet header."""
        self._out.append((with_header(m.encode(msg), conn.reliable.stamp(now)),
                          conn.address))

    def send_reliably(self, conn: Connection, euuid: str, datagram: bytes, now: float) -> None:
        """Send ``datagram`` (a message with id ``euuid``) to ``conn``, resent until acked."""
        self._out.append((conn.reliable.send(euuid, datagram, conn.address, now),
                          conn.address))

    def drain(self) -> list[tuple[bytes, Address]]:
        """Everything queued since the last call, in order."""
        out, self._out = self._out, []
        return out

    # ---- timers --------------------------------------------------------------------------

    def wake(self, now: float) -> None:
        """Timers changed: have ``tick`` run at ``now`` to work out the next deadline."""
        self._due = min(self._due if self._due is not None else now, now)

    def plan(self, now: float) -> None:
        """Work out the earliest timer, heartbeat or verdict expiry of any connection.
        Traffic only moves these later (a change that does not calls ``wake``): a safe
        lower bound."""
        times = []
        for conn in self.connections.values():
            if (deadline := conn.deadline(self._config.timeouts)) is not None:
                times.append(deadline[0])
            if conn.state == "confirmed":
                times.append(conn.last_sent + self._config.heartbeat_interval)
            if (expiry := conn.reliable.forget_old(now)) is not None:
                times.append(expiry)
            if (resend := conn.link.fragments.next_deadline()) is not None:
                times.append(resend)
        self._due = min(times, default=None)

    def next_deadline(self) -> float | None:
        """When ``tick`` next has work to do (same clock as ``now``); maybe earlier."""
        due = self.outbox.next_deadline()
        return self._due if due is None or (self._due is not None and self._due < due) else due
