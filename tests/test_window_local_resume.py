"""Issue 22's friends on one machine after a crash, in a real window under Xvfb
(tests/local_resume_drive.py): the game killed with P1 and P2 in a match, started again,
adds P2 back by itself, and each pilot resumes its own seat."""

import pytest

from tests.helpers import drive_window, headless_server


@pytest.fixture(scope="module")
def drives(display, tmp_path_factory):
    """What the killed game said, and what the game started again said."""
    config = tmp_path_factory.mktemp("config")
    with headless_server("--bots", "0") as (port, _server):
        killed = drive_window("local_resume_drive.py", display, config, "crash", str(port))
        again = drive_window("local_resume_drive.py", display, config, "again", str(port))
    return killed, again


def test_a_game_started_again_adds_back_the_local_player_it_had(drives):
    _, again = drives
    assert again["flying from here"] == "Add local player (2 here)"


def test_each_pilot_of_a_killed_game_resumes_its_own_seat_when_it_is_started_again(drives):
    killed, again = drives
    assert "Vega 2" in killed["seats"] and again["seats"] == killed["seats"]
