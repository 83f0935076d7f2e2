"""Power-ups on screen: the pickups waiting on the field, what each ship carries, and the
time left on one's own.

Each kind has its own colour and, for colour-blind eyes and the colour-blind palette, its
own shape (``GLYPHS``): a hexagon for the shield, a double chevron for rapid fire, a fan
of three rays for spread shot. A pickup is its glyph on a dark disc inside a pulsing ring.
A ship that carries a power wears its glyph in a badge above it, with an arc that shrinks
as the power runs out; a shield's carrier is also ringed by a turning hexagon (the spawn
shield is a plain circle in the ship's colour). One's own power and its seconds left are
written at the arena's bottom edge, in the middle, on a dark panel like the HUD's others
(the bar itself is full: health, key help, ping). Sizes are canvas units (arena pixels).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import arcade
import pyglet

from ..core import powerups, sim
from .hud import MARGIN, PANEL
from .pixels import PixelCanvas, backdrop

RGB = tuple[int, int, int]
COLOURS: dict[str, RGB] = {"shield": (86, 180, 233), "rapid": (240, 228, 66),
                           "spread": (230, 120, 200)}
"""Each kind's colour: told apart with colour-vision deficiency too (Okabe & Ito hues)."""
DISC = (8, 10, 24, 220)  # behind a glyph
PULSE_HZ = 1.5  # a pickup's ring breathes this many times a second
PICKUP_RING = powerups.PICKUP_RADIUS + 4  # the ring's mean radius
GLYPH = 9.0  # a pickup's glyph size (half its height)
BADGE = 8.5  # a carrier's badge glyph size
BADGE_RISE = 46.0  # the badge sits this far above its ship's centre
HEX_RING = sim.SHIP_RADIUS + 10  # a shield carrier's hexagon, outside the spawn shield's


def _hexagon(x: float, y: float, r: float, turn: float = 0.0) -> list[tuple[float, float]]:
    return [(x + r * math.cos(turn + k * math.pi / 3), y + r * math.sin(turn + k * math.pi / 3))
            for k in range(6)]


def _shield(x: float, y: float, s: float, colour: RGB) -> None:
    arcade.draw_polygon_filled(_hexagon(x, y, s * 0.6, math.pi / 6), (*colour, 110))
    arcade.draw_polygon_outline(_hexagon(x, y, s, math.pi / 6), colour, 2)


def _rapid(x: float, y: float, s: float, colour: RGB) -> None:
    for rise in (-0.45 * s, 0.35 * s):
        arcade.draw_line(x - 0.7 * s, y + rise - 0.4 * s, x, y + rise + 0.3 * s, colour, 2.5)
        arcade.draw_line(x, y + rise + 0.3 * s, x + 0.7 * s, y + rise - 0.4 * s, colour, 2.5)


def _spread(x: float, y: float, s: float, colour: RGB) -> None:
    for off in sim.SPREAD_DEGREES:
        ray = math.radians(off * 2.5)
        tip_x, tip_y = x + math.sin(ray) * 1.5 * s, y - 0.7 * s + math.cos(ray) * 1.5 * s
        arcade.draw_line(x, y - 0.7 * s, tip_x, tip_y, colour, 2)
        arcade.draw_circle_filled(tip_x, tip_y, 0.22 * s + 1, colour)


GLYPHS: dict[str, Callable[[float, float, float, RGB], None]] = {
    "shield": _shield, "rapid": _rapid, "spread": _spread}
"""Each kind's shape, drawn at (x, y) with size s (canvas units) in a colour."""


def draw_glyph(kind: str, x: float, y: float, size: float) -> None:
    """Kind ``kind``'s glyph on its dark disc (a kind this build does not know: a ring)."""
    colour = COLOURS.get(kind, (235, 235, 235))
    arcade.draw_circle_filled(x, y, size * 1.5, DISC)
    GLYPHS.get(kind, lambda gx, gy, s, c: arcade.draw_circle_outline(gx, gy, s, c, 2))(
        x, y, size, colour)


class PowerUpArt:
    """What to draw of power-ups this frame: ``pickups`` (waiting on the field),
    ``carriers`` (ship x, y, kind, fraction of the power left), and ``own`` (the own
    ship's power text, in ``texts``, drawn on ``canvas``)."""

    def __init__(self, canvas: PixelCanvas) -> None:
        self.texts = pyglet.graphics.Batch()
        self.canvas = canvas
        self.own = canvas.text(self.texts, "", sim.WIDTH / 2, MARGIN, (255, 255, 255), 13,
                               bold=True, anchor_x="center")
        self.pickups: list[sim.PowerUp] = []
        self.carriers: list[tuple[float, float, str, float]] = []

    def place(self, ships: list[sim.Ship], pickups: list[sim.PowerUp],
              own: sim.Ship | None, tick: float) -> None:
        """Take this frame's live ``ships``, the ``pickups`` and the own ship, at server
        tick ``tick`` (fractional)."""
        self.pickups = pickups
        self.carriers = [(s.x, s.y, s.power, powerups.seconds_left(s, tick) * sim.TICK_RATE
                          / powerups.POWER_TICKS) for s in ships if s.power]
        left = powerups.seconds_left(own, tick) if own is not None and own.alive else 0.0
        text = f"{powerups.LABELS[own.power]}  {left:.1f} s" \
            if own is not None and left > 0 and own.power in powerups.LABELS else ""
        if self.own.text != text:
            self.own.text = text
            self.own.color = COLOURS.get(own.power if own is not None else "", (255, 255, 255))

    def draw_pickups(self, now: float) -> None:
        """The pickups waiting on the field (the arena camera is active; drawn under the
        ships, as a ship flying over one takes it); ``now`` (s) sets the pulse."""
        pulse = math.sin(now * PULSE_HZ * 2 * math.pi)
        for pickup in self.pickups:
            colour = COLOURS.get(pickup.kind, (235, 235, 235))
            arcade.draw_circle_outline(pickup.x, pickup.y, PICKUP_RING + 3 * pulse,
                                       (*colour, 200), 2)
            draw_glyph(pickup.kind, pickup.x, pickup.y, GLYPH)

    def draw_carriers(self, now: float) -> None:
        """The carriers' marks, over their ships (the arena camera is active); ``now`` (s)
        turns a shield's hexagon."""
        for x, y, kind, left in self.carriers:
            colour = COLOURS.get(kind, (235, 235, 235))
            if kind == "shield":
                arcade.draw_polygon_outline(_hexagon(x, y, HEX_RING, now), (*colour, 200), 3)
            bx, by = x, min(y + BADGE_RISE, sim.HEIGHT - BADGE * 1.6)
            draw_glyph(kind, bx, by, BADGE)
            arcade.draw_arc_outline(bx, by, BADGE * 4, BADGE * 4, colour, 90,
                                    90 + 360 * max(0.0, min(left, 1.0)), 3)

    def draw_text(self) -> None:
        """The own power's text on its panel (the canvas camera is active)."""
        if self.own.text:
            backdrop([self.own], 6 * self.canvas.scale, PANEL)
            self.texts.draw()
