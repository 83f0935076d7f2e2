"""Summaries of timing samples shared by the benchmarks (units are the caller's)."""

from __future__ import annotations

import statistics


def p50_p95(samples: list[float]) -> tuple[float, float]:
    """The median and the 95th percentile (the sample 95% of the way up) of ``samples``."""
    return statistics.median(samples), sorted(samples)[int(len(samples) * 0.95)]
