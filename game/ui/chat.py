"""The chat line: T opens it, typing fills it, Enter sends, Esc cancels, Backspace erases.

While it is open the game view sends it every key, so typing never steers the ship. The
server judges what is sent (``game.chat``); what it accepts comes back in the chat panel
(``game.ui.chat_panel``), which shows this line at its foot.
"""

from __future__ import annotations

import arcade
import pyglet

from ..core import sim
from ..core.chat import MAX_CHARS, clean
from .pixels import PixelCanvas, backdrop

PROMPT = "Say (Enter sends, Esc cancels): "
BOTTOM = 106  # arena units: above the F3 net graph in the bottom-left corner


class ChatLine:
    def __init__(self, canvas: PixelCanvas, batch: pyglet.graphics.Batch) -> None:
        self.canvas = canvas
        self.open = False
        self.typed = ""
        self._swallow = False  # the "t" that opened the line arrives as text too
        # wraps onto more lines as it fills, growing upwards from BOTTOM
        self.text = canvas.text(batch, "", 24, BOTTOM, (255, 255, 255), 15,
                                width=sim.WIDTH - 48, anchor_y="bottom")

    def start(self) -> None:
        self.open, self.typed, self._swallow = True, "", True
        self._show()

    def on_text(self, text: str) -> None:
        if not self.open:
            return
        if self._swallow:
            self._swallow = False
            if text.lower() == "t":
                return
        kept = "".join(ch for ch in text if ch == " " or clean(ch))  # no control characters
        self.typed = (self.typed + kept)[:MAX_CHARS]
        self._show()

    def on_key(self, symbol: int) -> str | None:
        """A key while open: the line to send on Enter (None otherwise)."""
        self._swallow = False
        if symbol in (arcade.key.ENTER, arcade.key.NUM_ENTER):
            line = clean(self.typed)
            self.close()
            return line or None
        if symbol == arcade.key.ESCAPE:
            self.close()
        elif symbol == arcade.key.BACKSPACE:
            self.typed = self.typed[:-1]
            self._show()
        return None

    def close(self) -> None:
        self.open, self.typed = False, ""
        self._show()

    def draw_backdrop(self) -> None:
        if self.open:
            backdrop([self.text], 6 * self.canvas.scale, (0, 0, 0, 170))

    def _show(self) -> None:
        self.text.text = f"{PROMPT}{self.typed}_" if self.open else ""
