"""Ship colours: the classic set, and one that stays distinct with colour-vision deficiency.

The safe set is Okabe & Ito's (2008) palette, told apart under protanopia, deuteranopia
and tritanopia, with white in place of its black (the arena is dark). Either way each
ship's name is written under it in its colour, so colour is never the only cue.
"""

from __future__ import annotations

from ..settings import Palette

RGB = tuple[int, int, int]

PALETTES: dict[Palette, list[RGB]] = {
    "classic": [(255, 99, 71), (100, 181, 246), (129, 199, 132), (255, 213, 79),
                (186, 104, 200), (77, 208, 225), (255, 138, 101), (240, 98, 146)],
    "colour-blind safe": [(230, 159, 0), (86, 180, 233), (0, 158, 115), (240, 228, 66),
                          (0, 114, 178), (213, 94, 0), (204, 121, 167), (235, 235, 235)],
}


def colour_of(pid: int, palette: Palette) -> RGB:
    """The colour of player ``pid``'s ship and name."""
    colours = PALETTES[palette]
    return colours[pid % len(colours)]
