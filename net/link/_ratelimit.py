"""Token buckets, checked before a datagram is decoded so that a flood is shed cheaply.

Budgets go by what is known of the sender (netcode.io, QUIC): an address that holds no
seat has a small bucket of its own and shares its IP's (``RateLimiter``: OHAI, REGISTER,
garbage); an address with a seat (pending or confirmed) has a ``Budget`` of its own, so
players behind one NAT never share a bucket with a flooder on the same IP, and one
flooding socket cannot drain its IP's bucket for a neighbour's REGISTER.
Times in seconds, rates in datagrams per second.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field


def _refilled(tokens: float, at: float, now: float, rate: float, burst: float) -> float:
    return min(burst, tokens + (now - at) * rate)


@dataclass
class RateLimiter:
    """Allows ``rate`` datagrams/s per key with bursts up to ``burst``; ``now`` in seconds.

    At most ``max_keys`` buckets are kept: full (idle) buckets are forgotten first, so
    spraying source addresses cannot grow memory without bound.
    """

    rate: float = 200.0
    burst: float = 400.0
    max_keys: int = 4096
    _buckets: dict[Hashable, tuple[float, float]] = field(default_factory=dict)  # (tokens, at)

    def allow(self, key: Hashable, now: float) -> bool:
        tokens, at = self._buckets.get(key, (self.burst, now))
        tokens = _refilled(tokens, at, now, self.rate, self.burst)
        allowed = tokens >= 1.0
        self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
        if len(self._buckets) > self.max_keys:
            self._forget_idle(now)
        return allowed

    def _forget_idle(self, now: float) -> None:
        full_after = self.burst / self.rate
        idle = [k for k, (_, at) in self._buckets.items() if now - at >= full_after]
        for key in idle or list(self._buckets)[: len(self._buckets) // 2]:
            del self._buckets[key]


@dataclass
class Budget:
    """One seat's own bucket: going over costs it only its own excess.

    ``abusive(now)`` is true once the sender has been over its budget without a break of
    ``calm`` seconds for ``kick_after`` seconds: a well-behaved peer never drops a datagram,
    so it never gets there.
    """

    rate: float = 4000.0
    burst: float = 8000.0
    kick_after: float = 5.0
    calm: float = 1.0
    tokens: float = -1.0  # -1: full at the first datagram
    at: float = 0.0
    dropped: int = 0
    over_since: float | None = None  # start of the current run of drops
    last_drop: float = 0.0

    def allow(self, now: float) -> bool:
        # ``_refilled`` inlined: this runs for every datagram from a seat
        tokens = self.tokens
        if tokens < 0 or (tokens := tokens + (now - self.at) * self.rate) > self.burst:
            tokens = self.burst
        self.at = now
        if tokens >= 1.0:
            self.tokens = tokens - 1.0
            return True
        self.tokens = tokens
        self.dropped += 1
        if self.over_since is None or now - self.last_drop > self.calm:
            self.over_since = now
        self.last_drop = now
        return False

    def abusive(self, now: float) -> bool:
        return self.over_since is not None and now - self.last_drop <= self.calm \
            and now - self.over_since >= self.kick_after
