"""Round HUD and the results screen drawn over the arena between rounds.

``round_status`` is the one-line round clock for the HUD; ``ResultsOverlay`` shows the
standings (bots marked), who won, and when the next round starts.
"""

from __future__ import annotations

import arcade
import pyglet

from starlane.net import NAME_MAX

from ..core import sim
from ..core.netstate import MatchState
from .pixels import PixelCanvas

ROWS = 9
GOLD = (255, 196, 0)
MONOSPACE = ("DejaVu Sans Mono", "Consolas", "Menlo", "Courier New")


def round_status(match: MatchState | None) -> str:
    if match is None:
        return ""
    if match.phase == "results":
        return f"Round {match.round} over - next round in {match.ends_in} s"
    minutes, seconds = divmod(match.ends_in, 60)
    return f"Round {match.round}   first to {match.kills_to_win} kills   " \
           f"{minutes}:{seconds:02d} left"


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

    WIDTH, HEIGHT = 640, 440

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
        self.header = canvas.text(self.batch, f"    {'PILOT':{NAME_MAX}} {'KILLS':>5}  "
                                  f"{'DEATHS':>6}", left, top - 150, (150, 160, 190), 15,
                                  font_name=MONOSPACE)
        self.rows = [canvas.text(self.batch, "", left, top - 180 - 26 * i, (235, 235, 235),
                                 15, font_name=MONOSPACE) for i in range(ROWS)]
        self.next_round = canvas.text(self.batch, "", cx, top - self.HEIGHT + 28,
                                      (150, 160, 190), 15, anchor_x="center")

    def update(self, match: MatchState | None, world: sim.World | None,
               my_pid: int | None) -> None:
        self.visible = match is not None and world is not None and match.phase == "results"
        if not self.visible or match is None or world is None:
            return
        ships = sorted(world.ships.values(), key=lambda s: (-s.score, s.deaths, s.name))
        self.title.text = f"ROUND {match.round} RESULTS"
        self.winner.text = winner_line(match, world.ships, my_pid)
        for n, text in enumerate(self.rows):
            if n >= len(ships):
                text.text = ""
                continue
            ship = ships[n]
            name = f"{ship.name[:NAME_MAX - 6]} (bot)" if ship.bot else ship.name
            mark = "*" if ship.pid in match.winners else " "
            text.text = f"{mark}{n + 1:>2} {name:{NAME_MAX}} {ship.score:>5}  {ship.deaths:>6}"
            text.color = (255, 196, 0, 255) if ship.pid == my_pid else (235, 235, 235, 255)
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
