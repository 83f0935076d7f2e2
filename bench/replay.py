"""What recording a match costs: its size, a seek in it, and the server's tick.

    .venv/bin/python bench/replay.py [--minutes M] [--seeks N] [--tick-seconds S]
                                     [--rounds R]

The match: the shipped game server (``GameServer``, the code ``--server`` runs each
tick) in this process, ``--bots 8 --max-players 9`` (8 bots fighting, normal skill, the
shipped match rules), no client connected, seeded.

- size: M minutes of game time on fake time, recorded as ``--server`` records (the
  game's ``MatchRecording``); bytes per minute, beside the same recording with the
  numeric prediction switched off (each leaf stored as it is: JSON deltas + zlib). The
  goal: at most 100 kB per minute.
- seek: ``Replay.state_at`` on that recording, N ticks drawn at random (seeded), each in
  a chunk other than the one decoded before (a cold seek: the viewer's click); median
  and max, ms. The goal: at most 30 ms. Also ``Replay.open`` of the file, ms.
- tick: the server's ``on_tick`` time (perf_counter around it) with recording off and
  on, each run S seconds paced in real time at the tick rate (as the real loop runs,
  so the writer thread works between ticks as it would), R rounds interleaved
  (off, on, off, on ...); medians of all ticks, and their ratio. The goal: on within 5 %
  of off. With no client connected the tick does no network work, so the recording's
  share here is larger than on a server with players.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from starlane.game.core import sim  # noqa: E402
from starlane.game.server.game_server import GameServer  # noqa: E402
from starlane.game.server.recording import MatchRecording, RecordingPlan  # noqa: E402
from starlane.net import Replay, ServerConfig  # noqa: E402
from starlane.net.sync import replay_format  # noqa: E402

SEED = 11
SIZE_GOAL, SEEK_GOAL, TICK_GOAL = 100_000, 30.0, 1.05  # bytes/min, ms, on/off


def match_server(folder: Path | None) -> GameServer:
    """The shipped server with 8 bots in 9 seats, recording into ``folder`` (None: off)."""
    game = GameServer(ServerConfig(server_name="bench", max_players=9), SEED, bots=8)
    if folder is not None:
        game.recording = MatchRecording.start(RecordingPlan(folder, keep=1000), "bench",
                                              game.world, game.match)
    return game


def record_on_fake_time(folder: Path, minutes: float) -> Path:
    """``minutes`` of game time as fast as the server goes; the file written."""
    game = match_server(folder)
    assert game.recording is not None
    for n in range(round(minutes * 60 * sim.TICK_RATE)):
        game.on_tick(n * sim.DT)
        if n % sim.TICK_RATE == 0:
            time.sleep(0.001)  # let the writer drain its queue (fake time runs ~20x fast)
    game.stop(minutes * 60)
    if game.recording.recorder.failed:
        sys.exit(f"the recording stopped: {game.recording.recorder.failed}")
    return game.recording.path


class StoredAsIs:
    """A packer that stores every leaf as it is: the recording without prediction."""

    def pack(self, delta: dict[str, Any]) -> dict[str, Any]:
        return delta


def size_rows(folder: Path, minutes: float) -> tuple[Path, list[str]]:
    path = record_on_fake_time(folder / "predicted", minutes)
    predicted = path.stat().st_size / minutes
    packer = replay_format.DeltaPacker
    replay_format.DeltaPacker = StoredAsIs  # type: ignore[misc, assignment]
    try:
        plain = record_on_fake_time(folder / "plain", minutes).stat().st_size / minutes
    finally:
        replay_format.DeltaPacker = packer  # type: ignore[misc]
    replay = Replay.open(path)
    kills = sum(1 for _, kind, _ in replay.marks if kind == "kill")
    return path, [
        f"size, 8 bots, {minutes:g} min ({kills} kills): {predicted / 1000:.1f} kB/min "
        f"(goal <= {SIZE_GOAL / 1000:.0f}) {'OK' if predicted <= SIZE_GOAL else 'MISSED'}",
        f"size without the numeric prediction: {plain / 1000:.1f} kB/min"]


def seek_rows(path: Path, seeks: int) -> list[str]:
    started = time.perf_counter()
    replay = Replay.open(path)
    opened = (time.perf_counter() - started) * 1000
    rng = random.Random(SEED)
    times, chunk = [], -1
    while len(times) < seeks:
        tick = rng.randint(replay.first_tick, replay.last_tick)
        here = sum(1 for k in replay.keyframe_ticks if k <= tick)
        if here == chunk and len(replay.keyframe_ticks) > 1:
            continue
        chunk = here
        started = time.perf_counter()
        replay.state_at(tick)
        times.append((time.perf_counter() - started) * 1000)
    worst = max(times)
    return [f"Replay.open, {replay.duration_s / 60:.1f} min, {replay.bytes} bytes: "
            f"{opened:.1f} ms",
            f"state_at, {seeks} cold seeks: median {statistics.median(times):.1f} ms, "
            f"max {worst:.1f} ms (goal <= {SEEK_GOAL:.0f}) "
            f"{'OK' if worst <= SEEK_GOAL else 'MISSED'}"]


def paced_ticks(folder: Path | None, seconds: float) -> list[float]:
    """``on_tick`` durations (s) over ``seconds`` of real time at the tick rate."""
    game = match_server(folder)
    durations = []
    start = time.monotonic()
    for n in range(round(seconds * sim.TICK_RATE)):
        delay = start + n * sim.DT - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        began = time.perf_counter()
        game.on_tick(start + n * sim.DT)
        durations.append(time.perf_counter() - began)
    game.stop(time.monotonic())
    return durations


def tick_rows(folder: Path, seconds: float, rounds: int) -> list[str]:
    off: list[float] = []
    on: list[float] = []
    for n in range(rounds):
        off += paced_ticks(None, seconds)
        on += paced_ticks(folder / f"ticks{n}", seconds)
    ratio = statistics.median(on) / statistics.median(off)
    return [f"tick, recording off: median {statistics.median(off) * 1000:.3f} ms "
            f"({len(off)} ticks)",
            f"tick, recording on:  median {statistics.median(on) * 1000:.3f} ms "
            f"({len(on)} ticks); on/off {ratio:.3f} (goal <= {TICK_GOAL}) "
            f"{'OK' if ratio <= TICK_GOAL else 'MISSED'}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seeks", type=int, default=50)
    parser.add_argument("--tick-seconds", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        path, rows = size_rows(folder, args.minutes)
        rows += seek_rows(path, args.seeks)
        rows += tick_rows(folder, args.tick_seconds, args.rounds)
    for row in rows:
        print(row, flush=True)


if __name__ == "__main__":
    main()
