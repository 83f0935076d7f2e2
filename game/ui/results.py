"""Round HUD and the results screen drawn over the arena between rounds.

``round_status`` is the one-line round clock for the HUD; ``ResultsOverlay`` shows the
standings (bots marked; by team in tdm, by lives in lms: ``game.ui.standings``), who won,
and when the next round starts.
"""

from __future__ import annotations

import arcade
import pyglet

from ..core import modes, sim
from ..core.netstate import MatchState
from ..settings import Palette
from .palette import row_colour
from .pixels import PixelCanvas
from .standings import header, rows, team_standing

ROWS = 11  # 8 pilots and, in tdm, 2 teams' headers
GOLD = (255, 196, 0)
MONOSPACE = ("DejaVu Sans Mono", "Consolas", "Menlo", "Courier New")


def round_status(match: MatchState | None) -> str:
    if match is None:
        return ""
    if match.phase == "results":
        return f"Round {match.round} over - next round in {match.ends_in} s"
    minutes, seconds = divmod(match.ends_in, 60)
    goal = {"tdm": f"{team_standing(match)}   first team to {match.kills_to_win}",
            "lms": "last pilot standing"}.get(match.mode, f"first to {match.kills_to_win} kills")
    return f"Round {match.round}   {goal}   {minutes}:{seconds:02d} left"


def winner_line(match: MatchState, ships: dict[int, sim.Ship], my_pid: int | None) -> str:
    names = ["You" if pid == my_pid else ships[pid].name for pid in match.winners
             if pid in ships]
    if not names:
        return "A draw: nobody scored"
    if len(names) == 1:
        return f"{names[0]} win{'' if names[0] == 'You' else 's'} the round!"
    return f"Shared win: {', '.join(names)}"


class ResultsOverlay:
    """The standings panel, shown while the match's phase is "results"; its texts are on
    ``canvas`` (canvas units, rendered at the window's pixels)."""

    WIDTH, HEIGHT = 640, 500

    def __init__(self, canvas: PixelCanvas) -> None:
        self.canvas = canvas
        self.visible = False
        self.batch = pyglet.graphics.Batch()
        cx, top = sim.WIDTH / 2, sim.HEIGHT / 2 + self.HEIGHT / 2
        left = cx - 215
        self.title = canvas.text(self.batch, "", cx, top - 56, GOLD, 30, anchor_x="center",
                                 bold=True)
        self.winner = canvas.text(self.batch, "", cx, top - 100, (255, 255, 255), 20,
                                  anchor_x="center")
        self.header = canvas.text(self.batch, "", left, top - 150, (150, 160, 190), 15,
                                  font_name=MONOSPACE)
        self.rows = [canvas.text(self.batch, "", left, top - 180 - 26 * i, (235, 235, 235),
                                 15, font_name=MONOSPACE) for i in range(ROWS)]
        self.next_round = canvas.text(self.batch, "", cx, top - self.HEIGHT + 28,
                                      (150, 160, 190), 15, anchor_x="center")

    def update(self, match: MatchState | None, world: sim.World | None,
               my_pid: int | None, palette: Palette = "classic") -> None:
        self.visible = match is not None and world is not None and match.phase == "results"
        if not self.visible or match is None or world is None:
            return
        self.title.text = f"ROUND {match.round} RESULTS"
        team = modes.winning_team(world, list(match.winners))
        self.winner.text = f"{team} wins the round! ({team_standing(match)})" if team \
            else winner_line(match, world.ships, my_pid)
        self.header.text = f"    {header(match.mode)}"
        listed, rank = rows(world, match), 0
        for n, text in enumerate(self.rows):
            row = listed[n] if n < len(listed) else None
            rank = 0 if row is not None and row.team is not None else rank + 1
            mark = "*" if row is not None and row.pid in match.winners else " "
            text.text = "" if row is None else f"{mark}{rank or '':>2} {row.text}"
            colour = (255, 196, 0) if row is not None and row.pid == my_pid else (
                row_colour(None if row is None else row.team, palette, (235, 235, 235)))
            if tuple(text.color[:3]) != colour:
                text.color = (*colour, 255)
        self.next_round.text = f"Next round in {match.ends_in} s - scores reset, " \
                               "everyone respawns"

    def draw(self) -> None:
        if not self.visible:
            return
        cx, cy = sim.WIDTH / 2, sim.HEIGHT / 2
        left, bottom = self.canvas.pixels(cx - self.WIDTH / 2, cy - self.HEIGHT / 2)
        right, top = self.canvas.pixels(cx + self.WIDTH / 2, cy + self.HEIGHT / 2)
        arcade.draw_lrbt_rectangle_filled(left, right, bottom, top, (8, 12, 34, 230))
        arcade.draw_lrbt_rectangle_outline(left, right, bottom, top, GOLD, 2)
        self.batch.draw()
