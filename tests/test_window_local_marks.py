"""Issue 22's friends on one machine, the marks around a local pilot's ship, in one real
window under Xvfb (tests/local_marks_drive.py): P2's countdown where its ship fell, its
"P2" kept clear of the scoreboard, the Esc menu's keys text centred, and the Settings
screen's word on renaming. Screenshots land in artifacts/screenshots/local/ to be looked
at: p2-by-the-scoreboard, p2-destroyed, menu-keys-centred."""

import re
from pathlib import Path

import pytest

from tests.helpers import drive_window

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "artifacts" / "screenshots" / "local"


@pytest.fixture(scope="module")
def drive(display, tmp_path_factory):
    """What the drive said, one ``what: value`` line each (it runs once for the module)."""
    return drive_window("local_marks_drive.py", display, tmp_path_factory.mktemp("config"),
                        str(OUT))


def test_a_destroyed_local_pilot_is_told_where_its_ship_fell_when_it_is_back_and_by_whom(
        drive):
    assert re.fullmatch(r"P2 back in \d\.\d s \(destroyed by Kestrel\)", drive["P2 waits"])
    assert drive["P2 waits where it fell"] == "True"
    assert drive["P2 waits in its colour"] == "True"


def test_a_local_pilot_s_countdown_is_not_p1_s_and_goes_when_its_ship_is_back(drive):
    assert drive["P1's centre line"] == "''"
    assert drive["P2 back"] == "P2"


def test_p1_s_centre_line_names_p1_while_a_local_pilot_flies_too(drive):
    assert re.fullmatch(r"P1 destroyed by Kestrel - respawning in \d\.\d s",
                        drive["P1 destroyed"])


def test_each_local_pilot_s_health_shows_by_its_ship(drive):
    assert drive["health pips"] == "[3, 3]"


def test_a_local_pilot_s_label_by_the_scoreboard_goes_under_its_ship_clear_of_it(drive):
    assert drive["P2 label"] == "under its ship"
    assert drive["P2 label clear of the scoreboard"] == "True"


def test_the_esc_menu_s_keys_text_is_centred_under_its_buttons(drive):
    assert drive["keys label centred under the buttons"] == "True"
    assert drive["keys text drawn aligned"] == "center"


def test_the_settings_say_a_local_pilot_s_new_name_applies_from_the_next_game(drive):
    assert drive["P2 name note"].endswith("applies from the next game):")
