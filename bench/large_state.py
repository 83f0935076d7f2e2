"""A 100 kB state to 8 sync clients on loopback, clean and at 10 % loss each way.

    python bench/large_state.py [--clients 8] [--kb 100] [--rounds 3] [--timeout 10]

Not the shipped game (its state stays far below 100 kB): a ``starlane.net`` server and
``--clients`` ``ClientProtocol``s (sync level 3) on ``UdpEndpoint``s, all pumped by one
thread on 127.0.0.1. The server commits one state of about ``--kb`` kB of numbers and tags
that do not compress (after a small one, so that the links are up) and publishes it at
30 Hz until every client holds it; loss comes
from ``net.link.netsim`` wrapped around the server (each way, seeded). Reported: time from
the first publish to each client holding the state (p50 / max over clients and rounds),
bytes the server sent meanwhile per client, the largest datagram, and fragments resent.
One thread runs all the ends: each client's rebuilding of the state (about 25 ms for
100 kB) waits behind the others', and its acks with it, so arrival times and resends
include that queue (in a game each client has a machine of its own).
Before fragments, such a state could not be sent at all (``encode`` refused 32 kB).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.procs import Row, table
from starlane.net import (
    ClientProtocol,
    Middleware,
    ServerProtocol,
    StateHistory,
    UdpEndpoint,
    Verdict,
    illegal,
)
from starlane.net.link.netsim import Impaired, NetSim

TICK = 1 / 30  # s between publishes, the game's rate


class Nobody(Middleware):
    """Judges nothing: the clients send no events."""

    def judge(self, _conn: Any, _event_data: Any) -> Verdict:
        return illegal("no events here")

    def execute(self, _conn: Any, _event_data: Any) -> None:
        """Never called: nothing is judged legal."""


class Spy:
    """The server's protocol, noting the largest datagram it sends."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.largest = inner, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def datagrams_to_send(self, now: float) -> list[tuple[bytes, tuple[str, int]]]:
        out: list[tuple[bytes, tuple[str, int]]] = self.inner.datagrams_to_send(now)
        self.largest = max([self.largest, *(len(d) for d, _ in out)])
        return out


def big_state(kb: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    return {"rocks": {str(i): {"x": rng.random(), "tag": f"{rng.getrandbits(64):016x}"}
                      for i in range(kb * 1000 // 40)}}


def one_round(clients: int, kb: int, loss: float, seed: int, timeout: float
              ) -> dict[str, Any]:
    """One state to ``clients`` fresh clients: arrival times (s), bytes out, largest datagram."""
    server = ServerProtocol(Nobody())
    spy = Spy(server)
    protocol: Any = Impaired(spy, NetSim(loss=loss, seed=seed)) if loss else spy
    server_end = UdpEndpoint(protocol, bind=("127.0.0.1", 0), poll=0.0)
    ends = [UdpEndpoint(ClientProtocol(server_end.address, name=f"C{i}"),
                        bind=("127.0.0.1", 0), poll=0.0) for i in range(clients)]
    try:
        for end in ends:
            end.protocol.register(end.clock())
        history, arrived, ticks = StateHistory(), {}, iter(range(1, 1 << 30))

        def publish() -> None:
            history.commit(next(ticks))
            server.publish_state(history.tick, history, server_end.clock())

        def holding(tick: int) -> list[UdpEndpoint]:
            return [e for e in ends if (e.protocol.latest_state or (-1,))[0] >= tick]

        history.root["warm"] = 1  # a small state first: the links are up, their RTT known
        pump_until(lambda: len(holding(0)) == len(ends), [server_end, *ends], publish, timeout)
        history.root.update(big_state(kb, seed))
        start, bytes_before, first = time.monotonic(), server_end.bytes_out, history.tick + 1

        def done() -> bool:
            for end in holding(first):
                arrived.setdefault(end, time.monotonic() - start)
            return len(arrived) == len(ends)

        pump_until(done, [server_end, *ends], publish, timeout)
        return {"times": list(arrived.values()), "missing": len(ends) - len(arrived),
                "bytes": (server_end.bytes_out - bytes_before) / clients,
                "largest": spy.largest, "resent": server.stats.fragments.resent,
                "sent": server.stats.fragments.sent}
    finally:
        for end in [server_end, *ends]:
            end.close()


def pump_until(condition: Any, ends: list[UdpEndpoint], publish: Any, timeout: float) -> None:
    """Pump every endpoint (publishing every ``TICK``) until ``condition`` or ``timeout`` s."""
    end_at = time.monotonic() + timeout
    next_publish = time.monotonic()
    while not condition() and time.monotonic() < end_at:
        if publish is not None and time.monotonic() >= next_publish:
            publish()
            next_publish += TICK
        for end in ends:
            end.pump()
        ends[0].wait(0.002)


def rows(clients: int, kb: int, rounds: int, timeout: float) -> list[Row]:
    out: list[Row] = []
    for loss in (0.0, 10.0):
        results = [one_round(clients, kb, loss, seed, timeout) for seed in range(1, rounds + 1)]
        times = [t * 1000 for r in results for t in r["times"]]
        missing = sum(r["missing"] for r in results)
        label = f"{kb} kB state to {clients} sync clients, " + (
            "clean" if not loss else f"{loss:g} % loss each way") + f" ({rounds} rounds)"
        arrive = (f"arrives p50 {statistics.median(times):.0f} ms, max {max(times):.0f} ms"
                  if times else "never arrives") + (f", {missing} never" if missing else "")
        sent = sum(r["sent"] for r in results)
        resent = sum(r["resent"] for r in results)
        out.append((label, arrive,
                    f"{statistics.mean(r['bytes'] for r in results) / 1000:.0f} kB sent a "
                    f"client, largest datagram {max(r['largest'] for r in results)} B",
                    f"{resent} of {sent + resent} fragments resent"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--kb", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args()
    print(table(rows(args.clients, args.kb, args.rounds, args.timeout)), flush=True)


if __name__ == "__main__":
    main()
