"""Where a LAN probe can go: the directed broadcast address of each up IPv4 interface, and
this machine.

The only module that knows about netifaces (upstream is archived; the maintained
``netifaces-plus`` installs the same module). Swapping it for ifaddr or psutil is this file.
Directed broadcasts (e.g. 192.168.1.255) leave by their own interface; 255.255.255.255
leaves by one adapter only, so it is never used.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import netifaces


@dataclass(frozen=True, slots=True)
class Interface:
    """One IPv4 network interface: its ``name`` (eth0), its ``address`` and the directed
    ``broadcast`` address its LAN hears probes on."""

    name: str
    address: str
    broadcast: str


def broadcast_interfaces(only: set[str] | None = None) -> list[Interface]:
    """IPv4 interfaces with a broadcast address, loopback excluded.

    ``only`` restricts the result to those interface names (the caller's choice).
    """
    found = []
    for name in netifaces.interfaces():
        if only is not None and name not in only:
            continue
        for entry in netifaces.ifaddresses(name).get(netifaces.AF_INET, []):
            address, broadcast = entry.get("addr"), entry.get("broadcast")
            if not address or not broadcast or ipaddress.ip_address(address).is_loopback:
                continue
            if broadcast == "255.255.255.255":
                continue
            found.append(Interface(name, address, broadcast))
    return found


LOOPBACK = "127.0.0.1"
"""This machine: probed too, so that a scan lists the servers running here (a server bound
to 0.0.0.0 or to loopback answers there; broadcasts from this machine may not reach it)."""


def probe_targets(port: int, interfaces: set[str] | None = None, broadcast: bool = True,
                  unicast: tuple[tuple[str, int], ...] = (), loopback: bool = True
                  ) -> list[tuple[str, int]]:
    """Where a LAN browser sends OHAI: each chosen interface's broadcast (unless
    ``broadcast`` is False), this machine (``LOOPBACK``:``port``, unless ``loopback`` is
    False), then ``unicast``; each address once."""
    targets = [(i.broadcast, port) for i in broadcast_interfaces(interfaces)] if broadcast else []
    here = [(LOOPBACK, port)] if loopback else []
    return list(dict.fromkeys(targets + here + list(unicast)))
