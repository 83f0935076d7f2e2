"""Drives the real game window through the Replays screen and the replay viewer (issue 23,
watching), for tests/test_window_replays.py:

    python tests/replay_tour.py OUT_DIR FOLDER MANY

FOLDER holds the recordings the test made: a whole one, a cut one and one of random
bytes; MANY more than a page of them. The tour clicks Replays on the start screen, reads
the list at the three window sizes, picks and opens the bad file, opens the whole one,
plays it at 4x, follows a pilot, seeks with a click on the bar and jumps to the next kill,
pauses at a round's results, goes back, plays the cut one to its end, and deletes the bad
file (confirming). Then MANY's list by the keyboard alone: Up, Down, Page Up, Page Down,
Delete twice, Enter, Esc. It prints ``what: value`` lines, saves a screenshot at each
step, and exits 1 with the reason after ``DEADLINE`` seconds of waiting.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import arcade
from ui_tour import SIZES, resize, shot
from window_driver import click, run_until, say

from starlane.game import settings
from starlane.game.core import sim
from starlane.game.server.recording import RecordChoice
from starlane.game.ui.replay_controls import window_point
from starlane.game.ui.replay_view import ReplayView
from starlane.game.ui.replays_view import ReplaysView
from starlane.game.ui.start_view import StartView
from starlane.game.ui.window import StarlaneWindow


def press(window: StarlaneWindow, view: ReplayView, x: float, y: float) -> None:
    """A click at canvas point (x, y) of the viewer."""
    at = window_point(view.canvas, window, x, y)
    window.dispatch_event("on_mouse_press", *at, arcade.MOUSE_BUTTON_LEFT, 0)
    window.dispatch_event("on_mouse_release", *at, arcade.MOUSE_BUTTON_LEFT, 0)


def drag(window: StarlaneWindow, view: ReplayView, start: float, end: float) -> None:
    """Hold the seek bar at ``start`` (0..1) and drag it to ``end`` in ten moves, a frame
    drawn after each (scrubbing); let go there."""
    x0, y = window_point(view.canvas, window, *view.controls.bar_point(start))
    x1, _ = window_point(view.canvas, window, *view.controls.bar_point(end))
    window.dispatch_event("on_mouse_press", x0, y, arcade.MOUSE_BUTTON_LEFT, 0)
    for n in range(1, 11):
        x = x0 + (x1 - x0) * n / 10
        window.dispatch_event("on_mouse_drag", x, y, (x1 - x0) / 10, 0,
                              arcade.MOUSE_BUTTON_LEFT, 0)
        window.test(1)
    window.dispatch_event("on_mouse_release", x1, y, arcade.MOUSE_BUTTON_LEFT, 0)
    window.test(3)


def press_button(window: StarlaneWindow, view: ReplayView, name: str) -> None:
    button = view.controls.by_name[name]
    press(window, view, (button.left + button.right) / 2, button.label.canvas_y)


def row_named(view: ReplaysView, part: str) -> int:
    """The index among the rows shown of the recording whose file name holds ``part``."""
    return next(n for n, row in enumerate(view.listed) if part in row.path.name)


def open_row(window: StarlaneWindow, part: str) -> None:
    view = window.current_view
    click(window, view.rows[row_named(view, part)])
    window.test(2)
    click(window, view.open_button)
    window.test(3)


def the_list(window: StarlaneWindow, out: Path) -> None:
    """Replays from the start screen; the rows at each size; the bad file picked and
    opened."""
    click(window, window.current_view.replays_button)
    run_until(window, lambda: isinstance(window.current_view, ReplaysView), "the list")
    view = window.current_view
    say(f"rows: {json.dumps([row.path.name for row in view.listed])}")
    for n, row in enumerate(view.listed):
        say(f"row {row.path.name}: {view.rows[n].text}")
    for size in SIZES:
        resize(window, *size)
        shot(window, out, "replays-list")
    click(window, view.rows[row_named(view, "junk")])
    window.test(2)
    say(f"picked bad: {view.status.text}")
    click(window, view.open_button)
    window.test(2)
    say(f"opened bad: {type(window.current_view).__name__}: {view.status.text}")


def watching(window: StarlaneWindow, out: Path) -> None:
    """The whole recording at 4x, a pilot followed, a seek, the next kill."""
    open_row(window, "whole")
    view = window.current_view
    say(f"viewer: {type(view).__name__}")
    for _ in range(2):
        press_button(window, view, "faster")
    run_until(window, lambda: view.playback.fraction(time.monotonic()) > 0.4, "mid-replay")
    say(f"speed: {view.playback.speed:g}x")
    for size in SIZES:
        resize(window, *size)
        shot(window, out, "viewer-4x")
    press_button(window, view, "follow")
    run_until(window, lambda: view.frame.match.phase == "playing" and  # not the results
              view.follow is not None and  # the click is dispatched with the next frame
              view.frame.world.ships[view.follow].alive, "the pilot followed in play")
    window.test(3)
    say(f"following: {view.controls.by_name['follow'].label.text} / {view.hud.health.text}")
    shot(window, out, "viewer-follow")
    press_button(window, view, "play")
    window.test(3)  # the scoreboard stands still
    say(f"paused: {view.playback.paused}")
    third = view.hud.scores[3]  # the third pilot on the scoreboard, clicked
    press(window, view, third.canvas_x - 40, third.canvas_y + 6)
    window.test(3)
    say(f"clicked on the scoreboard: {third.text.split()[0]} / {view.hud.health.text}")
    press(window, view, *view.controls.bar_point(0.25))
    window.test(3)  # a frame of window.test draws what the events before the last asked
    wanted = view.replay.first_tick + 0.25 * (view.replay.last_tick - view.replay.first_tick)
    say(f"seek: drew tick {view.frame.tick} for {wanted:.1f}")
    drag(window, view, 0.1, 0.6)
    say(f"dragged to: {view.playback.fraction(time.monotonic()):.2f} drawing tick "
        f"{view.frame.tick} of {view.replay.first_tick}..{view.replay.last_tick}")
    press(window, view, *view.controls.bar_point(0.25))
    window.test(3)
    press_button(window, view, "kill_next")
    window.test(3)
    kill = next(t for t in view.playback.kill_ticks if t > wanted)
    say(f"next kill: at {view.playback.position(time.monotonic()):.1f} for the kill at {kill}")
    results(window, view, out)
    window.dispatch_event("on_key_press", arcade.key.ESCAPE, 0)
    window.test(3)
    say(f"escape: {type(window.current_view).__name__}")


def results(window: StarlaneWindow, view: ReplayView, out: Path) -> None:
    """Paused a second into the first round's results, at 1280x720: the panel, and how
    many lines of the scoreboard (top right) are drawn beside it."""
    over = next(t for t, kind, _ in view.replay.marks if kind == "round_over")
    view.playback.seek(over + sim.TICK_RATE, time.monotonic())
    resize(window, *SIZES[1])
    shot(window, out, "viewer-results")
    say(f"results: panel {view.results.visible}, scoreboard lines "
        f"{sum(1 for line in view.hud.scores if line.text)}")


def a_cut_file(window: StarlaneWindow, out: Path) -> None:
    """The cut recording played from near its end to its end."""
    open_row(window, "cut")
    view = window.current_view
    press(window, view, *view.controls.bar_point(0.98))
    run_until(window, lambda: view.playback.ended(time.monotonic()), "the cut end")
    window.test(3)
    say(f"cut end: {view.hud.status.text} / {view.controls.note.text}")
    shot(window, out, "viewer-cut-end")
    press_button(window, view, "leave")
    window.test(3)


def deleting(window: StarlaneWindow) -> None:
    view = window.current_view
    click(window, view.rows[row_named(view, "junk")])
    window.test(2)
    click(window, view.delete_button)
    window.test(2)
    say(f"delete asks: {view.status.text}")
    click(window, view.delete_button)
    window.test(2)
    say(f"after delete: {json.dumps([row.path.name for row in view.listed])}")


def key(window: StarlaneWindow, symbol: int, times: int = 1) -> None:
    """Press ``symbol`` ``times`` times, a frame drawn after each."""
    for _ in range(times):
        window.dispatch_event("on_key_press", symbol, 0)
        window.test(1)


def picked(view: ReplaysView) -> str:
    """The row picked (its index in the list, None: none) and the top row shown."""
    at = next((n for n, row in enumerate(view.listed) if row.path == view.picked), None)
    return f"row {at}, top {view.first}"


def by_keys(window: StarlaneWindow, many: Path) -> None:
    """MANY's list driven by the keyboard alone."""
    window.show_view(ReplaysView(window, many))
    window.test(2)
    view = window.current_view
    say(f"keys listed: {len(view.listed)}")
    for name, symbol, times in (("down", arcade.key.DOWN, 1), ("down 11", arcade.key.DOWN, 11),
                                ("page down", arcade.key.PAGEDOWN, 1),
                                ("page down at the end", arcade.key.PAGEDOWN, 1),
                                ("page up", arcade.key.PAGEUP, 1), ("up", arcade.key.UP, 1)):
        key(window, symbol, times)
        say(f"keys {name}: {picked(view)}")
    doomed = view.picked.name
    key(window, arcade.key.DELETE)
    say(f"keys delete asks: {view.status.text}")
    key(window, arcade.key.DELETE)
    say(f"keys deleted: {doomed} gone {not (many / doomed).exists()}, "
        f"{len(view.listed)} listed")
    key(window, arcade.key.DOWN)
    wanted = view.picked.name
    key(window, arcade.key.ENTER)
    window.test(2)
    say(f"keys enter: {type(window.current_view).__name__} "
        f"{getattr(window.current_view, 'name', '')} for {wanted}")
    key(window, arcade.key.ESCAPE)  # the viewer goes back to the Replays list
    key(window, arcade.key.ESCAPE)
    say(f"keys escape: {type(window.current_view).__name__}")


def main() -> None:
    out, folder, many = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    chosen = settings.load().model_copy(update={"name": "Vega", "window_size": SIZES[1]})
    window = StarlaneWindow([], chosen, record=RecordChoice(None, folder))
    window.show_view(StartView(window))
    window.test(5)
    the_list(window, out)
    watching(window, out)
    a_cut_file(window, out)
    deleting(window)
    by_keys(window, many)
    say("done")
    window.close()


if __name__ == "__main__":
    main()
