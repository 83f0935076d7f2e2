"""The chat panel: what players say, apart from the kill feed, bottom left over the arena.

Chat lines stay ``KEEP_SECONDS`` (at least 10 s, ``game.core.chat``) in a panel of their
own, in their own colour, however busy the fight's feed is; the closed panel is drawn under
the ships, so that it never hides one. While the chat line is open (T) the panel grows to
``OPEN_ROWS`` rows, and Up / Down (or Page Up / Page Down, or the mouse wheel) scroll back
through the last ``HISTORY`` lines; Enter sends, Esc closes. Units are canvas units
(``game.ui.pixels`` renders them at the window's pixels).
"""

from __future__ import annotations

import textwrap

import arcade
import pyglet

from ..core.chat import HISTORY, ChatLog
from .chat import BOTTOM, ChatLine
from .pixels import PixelCanvas, backdrop, fill_lines

CLOSED_ROWS = 5
OPEN_ROWS = 10
WRAP_CHARS = 64  # a longer line wraps onto the next row
LEFT = 24
ROW = 20
FIRST_ROW = BOTTOM + 34  # above the chat line
CHAT_COLOUR = (150, 225, 255)
HINT_COLOUR = (150, 160, 190)
PANEL = (4, 10, 30, 215)
SCROLL_KEYS = {arcade.key.UP: 1, arcade.key.PAGEUP: OPEN_ROWS // 2,
               arcade.key.DOWN: -1, arcade.key.PAGEDOWN: -(OPEN_ROWS // 2)}
"""Keys that scroll the open panel, and by how many lines (back is positive)."""


class ChatPanel:
    """``log``: the chat seen (``ChatLog``); ``line``: the chat line typed into
    (``ChatLine``); ``rows``: the panel's texts, the bottom one first; ``hint``: the
    scrolling help over the open panel; ``texts``: their batch."""

    def __init__(self, canvas: PixelCanvas) -> None:
        self.canvas = canvas
        self.texts = pyglet.graphics.Batch()
        self.log = ChatLog()
        self.line = ChatLine(canvas, self.texts)
        self.rows = [canvas.text(self.texts, "", LEFT, FIRST_ROW + ROW * n, CHAT_COLOUR, 13)
                     for n in range(OPEN_ROWS)]
        self.hint = canvas.text(self.texts, "", LEFT, FIRST_ROW + ROW * OPEN_ROWS,
                                HINT_COLOUR, 11)

    @property
    def open(self) -> bool:
        return self.line.open

    def start(self) -> None:
        """Open the chat line, the panel scrolled to the newest line."""
        self.log.scrolled = 0
        self.line.start()

    def on_key(self, symbol: int) -> str | None:
        """A key while the chat line is open: scroll, or type (the line to send on
        Enter)."""
        if symbol in SCROLL_KEYS:
            self.scroll(SCROLL_KEYS[symbol])
            return None
        return self.line.on_key(symbol)

    def scroll(self, lines: int) -> None:
        """Scroll the open panel ``lines`` back (negative: forward); the mouse wheel too."""
        if self.open:
            self.log.scroll(lines, OPEN_ROWS)

    def on_text(self, text: str) -> None:
        self.line.on_text(text)

    def update(self, said: list[str], now: float) -> None:
        """Add the lines ``said`` at ``now`` (seconds), and show what the panel holds."""
        for text in said:
            self.log.add(text, now)
        if self.open:
            lines, rows = self.log.page(OPEN_ROWS), OPEN_ROWS
            older = len(self.log.lines) - len(lines) - self.log.scrolled
            self.hint.text = (f"CHAT  Up / Down: scroll the last {HISTORY} lines"
                              + (f"  ({older} older)" if older > 0 else ""))
        else:
            lines, rows = self.log.recent(now, CLOSED_ROWS), CLOSED_ROWS
            self.hint.text = ""
        parts = [part for text in lines for part in textwrap.wrap(text, WRAP_CHARS)][-rows:]
        fill_lines(self.rows, list(reversed(parts)))

    def draw(self) -> None:
        """The panel and its texts (the canvas camera is active)."""
        backdrop([*self.rows, self.hint], 6 * self.canvas.scale, PANEL)
        self.line.draw_backdrop()
        self.texts.draw()
