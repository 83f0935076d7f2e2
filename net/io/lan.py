"""LAN scanning on a real socket: a blocking ``scan()`` for the CLI, ``LanScanner`` for a GUI;
``parse_address`` for the address a player types instead; and ``DiscoveryAlias``, a second
port that answers LAN probes for a server (a match taken over keeps its old port listed)."""

from __future__ import annotations

import socket
import time

from ..ends.discovery import LanBrowser, ServerInfo, is_probe
from ..link._retransmit import Address
from ..wire.messages import DEFAULT_PORT
from ._sockets import READ_SIZE, bound_socket
from .udp import Clock, SansIO, UdpEndpoint, resolve


class LanScanner:
    """A live LAN list: call ``pump()`` every frame; it rescans every ``interval`` seconds.

    ``targets`` come from ``net.io.interfaces.probe_targets`` (the caller picks interfaces and
    unicast addresses). Sending stops after ``max_scans`` rounds (``paused``) until
    ``restart()``: a GUI calls it when the player is active again. ``scans`` counts the
    rounds sent since; ``browser`` is its ``LanBrowser``, ``endpoint`` its ``UdpEndpoint``.
    """

    def __init__(self, targets: list[Address], interval: float = 2.0, max_scans: int = 300,
                 clock: Clock = time.monotonic) -> None:
        self.browser = LanBrowser(targets, max_age=2.5 * interval)
        self.endpoint = UdpEndpoint(self.browser, broadcast=True, clock=clock)
        self.interval = interval
        self.max_scans = max_scans
        self.scans = 0
        self._next_scan = clock()

    def pump(self) -> list[ServerInfo]:
        """Rescan if ``interval`` s passed (and not ``paused``), read answers, and return the
        servers heard within the last 2.5 intervals. Never blocks: call it every frame."""
        now = self.endpoint.clock()
        if now >= self._next_scan and self.scans < self.max_scans:
            self.scans += 1
            self.browser.scan(now)
            self._next_scan = now + self.interval
        self.endpoint.pump()
        return self.browser.servers(now)

    @property
    def paused(self) -> bool:
        """True once ``max_scans`` rounds were sent: no more probes until ``restart()``."""
        return self.scans >= self.max_scans

    def restart(self) -> None:
        """Allow ``max_scans`` more rounds (a GUI calls it when the player is active again)."""
        self.scans = 0

    def close(self) -> None:
        """Close the socket; the scanner is spent."""
        self.endpoint.close()


def scan(targets: list[Address], timeout: float = 1.0, clock: Clock = time.monotonic
         ) -> list[ServerInfo]:
    """Probe ``targets`` once (each probe sent twice) and collect answers for ``timeout`` s."""
    browser = LanBrowser(targets)
    endpoint = UdpEndpoint(browser, broadcast=True, clock=clock)
    try:
        end = clock() + timeout
        browser.scan(clock())
        endpoint.flush()
        while (left := end - clock()) > 0:
            endpoint.wait(left)
            endpoint.pump()
        return browser.servers(clock())
    finally:
        endpoint.close()


def parse_address(text: str, default_port: int = DEFAULT_PORT) -> Address:
    """``host`` or ``host:port`` as a player types it, resolved (``resolve``); the port is
    ``default_port`` when none is given. ``ValueError`` with a reason a player can act on."""
    text = text.strip()
    if not text:
        raise ValueError("Type an address first, e.g. 192.168.1.20 or 192.168.1.20:40080.")
    host, sep, port = text.rpartition(":")
    if not sep:
        host, port = text, str(default_port)
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        raise ValueError(f"The port in {text!r} must be a number from 1 to 65535.")
    return resolve(host, int(port))


class DiscoveryAlias:
    """Answers LAN probes sent to ``port`` for a server that serves on another port.

    A player's game that takes a match over serves it on the port it reserved when it
    joined; when the old host ran on the same machine, that is not the match's port
    (``reserve`` got another), so every LAN list and ``--scan`` probing the old port would
    lose the match. Once the old host's socket is gone the alias binds ``host``:``port``
    (tried every ``retry_every`` s, for ``try_for`` s at most: a host that left closes its
    socket a moment after its goodbye; one still there keeps its port) and passes each
    OHAI that arrives there to ``server`` (its ``ServerProtocol``), whose answer names
    the port it serves on and leaves by the server's own endpoint. Anything else sent to
    the alias is counted in ``ignored``, never read by the server.

    ``pump(now)`` never blocks; call it from the thread that drives ``server`` (a hosted
    game's tick), since the server object is not thread-safe. ``sock`` is the bound socket
    (None until bound); ``forwarded`` counts the probes passed on.
    """

    MAX_BATCH = 64  # datagrams read per pump: a flood on the old port cannot stall the tick

    def __init__(self, server: SansIO, port: int, host: str = "0.0.0.0",
                 retry_every: float = 0.5, try_for: float = 10.0,
                 clock: Clock = time.monotonic) -> None:
        self.server, self.port, self.host = server, port, host
        self.retry_every = retry_every
        self.sock: socket.socket | None = None
        self.forwarded = 0
        self.ignored = 0
        self._next_try = clock()
        self._give_up_at = self._next_try + try_for

    def pump(self, now: float) -> int:
        """Bind the port if it is due and free, then pass on the probes that arrived;
        returns how many were passed on."""
        if self.sock is None and not self._bind(now):
            return 0
        assert self.sock is not None
        passed = 0
        for _ in range(self.MAX_BATCH):
            try:
                datagram, address = self.sock.recvfrom(READ_SIZE)
            except (BlockingIOError, InterruptedError):
                break
            except OSError:  # e.g. ICMP port unreachable: a lost datagram
                continue
            if is_probe(datagram):
                self.server.receive(datagram, address[:2], now)
                passed += 1
            else:
                self.ignored += 1
        self.forwarded += passed
        return passed

    def _bind(self, now: float) -> bool:
        if now < self._next_try or now > self._give_up_at:
            return False
        self._next_try = now + self.retry_every
        try:
            self.sock = bound_socket((self.host, self.port))
        except OSError:
            return False
        return True

    def close(self) -> None:
        """Free the port (the server stopped)."""
        if self.sock is not None:
            self.sock.close()
            self.sock = None
