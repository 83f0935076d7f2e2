"""A LAN made of network namespaces: one switch (a bridge) and several hosts, each on a veth.

Nothing leaves it: the bridge lives in its own namespace, the hosts get 10.232.0.N/24 with
broadcast 10.232.0.255, and no host has a route anywhere else. A test pulls a host's cable
with ``cable(host, plugged=False)``. Needs root and iproute2; ``Lan.create`` raises
``LanUnavailable`` with the reason otherwise, for the caller to skip with.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence

SUBNET = "10.232.0"


class LanUnavailable(Exception):
    """Namespaces cannot be made here (not root, no iproute2, or the kernel refuses)."""


def _ip(*args: str) -> None:
    done = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=10)
    if done.returncode != 0:
        raise LanUnavailable(f"ip {' '.join(args)}: {done.stderr.strip()}")


class Lan:
    """``hosts`` namespaces joined by a bridge; host i (from 1) has address 10.232.0.i."""

    def __init__(self, hosts: int) -> None:
        tag = f"sl{os.getpid() % 100000}"
        self.switch = f"{tag}sw"
        self.hosts = [f"{tag}h{n}" for n in range(1, hosts + 1)]
        self._made: list[str] = []

    @classmethod
    def create(cls, hosts: int) -> Lan:
        if os.geteuid() != 0 or shutil.which("ip") is None:
            raise LanUnavailable("needs root and iproute2 to create network namespaces")
        lan = cls(hosts)
        try:
            lan._build()
        except LanUnavailable:
            lan.destroy()
            raise
        return lan

    def _build(self) -> None:
        for ns in (self.switch, *self.hosts):
            _ip("netns", "add", ns)
            self._made.append(ns)
            _ip("-n", ns, "link", "set", "lo", "up")
        _ip("-n", self.switch, "link", "add", "br0", "type", "bridge")
        _ip("-n", self.switch, "link", "set", "br0", "up")
        for n, ns in enumerate(self.hosts, start=1):
            port = f"p{n}"
            _ip("-n", self.switch, "link", "add", port, "type", "veth", "peer", "name", "eth0",
                "netns", ns)
            _ip("-n", self.switch, "link", "set", port, "master", "br0")
            _ip("-n", self.switch, "link", "set", port, "up")
            _ip("-n", ns, "addr", "add", f"{self.address(n)}/24", "brd", f"{SUBNET}.255",
                "dev", "eth0")
            _ip("-n", ns, "link", "set", "eth0", "up")

    @staticmethod
    def address(host: int) -> str:
        return f"{SUBNET}.{host}"

    def popen(self, host: int, args: Sequence[str], **kwargs: object) -> subprocess.Popen[str]:
        """Start ``python args...`` on host ``host`` (1-based), text pipes for stdio."""
        return subprocess.Popen(  # type: ignore[call-overload]
            ["ip", "netns", "exec", self.hosts[host - 1], sys.executable, *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            **kwargs)

    def run(self, host: int, args: Sequence[str], timeout: float = 30) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["ip", "netns", "exec", self.hosts[host - 1], sys.executable,
                               *args], capture_output=True, text=True, timeout=timeout)

    def cable(self, host: int, plugged: bool) -> None:
        """Pull (or plug back) host ``host``'s cable: its switch port goes down (or up)."""
        _ip("-n", self.switch, "link", "set", f"p{host}", "up" if plugged else "down")

    def destroy(self) -> None:
        for ns in reversed(self._made):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, timeout=10)
        self._made.clear()
