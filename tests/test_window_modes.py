"""The modes in the real window under Xvfb, driven by tests/modes_tour.py: the Host panel
with mode, lives, arena and power-ups at 960x540, 1280x720 and 1920x1080; a two-team
scoreboard and results; a last-pilot-standing pilot out of lives, watching. Screenshots
land in artifacts/screenshots/modes/ to be looked at."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from starlane.game.core import modes

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "artifacts" / "screenshots" / "modes"


@pytest.fixture(scope="module")
def tour(display, tmp_path_factory):
    """What the tour said, one ``what: value`` line each (it runs once for the module)."""
    env = {**os.environ, "DISPLAY": display,
           "XDG_CONFIG_HOME": str(tmp_path_factory.mktemp("config"))}
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "modes_tour.py"), str(OUT)],
                            env=env, capture_output=True, text=True, timeout=150)
    assert result.returncode == 0 and result.stdout.endswith("done\n"), \
        result.stdout + result.stderr
    return dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)


def test_the_lan_list_shows_a_matchs_mode_and_arena(tour):
    assert tour["listed"].split()[:5] == ["Friday", "night", "tdm", "sun", "0/8"]


@pytest.mark.parametrize("width", [960, 1280, 1920])
def test_the_host_panel_with_the_new_choices_fits_each_window_size(tour, width):
    assert tour[f"panel fits at {width}"] == "True"
    assert (OUT / f"host-panel-{width}.png").exists()


def test_the_host_panel_shows_what_was_chosen_and_dims_lives_outside_lms(tour):
    assert json.loads(tour["panel"]) == ["Two teams", "3", "Walls", "Off", "1", "3", "Hard"]
    assert tour["lives dimmed"] == "True"


def test_the_game_hosted_from_the_panel_plays_the_chosen_mode_and_arena(tour):
    assert "mode='tdm'" in tour["hosted"] and "arena='walls'" in tour["hosted"]
    assert "powerups=False" in tour["hosted"]


def test_the_tdm_scoreboard_groups_the_pilots_under_their_teams(tour):
    rows = json.loads(tour["tdm scores"])
    red, blue = rows.index(next(r for r in rows if r.startswith("RED TEAM"))), \
        rows.index(next(r for r in rows if r.startswith("BLUE TEAM")))
    assert red == 1 and blue - red - 1 == 2 and len(rows) - blue - 1 == 2


def test_tdm_ships_wear_two_team_colours_and_the_clock_shows_the_team_scores(tour):
    assert tour["tdm ship colours"] == "2"
    assert re.search(r"Red \d+ : \d+ Blue   first team to 1 ", tour["tdm round"])


def test_the_tdm_results_name_the_winning_team(tour):
    assert tour["tdm winner"].endswith("team wins the round! (Red 1 : 0 Blue)") or \
        tour["tdm winner"].endswith("team wins the round! (Red 0 : 1 Blue)")
    assert sum(r.lstrip("* ").startswith(("RED TEAM", "BLUE TEAM"))
               for r in json.loads(tour["tdm results"])) == 2
    assert any(re.fullmatch(r"Round 1 over: (Red|Blue) team wins", line)
               for line in json.loads(tour["tdm feed"]))


def test_an_lms_pilot_out_of_lives_is_told_it_watches_until_the_round_ends(tour):
    assert tour["lms panel lives"] == "1"
    assert tour["lms centre"] == modes.OUT_OF_LIVES
    assert any(row.startswith("Vega ") and row.split()[1] == "out"
               for row in json.loads(tour["lms scores"]))
    assert "last pilot standing" in tour["lms round"]
