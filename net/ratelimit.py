"""Per-source token buckets, so that one flooding address cannot starve the others."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RateLimiter:
    """Allows ``rate`` datagrams/s per key with bursts up to ``burst``; ``now`` in seconds.

    At most ``max_keys`` buckets are kept: full (idle) buckets are forgotten first, so
    spraying source addresses cannot grow memory without bound.
    """

    rate: float = 2000.0
    burst: float = 4000.0
    max_keys: int = 4096
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # key -> (tokens, at)

    def allow(self, key: str, now: float) -> bool:
        tokens, at = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - at) * self.rate)
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
