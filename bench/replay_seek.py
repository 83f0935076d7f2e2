"""Seeking in the replay viewer: from the click on the seek bar to the end of the first
frame drawn at the tick clicked, in the real window (run it under Xvfb or a desktop).

    .venv/bin/python bench/replay_seek.py [--minutes M] [--seeks N] [--replay FILE]

The recording: M minutes (default 10) of the shipped server with 8 bots, recorded on fake
time as ``--server`` records (``bench/replay.py``'s match), or FILE. The window: the game's
own, at its default size, in the viewer, paused (so the picture changes by the seek
alone). Each of N seeks clicks a point of the bar drawn at random (seeded), each in another
keyframe's chunk than the one before (a cold seek: the chunk is decoded afresh).

Timed (perf_counter): from the call of the viewer's mouse-press handler with the click (the
window's click event) through the frame's drawing (the recording read at that tick, the
sprites and HUD placed, everything drawn), the buffer flip and ``glFinish`` (the GPU done).
Not in it: the X server's delivery of the click and the wait for the window's next frame
slot (arcade draws at most 60 frames a second: up to 16.7 ms more). The goal: at most
100 ms. Prints the median and the max, ms, and beside them those of N frames drawn with
nothing changed (what the drawing alone costs on this machine).
"""

from __future__ import annotations

import argparse
import bisect
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import arcade

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.replay import record_on_fake_time  # noqa: E402
from starlane.game import settings  # noqa: E402
from starlane.game.ui.replay_controls import window_point  # noqa: E402
from starlane.game.ui.replay_view import ReplayView  # noqa: E402
from starlane.game.ui.window import StarlaneWindow  # noqa: E402

SEED = 23
GOAL_MS = 100.0


def seek_fractions(view: ReplayView, count: int) -> list[float]:
    """``count`` points of the bar (0..1), each in another chunk than the one before."""
    rng = random.Random(SEED)
    replay, chosen, chunk = view.replay, list[float](), -1
    span = replay.last_tick - replay.first_tick
    while len(chosen) < count:
        fraction = rng.random()
        here = bisect.bisect_right(replay.keyframe_ticks, replay.first_tick + fraction * span)
        if here != chunk or len(replay.keyframe_ticks) == 1:
            chosen.append(fraction)
            chunk = here
    return chosen


def drawn(window: StarlaneWindow, view: ReplayView) -> None:
    """The view's frame drawn, flipped, and finished by the GPU."""
    view.on_draw()
    window.flip()
    window.ctx.finish()


def timed_frame(window: StarlaneWindow, view: ReplayView) -> float:
    """A frame with nothing changed (the baseline), in ms."""
    began = time.perf_counter()
    drawn(window, view)
    return (time.perf_counter() - began) * 1000


def timed_seek(window: StarlaneWindow, view: ReplayView, fraction: float) -> float:
    """One click on the bar at ``fraction`` until its frame is on screen, in ms."""
    x, y = window_point(view.canvas, window, *view.controls.bar_point(fraction))
    began = time.perf_counter()
    view.on_mouse_press(round(x), round(y), arcade.MOUSE_BUTTON_LEFT, 0)
    drawn(window, view)
    spent = (time.perf_counter() - began) * 1000
    view.on_mouse_release(round(x), round(y), arcade.MOUSE_BUTTON_LEFT, 0)
    wanted = int(view.playback.position(time.monotonic()))
    if view.frame is None or view.frame.tick != wanted:
        sys.exit(f"the frame drawn is not the one clicked: {view.frame} for {wanted}")
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seeks", type=int, default=20)
    parser.add_argument("--replay", type=Path, help="a recording to seek in (default: "
                                                    "record one of --minutes)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.replay or record_on_fake_time(Path(folder), args.minutes)
        window = StarlaneWindow([], settings.load())
        problem = window.show_replay(path, back=window.quit)
        if problem is not None:
            sys.exit(f"{path}: {problem}")
        window.test(5)
        view = window.current_view
        assert isinstance(view, ReplayView)
        view.playback.toggle_pause(time.monotonic())
        spent = [timed_seek(window, view, f) for f in seek_fractions(view, args.seeks)]
        still = [timed_frame(window, view) for _ in range(args.seeks)]
        window.close()
    minutes = view.replay.duration_s / 60
    print(f"seek in the viewer, {minutes:.1f}-min recording, {window.width}x{window.height}, "
          f"{len(spent)} seeks: median {statistics.median(spent):.1f} ms, "
          f"max {max(spent):.1f} ms (goal: at most {GOAL_MS:.0f} ms)")
    print(f"a frame with no seek (the drawing alone), {len(still)} frames: median "
          f"{statistics.median(still):.1f} ms, max {max(still):.1f} ms")


if __name__ == "__main__":
    main()
