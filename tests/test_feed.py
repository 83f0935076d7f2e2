"""The feed's words: what a player reads about others, and about themself."""

import pytest

from starlane.game.core.feed import line


def test_a_player_who_left_is_said_to_have_left_once():
    assert line({"kind": "leave", "name": "Draco 64", "reason": "left"}) == "Draco 64 left"


def test_a_leave_for_another_reason_gives_the_reason():
    assert line({"kind": "leave", "name": "Draco 64", "reason": "timed out"}) == \
        "Draco 64 left (timed out)"


def test_a_player_reads_about_their_own_return_in_the_second_person():
    assert line({"kind": "back", "name": "Draco 64"}, own_name="Draco 64") == \
        "You are back in the game"


@pytest.mark.parametrize(("kind", "said"), [("lost", "You lost connection"),
                                             ("join", "You joined")])
def test_a_player_resuming_reads_how_their_seat_was_lost_in_the_second_person(kind, said):
    assert line({"kind": kind, "name": "Draco 64"}, own_name="Draco 64") == said


def test_another_players_return_is_said_by_name():
    assert line({"kind": "back", "name": "Vega"}, own_name="Draco 64") == "Vega is back"
