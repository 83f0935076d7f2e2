"""A network condition simulator: loss, latency, jitter, duplication and reordering, in user
space (no ``tc netem`` needed). ``Impaired`` wraps any protocol object (client or server) and
delays, drops, copies or reorders what it sends and receives, so ``UdpEndpoint(Impaired(
protocol, spec))`` behaves like a bad network. Randomness comes from ``spec.seed``.

``--netsim loss=20,delay=80,jitter=20,dup=5,reorder=5`` on the command line (percent and
milliseconds, each way) builds a ``NetSim`` with ``parse``.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, fields
from typing import Any

from ._retransmit import Address

Datagram = tuple[bytes, Address]


@dataclass(frozen=True)
class NetSim:
    """Each way: ``loss``/``dup``/``reorder`` in percent, ``delay``/``jitter`` in ms."""

    loss: float = 0.0
    delay: float = 0.0
    jitter: float = 0.0
    dup: float = 0.0
    reorder: float = 0.0
    seed: int = 1

    def __str__(self) -> str:
        return ",".join(f"{f.name}={getattr(self, f.name):g}" for f in fields(self)
                        if f.name != "seed" and getattr(self, f.name))


def parse(text: str) -> NetSim:
    """``"loss=20,delay=80"`` -> NetSim; ``ValueError`` with a readable reason."""
    names = {f.name for f in fields(NetSim)}
    values: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        if not sep or name not in names:
            raise ValueError(f"bad netsim setting {part!r}: use "
                             f"{', '.join(sorted(names))} as name=number")
        try:
            number = int(value) if name == "seed" else float(value)
        except ValueError:
            raise ValueError(f"netsim {name} must be a number, not {value!r}") from None
        if number < 0 or (name in ("loss", "dup", "reorder") and number > 100):
            raise ValueError(f"netsim {name}={value} is out of range")
        values[name] = number
    return NetSim(**values)


class Impaired:
    """A protocol object behind a simulated network (both directions). What the inner
    protocol queues is delayed from the ``now`` it is handed over at (``datagrams_to_send``).
    ``inner`` and ``spec`` are as given; ``rng`` is seeded with ``spec.seed`` (a run
    replays exactly); ``dropped`` counts the datagrams lost, both ways.
    """

    def __init__(self, inner: Any, spec: NetSim) -> None:
        self.inner = inner
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.dropped = 0
        self._order = 0
        self._inbound: list[tuple[float, int, bytes, Address]] = []
        self._outbound: list[tuple[float, int, bytes, Address]] = []

    def receive(self, datagram: bytes, address: Address, now: float) -> None:
        """Take a datagram from the network: dropped, duplicated or delayed per ``spec``, then
        handed to the inner protocol with the ``now`` it would have arrived at."""
        self._impair(self._inbound, datagram, address, now)
        self._deliver(now)

    def tick(self, now: float) -> None:
        """Deliver the inbound datagrams due by ``now``, then tick the inner protocol if due."""
        self._deliver(now)
        deadline = self.inner.next_deadline()
        if deadline is not None and deadline <= now:
            self.inner.tick(now)

    def next_deadline(self) -> float | None:
        """The earliest of the inner protocol's deadline and the next delayed datagram's arrival
        (either direction), in the clock of ``now``."""
        times = [q[0][0] for q in (self._inbound, self._outbound) if q]
        if (inner := self.inner.next_deadline()) is not None:
            times.append(inner)
        return min(times, default=None)

    def datagrams_to_send(self, now: float) -> list[Datagram]:
        """Impair what the inner protocol sends now (queued with its delay) and return what the
        simulated network lets out by ``now``."""
        for datagram, address in self.inner.datagrams_to_send(now):
            self._impair(self._outbound, datagram, address, now)
        due = []
        while self._outbound and self._outbound[0][0] <= now:
            _, _, datagram, address = heapq.heappop(self._outbound)
            due.append((datagram, address))
        return due

    def _deliver(self, now: float) -> None:
        while self._inbound and self._inbound[0][0] <= now:
            at, _, datagram, address = heapq.heappop(self._inbound)
            self.inner.receive(datagram, address, at)

    def _impair(self, queue: list[tuple[float, int, bytes, Address]], datagram: bytes,
                address: Address, now: float) -> None:
        spec, rng = self.spec, self.rng
        if rng.random() * 100 < spec.loss:
            self.dropped += 1
            return
        for _ in range(2 if rng.random() * 100 < spec.dup else 1):
            delay = spec.delay + rng.uniform(-spec.jitter, spec.jitter)
            if rng.random() * 100 < spec.reorder:
                delay += spec.delay + spec.jitter + 20.0  # overtaken by later datagrams
            self._order += 1
            heapq.heappush(queue, (now + max(delay, 0.0) / 1000.0, self._order, datagram, address))
