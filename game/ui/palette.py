"""Ship colours: the classic set, and one that stays distinct with colour-vision deficiency.

The safe set is Okabe & Ito's (2008) palette, told apart under protanopia, deuteranopia
and tritanopia, with white in place of its black (the arena is dark). Either way each
ship's name is written under it in its colour, so colour is never the only cue.
"""

from __future__ import annotations

from ..core import sim
from ..settings import Palette

RGB = tuple[int, int, int]

PALETTES: dict[Palette, list[RGB]] = {
    "classic": [(255, 99, 71), (100, 181, 246), (129, 199, 132), (255, 213, 79),
                (186, 104, 200), (77, 208, 225), (255, 138, 101), (240, 98, 146)],
    "colour-blind safe": [(230, 159, 0), (86, 180, 233), (0, 158, 115), (240, 228, 66),
                          (0, 114, 178), (213, 94, 0), (204, 121, 167), (235, 235, 235)],
}


TEAM_COLOURS: dict[Palette, tuple[RGB, RGB]] = {
    "classic": ((239, 68, 68), (66, 135, 245)),
    "colour-blind safe": ((213, 94, 0), (86, 180, 233)),  # Okabe & Ito vermilion, sky blue
}
"""The two teams' colours (``tdm``, ``game.modes.TEAM_NAMES``: red, blue): told apart in
either palette (vermilion and sky blue differ in lightness too, under every deficiency)."""


def team_colour(team: int, palette: Palette) -> RGB:
    return TEAM_COLOURS[palette][team % len(TEAM_COLOURS[palette])]


def row_colour(team: int | None, palette: Palette, plain: RGB) -> RGB:
    """A standings row's colour (the HUD's scoreboard, the results): a team's header row
    (``team``, ``game.ui.standings.Row``) in its team's colour, any other row ``plain``."""
    return plain if team is None else team_colour(team, palette)


def ship_colour(ship: sim.Ship, mode: str, palette: Palette) -> RGB:
    """The colour of a ship and its name: its team's in ``tdm``, else its own."""
    return team_colour(ship.team, palette) if mode == "tdm" else colour_of(ship.pid, palette)


def colour_of(pid: int, palette: Palette) -> RGB:
    """The colour of player ``pid``'s ship and name."""
    colours = PALETTES[palette]
    return colours[pid % len(colours)]
