"""A world drawn in the arena: the stars, the arena's scenery (the sun, the walls), the
rocks, the bullets, the ships in their colours (their team's in tdm) with their spawn
shields, the power-ups and who carries what, and the names under the ships with the
local pilots' marks. Shared by the game screen (``GameView``: what the session predicts)
and the replay viewer (``ReplayView``: what a recording held).

Positions are canvas units (the arena, ``sim.WIDTH`` x ``sim.HEIGHT``); draw the bodies
with the arena camera active and the texts with the ``PixelCanvas``'s (they are rendered
at the window's own pixels). Sprites are reused from frame to frame.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

import arcade

from .. import resources
from ..core import sim
from ..settings import Palette
from .arena_art import ArenaArt
from .palette import ship_colour
from .pixels import Box, PixelCanvas
from .powerup_art import PowerUpArt
from .ship_marks import PilotMark, ShipMarks

SHIELD_RADIUS = sim.SHIP_RADIUS + 8  # px: the ring drawn around a ship in its spawn shield


@dataclass(frozen=True)
class Picture:
    """What one frame shows: the living ``ships``, ``bullets``, ``rocks`` and power-up
    ``pickups``; ``tick``, the state's (None: no state yet, so no shields), and
    ``server_tick`` (fractional) where the powers' time left stands, ``arena_tick`` where
    the arena's moving parts stand (None: at ``server_tick``); the ``mode`` and ``arena``
    played; ``own``, the ship whose power's time shows
    (None: none), and the ``pilots`` of this machine to mark (none when one plays alone),
    their marks clear of the HUD's panels ``clear_of`` (``Hud.panels``)."""

    ships: Sequence[sim.Ship]
    bullets: Sequence[sim.Bullet]
    rocks: Sequence[sim.Asteroid]
    pickups: Sequence[sim.PowerUp]
    tick: int | None
    server_tick: float
    mode: str = "ffa"
    arena: str = "field"
    own: sim.Ship | None = None
    pilots: Sequence[PilotMark] = ()
    clear_of: Sequence[Box] = ()
    arena_tick: float | None = None


class Scene:
    """The arena's sprites: ``stars`` (fixed), ``ships``, ``bullets``, ``rocks`` (placed by
    ``place``), ``shields`` (x, y, colour of each shielded ship), the ``arena_art``, the
    ``powerup_art`` and the ``marks`` (names under ships, local pilots' rings, on
    ``canvas``)."""

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
        self.arena_art = ArenaArt()
        self.powerup_art = PowerUpArt(canvas)  # pickups, who carries what, own time
        self.marks = ShipMarks(canvas)  # names under ships, local pilots' rings
        self.arena, self.arena_tick = "field", 0.0

    def place(self, picture: Picture, palette: Palette) -> None:
        """Put the sprites where ``picture``'s bodies are, in ``palette``'s colours."""
        ships, mode = list(picture.ships), picture.mode
        _fit(self.ships, len(ships), self.ship_texture, 0.5)
        for sprite, ship in zip(self.ships, ships, strict=True):
            sprite.position = ship.x, ship.y
            sprite.angle = ship.angle
            sprite.color = ship_colour(ship, mode, palette)
        tick = picture.tick
        self.shields = [(s.x, s.y, ship_colour(s, mode, palette)) for s in ships
                        if tick is not None and s.shielded(tick)]
        self.marks.place(ships, palette, mode, list(picture.pilots), picture.clear_of)
        self.powerup_art.place(ships, list(picture.pickups), picture.own, picture.server_tick)
        self.arena = picture.arena
        self.arena_tick = picture.server_tick if picture.arena_tick is None \
            else picture.arena_tick
        _fit(self.bullets, len(picture.bullets), self.bullet_texture, 0.5)
        for sprite, bullet in zip(self.bullets, picture.bullets, strict=True):
            sprite.position = bullet.x, bullet.y
            sprite.angle = math.degrees(math.atan2(bullet.vx, bullet.vy)) - 90
        _fit(self.rocks, len(picture.rocks), self.rock_texture, 0.8)
        for sprite, rock in zip(self.rocks, picture.rocks, strict=True):
            sprite.position = rock.x, rock.y

    def draw_bodies(self, now: float) -> None:
        """The arena's scenery, the rocks, the power-ups waiting, the bullets, then the
        ships with their shields, marks and powers (the arena camera is active); ``now``
        (s) sets the pulse of the power-ups."""
        self.arena_art.draw(self.arena, self.arena_tick)
        self.rocks.draw()
        self.powerup_art.draw_pickups(now)
        self.bullets.draw()
        self.ships.draw()
        for x, y, colour in self.shields:  # the spawn shield: nothing hurts, or is hurt
            arcade.draw_circle_outline(x, y, SHIELD_RADIUS, (*colour, 170), 3)
        self.marks.draw_rings()
        self.powerup_art.draw_carriers(now)


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
