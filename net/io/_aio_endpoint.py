"""``AsyncEndpoint``: one UDP socket driving one sans-IO protocol object from an asyncio loop.

The asyncio twin of ``net.io.udp.UdpEndpoint``, and all of ``net.aio``'s I/O. Each datagram goes
to ``receive(datagram, address, now)`` as the loop reads it, and after every receive and
every tick what ``datagrams_to_send(now)`` returns is sent. One timer, re-armed after each
of them for ``next_deadline()``, runs ``tick``: nothing polls. ``now`` is the loop's clock
(``loop.time()``, seconds), so timers need no conversion.

Socket set-up and error counting are ``net.io._sockets``', shared with ``net.io.udp``: a socket
error is counted in ``errors`` and never stops the loop. Unlike ``UdpEndpoint`` there is no
busy-polling and no kernel receive timestamp: asyncio hands a datagram over as it reads it.
"""

from __future__ import annotations

import asyncio
import socket
from collections import Counter
from collections.abc import Callable
from typing import Any, cast

from ..link._retransmit import Address
from ._sockets import READ_SIZE, bound_socket, count_error, enlarge_receive_buffer
from .udp import SansIO


class AsyncEndpoint(asyncio.DatagramProtocol):
    """One UDP socket driving one protocol object from the running loop (see ``open``).

    ``on_change()`` is called after every receive and tick (a client reads the protocol's
    events there). Whoever calls the protocol directly (``ClientProtocol.event``, ...)
    calls ``flush()`` afterwards, as with ``UdpEndpoint``. ``protocol`` is the object it
    drives; ``bytes_in``, ``bytes_out`` (UDP payload) and ``errors`` (socket errors by kind)
    count as ``UdpEndpoint``'s do.
    """

    # datagrams read per wake-up: asyncio reads one per loop turn; under load the ones
    # already waiting are read at once (from our own socket, never blocking), so that the
    # answers to one client leave together (the protocol may batch them), as in net.io.udp
    MAX_BATCH = 64

    def __init__(self, protocol: SansIO, sock: socket.socket,
                 on_change: Callable[[], None] | None = None) -> None:
        """Use ``open``; ``sock`` is bound and non-blocking."""
        self.protocol = protocol
        self._sock = sock
        self.errors: Counter[str] = Counter()  # socket errors by kind
        self.bytes_in = 0
        self.bytes_out = 0
        self._on_change = on_change
        self._loop = asyncio.get_running_loop()
        self._transport: asyncio.DatagramTransport | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._lost: asyncio.Future[None] = self._loop.create_future()

    @classmethod
    async def open(cls, protocol: SansIO, bind: Address = ("0.0.0.0", 0),
                   broadcast: bool = False, receive_buffer: int | None = None,
                   on_change: Callable[[], None] | None = None) -> AsyncEndpoint:
        """Bind ``bind`` (an ephemeral port by default) and start driving ``protocol``.
        ``broadcast``: may send to directed broadcast addresses (a LAN browser);
        ``receive_buffer``: bytes of kernel receive queue to ask for (a server). Raises
        ``OSError`` when ``bind`` cannot be had (port in use)."""
        sock = bound_socket(bind, broadcast)
        endpoint = cls(protocol, sock, on_change)
        if receive_buffer is not None:
            enlarge_receive_buffer(sock, endpoint.errors, receive_buffer)
        await endpoint._loop.create_datagram_endpoint(lambda: endpoint, sock=sock)
        endpoint.flush()
        return endpoint

    def clock(self) -> float:
        """The protocol's clock: the loop's (s)."""
        return self._loop.time()

    @property
    def address(self) -> Address:
        """Where the socket is bound, (ip, port)."""
        if self._transport is None:
            raise RuntimeError("the endpoint is not open")
        host, port = self._transport.get_extra_info("sockname")[:2]
        return str(host), int(port)

    # ---- asyncio.DatagramProtocol --------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # asyncio's own datagram transport does not subclass DatagramTransport (3.11)
        self._transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        self._hand_over(data, addr)
        for _ in range(self.MAX_BATCH - 1):  # and those waiting behind it
            try:
                data, addr = self._sock.recvfrom(READ_SIZE)
            except (BlockingIOError, InterruptedError):
                break
            except OSError as err:  # as asyncio's own read would report it
                self.error_received(err)
                continue
            self._hand_over(data, addr)
        self.flush()

    def _hand_over(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        self.bytes_in += len(data)
        self.protocol.receive(data, (addr[0], addr[1]), self._loop.time())

    def error_received(self, exc: Exception) -> None:
        """A failed send or an ICMP error read back: a lost datagram, counted."""
        count_error(self.errors, exc)

    def connection_lost(self, _exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if not self._lost.done():
            self._lost.set_result(None)

    # ---- driving the protocol ------------------------------------------------------------

    def flush(self) -> None:
        """Send everything the protocol has queued and re-arm the timer for its next
        deadline; then ``on_change()``. Nothing is sent once the endpoint is closing."""
        transport = self._transport
        if transport is None or transport.is_closing():
            return
        for datagram, address in self.protocol.datagrams_to_send(self._loop.time()):
            transport.sendto(datagram, address)  # a failure comes to error_received
            self.bytes_out += len(datagram)
        self._arm()
        if self._on_change is not None:
            self._on_change()

    def _arm(self) -> None:
        """Have the one timer fire at the protocol's deadline. A timer armed earlier stays:
        when it fires it re-checks, so traffic that only moves a deadline later costs
        no timer churn."""
        deadline = self.protocol.next_deadline()
        if deadline is None or (self._timer is not None and self._timer.when() <= deadline):
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = self._loop.call_at(deadline, self._on_timer)

    def _on_timer(self) -> None:
        self._timer = None
        now = self._loop.time()
        deadline = self.protocol.next_deadline()
        if deadline is not None and deadline <= now:
            self.protocol.tick(now)
        self.flush()

    async def close(self) -> None:
        """Close the socket once what was sent has left; returns when it has."""
        if self._transport is not None:
            self._transport.close()
            await asyncio.shield(self._lost)
