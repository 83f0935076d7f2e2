"""The host's panel, before hosting: the mode, lives (lms), arena and power-ups on the
left; kills to win, time limit, bots and their skill on the right; a password (empty:
anyone on the LAN may join) under both.

Each setting is a row of  [-]  value  [+]  buttons; Host starts the game with them (the
window keeps them for the next game) from the start screen, Back returns to it. The
panel is laid out on the arena's canvas (``FittedUIView``), so it fits any window size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import arcade
from arcade.gui import UIAnchorLayout, UIBoxLayout, UIFlatButton, UILabel

from ..core.match import ARENAS, MAX_LIVES, MODES, MatchConfig
from ..core.match_options import HOSTED_BOTS, MAX_KILLS
from .shell import Shell
from .text_fields import PasswordInput
from .widgets import ACCENT, MUTED, CentredLabel, FittedUIView, on_click, set_text

TIME_STEPS = (1, 2, 3, 5, 8, 10, 15, 20, 30, 45, 60)  # minutes offered
SKILL_ORDER = ("easy", "normal", "hard")
MODE_NAMES = {"ffa": "Free for all", "tdm": "Two teams", "lms": "Last standing"}
ARENA_NAMES = {"field": "Asteroids", "sun": "Sun", "walls": "Walls"}
TITLE_WIDTH, VALUE_WIDTH = 130, 170  # px on the canvas: two columns of steppers fit it


class Stepper:
    """One setting: a label, [-] value [+]. ``values`` are the choices in order;
    ``changed`` (None: nothing) is called after every move."""

    def __init__(self, box: UIBoxLayout, title: str, values: Sequence[Any], index: int,
                 shown: Callable[[Any], str]) -> None:
        self.values, self.index, self.shown = values, index, shown
        self.changed: Callable[[], None] | None = None
        row = UIBoxLayout(vertical=False, space_between=12)
        self.title = UILabel(title, font_size=16, text_color=MUTED)
        row.add(_cell(self.title, TITLE_WIDTH, "right"))
        self.minus = row.add(UIFlatButton(text="-", width=50, height=44))
        self.value = UILabel("", font_size=17, bold=True)
        row.add(_cell(self.value, VALUE_WIDTH, "center"))
        self.plus = row.add(UIFlatButton(text="+", width=50, height=44))
        box.add(row)
        on_click(self.minus, lambda: self.move(-1))
        on_click(self.plus, lambda: self.move(1))
        self.move(0)

    @property
    def chosen(self) -> Any:
        return self.values[self.index]

    def move(self, by: int) -> None:
        self.index = min(max(self.index + by, 0), len(self.values) - 1)
        set_text(self.value, self.shown(self.chosen))
        if self.changed is not None:
            self.changed()


def _cell(label: UILabel, width: int, anchor_x: str) -> UIAnchorLayout:
    """``label`` in a box of fixed ``width``, so that the rows line up."""
    cell = UIAnchorLayout(width=width, height=44, size_hint=None)
    cell.add(label, anchor_x=anchor_x)
    return cell


def _nearest(values: Sequence[float], wanted: float) -> int:
    return min(range(len(values)), key=lambda i: abs(values[i] - wanted))


class HostPanelView(FittedUIView):
    """Settings for the game about to be hosted; Host starts it."""

    def __init__(self, app: Shell) -> None:
        super().__init__()
        self.app = app
        root = self.add_widget(UIAnchorLayout())
        box = UIBoxLayout(space_between=18)
        box.add(UILabel("HOST A GAME", font_size=34, bold=True, text_color=ACCENT))
        box.add(CentredLabel("A round ends at the kills to win (a team's, with two teams) or at "
                             "the time limit. Last standing: each pilot has lives, the last "
                             "with any wins. Players who join take a bot's seat.",
                             font_size=13, text_color=MUTED, width=900, multiline=True))
        columns = box.add(UIBoxLayout(vertical=False, space_between=40, align="top"))
        left = columns.add(UIBoxLayout(space_between=12))
        right = columns.add(UIBoxLayout(space_between=12))
        chosen = app.match
        self.mode = Stepper(left, "Mode", MODES, MODES.index(chosen.mode), MODE_NAMES.get)
        self.lives = Stepper(left, "Lives", range(1, MAX_LIVES + 1), chosen.lives - 1, str)
        self.arena = Stepper(left, "Arena", ARENAS, ARENAS.index(chosen.arena),
                             ARENA_NAMES.get)
        self.powerups = Stepper(left, "Power-ups", (True, False), int(not chosen.powerups),
                                lambda on: "On" if on else "Off")
        kills = range(1, MAX_KILLS + 1)
        self.kills = Stepper(right, "Kills to win", kills,
                             _nearest(kills, chosen.kills_to_win), str)
        self.minutes = Stepper(right, "Time limit", TIME_STEPS,
                               _nearest(TIME_STEPS, chosen.time_limit_s / 60),
                               lambda m: f"{m} min")
        self.bots = Stepper(right, "Bots", range(HOSTED_BOTS + 1), min(app.bots, HOSTED_BOTS),
                            str)
        self.skill = Stepper(right, "Bot skill", SKILL_ORDER, SKILL_ORDER.index(app.skill),
                             str.capitalize)
        self.mode.changed = self.show_lives
        self.show_lives()
        row = UIBoxLayout(vertical=False, space_between=12)
        row.add(_cell(UILabel("Password", font_size=16, text_color=MUTED), TITLE_WIDTH,
                      "right"))
        self.password = row.add(PasswordInput(width=254, height=40, font_size=16,
                                            text=app.password or ""))
        row.add(_cell(UILabel("empty: open to all", font_size=12, text_color=MUTED), 176,
                      "left"))
        box.add(row)
        buttons = UIBoxLayout(vertical=False, space_between=20)
        self.host_button = buttons.add(UIFlatButton(text="Host", width=240, height=50))
        self.back_button = buttons.add(UIFlatButton(text="Back", width=240, height=50))
        box.add(buttons)
        root.add(box)
        on_click(self.host_button, self.host)
        on_click(self.back_button, self.app.show_start)

    def host(self) -> None:
        """Keep the chosen settings on the window, then host from a start screen (it shows
        how joining goes)."""
        self.app.match = MatchConfig(kills_to_win=self.kills.chosen,
                                     time_limit_s=60.0 * self.minutes.chosen,
                                     mode=self.mode.chosen, lives=self.lives.chosen,
                                     arena=self.arena.chosen, powerups=self.powerups.chosen)
        self.app.bots = self.bots.chosen
        self.app.skill = self.skill.chosen
        self.app.password = (self.password.text.strip() and self.password.text) or None
        self.app.show_start(host=True)

    def show_lives(self) -> None:
        """Lives count only in last standing: the row is dimmed in the other modes."""
        self.lives.value.update_font(font_color=arcade.color.WHITE if self.mode.chosen == "lms"
                                     else MUTED)

    def on_draw_before_ui(self) -> None:
        arcade.draw_lrbt_rectangle_filled(0, self.window.width, 0, 4, ACCENT)
