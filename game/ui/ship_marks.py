"""What is written and drawn around the ships: each ship's name under it, and, when friends
fly from one machine, a ring in each local pilot's colour with its "P2" and health over its
ship, so that each player finds their own among the others; while a local pilot's ship is
out of play, where it fell says when it is back ("P2 back in 2.4 s (destroyed by Kestrel)").
The marks keep clear of the HUD's panels (the scoreboard top right): a mark that would sit
under one goes under its ship, or below the panel.

Names are rendered at the window's own pixels (``game.ui.pixels``) in one batch; rings
are drawn in arena units with the ships.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import arcade
import pyglet

from ..core import sim
from ..settings import Palette
from .hud import MARGIN
from .palette import ship_colour
from .pixels import Box, CanvasText, PixelCanvas

LABEL_DROP = 38  # a ship's name sits this far under it (canvas units)
MARK_RADIUS = sim.SHIP_RADIUS + 14  # the local pilot's ring, outside the spawn shield's
MARKED_DROP = LABEL_DROP + 14  # a ringed ship's name, under its ring
MARK_RISE = 46  # its "P2" sits this far over the ship's centre (canvas units)
PIP = (9, 5)  # a local pilot's health pip beside its "P2", canvas units
DIM = (70, 70, 80)  # a pip of health lost
CLEARANCE = 4  # a mark moved off a HUD panel sits this far below it (canvas units)
PIPS_UNDER = PIP[1] + 6  # a ringed ship's name drops this much more with its health under


@dataclass
class PilotMark:
    """A local pilot's ship: ``pid``, its ``label`` ("P2") and ``colour`` (RGB).
    ``waiting``: while the ship is out of play, the line that says when it is back (shown
    instead of its ring, at ``fell_at``, where the ship fell: x, y in arena units)."""

    pid: int
    label: str
    colour: tuple[int, int, int]
    waiting: str = ""
    fell_at: tuple[float, float] = (0.0, 0.0)


@dataclass
class Ring:
    """Where a pilot's ring is drawn (arena units), its colour and the ship's health;
    ``above``: its "P2" and health over the ring (False: under it, by the top edge)."""

    x: float
    y: float
    colour: tuple[int, int, int]
    hp: int
    above: bool


class ShipMarks:
    """Names under every ship and the local pilots' rings, placed once a frame
    (``place``) and drawn: ``draw_rings`` with the ships, ``draw_text`` over them."""

    def __init__(self, canvas: PixelCanvas) -> None:
        self.canvas = canvas
        self.texts = pyglet.graphics.Batch()
        self.names: dict[int, CanvasText] = {}  # by pid
        self.pilot_labels: dict[str, CanvasText] = {}  # by label ("P2")
        self.rings: list[Ring] = []

    def place(self, ships: list[sim.Ship], palette: Palette, mode: str,
              pilots: list[PilotMark], clear_of: Sequence[Box] = ()) -> None:
        """Each ship's name under it in its colour (its team's in ``mode`` "tdm"), kept
        whole inside the arena (slid in from an edge); the ring and label of each pilot
        in ``pilots`` whose ship is among ``ships``, and the waiting line of each whose
        ship is out of play; those marks clear of the ``clear_of`` panels."""
        by_pid = {ship.pid: ship for ship in ships}
        self.rings = []
        shown, ringed = set(), {}
        for mark in pilots:
            if (ship := by_pid.get(mark.pid)) is not None:
                ringed[ship.pid] = self._ring(ship, mark, clear_of)
            elif mark.waiting:
                label = self._text(self.pilot_labels, mark.label, mark.waiting, mark.colour, 13)
                self._put(label, *mark.fell_at)
                self._clear(label, clear_of)
            else:
                continue
            shown.add(mark.label)
        self._hide_others(self.pilot_labels, shown)
        for ship in ships:
            name = f"{ship.name} (bot)" if ship.bot else ship.name
            label = self._text(self.names, ship.pid, name, ship_colour(ship, mode, palette), 11)
            self._put(label, ship.x, max(ship.y - _name_drop(ringed.get(ship.pid)), MARGIN))
        self._hide_others(self.names, set(by_pid))

    def _ring(self, ship: sim.Ship, mark: PilotMark, clear_of: Sequence[Box]) -> bool:
        """The ring, health and "P2" of ``mark``'s ``ship``: the label over the ship, or
        under its name when over it is off the arena or under a panel. Returns whether the
        label (and the health) is over the ship."""
        label = self._text(self.pilot_labels, mark.label, mark.label, mark.colour, 13)
        above = ship.y + MARK_RISE <= sim.HEIGHT - MARGIN
        if above:
            self._put(label, ship.x, ship.y + MARK_RISE)
            above = self._covering(label, clear_of) is None
        if not above:
            self._put(label, ship.x, max(ship.y - _name_drop(False) - 18, MARGIN))
            self._clear(label, clear_of)
        self.rings.append(Ring(ship.x, ship.y, mark.colour, ship.hp, above))
        return above

    def _covering(self, label: CanvasText, panels: Sequence[Box]) -> Box | None:
        """The first of ``panels`` that ``label`` would sit under (None: none)."""
        return next((box for box in panels if label.left < box[1] and box[0] < label.right
                     and label.bottom < box[3] and box[2] < label.top), None)

    def _clear(self, label: CanvasText, panels: Sequence[Box]) -> None:
        """Move ``label`` down, under each of ``panels`` it would sit under."""
        while (box := self._covering(label, panels)) is not None:
            drop = (label.top - box[2]) / self.canvas.scale + CLEARANCE
            self.canvas.place(label, label.canvas_x, label.canvas_y - drop)

    def _text(self, texts: dict[Any, CanvasText], key: int | str, text: str,
              colour: tuple[int, int, int], size: float) -> CanvasText:
        label: CanvasText | None = texts.get(key)
        if label is None:
            label = texts[key] = self.canvas.text(self.texts, text, 0, 0, colour, size,
                                                  anchor_x="center", bold=size > 11)
        elif label.text != text:  # a bot renamed for a player who took its name
            label.text = text
        if tuple(label.color[:3]) != colour:  # a colour change re-uploads the label
            label.color = colour
        return label

    def _put(self, label: CanvasText, x: float, y: float) -> None:
        half = label.content_width / self.canvas.scale / 2 + MARGIN
        self.canvas.place(label, min(max(x, half), sim.WIDTH - half), y)
        label.visible = True

    @staticmethod
    def _hide_others(texts: dict[Any, CanvasText], shown: set[Any]) -> None:
        for key in set(texts) - shown:
            texts[key].visible = False

    def draw_rings(self) -> None:
        """In the arena's camera: a ring in each pilot's colour, and between it and the
        "P2" the pilot's health, a pip a hit point (the HUD bar shows P1's alone)."""
        width, height = PIP
        for ring in self.rings:
            arcade.draw_circle_outline(ring.x, ring.y, MARK_RADIUS, (*ring.colour, 230), 3)
            left = ring.x - (sim.MAX_HP * (width + 2) - 2) / 2
            bottom = ring.y + MARK_RADIUS + 3 if ring.above else \
                ring.y - MARK_RADIUS - 3 - height
            for n in range(sim.MAX_HP):
                x = left + n * (width + 2)
                arcade.draw_lrbt_rectangle_filled(x, x + width, bottom, bottom + height,
                                                  ring.colour if n < ring.hp else DIM)

    def draw_text(self) -> None:
        """In the canvas's camera (window pixels)."""
        self.texts.draw()


def _name_drop(ringed_above: bool | None) -> float:
    """How far under its ship a ship's name sits (canvas units): under the ring of a local
    pilot's ship (``ringed_above`` True: its "P2" and health over it), and under the health
    too when they are under the ring (False); None: a ship with no ring."""
    if ringed_above is None:
        return LABEL_DROP
    return MARKED_DROP if ringed_above else MARKED_DROP + PIPS_UNDER
