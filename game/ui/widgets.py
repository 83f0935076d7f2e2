"""Small helpers for arcade.gui widgets, and the menus' colours."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import arcade
from arcade.gui import Surface, UIFlatButton, UILabel, UIManager, UIView
from arcade.types import LBWH, LRBT, Color, Rect

from ..core import sim

ACCENT = Color(255, 196, 0, 255)
MUTED = Color(150, 160, 190, 255)
ERROR = Color(255, 110, 110, 255)


def on_click(button: UIFlatButton, action: Callable[[], None]) -> UIFlatButton:
    """Run ``action`` when ``button`` is clicked (arcade's event-handler registration)."""
    button.event("on_click")(lambda _event: action())
    return button


def set_text(widget: UILabel | UIFlatButton, text: str) -> None:
    """Change a widget's text only when it differs (each change re-lays the text out)."""
    if widget.text != text:
        widget.text = text


class CentredLabel(UILabel):
    """A ``UILabel`` whose text is centred in its width (``align`` says so when it is
    drawn at the window's pixels)."""

    align = "center"

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(text, align=self.align, **kwargs)


def draw_at_pixels(label: UILabel, surface: Surface) -> None:
    """Draw ``label`` at ``surface``'s own pixels: its font size times the surface's pixel
    ratio, in a projection of pixels over the label's area. Drawn in the canvas's units
    instead, its glyphs would be scaled with the canvas (pixels lost at 960x540, blocky
    at 1920x1080). The text is laid out again only when what it shows changes
    (``label.pixel_text``, keyed by ``label.pixel_key``)."""
    label.prepare_render(surface)  # the surface's viewport: the label's area, in pixels
    width = surface.fbo.viewport[2]
    align = getattr(label, "align", "left")
    key = (label.text, label.font_name, label.font_size, tuple(label.font_color), label.bold,
           label.italic, label.multiline, width, surface.pixel_ratio, align)
    pad_x, pad_y = width // 10 + 4, 4  # glyphs hinted at this size may run a little over
    if getattr(label, "pixel_key", None) != key:
        label.pixel_key = key  # type: ignore[attr-defined]
        label.pixel_text = arcade.Text(  # type: ignore[attr-defined]
            label.text, pad_x, pad_y, label.font_color, label.font_size * surface.pixel_ratio,
            width=width, align=align, multiline=label.multiline, font_name=label.font_name,
            bold=label.bold, italic=label.italic, anchor_y="bottom")
    with pixel_camera(surface, pad_x, pad_y).activate():
        label.pixel_text.draw()  # type: ignore[attr-defined]


def pixel_camera(surface: Surface, pad_x: int = 0, pad_y: int = 0) -> arcade.Camera2D:
    """A camera that draws in ``surface``'s own pixels over the area its viewport was
    limited to (a widget's ``prepare_render``) widened by ``pad_x`` and ``pad_y`` pixels on
    each side, (0, 0) at the widened area's bottom-left corner."""
    left, bottom, width, height = surface.fbo.viewport
    area_w, area_h = width + 2 * pad_x, height + 2 * pad_y
    return arcade.Camera2D(viewport=LBWH(left - pad_x, bottom - pad_y, area_w, area_h),
                           position=(area_w / 2, area_h / 2),
                           projection=LRBT(-area_w / 2, area_w / 2, -area_h / 2, area_h / 2),
                           render_target=surface.fbo)


class FittedUIManager(UIManager):
    """A ``UIManager`` that lays its widgets out on a fixed canvas (the arena's size) and
    draws it scaled to fit the window, its shape kept: menus look the same at 960x540 as
    at 1920x1080, and clicks land where they are drawn (the camera maps them back).
    Labels (the buttons' too) are drawn at the window's own pixels (``draw_at_pixels``),
    so their text stays sharp at any scale."""

    CANVAS = (sim.WIDTH, sim.HEIGHT)

    def __init__(self) -> None:
        super().__init__()
        self._fit()

    @property
    def rect(self) -> Rect:
        return LBWH(0, 0, *self.CANVAS)

    def _scale(self) -> float:
        width, height = self.window.get_framebuffer_size()
        return min(width / self.CANVAS[0], height / self.CANVAS[1])

    def _fit(self) -> None:
        width, height = self.CANVAS
        scale = self._scale()
        self.camera.position = (width / 2, height / 2)
        self.camera.projection = LRBT(-width / 2, width / 2, -height / 2, height / 2)
        self.camera.viewport = self.window.letterbox(width, height)  # type: ignore[attr-defined]
        for surface in self._surfaces.values():
            surface.resize(size=self.CANVAS, pixel_ratio=scale)

    def _get_surface(self, layer: int) -> Surface:
        if layer not in self._surfaces:
            self._surfaces[layer] = Surface(size=self.CANVAS, pixel_ratio=self._scale())
        return self._surfaces[layer]

    def enable(self) -> None:
        self._fit()  # the window may have changed size while another view was shown
        super().enable()

    def draw(self, **kwargs: Any) -> None:
        for widget in self.walk_widgets():  # labels added since the last frame included
            if isinstance(widget, UILabel) and "do_render" not in vars(widget):
                widget.do_render = partial(draw_at_pixels, widget)  # type: ignore[method-assign]
        super().draw(**kwargs)

    def on_resize(self, _width: int, _height: int) -> None:
        self._fit()
        self.trigger_render()


class FittedUIView(UIView):
    """A ``UIView`` whose widgets live on the fitted canvas (see ``FittedUIManager``)."""

    def __init__(self) -> None:
        super().__init__()
        self.ui = FittedUIManager()
