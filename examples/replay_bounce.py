"""Record a small game as it runs, then watch it again from any tick: ``starlane.net``'s
replays on a ``StateHistory`` game of balls bouncing in a box.

    python examples/replay_bounce.py record FILE [--seconds S]   play S s (fake time), recorded
    python examples/replay_bounce.py show FILE [--at SECONDS]    what FILE holds, and the balls then

``record`` runs the game at 20 ticks a second on fake time (as fast as it goes), calls
``ReplayRecorder.record`` after each ``commit`` and ``mark`` when a ball hits a wall;
``show`` opens the file with ``Replay.open`` and seeks with ``state_at``. A file that is
not a replay gives one line and exit status 2.
"""

import argparse
import sys

from starlane.net import Replay, ReplayError, ReplayRecorder, StateHistory

TICK_RATE = 20  # ticks per second
BOX = 100.0  # the box's side, units


def step(balls: dict[str, list[float]]) -> list[str]:
    """Move each ball (x, y, vx, vy; units, units per tick); the ones that hit a wall."""
    bounced = []
    for name, ball in balls.items():
        for axis in (0, 1):
            ball[axis] = round(ball[axis] + ball[axis + 2], 2)
            if not 0 <= ball[axis] <= BOX:
                ball[axis + 2] = -ball[axis + 2]
                ball[axis] = min(max(ball[axis], 0.0), BOX)
                bounced.append(name)
    return bounced


def record(path: str, seconds: float) -> None:
    balls = {"red": [10.0, 20.0, 1.5, 0.5], "blue": [70.0, 40.0, -0.75, 1.25]}
    history = StateHistory()
    recorder = ReplayRecorder(path, {"game": "bounce", "balls": sorted(balls)},
                              tick_rate=TICK_RATE, queue_limit=100_000)
    for tick in range(round(seconds * TICK_RATE)):
        hits = step(balls)
        for name, (x, y, _, _) in balls.items():
            history.root.child("balls").child(name).update({"x": x, "y": y})
        history.commit(tick)
        recorder.record(tick, history)
        for name in hits:
            recorder.mark(tick, "bounce", {"ball": name})
    recorder.close({"bounces": "counted in the marks"})
    print(f"recorded {seconds:g} s to {path}")


def show(path: str, at: float) -> int:
    try:
        replay = Replay.open(path)
    except ReplayError as err:
        print(f"replay_bounce: {path}: {err}", file=sys.stderr)
        return 2
    print(f"{replay.header['game']}: {replay.duration_s:.2f} s, {replay.bytes} bytes, "
          f"{len(replay.keyframe_ticks)} keyframes, {len(replay.marks)} bounces"
          f"{'; ' + replay.truncated if replay.truncated else ''}")
    tick = replay.first_tick + round(at * replay.tick_rate)
    for name, ball in replay.state_at(tick)["balls"].items():
        print(f"at {at:g} s {name} is at ({ball['x']}, {ball['y']})")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description="replays of balls bouncing in a box")
    parser.add_argument("mode", choices=("record", "show"))
    parser.add_argument("file")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--at", type=float, default=0.0)
    args = parser.parse_args()
    if args.mode == "record":
        record(args.file, args.seconds)
        return 0
    return show(args.file, args.at)


if __name__ == "__main__":
    sys.exit(main())
