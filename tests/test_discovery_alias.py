"""``DiscoveryAlias``: a server serving on one port stays listed at another, once that port
is free (real sockets on loopback: the server on 127.0.0.1, a browser on 127.0.0.2 as
another machine's; the old host is a socket holding the old port)."""

from __future__ import annotations

import socket

import pytest

from starlane.net import DiscoveryAlias, ServerConfig, ServerInfo, ServerProtocol, UdpEndpoint
from starlane.net import messages as m
from tests.helpers import Recorder, free_port, listed_from, wait_until

ANOTHER_MACHINE = ("127.0.0.2", 0)


class Served:
    """``server`` on its own loopback port, the alias for ``old_port``, pumped together."""

    def __init__(self, old_port: int, **alias: float) -> None:
        self.server = ServerProtocol(Recorder(), ServerConfig(server_name="Orion's game",
                                                              server_id="match-1"))
        self.endpoint = UdpEndpoint(self.server, bind=("127.0.0.1", 0))
        self.alias = DiscoveryAlias(self.server, old_port, host="127.0.0.1", **alias)

    def pump(self) -> None:
        self.alias.pump(self.endpoint.clock())
        self.endpoint.pump()

    def close(self) -> None:
        self.alias.close()
        self.endpoint.close()


@pytest.fixture
def old_host():
    """A socket on the old port, as the old host's server had."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", free_port()))
    yield sock
    sock.close()


def lists(served: Served, port: int) -> list[ServerInfo]:
    """What a browser on another machine lists when it probes 127.0.0.1:``port``."""
    return listed_from(ANOTHER_MACHINE, [("127.0.0.1", port)], pump=served.pump)


def test_the_match_is_listed_at_the_old_port_once_the_old_host_freed_it(old_host):
    old_port = old_host.getsockname()[1]
    served = Served(old_port, retry_every=0.05)
    try:
        assert lists(served, old_port) == []  # the old host's socket still holds it
        old_host.close()
        assert wait_until(lambda: served.alias.sock is not None, pump=served.pump)
        [row] = lists(served, old_port)
        assert (row.name, row.host, row.port) == ("Orion's game", "127.0.0.1",
                                                  served.endpoint.address[1])
    finally:
        served.close()


def test_only_probes_sent_to_the_old_port_reach_the_server():
    old_port = free_port()
    served = Served(old_port)
    try:
        served.pump()
        register = m.encode(m.Register(cuuid="c1", version=m.PROTOCOL_VERSION, name="Lyra"))
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as lyra:
            lyra.bind(ANOTHER_MACHINE)
            lyra.sendto(register, ("127.0.0.1", old_port))
            assert wait_until(lambda: served.alias.ignored == 1, pump=served.pump)
        assert served.server.connections == {}
    finally:
        served.close()


def test_the_alias_stops_trying_for_a_port_that_stays_taken(old_host):
    alias = DiscoveryAlias(ServerProtocol(Recorder()), old_host.getsockname()[1],
                           host="127.0.0.1", retry_every=0.5, try_for=2.0, clock=lambda: 0.0)
    alias.pump(0.0)
    old_host.close()
    alias.pump(2.5)
    assert alias.sock is None
