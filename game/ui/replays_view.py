"""The Replays screen: the recordings in the replays folder, newest first (date, server,
mode, pilots, winner, length), ``ROWS`` at a time (the mouse wheel or the buttons scroll);
a file that cannot be played is listed with its reason. Open plays the one picked, Delete
removes it (after a second press to confirm), Back returns to the start screen.

The keyboard does it all too (``KEYS``): Up and Down pick the row above or below (the
list scrolls to keep it in view), Page Up and Page Down a page at a time, Enter opens,
Delete (or Backspace, a Mac's delete key) asks as the button does, Esc goes back.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import arcade
from arcade.gui import UIAnchorLayout, UIBoxLayout, UIFlatButton, UILabel

from ..client.replay_list import ReplayRow, rows
from .hud import MONOSPACE
from .shell import Shell
from .widgets import ACCENT, ERROR, MUTED, CentredLabel, FittedUIView, on_click, set_text

WIDTH = 1180
ROWS = 10
"""Recordings shown at once: a page."""
COLUMNS = ((16, "DATE"), (22, "SERVER"), (11, "MODE"), (30, "PILOTS"), (14, "WINNER"),
           (6, "LENGTH"))
"""Each column's width in characters, and its heading."""
ROW_STYLE = {state: UIFlatButton.UIStyle(font_name=MONOSPACE, font_size=12, font_color=colour,
                                         bg=bg, border=border, border_width=2)
             for state, colour, bg, border in (
                 ("normal", (235, 235, 235, 255), (28, 32, 60, 255), None),
                 ("hover", (255, 255, 255, 255), (44, 50, 90, 255), None),
                 ("press", (20, 16, 0, 255), ACCENT, None),
                 ("disabled", MUTED, (20, 22, 40, 255), None))}
PICKED_STYLE = {state: UIFlatButton.UIStyle(font_name=MONOSPACE, font_size=12,
                                            font_color=(20, 16, 0, 255), bg=ACCENT,
                                            border=(255, 255, 255, 255), border_width=2)
                for state in ("normal", "hover", "press", "disabled")}
BAD_STYLE = {state: UIFlatButton.UIStyle(font_name=MONOSPACE, font_size=12, font_color=ERROR,
                                         bg=(40, 20, 30, 255))
             for state in ("normal", "hover", "press", "disabled")}


PICK_KEYS = {arcade.key.UP: -1, arcade.key.DOWN: 1, arcade.key.PAGEUP: -ROWS,
             arcade.key.PAGEDOWN: ROWS}
"""How far each key moves the pick, in rows (negative: up, to newer ones)."""


def cells(values: list[str]) -> str:
    """``values`` in the first columns' widths (cut to fit), one line."""
    return "  ".join(f"{v[:w]:{w}}" for (w, _), v in zip(COLUMNS, values, strict=False))


def row_text(row: ReplayRow) -> str:
    """What the list shows of a recording: its columns, or its date, file and reason (in
    the width of the columns after those two)."""
    if row.problem is not None:
        rest = sum(w + 2 for w, _ in COLUMNS[2:]) - 2
        return cells([row.date, row.path.name]) + "  " + \
            f"{'cannot play: ' + row.problem:{rest}}"[:rest]
    return cells([row.date, row.server, row.mode, row.pilots, row.winner,
                  row.length + ("*" if row.cut else "")])


class ReplaysView(FittedUIView):
    """Lists ``folder``'s recordings (``listed``, newest first); ``first``: the index of
    the top row shown; ``picked``: the recording chosen; ``doomed``: the one Delete was
    pressed for once (a second press deletes it)."""

    def __init__(self, app: Shell, folder: Path) -> None:
        super().__init__()
        self.app = app
        self.folder = folder
        self.listed: list[ReplayRow] = []
        self.first = 0
        self.picked: Path | None = None
        self.doomed: Path | None = None
        root = self.add_widget(UIAnchorLayout())
        box = UIBoxLayout(space_between=8)
        box.add(UILabel("Replays", font_size=28, bold=True, text_color=ACCENT, width=WIDTH))
        box.add(UILabel(f"Recordings in {folder}", font_size=12, text_color=MUTED,
                        width=WIDTH))
        box.add(UILabel(cells([name for _, name in COLUMNS]), font_size=12, width=WIDTH,
                        font_name=MONOSPACE, text_color=MUTED))
        self.rows = [box.add(UIFlatButton(text="", width=WIDTH, height=36, style=ROW_STYLE))
                     for _ in range(ROWS)]
        self.status = box.add(CentredLabel("", font_size=13, width=WIDTH, text_color=MUTED))
        buttons = box.add(UIBoxLayout(vertical=False, space_between=12))
        self.open_button = buttons.add(UIFlatButton(text="Open", width=180, height=44))
        self.delete_button = buttons.add(UIFlatButton(text="Delete", width=180, height=44))
        self.up_button = buttons.add(UIFlatButton(text="Newer", width=140, height=44))
        self.down_button = buttons.add(UIFlatButton(text="Older", width=140, height=44))
        self.back_button = buttons.add(UIFlatButton(text="Back", width=180, height=44))
        root.add(box)
        for index, button in enumerate(self.rows):
            on_click(button, partial(self.pick, index))
        on_click(self.open_button, self.open_picked)
        on_click(self.delete_button, self.delete_picked)
        on_click(self.up_button, partial(self.scroll, -ROWS))
        on_click(self.down_button, partial(self.scroll, ROWS))
        on_click(self.back_button, self.app.show_start)
        self.reload()

    def reload(self) -> None:
        """Read the folder again (headers and indexes only) and show it."""
        self.listed = rows(self.folder)
        self.first = min(self.first, max(len(self.listed) - ROWS, 0))
        self.refresh()

    def refresh(self) -> None:
        """The rows shown, the picked one lit, and the status line."""
        for index, button in enumerate(self.rows):
            shown = self.first + index
            button.visible = shown < len(self.listed)
            if not button.visible:
                continue
            row = self.listed[shown]
            set_text(button, row_text(row))
            style = BAD_STYLE if row.problem else (
                PICKED_STYLE if row.path == self.picked else ROW_STYLE)
            if button.style is not style:
                button.style = style
                button.trigger_full_render()
        if not self.listed:
            self.say("No recordings yet: every match you host or play against bots is "
                     "recorded here.")

    def say(self, text: str, error: bool = False) -> None:
        set_text(self.status, text)
        self.status.update_font(font_color=ERROR if error else MUTED)

    def pick(self, index: int) -> None:
        """Choose the row ``index`` of those shown; a bad file's reason is said."""
        if self.first + index >= len(self.listed):
            return
        row = self.listed[self.first + index]
        self.picked, self.doomed = row.path, None
        set_text(self.delete_button, "Delete")
        if row.problem:
            self.say(f"{row.path.name}: {row.problem}", error=True)
        else:
            self.say(f"{row.path.name}" + (f": {row.cut}" if row.cut else "") +
                     " - press Open to watch it.")
        self.refresh()

    def open_picked(self) -> None:
        """Play the recording picked, or say why not."""
        if self.picked is None:
            self.say("Pick a recording first.", error=True)
            return
        problem = self.app.show_replay(self.picked, back=self.app.show_replays)
        if problem is not None:
            self.say(f"{self.picked.name}: {problem}", error=True)

    def delete_picked(self) -> None:
        """The first press asks; the second deletes the file."""
        if self.picked is None:
            self.say("Pick a recording first.", error=True)
            return
        if self.doomed != self.picked:
            self.doomed = self.picked
            set_text(self.delete_button, "Really delete?")
            self.say(f"Delete {self.picked.name}? Press Delete again to confirm.",
                     error=True)
            return
        try:
            self.picked.unlink()
            self.say(f"Deleted {self.picked.name}.")
        except OSError as err:
            self.say(f"Could not delete {self.picked.name}: {err.strerror or err}",
                     error=True)
        self.picked = self.doomed = None
        set_text(self.delete_button, "Delete")
        self.reload()

    def scroll(self, rows: int) -> None:
        """Show ``rows`` further down the list (negative: up), within it."""
        self.first = min(max(self.first + rows, 0), max(len(self.listed) - ROWS, 0))
        self.refresh()

    def on_mouse_scroll(self, _x: int, _y: int, _scroll_x: float, scroll_y: float) -> None:
        self.scroll(-round(scroll_y))  # the wheel up shows newer ones

    def move_pick(self, rows: int) -> None:
        """Pick the recording ``rows`` below the one picked (negative: above), within the
        list, scrolling it into view; with none picked (or it is gone), the top row
        shown."""
        if not self.listed:
            return
        at = next((n for n, row in enumerate(self.listed) if row.path == self.picked), None)
        target = self.first if at is None else min(max(at + rows, 0), len(self.listed) - 1)
        self.first = min(max(self.first, target - ROWS + 1), target)
        self.pick(target - self.first)

    def on_key_press(self, symbol: int, _modifiers: int) -> None:
        if symbol == arcade.key.ESCAPE:
            self.app.show_start()
        elif (step := PICK_KEYS.get(symbol)) is not None:
            self.move_pick(step)
        elif symbol in (arcade.key.ENTER, arcade.key.NUM_ENTER):
            self.open_picked()
        elif symbol in (arcade.key.DELETE, arcade.key.BACKSPACE):
            self.delete_picked()
