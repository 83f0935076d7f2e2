"""The arena's own scenery, under the ships: the sun with its glow and the faint rings of
its pull drifting inward, or the walls (the sliding ones with the track they slide on).

Everything is drawn from ``game.core.arenas`` at the server's tick as the client estimates
it, so what a player sees is where the server's ships bounce and burn. Arena units (px).
"""

from __future__ import annotations

import math

import arcade
from PIL import Image, ImageDraw

from ..client.prediction import ClientWorld
from ..core import arenas

GLOW_REACH = 3.2  # the glow fades out this many sun radii from the centre
GLOW_PIXELS = 256  # the glow texture's size (square)
RING_PULLS = (20.0, 300.0)  # px/s^2: the pull at the outermost and innermost ring
RINGS = 6
RING_DRIFT_TICKS = 90  # a ring takes this long to drift in to the next one's place
STILL_AFTER_TICKS = 2  # the walls stop this far past the newest state (a paused game)
WALL_FILL = (78, 96, 128)
WALL_EDGE = (150, 176, 214)
SLIDER_EDGE = (226, 180, 92)
TRACK = (226, 180, 92, 45)


def sun_glow() -> arcade.Texture:
    """The sun and its glow: a white-hot core going orange at its edge, then a soft
    orange halo fading to nothing at ``GLOW_REACH`` radii."""
    image = Image.new("RGBA", (GLOW_PIXELS, GLOW_PIXELS), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    centre, steps = GLOW_PIXELS / 2, GLOW_PIXELS // 2
    for n in range(steps, 0, -1):  # outside in, each disc over the last
        reach = GLOW_REACH * n / steps  # in sun radii
        if reach > 1.0:
            fade = (GLOW_REACH - reach) / (GLOW_REACH - 1.0)
            colour = (255, int(120 + 60 * fade), 40, int(150 * fade * fade))
        else:
            colour = (255, int(200 + 55 * (1 - reach)), int(90 + 165 * (1 - reach) ** 2),
                      255)
        r = centre * n / steps
        pen.ellipse((centre - r, centre - r, centre + r, centre + r), fill=colour)
    return arcade.Texture(image, hash="starlane-sun-glow")


def standing_tick(world: ClientWorld, now: float) -> float:
    """The server tick (fractional) a client world's arena stands at, at client time
    ``now``: the server's as the client estimates it, stopped a little past the newest
    state (a paused game's walls stand still)."""
    latest = world.latest
    if latest is None:
        return 0.0
    return min(world.server_tick(now), latest.tick + STILL_AFTER_TICKS)


class ArenaArt:
    """Draws an arena as it stands at a tick (``draw``); the field has nothing of its own.
    ``sun``: the sun's glow, one sprite at the arena's centre."""

    def __init__(self) -> None:
        self.sun: arcade.SpriteList[arcade.Sprite] = arcade.SpriteList()
        glow = arcade.Sprite(sun_glow(), center_x=arenas.SUN_X, center_y=arenas.SUN_Y)
        glow.width = glow.height = 2 * arenas.SUN_RADIUS * GLOW_REACH
        self.sun.append(glow)

    def draw(self, arena: str, tick: float) -> None:
        """``arena`` (one of ``match.ARENAS``) as it stands at server tick ``tick``."""
        if arena == "sun":
            _pull_rings(tick)
            self.sun.draw()
        for wall in arenas.walls(arena):
            _wall(wall, tick)


def _pull_rings(tick: float) -> None:
    """Faint rings from where the pull is ``RING_PULLS[0]`` to ``RING_PULLS[1]``, evenly
    spaced in pull, drifting inward as things fall; fainter far out."""
    outer, inner = (math.sqrt(arenas.SUN_GRAVITY / pull) for pull in RING_PULLS)
    drift = (tick % RING_DRIFT_TICKS) / RING_DRIFT_TICKS
    for n in range(RINGS):
        place = (n + drift) / RINGS  # 0 at the outermost, 1 at the innermost ring
        radius = outer * (inner / outer) ** place
        alpha = int(60 * math.sin(math.pi * place))
        arcade.draw_circle_outline(arenas.SUN_X, arenas.SUN_Y, radius,
                                   (255, 190, 100, alpha), 2)


def _wall(wall: arenas.Wall, tick: float) -> None:
    """A wall as thick as it is solid, rounded at its ends, edged lighter; a sliding one
    edged amber, over the faint track of its slide."""
    half = arenas.WALL_HALF
    if wall.period_ticks:  # the track: between the ends farthest apart over the slide
        ends = [(wall.x1 + s * wall.sway_x, wall.y1 + s * wall.sway_y) for s in (-1, 1)] + [
            (wall.x2 + s * wall.sway_x, wall.y2 + s * wall.sway_y) for s in (-1, 1)]
        (ax, ay), (bx, by) = max(((a, b) for a in ends for b in ends),
                                 key=lambda pair: math.dist(*pair))
        arcade.draw_line(ax, ay, bx, by, TRACK, 3)
    x1, y1, x2, y2 = wall.at(tick)
    edge = SLIDER_EDGE if wall.period_ticks else WALL_EDGE
    for x, y in ((x1, y1), (x2, y2)):
        arcade.draw_circle_filled(x, y, half, edge)
    arcade.draw_line(x1, y1, x2, y2, edge, 2 * half)
    for x, y in ((x1, y1), (x2, y2)):
        arcade.draw_circle_filled(x, y, half - 3, WALL_FILL)
    arcade.draw_line(x1, y1, x2, y2, WALL_FILL, 2 * half - 6)
