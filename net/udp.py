"""Runs a sans-IO protocol object on a real UDP socket: the ONE module with sockets and threads.

A protocol object is anything with ``receive(datagram, address, now)``, ``tick(now)``,
``next_deadline()`` and ``datagrams_to_send(now)`` (``ServerProtocol``, ``ClientProtocol``,
``LanBrowser``). ``UdpEndpoint.pump()`` never blocks, so a game loop can call it every
frame; ``serve()`` runs a server loop on the calling thread (headless) and
``ServerThread`` runs it in the background (a player hosting from the game window).

Socket errors never escape the loops: they are counted in ``errors`` and the loop goes on.
A server's socket asks the kernel for a large receive queue. Both live in ``net.sockets``,
shared with the asyncio adapter (``net.aio``).
"""

from __future__ import annotations

import logging
import select
import socket
import struct
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from .polling import PollGate
from .retransmit import Address
from .sockets import READ_SIZE, RECEIVE_BUFFER, bound_socket, count_error
from .sockets import enlarge_receive_buffer as _enlarge_receive_buffer

Clock = Callable[[], float]
log = logging.getLogger("starlane.net.udp")

# Kernel receive timestamps (CLOCK_REALTIME, ns): Linux's SO_TIMESTAMPNS, which Python's
# socket module does not name; its value is 35 on x86 and ARM (asm-generic).
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35 if sys.platform == "linux" else None)
_TIMESPEC = struct.Struct("@ll")
_STAMP_SPACE = socket.CMSG_SPACE(_TIMESPEC.size)  # ancillary bytes for one timestamp
_SOL_SOCKET = socket.SOL_SOCKET


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
    picks: where this game would serve a match it takes over (``net.migration``). Nothing
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


class KernelStamps:
    """Dates kernel receive stamps (SO_TIMESTAMPNS: wall clock, s and ns) on ``clock``.

    Between steps of the wall clock its offset from a monotonic clock is constant, so both
    are read together once per batch of datagrams (``read_clocks``), not once per datagram,
    and a stamp is dated by its age at that read. A stamp newer than the read (the datagram
    arrived while the batch was being read) makes it read both clocks again: a datagram is
    never dated after the time it was read, nor more than 1 s before it. A stamp outside
    that even so means the wall clock was stepped: the read time stands in.
    """

    def __init__(self, clock: Clock, wall: Clock = time.time) -> None:
        self.clock = clock
        self.wall_clock = wall
        self.wall = self.now = float("-inf")  # the last read of both clocks (s)

    def read_clocks(self) -> float:
        """Read both clocks; returns ``clock``'s reading."""
        # the wall clock first: a pause between the two reads then makes an arrival look
        # later than it was, never earlier (before the sender sent it)
        self.wall = self.wall_clock()
        self.now = self.clock()
        return self.now

    def arrival(self, ancillary: list[tuple[int, int, bytes]]) -> float:
        """When a datagram arrived, on ``clock``, from the ancillary data ``recvmsg`` gave
        with it (without a stamp: the time of reading it)."""
        # SO_TIMESTAMPNS is the one ancillary item asked for: at most one comes
        if not ancillary or ancillary[0][1] != SO_TIMESTAMPNS or ancillary[0][0] != _SOL_SOCKET \
                or len(ancillary[0][2]) < _TIMESPEC.size:
            return self.clock()  # no stamp to date: the wall clock is not needed
        seconds, nanoseconds = _TIMESPEC.unpack_from(ancillary[0][2])
        stamp: float = seconds + nanoseconds * 1e-9
        if stamp > self.wall:  # it arrived after the last read
            self.read_clocks()
        age = self.wall - stamp
        if 0.0 <= age < 1.0:
            return self.now - age
        return self.now


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
                datagram, ancillary, _flags, address = read(READ_SIZE, _STAMP_SPACE)
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
        (``net.sockets.enlarge_receive_buffer``)."""
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
        see ``net.polling``) it first polls the socket for up to that window instead of
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


@dataclass
class ServeStats:
    """What ``serve()`` counts: ``ticks`` run and ``overruns``, the ticks that started more
    than one tick interval late (the loop or the application fell behind its rate)."""

    ticks: int = 0
    overruns: int = 0

    def ticked(self, now: float, due: float, interval: float) -> float:
        """Count a tick due at ``due`` that starts at ``now``; returns when the next is due
        (``interval`` s on, or, after a long stall, one interval back from now: the
        schedule catches up at once rather than firing a burst of ticks)."""
        self.ticks += 1
        if now - due > interval:
            self.overruns += 1
        return max(due + interval, now - interval)


def serve(endpoint: UdpEndpoint, stop: threading.Event,
          on_tick: Callable[[float], None] | None = None, tick_interval: float = 0.05,
          stats: ServeStats | None = None) -> ServeStats:
    """Run until ``stop`` is set: pump the endpoint and call ``on_tick(now)`` every
    ``tick_interval`` seconds (the application's fixed-rate update, e.g. a game step).
    Enlarges the socket's receive queue first. Counts into ``stats`` (a new one by
    default) and returns it. Returns at once when ``stop`` is already set."""
    stats = stats if stats is not None else ServeStats()
    endpoint.enlarge_receive_buffer()
    next_tick = endpoint.clock()
    while not stop.is_set():
        until_tick = next_tick - endpoint.clock() if on_tick is not None else 0.1
        endpoint.wait(max(0.0, min(until_tick, 0.1)))  # 0.1 s at most: notice ``stop``
        endpoint.pump()
        now = endpoint.clock()
        if on_tick is not None and now >= next_tick:
            next_tick = stats.ticked(now, next_tick, tick_interval)
            on_tick(now)
            endpoint.flush()
    return stats


def serve_and_close(endpoint: UdpEndpoint, stop: threading.Event,
                    on_tick: Callable[[float], None] | None = None, tick_interval: float = 0.05,
                    on_stop: Callable[[float], None] | None = None,
                    stats: ServeStats | None = None) -> ServeStats:
    """``serve`` until ``stop`` is set, then the one way a server loop shuts down:
    ``on_stop(now)`` (say goodbye to clients), a flush of what it queued, the socket
    closed. The shutdown runs when the loop raises too (the exception then goes on)."""
    try:
        return serve(endpoint, stop, on_tick, tick_interval, stats)
    finally:
        if on_stop is not None:
            on_stop(endpoint.clock())
            endpoint.flush()
        endpoint.close()


class ServerThread:
    """``serve()`` in a daemon thread that a game starts and stops cleanly.

    ``on_stop(now)`` runs on that thread after the loop ends (say goodbye to clients);
    what it queues is flushed before the socket closes. It never busy-polls: it shares
    the interpreter lock with the game's own loop, which must not wait for it.
    """

    def __init__(self, endpoint: UdpEndpoint, on_tick: Callable[[float], None] | None = None,
                 tick_interval: float = 0.05,
                 on_stop: Callable[[float], None] | None = None) -> None:
        self.endpoint = endpoint
        endpoint.poll.window = 0.0
        self._stop = threading.Event()
        self._on_stop = on_stop
        self._thread = threading.Thread(
            target=self._run, args=(on_tick, tick_interval), name="starlane-server", daemon=True)
        self.crashed: BaseException | None = None
        self.stats = ServeStats()  # the loop's ticks and overruns, counted as it runs

    def start(self) -> None:
        """Start the loop on its daemon thread (once)."""
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Ask the loop to end and wait for it (at most ``timeout`` s)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        """The loop's thread is alive: False before ``start``, after ``stop``, or when it crashed
        (``crashed`` holds the exception)."""
        return self._thread.is_alive()

    def _run(self, on_tick: Callable[[float], None] | None, tick_interval: float) -> None:
        try:
            serve_and_close(self.endpoint, self._stop, on_tick, tick_interval, self._on_stop,
                            self.stats)
        except BaseException as err:  # kept in ``crashed`` and logged; never silently lost
            log.exception("the server loop crashed; its socket is closed")
            self.crashed = err
