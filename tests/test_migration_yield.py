"""Two games never both end up serving a match: a player cut off from a host that is still
alive (a partition, not a crash) walks the line, may end up serving the match alone, finds
the old host still serving it, and yields: it goes back there, with its own seat.

In one process on loopback: Vega's hosted server in a thread, Orion's and Lyra's sessions
pumped here; Lyra's socket ignores Vega's server for a few seconds (the partition).
"""

from __future__ import annotations

import time

from starlane.game.client.session import NetSession
from starlane.game.server.game_server import host
from starlane.net import Address, UdpEndpoint
from tests.helpers import wait_until

CUT_FOR = 4.0  # s: Lyra hears nothing from Vega's server; long enough to serve the match


class CutOff:
    """A client protocol that hears nothing from an address of ``cuts`` until the time
    (``now``'s clock) it maps to."""

    def __init__(self, inner, cuts: dict[Address, float]) -> None:
        self.inner, self.cuts = inner, cuts

    def receive(self, datagram: bytes, address: Address, now: float) -> None:
        if now >= self.cuts.get(address, 0.0):
            self.inner.receive(datagram, address, now)

    def tick(self, now: float) -> None:
        self.inner.tick(now)

    def next_deadline(self) -> float | None:
        return self.inner.next_deadline()

    def datagrams_to_send(self, now: float) -> list[tuple[bytes, Address]]:
        return self.inner.datagrams_to_send(now)


def test_a_player_cut_off_from_a_live_host_yields_the_match_back_to_it():
    hosted = host("Vega's game", "127.0.0.1", 0, bots=1)
    server = hosted.in_thread()
    server.start()
    old: Address = ("127.0.0.1", hosted.address[1])
    vega = NetSession(old, "Vega", hosting=True)
    orion = NetSession(old, "Orion")
    cuts: dict[Address, float] = {}
    lyra = NetSession(old, "Lyra", link=lambda protocol, clock: UdpEndpoint(
        CutOff(protocol, cuts), clock=clock))
    sessions = (vega, orion, lyra)

    def pump() -> None:
        for session in sessions:
            session.pump()

    try:
        assert wait_until(lambda: all(s.world.latest and len(s.world.latest.ships) == 4
                                      for s in sessions), 10, pump)
        assert wait_until(lambda: lyra.follower.package is not None, 5, pump)
        cuts[old] = time.monotonic() + CUT_FOR
        served = wait_until(lambda: lyra.follower.own.running, 10, pump)
        back = wait_until(lambda: lyra.status == "playing" and lyra.server == old
                          and not lyra.follower.own.running and lyra.world.latest is not None,
                          15, pump)
        assert served and back, (lyra.status, lyra.message, lyra.server)
        assert orion.server == old and not orion.follower.own.running
        assert wait_until(lambda: "Lyra" in {s.name for s in vega.world.latest.ships.values()},
                          5, pump)
    finally:
        for session in sessions:
            session.close()
        server.stop()

