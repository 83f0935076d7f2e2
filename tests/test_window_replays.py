"""Watching recordings in the window (issue 23), driven by tests/replay_tour.py in one
real window under Xvfb: the Replays screen lists the recordings newest first with a bad
file's reason, the viewer plays at 4x, follows a pilot, seeks where the bar is clicked,
jumps to the next kill and plays a cut file to its cut. Screenshots land in
artifacts/screenshots/replays/ to be looked at (the list at each window size, mid-replay
at 4x, a pilot followed, a round's results, a cut file's end). The list works by the
keyboard alone. ``starlane --replay FILE`` opens the viewer straight away, Esc there
closes the window, and a file it cannot play is said in one line before any window."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from starlane.game.client.playback import KILL_LEAD_S
from tests.helpers import read_until, x_key
from tests.test_recording import recorded_match

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "artifacts" / "screenshots" / "replays"
PY = [sys.executable, "-m", "starlane"]
XK_ESCAPE = 0xFF1B


@pytest.fixture(scope="module")
def recordings(tmp_path_factory):
    """A folder with a whole recording (a minute, rounds to 2 kills), one cut in half and
    one of random bytes, named so that they sort whole, cut, junk (oldest first)."""
    folder = tmp_path_factory.mktemp("replays")
    game, _, _ = recorded_match(tmp_path_factory.mktemp("recorded"), 60, kills_to_win=2)
    data = game.recording.path.read_bytes()
    for n, (name, body) in enumerate((("whole", data), ("cut", data[:len(data) // 2]),
                                      ("junk", bytes(range(256)) * 8))):
        path = folder / f"starlane-20260101-00000{n}-{name}.slr"
        path.write_bytes(body)
        os.utime(path, (1_000_000 + n, 1_000_000 + n))
    return folder


MANY = 23
"""Recordings in the keyboard's folder: two pages and more."""


@pytest.fixture(scope="module")
def many(recordings, tmp_path_factory):
    """A folder of ``MANY`` copies of the whole recording, the newest listed first."""
    folder = tmp_path_factory.mktemp("many")
    data = (recordings / "starlane-20260101-000000-whole.slr").read_bytes()
    for n in range(MANY):
        path = folder / f"starlane-20260102-0000{n:02d}-many.slr"
        path.write_bytes(data)
        os.utime(path, (1_000_000 + n, 1_000_000 + n))
    return folder


@pytest.fixture(scope="module")
def tour(display, recordings, many, tmp_path_factory):
    """What the tour said, one ``what: value`` line each (it runs once for the module)."""
    env = {**os.environ, "DISPLAY": display,
           "XDG_CONFIG_HOME": str(tmp_path_factory.mktemp("config"))}
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "replay_tour.py"), str(OUT),
                             str(recordings), str(many)], env=env, capture_output=True,
                            text=True, timeout=150)
    assert result.returncode == 0 and result.stdout.endswith("done\n"), \
        result.stdout + result.stderr
    return dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)


def test_the_replays_screen_lists_the_newest_first(tour):
    assert [name.split("-")[-1] for name in json.loads(tour["rows"])] == \
        ["junk.slr", "cut.slr", "whole.slr"]


def test_a_row_shows_server_pilots_winner_and_length(tour):
    row = tour["row starlane-20260101-000000-whole.slr"]
    assert "Rec Test" in row and " +5" in row and row.rstrip().endswith("1:00")


def test_a_bad_file_is_listed_with_its_reason_and_opening_it_says_so(tour):
    assert "cannot play: not a Starlane replay" in tour["row starlane-20260101-000002-junk.slr"]
    assert tour["picked bad"].endswith("not a Starlane replay")
    assert tour["opened bad"] == "ReplaysView: starlane-20260101-000002-junk.slr: " \
                                 "not a Starlane replay"


def test_open_plays_the_recording_at_the_speed_chosen(tour):
    assert (tour["viewer"], tour["speed"]) == ("ReplayView", "4x")


def test_following_a_pilot_names_it_on_the_button_and_in_the_hud(tour):
    button, hud = tour["following"].split(" / ")
    assert button.startswith("Follow: ") and hud == button.removeprefix("Follow: ").upper()


def test_a_click_on_a_pilot_of_the_scoreboard_follows_that_pilot(tour):
    name, hud = tour["clicked on the scoreboard"].split(" / ")
    assert hud == name.upper()


def test_a_click_on_the_bar_draws_that_moment(tour):
    drawn, wanted = tour["seek"].removeprefix("drew tick ").split(" for ")
    assert int(drawn) == int(float(wanted))


def test_dragging_the_bar_scrubs_to_where_it_is_let_go(tour):
    fraction, rest = tour["dragged to"].split(" drawing tick ")
    tick, span = rest.split(" of ")
    first, last = (int(t) for t in span.split(".."))
    assert float(fraction) == pytest.approx(0.6, abs=0.01)
    assert int(tick) == pytest.approx(first + 0.6 * (last - first), abs=0.01 * (last - first))


def test_next_kill_lands_just_before_the_next_kill(tour):
    at, kill = tour["next kill"].removeprefix("at ").split(" for the kill at ")
    assert float(at) == int(kill) - KILL_LEAD_S * 30


def test_escape_goes_back_to_the_list(tour):
    assert tour["escape"] == "ReplaysView"


def test_a_cut_file_plays_to_its_cut_and_says_where_it_ends(tour):
    centre, note = tour["cut end"].split(" / ")
    assert centre.startswith("the recording ends at 0:") and centre.endswith("(the file was cut)")
    assert note.startswith("file cut at 0:")


def test_delete_asks_first_then_deletes(tour):
    assert tour["delete asks"].endswith("Press Delete again to confirm.")
    assert [n.split("-")[-1] for n in json.loads(tour["after delete"])] == \
        ["cut.slr", "whole.slr"]


def test_the_results_panel_hides_the_scoreboard_it_would_cover(tour):
    assert tour["results"] == "panel True, scoreboard lines 0"


def test_down_picks_the_top_row_then_the_next_scrolling_it_into_view(tour):
    assert tour["keys listed"] == str(MANY)
    assert (tour["keys down"], tour["keys down 11"]) == ("row 0, top 0", "row 11, top 2")


def test_up_picks_the_row_above_scrolling_it_into_view(tour):
    assert tour["keys up"] == "row 11, top 11"  # after Page Up: row 12 at the top


def test_page_down_picks_a_page_further_and_stops_at_the_last(tour):
    assert tour["keys page down"] == "row 21, top 12"
    assert tour["keys page down at the end"] == f"row {MANY - 1}, top {MANY - 10}"


def test_page_up_picks_a_page_back(tour):
    assert tour["keys page up"] == "row 12, top 12"


def test_the_delete_key_asks_as_the_button_does_then_deletes(tour):
    assert tour["keys delete asks"].endswith("Press Delete again to confirm.")
    assert tour["keys deleted"].endswith(f" gone True, {MANY - 1} listed")


def test_enter_opens_the_recording_picked(tour):
    shown, wanted = tour["keys enter"].removeprefix("ReplayView ").split(" for ")
    assert shown == wanted


def test_escape_goes_from_the_list_to_the_start_screen(tour):
    assert tour["keys escape"] == "StartView"


def test_the_screenshots_are_saved(tour):
    for name in ("replays-list-960", "replays-list-1280", "replays-list-1920",
                 "viewer-4x-960", "viewer-4x-1280", "viewer-4x-1920", "viewer-follow-1920",
                 "viewer-results-1280", "viewer-cut-end-1280"):
        assert (OUT / f"{name}.png").stat().st_size > 10_000


def test_replay_file_opens_the_window_in_the_viewer(display, recordings, tmp_path):
    env = {**os.environ, "DISPLAY": display, "XDG_CONFIG_HOME": str(tmp_path)}
    proc = subprocess.Popen([*PY, "--replay", str(recordings / "starlane-20260101-000000-"
                                                  "whole.slr"), "--no-broadcast"],
                            env=env, stderr=subprocess.PIPE, text=True)
    try:
        read_until(proc.stderr, "replay shown: starlane-20260101-000000-whole.slr")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_escape_in_a_replay_opened_from_the_command_line_closes_the_window(display, recordings,
                                                                          tmp_path):
    env = {**os.environ, "DISPLAY": display, "XDG_CONFIG_HOME": str(tmp_path)}
    name = "starlane-20260101-000000-whole.slr"
    proc = subprocess.Popen([*PY, "--replay", str(recordings / name), "--no-broadcast"],
                            env=env, stderr=subprocess.PIPE, text=True)
    try:
        read_until(proc.stderr, f"replay shown: {name}")
        for down in (True, False):
            x_key(display, XK_ESCAPE, down)
        read_until(proc.stderr, f"replay left: {name}")
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def test_replay_of_a_bad_file_says_why_in_one_line_before_any_window(tmp_path):
    junk = tmp_path / "junk.slr"
    junk.write_bytes(bytes(range(256)) * 8)
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}  # a window would fail
    result = subprocess.run([*PY, "--replay", str(junk)], env=env, capture_output=True,
                            text=True, timeout=30, check=False)
    assert (result.returncode, result.stderr.strip().splitlines()) == (
        2, [f"starlane: {junk}: not a Starlane replay"])
