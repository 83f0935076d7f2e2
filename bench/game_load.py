"""The game server under load: event -> visible in every client's state, and server CPU.

``python -m game --server`` runs in its own process; N players (NetSessions, each with its
own socket) run in this one, pressing keys. Loopback only; bounded in time.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time

from game.session import NetSession

_CONFIG = tempfile.TemporaryDirectory(prefix="starlane-bench-")
os.environ["XDG_CONFIG_HOME"] = _CONFIG.name  # players' saved seats: never the user's config


def join(address: tuple[str, int], count: int, first: int = 0) -> list[NetSession]:
    """``count`` new players, each a seat of its own."""
    sessions = [NetSession(address, f"P{first + n}") for n in range(count)]
    end = time.monotonic() + 10
    while time.monotonic() < end and not all(s.world.me() for s in sessions):
        for session in sessions:
            session.pump()
        time.sleep(0.001)
    if not all(s.world.me() for s in sessions):
        raise SystemExit("players could not join")
    return sessions


def pump_all(sessions: list[NetSession], seconds: float, rng: random.Random | None = None
             ) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for session in sessions:
            session.pump()
            if rng is not None and rng.random() < 0.02:
                key = rng.choice(["up", "left", "right"])
                (session.release if key in session.world.keys else session.press)(key)
        time.sleep(0.001)


def event_to_visible(sessions: list[NetSession], trials: int = 20) -> dict[str, float]:
    """Player 0 starts turning; how long until every client's newest state shows it."""
    mover = sessions[0]
    pid = mover.world.me().pid
    samples = []
    for n in range(trials):
        key = "left" if n % 2 == 0 else "right"
        pump_all(sessions, 0.2)
        angles = [s.world.latest.ships[pid].angle for s in sessions]
        start = time.perf_counter()
        mover.press(key)
        while any(s.world.latest.ships[pid].angle == a for s, a in zip(sessions, angles,
                                                                          strict=True)):
            for session in sessions:
                session.pump()
            if time.perf_counter() - start > 2:
                raise SystemExit("the turn never became visible")
        samples.append(time.perf_counter() - start)
        mover.release(key)
    return {"p50_ms": statistics.median(samples) * 1000,
            "p95_ms": sorted(samples)[int(len(samples) * 0.95)] * 1000}
