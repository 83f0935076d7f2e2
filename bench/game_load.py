"""The game server under load: event -> visible in every client's state, and server CPU.

``python -m starlane --server`` runs in its own process; N players (NetSessions, each with its
own socket) run in this one, pressing keys. Loopback only; bounded in time.
"""

from __future__ import annotations

import random
import time

from bench.procs import Row, ServerProcess, cpu_while
from bench.stats import p50_p95
from starlane.game.client.session import NetSession


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
    p50, p95 = p50_p95(samples)
    return {"p50_ms": p50 * 1000, "p95_ms": p95 * 1000}


def rows(seconds: float = 5.0) -> list[Row]:
    """A ``--max-players 32`` server: event -> visible with 8 players, then its CPU share
    while 8 and then 32 players press keys for ``seconds`` each."""
    game = ServerProcess("game", "--max-players", "32", pinned=True)
    try:
        sessions = join(game.address, 8)
        visible = event_to_visible(sessions)
        _, cpu8 = cpu_while(game, lambda: pump_all(sessions, seconds, random.Random(1)))
        sessions += join(game.address, 24, first=8)
        _, cpu32 = cpu_while(game, lambda: pump_all(sessions, seconds, random.Random(2)))
        for session in sessions:
            session.close()
    finally:
        game.stop()
    return [("game: key press -> visible in all 8 clients' state, p50 (--max-players 32)",
             f"{visible['p50_ms']:.1f} ms (p95 {visible['p95_ms']:.1f})", "",
             f"tick is {1000 / 30:.1f} ms"),
            ("game server CPU, 8 / 32 playing clients", f"{cpu8:.0%} / {cpu32:.0%} of a core",
             "", "")]
