"""The rough edges a new player met in the window (issue 21), driven by tests/ui_tour.py in
one real window under Xvfb at 960x540, 1280x720 and 1920x1080. Its screenshots land in
artifacts/screenshots/tour/ to be looked at: text at the window's own pixels at each size
(the text fields' too: start-typed-*.png, start-selected-*.png), the chat panel apart
from the kill feed, the F3 graph under the ships."""

import json
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers import tour_fixture

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "artifacts" / "screenshots" / "tour"


tour = tour_fixture("ui_tour.py", OUT)


def test_the_name_field_keeps_what_the_game_keeps_and_says_so(tour):
    assert tour["name field"] == "Commander Vega of the Ou"  # NAME_MAX, 24
    assert tour["start status"] == "A name is at most 24 characters: the rest is left out."


@pytest.mark.parametrize("width", [960, 1920])
def test_a_click_in_a_text_field_puts_the_caret_where_it_lands_and_typing_goes_there(tour,
                                                                                    width):
    assert tour[f"typed at {width}"] == "VeXYga"


@pytest.mark.parametrize("width", [960, 1920])
def test_text_selected_by_dragging_over_it_is_replaced_by_what_is_typed(tour, width):
    assert tour[f"typed over the selection at {width}"] == "VZa"


@pytest.mark.parametrize("width", [960, 1920])
def test_a_password_field_shows_a_dot_for_each_character_and_keeps_what_was_typed(tour, width):
    assert tour[f"password at {width}"] == "\u2022" * 9 + " holds swordfish"


def test_only_window_sizes_that_fit_the_screen_are_offered_in_a_short_label(tour):
    assert json.loads(tour["sizes offered"]) == [  # on a 1280x800 screen
        "Windowed size: 1280 x 720", "Windowed size: 960 x 540", "Windowed size: 1280 x 720"]


def test_a_key_taken_from_another_action_is_said(tour):
    assert tour["rebound"] == \
        "Fire: Left or Space. Left no longer does 'turn left', which now has A."


def test_chat_has_its_own_panel_and_the_kill_feed_keeps_its_lines(tour):
    chat = json.loads(tour["chat rows"])
    assert chat[-2:] == ["Orion: a line long enough to wrap onto a second row of the chat",
                         "panel, which keeps it whole"]
    assert not any(":" in line for line in json.loads(tour["feed rows"]))


def test_the_open_chat_scrolls_back_to_the_first_line(tour):
    assert json.loads(tour["scrolled"])[:2] == [
        "Vega: glhf all", "Talon: line 1 of an old conversation"]
    assert tour["hint"] == "CHAT  Up / Down: scroll the last 50 lines"


def test_the_mouse_wheel_scrolls_the_open_chat_too(tour):
    assert json.loads(tour["wheeled"])[0] == "Talon: line 2 of an old conversation"


def test_back_to_the_game_from_settings_lands_in_play_not_the_menu(tour):
    assert tour["after 'Back to the game'"] == "menu closed"


def test_leaving_is_said_calmly(tour):
    assert tour["left"] == "You left the game. in (150, 160, 190)"  # MUTED, not ERROR red


def test_ship_names_show_whole(tour):
    names = json.loads(tour["names"])  # of the ships alive at that moment
    assert len(names) >= 2 and all(n == "Vega" or n.endswith(" (bot)") for n in names)


def test_a_name_at_the_arena_edge_slides_in_whole(tour):
    name, left = tour["edge name"].removesuffix(" px").split(" from ")
    assert name == "Vega" and int(left) >= 0  # its left end inside the arena's pixels


@pytest.mark.parametrize("size", [(960, 540), (1280, 720), (1920, 1080)])
def test_the_game_is_drawn_at_each_window_size(tour, size):
    image = Image.open(OUT / f"game-{size[0]}.png").convert("RGB")
    assert image.size == size and len(image.getcolors(1 << 20) or []) > 20


@pytest.mark.parametrize("size", [(960, 540), (1920, 1080)])
def test_the_start_screen_with_typed_fields_is_drawn_at_each_window_size(tour, size):
    image = Image.open(OUT / f"start-typed-{size[0]}.png").convert("RGB")
    assert image.size == size and len(image.getcolors(1 << 20) or []) > 20
