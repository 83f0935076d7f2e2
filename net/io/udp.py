"""Runs a sans-IO protocol object on a real UDP socket, pumped from the caller's loop.

A protocol object is anything with ``receive(datagram, address, now)``, ``tick(now)``,
``next_deadline()`` and ``datagrams_to_send(now)`` (``ServerProtocol``, ``ClientProtocol``,
``LanBrowser``): ``SansIO``. ``UdpEndpoint.pump()`` never blocks, so a game loop can call
it every frame; ``serving`` builds a server loop on it (``serve``, ``ServerThread``).

Socket errors never escape the pump: they are counted in ``errors`` and it goes on. The
socket helpers live in ``_sockets``, shared with the asyncio adapter (``starlane.net.aio``);
kernel receive stamps are dated in ``_stamps``.
"""

from __future__ import annotations

import select
import socket
import time
from collections import Counter
from collections.abc import Callable
from typing import Protocol

from ..link._retransmit import Address
from ._polling import PollGate
from ._sockets import READ_SIZE, RECEIVE_BUFFER, bound_socket, count_error
from ._sockets import enlarge_receive_buffer as _enlarge_receive_buffer
from ._stamps import SO_TIMESTAMPNS, STAMP_SPACE, KernelStamps

Clock = Callable[[], float]
"""A clock: seconds, monotonic unless said otherwise (``time.monotonic`` by default)."""


class SansIO(Protocol):
    """What an adapter drives: ``ServerProtocol``, ``ClientProtocol``, ``LanBrowser``, or
    any of them wrapped in ``netsim.Impaired``. ``now`` is seconds on the adapter's clock."""

    def receive(self, datagram: bytes, address: Address, now: float) -> None:
        """Take one datagram that arrived from ``address`` at ``now``; never raises on
        what the peer sent."""

    def tick(self, now: float) -> None:
        """Run the timers due by ``now`` (resends, heartbeats, timeouts)."""

    def next_deadline(self) -> float | None:
        """When ``tick`` next has work (None: only a datagram can wake it)."""

    def datagrams_to_send(self, now: float) -> list[tuple[bytes, Address]]:
        """Hand over what is queued for sending at ``now``."""


def resolve(host: str, port: int) -> Address:
    """(ip, port) for an IPv4 host name or address; ``ValueError`` with a sentence a player
    can act on (never the resolver's "[Errno -3] ...")."""
    try:
        infos = socket.getaddrinfo(host, port, socket.AF_INET, socket.SOCK_DGRAM)
    except UnicodeError:
        raise ValueError(f"{host!r} is not a valid host name.") from None
    except socket.gaierror as err:
        raise ValueError(_lookup_failure(host, err.errno)) from None
    ip, resolved_port = infos[0][4][:2]
    return str(ip), int(resolved_port)


def reserve(preferred: int, host: str = "0.0.0.0") -> socket.socket:
    """A UDP socket bound to ``preferred`` if that port is free here, else to a port the OS
    picks: where this game would serve a match it takes over (``net.ends.migration``). Nothing
    is read from it until then; datagrams sent to it meanwhile wait in its buffer."""
    try:
        return bound_socket((host, preferred))
    except OSError:
        return bound_socket((host, 0))


def _lookup_failure(host: str, code: int | None) -> str:
    if code == socket.EAI_AGAIN:
        return (f"Cannot look up {host!r}: no name server answered. "
                "Check the network, or type the host's IP address.")
    if code in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None)):
        return f"No computer called {host!r} is known. Check the name, or type its IP address."
    return f"Cannot look up {host!r}. Type the host's IP address instead."



class UdpEndpoint:
    """One non-blocking UDP socket driving one protocol object.

    ``bind`` defaults to an ephemeral port on all addresses (a client); a server binds its
    well-known port. ``broadcast=True`` lets it send to directed broadcast addresses.
    Raises ``OSError`` from the constructor when the address cannot be bound (port in use).

    A datagram is handed to the protocol with the time it ARRIVED, not the time it was read:
    a game reads once a frame, and a heartbeat echo read 16 ms late would add 16 ms to the
    ping. With the default ``time.monotonic`` clock on Linux the kernel stamps each datagram
    (SO_TIMESTAMPNS, wall clock), converted here by its age at read time; elsewhere, or with
    an injected clock (tests' fake time), the read time stands in.

    Attributes: ``protocol`` (the object it drives), ``sock`` (the socket), ``clock`` (the
    protocol's ``now``, in s); counters ``bytes_in``, ``bytes_out`` (UDP payload bytes) and
    ``errors`` (socket errors by kind, each survived); ``poll`` (the busy-poll window after
    a send, ``PollGate``), ``kernel_stamps`` (True: arrival times come from the kernel) and
    ``stamps`` (their conversion, ``KernelStamps``).
    """

    MAX_BATCH = 512  # datagrams read per pump: bounds the time one pump can take
    # datagrams read between sends: under load, answers to one client then leave together
    # (the protocol may batch them); when one datagram arrives alone it is answered at once
    FLUSH_EVERY = 16
    POLL = 0.0002  # default busy-poll window (s): longer than a loopback/LAN turnaround

    def __init__(self, protocol: SansIO, bind: Address = ("0.0.0.0", 0), broadcast: bool = False,
                 clock: Clock = time.monotonic, poll: float = POLL,
                 sock: socket.socket | None = None) -> None:
        """``sock``: a socket bound already (``reserve``), used instead of binding ``bind``."""
        self.protocol = protocol
        self.poll = PollGate(poll)
        self.clock = clock
        self.errors: Counter[str] = Counter()
        self.bytes_in = 0
        self.bytes_out = 0
        self.sock = bound_socket(bind, broadcast) if sock is None else sock
        self.sock.setblocking(False)
        self.kernel_stamps = clock is time.monotonic and self._ask_for_kernel_stamps()
        self.stamps = KernelStamps(clock)

    def _ask_for_kernel_stamps(self) -> bool:
        if SO_TIMESTAMPNS is None:
            return False
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        except OSError:
            return False
        return True

    def _recvfrom(self, size: int, _ancillary_size: int
                  ) -> tuple[bytes, list[tuple[int, int, bytes]], int, Address]:
        """``recvfrom`` shaped like ``recvmsg`` (no ancillary data): the read for a socket
        without kernel stamps (an injected clock, or no ``recvmsg``, as on Windows)."""
        datagram, address = self.sock.recvfrom(size)
        return datagram, [], 0, address

    @property
    def address(self) -> Address:
        """The (ip, port) the socket is bound to: the port the OS picked for an ephemeral bind."""
        host, port = self.sock.getsockname()[:2]
        return host, port

    def pump(self) -> int:
        """Read what has arrived, run due timers, send what is queued. Never blocks.
        Returns the number of datagrams read."""
        count = size = 0
        # looked up once per pump, not once per datagram
        read = self.sock.recvmsg if self.kernel_stamps else self._recvfrom
        receive, arrival, flush_every = self.protocol.receive, self.stamps.arrival, self.FLUSH_EVERY
        self.stamps.read_clocks()
        while count < self.MAX_BATCH:
            try:
                datagram, ancillary, _flags, address = read(READ_SIZE, STAMP_SPACE)
            except (BlockingIOError, InterruptedError):
                break
            except OSError as err:  # e.g. ICMP port unreachable reported on Linux
                count_error(self.errors, err)
                continue
            count += 1
            size += len(datagram)
            receive(datagram, address[:2], arrival(ancillary))
            if count % flush_every == 0:  # answers wait for a few more datagrams at most
                self.flush()
        self.bytes_in += size
        now = self.clock()
        deadline = self.protocol.next_deadline()
        if deadline is not None and deadline <= now:
            self.protocol.tick(now)
        self.flush()
        return count

    def enlarge_receive_buffer(self, size: int = RECEIVE_BUFFER) -> int:
        """Ask for a ``size``-byte kernel receive queue; returns what the OS granted
        (``net.io._sockets.enlarge_receive_buffer``)."""
        return _enlarge_receive_buffer(self.sock, self.errors, size)

    def flush(self) -> None:
        """Send everything the protocol has queued."""
        sendto, size = self.sock.sendto, 0
        for datagram, address in self.protocol.datagrams_to_send(self.clock()):
            try:
                size += sendto(datagram, address)
            except OSError as err:  # full buffer, unreachable network: a lost datagram
                count_error(self.errors, err)
        self.bytes_out += size

    def wait(self, timeout: float) -> None:
        """Block up to ``timeout`` s, less if a datagram arrives or a protocol timer is due.

        While ``self.poll`` is open (recent datagrams came within its window of each other,
        see ``net.io._polling``) it first polls the socket for up to that window instead of
        sleeping: waking a sleeping thread costs more than a loopback round trip.
        """
        deadline = self.protocol.next_deadline()
        if deadline is not None:
            timeout = min(timeout, deadline - self.clock())
        if timeout <= 0:
            return
        start = time.perf_counter()
        arrived = False
        if self.poll.open:
            poll_until = start + min(self.poll.window, timeout)
            while not arrived and time.perf_counter() < poll_until:
                arrived = bool(select.select([self.sock], [], [], 0)[0])
        if not arrived:
            left = max(0.0, timeout - (time.perf_counter() - start))
            arrived = bool(select.select([self.sock], [], [], left)[0])
        self.poll.waited(time.perf_counter() - start, arrived, timeout)

    def close(self) -> None:
        """Close the socket. Say goodbye first (``ServerProtocol.close``) and ``pump`` once."""
        self.sock.close()

