"""A world drawn in the arena: the stars, the ships in their colours with their names and
spawn shields, the bullets and the rocks. Shared by the game screen (``GameView``: what the
session predicts) and the replay viewer (``ReplayView``: what a recording held).

Positions are canvas units (the arena, ``sim.WIDTH`` x ``sim.HEIGHT``); draw the bodies
with the arena camera active and the names with the ``PixelCanvas``'s (they are rendered
at the window's own pixels). Sprites are reused from frame to frame.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import arcade
import pyglet

from .. import resources
from ..core import sim
from ..settings import Palette
from .hud import MARGIN
from .palette import colour_of
from .pixels import CanvasText, PixelCanvas

LABEL_DROP = 38  # a ship's name sits this far under it (canvas units)
SHIELD_RADIUS = sim.SHIP_RADIUS + 8  # px: the ring drawn around a ship in its spawn shield


class Scene:
    """The arena's sprites: ``stars`` (fixed), ``ships``, ``bullets``, ``rocks`` (placed by
    ``place``), ``shields`` (x, y, colour of each shielded ship), ``labels`` (each ship's
    name by pid, on ``canvas``) drawn in one call from ``label_texts``."""

    def __init__(self, canvas: PixelCanvas) -> None:
        self.canvas = canvas
        self.ship_texture = arcade.load_texture(resources.image("ship.png"))
        self.bullet_texture = arcade.load_texture(resources.image("laserBlue01.png"))
        self.rock_texture = arcade.load_texture(resources.image("meteorGrey_big1.png"))
        self.stars: arcade.SpriteList[arcade.Sprite] = arcade.SpriteList()
        rng = random.Random(7)
        for _ in range(160):
            star = arcade.SpriteSolidColor(2, 2, color=(200, 200, 255, rng.randint(60, 200)))
            star.position = rng.uniform(0, sim.WIDTH), rng.uniform(0, sim.HEIGHT)
            self.stars.append(star)
        self.ships: arcade.SpriteList[arcade.Sprite] = arcade.SpriteList()
        self.shields: list[tuple[float, float, tuple[int, int, int]]] = []  # x, y, colour
        self.bullets: arcade.SpriteList[arcade.Sprite] = arcade.SpriteList()
        self.rocks: arcade.SpriteList[arcade.Sprite] = arcade.SpriteList()
        self.labels: dict[int, CanvasText] = {}  # names under ships...
        self.label_texts = pyglet.graphics.Batch()  # ...drawn in one call, under the HUD

    def place(self, ships: Sequence[sim.Ship], tick: int | None,
              bullets: Sequence[sim.Bullet], rocks: Sequence[sim.Asteroid],
              palette: Palette) -> None:
        """Put the sprites where the bodies are: ``ships`` (the living ones), shielded as of
        ``tick`` (None: no state yet, so no shields)."""
        _fit(self.ships, len(ships), self.ship_texture, 0.5)
        for sprite, ship in zip(self.ships, ships, strict=True):
            sprite.position = ship.x, ship.y
            sprite.angle = ship.angle
            sprite.color = colour_of(ship.pid, palette)
        self.shields = [(s.x, s.y, colour_of(s.pid, palette)) for s in ships
                        if tick is not None and s.shielded(tick)]
        self._place_labels(ships, palette)
        _fit(self.bullets, len(bullets), self.bullet_texture, 0.5)
        for sprite, bullet in zip(self.bullets, bullets, strict=True):
            sprite.position = bullet.x, bullet.y
            sprite.angle = math.degrees(math.atan2(bullet.vx, bullet.vy)) - 90
        _fit(self.rocks, len(rocks), self.rock_texture, 0.8)
        for sprite, rock in zip(self.rocks, rocks, strict=True):
            sprite.position = rock.x, rock.y

    def _place_labels(self, ships: Sequence[sim.Ship], palette: Palette) -> None:
        """Each ship's name under it, kept whole inside the arena (slid in from an
        edge)."""
        shown = set()
        for ship in ships:
            label = self.labels.get(ship.pid)
            name = f"{ship.name} (bot)" if ship.bot else ship.name
            if label is None:
                label = self.labels[ship.pid] = self.canvas.text(
                    self.label_texts, name, 0, 0, (255, 255, 255), 11, anchor_x="center")
            elif label.text != name:  # a bot renamed for a player who took its name
                label.text = name
            colour = colour_of(ship.pid, palette)
            if tuple(label.color[:3]) != colour:  # a colour change re-uploads the label
                label.color = colour
            half = label.content_width / self.canvas.scale / 2 + MARGIN
            self.canvas.place(label, min(max(ship.x, half), sim.WIDTH - half),
                              max(ship.y - LABEL_DROP, MARGIN))
            label.visible = True
            shown.add(ship.pid)
        for pid in set(self.labels) - shown:
            self.labels[pid].visible = False

    def draw_bodies(self) -> None:
        """The rocks, the bullets, then the ships and their shields (the arena camera is
        active)."""
        self.rocks.draw()
        self.bullets.draw()
        self.ships.draw()
        for x, y, colour in self.shields:  # the spawn shield: nothing hurts, or is hurt
            arcade.draw_circle_outline(x, y, SHIELD_RADIUS, (*colour, 170), 3)


def arena_camera(viewport: arcade.types.Rect, canvas: tuple[float, float], below: float
                 ) -> arcade.Camera2D:
    """A camera showing a canvas of ``canvas`` (width, height) units whose arena (from
    y = 0 up) has ``below`` units of bars under it, in ``viewport`` (framebuffer pixels)."""
    width, height = canvas
    return arcade.Camera2D(viewport=viewport, position=(width / 2, height / 2 - below),
                           projection=arcade.LRBT(-width / 2, width / 2, -height / 2,
                                                  height / 2))


def _fit(sprites: arcade.SpriteList, count: int, texture: arcade.Texture, scale: float) -> None:
    """Grow or shrink a sprite list to ``count`` sprites (sprites are reused each frame)."""
    while len(sprites) < count:
        sprites.append(arcade.Sprite(texture, scale=scale))
    while len(sprites) > count:
        sprites.pop()
