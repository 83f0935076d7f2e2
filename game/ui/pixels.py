"""Text at the window's own pixels, laid out in canvas units: the one place text is placed.

The game screen is laid out on a canvas (the arena, ``sim.WIDTH`` x ``sim.HEIGHT`` units,
over the HUD bar) that the arena camera scales to fit the window. Text scaled that way
loses pixels: pyglet samples its glyphs nearest, so at 1280x720 (a scale of 0.95) "Talon
bot" read "Talun bul". So text is placed in canvas units, but each ``CanvasText`` is
rendered at the window's pixels: ``PixelCanvas.fit`` multiplies its font size and position
by the canvas's scale (framebuffer pixels per canvas unit) whenever the window changes
size, and its ``camera`` draws in those pixels.

The menus' labels are drawn at the window's pixels too (``widgets.draw_at_pixels``), and
so are their text fields (``text_fields.PixelInputText``).
"""

from __future__ import annotations

from typing import Any

import arcade
import pyglet


class CanvasText(arcade.Text):
    """An ``arcade.Text`` placed in canvas units: ``canvas_x`` and ``canvas_y`` (where it
    is anchored), ``canvas_size`` (its font size in points at a scale of 1) and
    ``canvas_width`` (the width it wraps at, in canvas units; None: one line). Its own
    ``x``, ``y``, ``font_size`` and ``width`` are in pixels (``PixelCanvas`` sets them)."""

    def __init__(self, text: str, x: float, y: float, color: arcade.types.RGBOrA255,
                 size: float, width: float | None = None, **kwargs: Any) -> None:
        super().__init__(text, x, y, color, size, width=int(width) if width else None,
                         multiline=width is not None, **kwargs)
        self.canvas_x, self.canvas_y = x, y
        self.canvas_size = size
        self.canvas_width = width


class PixelCanvas:
    """Maps a canvas ``width`` units wide onto the window's pixels. ``origin``: the canvas
    point drawn at the bottom-left corner of the letterbox (the HUD bar reaches below the
    arena's 0).
    ``scale``: framebuffer pixels per canvas unit. ``camera``: draws in the letterbox's
    pixels, (0, 0) at its bottom-left corner; activate it to draw the texts and
    ``fill``."""

    def __init__(self, width: float, origin: tuple[float, float] = (0.0, 0.0)) -> None:
        self.width = width
        self.origin = origin
        self.scale = 1.0
        self.camera = arcade.Camera2D()
        self._texts: list[CanvasText] = []

    def text(self, batch: pyglet.graphics.Batch, text: str, x: float, y: float,
             color: arcade.types.RGBOrA255, size: float, **kwargs: Any) -> CanvasText:
        """A text in ``batch`` at canvas point (x, y), ``size`` points at scale 1 (the
        rest as ``arcade.Text`` takes it; ``width`` in canvas units wraps it)."""
        made = CanvasText(text, x, y, color, size, batch=batch, **kwargs)
        self._texts.append(made)
        self._fit_text(made)
        return made

    def fit(self, viewport: arcade.types.Rect) -> None:
        """The canvas now shows in ``viewport`` (framebuffer pixels, the canvas's shape):
        every text re-rendered at the new scale."""
        width, height = viewport.width, viewport.height
        self.camera.viewport = viewport
        self.camera.position = (width / 2, height / 2)
        self.camera.projection = arcade.LRBT(-width / 2, width / 2, -height / 2, height / 2)
        self.scale = width / self.width
        for text in self._texts:
            self._fit_text(text)

    def place(self, text: CanvasText, x: float, y: float) -> None:
        """Move ``text`` to canvas point (x, y)."""
        text.canvas_x, text.canvas_y = x, y
        text.position = self.pixels(x, y)

    def pixels(self, x: float, y: float) -> tuple[float, float]:
        """Canvas point (x, y) in the camera's pixels, rounded to whole pixels (a glyph
        between pixels would blur)."""
        return (round((x - self.origin[0]) * self.scale),
                round((y - self.origin[1]) * self.scale))

    def fill(self, left: float, right: float, bottom: float, top: float,
             colour: arcade.types.RGBOrA255) -> None:
        """A filled rectangle given in canvas units (the camera must be active)."""
        x0, y0 = self.pixels(left, bottom)
        x1, y1 = self.pixels(right, top)
        arcade.draw_lrbt_rectangle_filled(x0, x1, y0, y1, colour)

    def _fit_text(self, text: CanvasText) -> None:
        size = round(text.canvas_size * self.scale, 1)
        if text.font_size != size:
            text.font_size = size
        if text.canvas_width is not None:
            text.width = max(int(text.canvas_width * self.scale), 1)
        text.position = self.pixels(text.canvas_x, text.canvas_y)


Box = tuple[float, float, float, float]
"""A rectangle on the canvas camera: left, right, bottom, top (pixels)."""


def extent(texts: list[CanvasText], pad: float) -> Box | None:
    """The box around the non-empty ``texts``, ``pad`` pixels wider on each side (None
    when every one is empty)."""
    shown = [t for t in texts if t.text]
    if not shown:
        return None
    return (min(t.left for t in shown) - pad, max(t.right for t in shown) + pad,
            min(t.bottom for t in shown) - pad, max(t.top for t in shown) + pad)


def backdrop(texts: list[CanvasText], pad: float, colour: arcade.types.RGBOrA255) -> None:
    """A dark panel behind the non-empty ``texts``, ``pad`` pixels around them (their
    camera must be active)."""
    if (box := extent(texts, pad)) is not None:
        arcade.draw_lrbt_rectangle_filled(*box, colour)


def fill_lines(texts: list[CanvasText], lines: list[str]) -> None:
    """Show ``lines`` in ``texts``, one each, blanking the rest (a text changes only when
    its line does: each change lays it out again)."""
    for text, line in zip(texts, lines + [""] * len(texts), strict=False):
        if text.text != line:
            text.text = line
