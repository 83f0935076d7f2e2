"""The scoreboard's and the results' text per mode (game.ui.standings), and the team
colours (game.ui.palette): pure, no window."""

from starlane.game.core import sim
from starlane.game.core.netstate import MatchState
from starlane.game.ui.palette import TEAM_COLOURS, colour_of, row_colour, ship_colour
from starlane.game.ui.standings import header, rows, team_standing


def world_of(mode, *pilots):
    """A world in ``mode`` with ``pilots``: (name, team, lives, kills) each."""
    world = sim.World(mode=mode)
    for name, team, lives, kills in pilots:
        ship = sim.add_ship(world, name)
        ship.team, ship.lives, ship.score = team, lives, kills
    return world


def match_of(mode, teams=()):
    return MatchState(1, "playing", 10, 60, (), mode=mode, teams=teams)


def test_tdm_rows_list_each_team_under_its_header_and_total():
    world = world_of("tdm", ("Vega", 1, 0, 2), ("Orion", 0, 0, 1), ("Lyra", 1, 0, 0))
    texts = [row.text.split()[:3] for row in rows(world, match_of("tdm", (1, 2)))]
    assert texts == [["RED", "TEAM", "1"], ["Orion", "1", "0"],
                     ["BLUE", "TEAM", "2"], ["Vega", "2", "0"], ["Lyra", "0", "0"]]


def test_a_team_header_row_says_which_team_it_heads():
    world = world_of("tdm", ("Vega", 1, 0, 2))
    assert [row.team for row in rows(world, match_of("tdm", (0, 2)))] == [0, 1, None]


def test_lms_rows_rank_by_lives_then_kills_and_say_out_when_none_are_left():
    world = world_of("lms", ("Vega", 0, 0, 3), ("Orion", 0, 2, 0), ("Lyra", 0, 2, 1))
    assert header("lms").split() == ["PILOT", "LIVES", "KILLS"]
    assert [row.text.split() for row in rows(world, match_of("lms"))] == [
        ["Lyra", "2", "1"], ["Orion", "2", "0"], ["Vega", "out", "3"]]


def test_the_round_clock_shows_the_team_score_in_tdm_only():
    assert team_standing(match_of("tdm", (3, 5))) == "Red 3 : 5 Blue"
    assert team_standing(match_of("ffa")) == ""


def luminance(rgb):
    """Relative luminance (WCAG 2), 0 to 1."""
    def linear(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_colour_blind_team_colours_differ_in_lightness_too():
    red, blue = sorted(TEAM_COLOURS["colour-blind safe"], key=luminance)
    assert (luminance(blue) + 0.05) / (luminance(red) + 0.05) >= 1.5


def test_in_tdm_a_ship_wears_its_teams_colour_in_either_palette_else_its_own():
    ship = sim.Ship(7, "Vega", 0.0, 0.0, team=1)
    for palette, (_, blue) in TEAM_COLOURS.items():
        assert ship_colour(ship, "tdm", palette) == blue
        assert ship_colour(ship, "ffa", palette) == colour_of(7, palette)


def test_the_scoreboards_team_headers_take_their_teams_colour_in_either_palette():
    world = world_of("tdm", ("Vega", 1, 0, 2), ("Orion", 0, 0, 1))
    white = (255, 255, 255)
    for palette, (red, blue) in TEAM_COLOURS.items():
        colours = [row_colour(row.team, palette, white)
                   for row in rows(world, match_of("tdm", (1, 2)))]
        assert colours == [red, white, blue, white]
