"""Issue 22's friends on one machine, in one real window under Xvfb: two local players
(P1 and P2) joined to a server process's game, steered from one keyboard through XTEST
(tests/local_pilots_drive.py). Screenshots land in artifacts/screenshots/local/ to be
looked at: each pilot's ship ringed in its colour with its "P1"/"P2", the bar's help
naming each pilot's keys, the Esc menu's Remove P2."""

from pathlib import Path

import pytest

from tests.helpers import drive_window, headless_server

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "artifacts" / "screenshots" / "local"


@pytest.fixture(scope="module")
def drive(display, tmp_path_factory):
    """What the drive said, one ``what: value`` line each (it runs once for the module)."""
    with headless_server("--bots", "0") as (port, _server):
        return drive_window("local_pilots_drive.py", display,
                            tmp_path_factory.mktemp("config"), str(port), str(OUT))


def test_adding_a_local_player_on_the_start_screen_says_who_flies_with_which_keys(drive):
    assert drive["start says"] == (
        "Added P2 Vega 2: Up Left Down Right, Right Ctrl or Enter to fire. "
        "P1 Vega: W A S D, Space to fire.")


def test_both_local_pilots_take_their_own_seat_in_the_game_joined(drive):
    assert drive["seats"] == "['Vega', 'Vega 2']"
    assert drive["help"].startswith("P1 Vega: W A S D, Space to fire    P2 Vega 2: Up")


def test_one_keyboard_steers_both_pilots_each_with_its_half(drive):
    assert drive["P1 holds"] == "['up']" and drive["P2 holds"] == "['left']"
    p1_moved, p1_turned = float(drive["P1 moved px"]), float(drive["P1 turned deg"])
    p2_moved, p2_turned = float(drive["P2 moved px"]), float(drive["P2 turned deg"])
    assert p1_moved > 20 and p1_turned == 0  # thrust only
    assert p2_turned != 0 and p2_moved < p1_moved  # turned in place
    assert drive["P2 fired"] == "yes"


def test_removing_p2_from_the_esc_menu_leaves_p1_playing_alone(drive):
    assert drive["after remove"] == "1 ship, P1 playing"


def test_a_local_player_added_from_the_esc_menu_joins_the_game_at_once(drive):
    assert drive["added in game"] == "['Vega', 'Vega 2']"


def test_the_settings_rebind_a_local_players_keys_and_remember_its_marker_and_name(drive):
    assert drive["settings page"] == "Keys of P2 (Lyra): click for the next player"
    assert drive["P2 saved"] == "['U', 'UP'] magenta Lyra"
    assert drive["P2 steers with"] == "P2 Lyra: U Left S Right, Right Ctrl or Enter to fire"


def test_a_key_bound_for_two_pilots_is_said_to_steer_the_local_player(drive):
    assert drive["shared key"] == ("Reverse: S or Down. S is P1's too: with both flying, it "
                                   "steers P2.")


def test_a_local_player_added_takes_the_gamepad_nobody_uses_and_steers_with_it(drive):
    assert drive["P3 pad"] == ("P3 Vega 3: I J K L, H to fire (and a gamepad)")
    assert drive["others hold"] == "[]"
    assert drive["pads"] == "Test pad (P3)"
