"""LAN scanning on a real socket: a blocking ``scan()`` for the CLI, ``LanScanner`` for a GUI."""

from __future__ import annotations

import time

from .discovery import LanBrowser, ServerInfo
from .retransmit import Address
from .udp import Clock, UdpEndpoint


class LanScanner:
    """A live LAN list: call ``pump()`` every frame; it rescans every ``interval`` seconds.

    ``targets`` come from ``net.interfaces.probe_targets`` (the caller picks interfaces and
    unicast addresses). Sending stops after ``max_scans`` rounds (``paused``) until
    ``restart()``: a GUI calls it when the player is active again.
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
        now = self.endpoint.clock()
        if now >= self._next_scan and self.scans < self.max_scans:
            self.scans += 1
            self.browser.scan(now)
            self._next_scan = now + self.interval
        self.endpoint.pump()
        return self.browser.servers(now)

    @property
    def paused(self) -> bool:
        return self.scans >= self.max_scans

    def restart(self) -> None:
        self.scans = 0

    def close(self) -> None:
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
