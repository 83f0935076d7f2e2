"""Small helpers for arcade.gui widgets, and the menus' colours."""

from __future__ import annotations

from collections.abc import Callable

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


class FittedUIManager(UIManager):
    """A ``UIManager`` that lays its widgets out on a fixed canvas (the arena's size) and
    draws it scaled to fit the window, its shape kept: menus look the same at 960x540 as
    at 1920x1080, and clicks land where they are drawn (the camera maps them back).
    Text is rendered at the window's scale, so it stays sharp."""

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

    def on_resize(self, _width: int, _height: int) -> None:
        self._fit()
        self.trigger_render()


class FittedUIView(UIView):
    """A ``UIView`` whose widgets live on the fitted canvas (see ``FittedUIManager``)."""

    def __init__(self) -> None:
        super().__init__()
        self.ui = FittedUIManager()
