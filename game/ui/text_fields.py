"""The menus' text fields, drawn at the window's own pixels like their labels.

arcade's ``UIInputText`` lays its text out in the menu canvas's units, so on the fitted
canvas (``widgets.FittedUIManager``) its glyphs were scaled with the canvas: soft at
960x540, blocky at 1920x1080. ``PixelInputText`` keeps its pyglet layout in the surface's
pixels instead (font size and box times the surface's pixel ratio) and draws it in a
projection of pixels over the field's area; the mouse points arcade hands its caret, in
canvas units, are scaled the same way, so a click or a drag lands on the character drawn
under it. ``PasswordInput`` shows a dot for each character it holds.
"""

from __future__ import annotations

from typing import Any

import arcade
from arcade.gui import Surface, UIEvent, UIInputText, UIMousePressEvent, UIOnChangeEvent
from pyglet.text.caret import Caret
from pyglet.text.document import UnformattedDocument
from pyglet.text.layout import IncrementalTextLayout

from .widgets import pixel_camera


class PixelCaret(Caret):
    """A caret whose layout is in pixels while the points it is given are in canvas units,
    relative to the layout's left edge: ``scale`` is the pixels per canvas unit."""

    def __init__(self, layout: IncrementalTextLayout, color: Any) -> None:
        super().__init__(layout, color=color)
        self.scale = 1.0

    def _pixels(self, x: float, y: float) -> tuple[int, int]:
        return (round(x * self.scale) + self.layout.left, round(y * self.scale))

    def move_to_canvas_point(self, x: float, y: float) -> None:
        """Put the caret at the character nearest the point (x, y) in canvas units."""
        self.move_to_point(*self._pixels(x, y))

    def on_mouse_press(self, x: int, y: int, button: int, modifiers: int) -> bool:
        return super().on_mouse_press(*self._pixels(x, y), button, modifiers)

    def on_mouse_drag(self, x: int, y: int, dx: int, dy: int, buttons: int,
                      modifiers: int) -> bool:
        return super().on_mouse_drag(*self._pixels(x, y), round(dx * self.scale),
                                     round(dy * self.scale), buttons, modifiers)

    def on_mouse_scroll(self, x: float, y: float, scroll_x: float, scroll_y: float) -> bool:
        return super().on_mouse_scroll(*self._pixels(x, y), scroll_x, scroll_y)


class PixelInputText(UIInputText):
    """A ``UIInputText`` (same arguments) whose text is drawn at the surface's own pixels.
    ``canvas_font_size``: its font size in points at a pixel ratio of 1; ``pixel_ratio``:
    the ratio its layout was last fitted to (framebuffer pixels per canvas unit)."""

    LAYOUT_OFFSET = 6  # canvas units between the border and the text (arcade's: 1)

    def __init__(self, *, font_size: float = 12, caret_color: Any = arcade.color.WHITE,
                 **kwargs: Any) -> None:
        super().__init__(font_size=font_size, caret_color=caret_color, **kwargs)
        self.canvas_font_size = font_size
        self.pixel_ratio = 0.0  # not fitted yet: the first render fits it
        self.caret.delete()  # arcade's caret takes mouse points in the layout's units
        self.caret = PixelCaret(self.layout, color=caret_color)
        self.caret.visible = False
        if not self.layout.multiline:  # one line: in the middle of the box, not at its top
            self.layout.content_valign = "center"

    def on_event(self, event: UIEvent) -> bool | None:
        """The press that makes the field active puts the caret where it lands too
        (arcade's leaves it where it was), so a drag from there selects from there."""
        activating = isinstance(event, UIMousePressEvent) and not self.active and \
            self.rect.point_in_rect(event.pos)
        handled = super().on_event(event)
        if activating and self.active:
            self.caret.move_to_canvas_point(event.x - self.left - self.LAYOUT_OFFSET,
                                            event.y - self.bottom)
        return handled

    def _update_layout(self) -> None:
        """Fit the layout to the field's area in pixels at ``pixel_ratio``."""
        ratio = self.pixel_ratio
        width = int((self.content_width - 2 * self.LAYOUT_OFFSET) * ratio)
        height = int(self.content_height * ratio)
        font_size = self.canvas_font_size * ratio
        layout = self.layout
        if (layout.width, layout.height) == (width, height) and \
                self.doc.get_style("font_size") == font_size:
            return
        layout.begin_update()
        self.doc.set_style(0, len(self.doc.text), {"font_size": font_size})
        layout.width, layout.height = width, height
        layout.x, layout.y = round(self.LAYOUT_OFFSET * ratio), 0
        layout.end_update()
        self.caret.scale = ratio
        self.caret.on_layout_update()

    def do_render(self, surface: Surface) -> None:
        self.pixel_ratio = surface.pixel_ratio
        self._update_layout()
        self.prepare_render(surface)  # the surface's viewport: the field's area, in pixels
        with pixel_camera(surface).activate():
            self.layout.draw()


class MaskedDocument(UnformattedDocument):
    """A pyglet document that holds ``secret`` and shows a ``MASK`` for each of its
    characters: every edit (typing, deleting, pasting) goes through ``insert_text`` and
    ``delete_text``, which change the secret and the dots alike."""

    MASK = "\u2022"  # a bullet

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.secret = ""
        self.insert_text(0, text)

    def insert_text(self, start: int, text: str,
                    attributes: dict[str, Any] | None = None) -> None:
        self.secret = self.secret[:start] + text + self.secret[start:]
        super().insert_text(start, self.MASK * len(text), attributes)

    def delete_text(self, start: int, end: int) -> None:
        self.secret = self.secret[:start] + self.secret[end:]
        super().delete_text(start, end)


class PasswordInput(PixelInputText):
    """A text field that shows a dot for each character typed; ``text`` is what was typed."""

    def __init__(self, *, text: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        styles = self.doc.styles
        self.doc = MaskedDocument(text)
        self.doc.set_style(0, len(text), styles)
        self.layout.document = self.doc

    @property
    def text(self) -> str:
        return self.doc.secret

    @text.setter
    def text(self, value: str) -> None:
        old = self.text
        if value != old:
            self.doc.delete_text(0, len(self.doc.text))
            self.doc.insert_text(0, value)
            self.dispatch_event("on_change", UIOnChangeEvent(self, old, value))
            self.trigger_full_render()
