"""What a pilot whose ship is out of play reads (game.ui.hud.Downed): P1's line in the
middle of the arena, which names P1 while local pilots fly too, as each local pilot's
line by its ship names it. Pure text, no window."""

from starlane.game.core import modes
from starlane.game.ui.hud import Downed


def test_a_player_flying_alone_reads_the_centre_line_without_a_label():
    assert Downed("Kestrel", 2.1, False).line() == "Destroyed by Kestrel - respawning in 2.1 s"


def test_with_local_pilots_flying_p1_s_centre_line_says_it_is_p1_s():
    assert Downed("Kestrel", 2.1, False).line("P1") == \
        "P1 destroyed by Kestrel - respawning in 2.1 s"


def test_with_local_pilots_flying_p1_s_line_while_the_host_is_silent_says_it_is_p1_s():
    assert Downed("", None, False).line("P1") == \
        "P1 destroyed by an asteroid - respawning once the host answers"


def test_with_local_pilots_flying_p1_out_of_lives_is_told_so_as_p1():
    assert Downed(None, None, True).line("P1") == f"P1: {modes.OUT_OF_LIVES}"


def test_a_local_pilot_s_line_by_its_ship_says_when_it_is_back_and_by_whom():
    assert Downed("Kestrel", 2.4, False).pilot_line("P2") == \
        "P2 back in 2.4 s (destroyed by Kestrel)"
