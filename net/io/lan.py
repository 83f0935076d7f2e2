"""LAN scanning on a real socket: a blocking ``scan()`` for the CLI, ``LanScanner`` for a GUI;
and ``parse_address`` for the address a player types instead."""

from __future__ import annotations

import time

from ..ends.discovery import LanBrowser, ServerInfo
from ..link._retransmit import Address
from ..wire.messages import DEFAULT_PORT
from .udp import Clock, UdpEndpoint, resolve


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
