"""The replay viewer's controls, under the HUD bar: a seek bar across the arena's width
(the kills marked on it) and a row of buttons. Drawn and hit-tested in canvas units on
the viewer's ``PixelCanvas`` (its origin is ``CONTROLS`` under the bar), so they scale
with the window as the arena does; their labels are rendered at the window's pixels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import arcade
import pyglet

from ..core import sim
from .hud import BAR, MARGIN
from .pixels import CanvasText, PixelCanvas

CONTROLS = 80  # canvas units under the HUD bar
SEEK_Y, SEEK_HALF = -BAR - 20, 6  # the seek bar's middle and half its height
SEEK_REACH = 14  # a press this close above or below the bar grabs it
BUTTON_Y, BUTTON_HALF = -BAR - 56, 16  # the buttons' middle and half their height
BUTTON_GAP = 8
TRACK, PLAYED, KILL = (50, 56, 90, 255), (255, 196, 0, 255), (255, 110, 110, 255)
BUTTON, BUTTON_EDGE = (30, 36, 70, 255), (90, 100, 150, 255)
PANEL = (10, 12, 30, 255)


@dataclass
class Button:
    """A button: its ``label`` (canvas text), its span ``left`` .. ``right`` (canvas
    units) and the ``action`` a click on it runs."""

    label: CanvasText
    left: float
    right: float
    action: Callable[[], None]


class ReplayControls:
    """The seek bar from ``MARGIN`` to ``sim.WIDTH - MARGIN`` and ``buttons`` laid out
    left to right from ``(name, label, width, action)``; ``by_name`` finds one (to
    relabel it); ``note``: a line at the row's right end (a cut file says so)."""

    def __init__(self, canvas: PixelCanvas,
                 buttons: Sequence[tuple[str, str, float, Callable[[], None]]],
                 note: str = "") -> None:
        self.canvas = canvas
        self.texts = pyglet.graphics.Batch()
        self.note = canvas.text(self.texts, note, sim.WIDTH - MARGIN, BUTTON_Y, KILL, 12,
                                anchor_x="right", anchor_y="center")
        self.buttons: list[Button] = []
        self.by_name: dict[str, Button] = {}
        x = MARGIN
        for name, label, width, action in buttons:
            text = canvas.text(self.texts, label, x + width / 2, BUTTON_Y, (230, 230, 240),
                               12, anchor_x="center", anchor_y="center")
            self.by_name[name] = Button(text, x, x + width, action)
            self.buttons.append(self.by_name[name])
            x += width + BUTTON_GAP

    def relabel(self, name: str, label: str) -> None:
        """Change a button's label (only when it differs: a change lays it out again)."""
        text = self.by_name[name].label
        if text.text != label:
            text.text = label

    def on_bar(self, x: float, y: float) -> bool:
        """Whether a press at canvas point (x, y) grabs the seek bar."""
        return abs(y - SEEK_Y) <= SEEK_REACH and \
            MARGIN - SEEK_REACH <= x <= sim.WIDTH - MARGIN + SEEK_REACH

    def fraction_at(self, x: float) -> float:
        """The point of the recording (0..1) the seek bar shows at canvas x (clamped: a
        drag past either end holds the end)."""
        return min(max((x - MARGIN) / (sim.WIDTH - 2 * MARGIN), 0.0), 1.0)

    def press(self, x: float, y: float) -> bool:
        """Run the action of the button at canvas point (x, y); whether there was one."""
        if abs(y - BUTTON_Y) > BUTTON_HALF:
            return False
        button = next((b for b in self.buttons if b.left <= x <= b.right), None)
        if button is not None:
            button.action()
        return button is not None

    def bar_point(self, fraction: float) -> tuple[float, float]:
        """The canvas point of the seek bar at ``fraction`` of the recording."""
        return MARGIN + fraction * (sim.WIDTH - 2 * MARGIN), SEEK_Y

    def draw(self, played: float, kills: Sequence[float]) -> None:
        """The panel, the bar played up to ``played`` (0..1) with ``kills`` (fractions)
        marked, and the buttons (the canvas camera is active)."""
        canvas = self.canvas
        canvas.fill(0, sim.WIDTH, -BAR - CONTROLS, -BAR, PANEL)
        left, right = MARGIN, sim.WIDTH - MARGIN
        canvas.fill(left, right, SEEK_Y - SEEK_HALF, SEEK_Y + SEEK_HALF, TRACK)
        knob = self.bar_point(played)[0]
        canvas.fill(left, knob, SEEK_Y - SEEK_HALF, SEEK_Y + SEEK_HALF, PLAYED)
        if kills:  # one draw call for them all: a long match has hundreds
            bottom, top = SEEK_Y + SEEK_HALF, SEEK_Y + SEEK_HALF + 5
            arcade.draw_lines([canvas.pixels(self.bar_point(k)[0], y) for k in kills
                               for y in (bottom, top)], KILL, max(2 * canvas.scale, 1))
        canvas.fill(knob - 3, knob + 3, SEEK_Y - SEEK_HALF - 4, SEEK_Y + SEEK_HALF + 4,
                    (255, 255, 255, 255))
        for button in self.buttons:
            canvas.fill(button.left, button.right, BUTTON_Y - BUTTON_HALF,
                        BUTTON_Y + BUTTON_HALF, BUTTON)
            x0, y0 = canvas.pixels(button.left, BUTTON_Y - BUTTON_HALF)
            x1, y1 = canvas.pixels(button.right, BUTTON_Y + BUTTON_HALF)
            arcade.draw_lrbt_rectangle_outline(x0, x1, y0, y1, BUTTON_EDGE, 1)
        self.texts.draw()


def canvas_point(canvas: PixelCanvas, window: arcade.Window, x: float, y: float
                 ) -> tuple[float, float]:
    """The canvas point under the mouse at window point (x, y)."""
    ratio = window.get_pixel_ratio()
    viewport = canvas.camera.viewport
    return ((x * ratio - viewport.left) / canvas.scale + canvas.origin[0],
            (y * ratio - viewport.bottom) / canvas.scale + canvas.origin[1])


def window_point(canvas: PixelCanvas, window: arcade.Window, x: float, y: float
                 ) -> tuple[float, float]:
    """The window point where canvas point (x, y) is drawn (``canvas_point``'s inverse)."""
    ratio = window.get_pixel_ratio()
    viewport = canvas.camera.viewport
    return (((x - canvas.origin[0]) * canvas.scale + viewport.left) / ratio,
            ((y - canvas.origin[1]) * canvas.scale + viewport.bottom) / ratio)
