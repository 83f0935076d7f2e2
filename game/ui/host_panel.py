"""The host's panel, before hosting: kills to win, time limit, bots and their skill, and a
password (empty: anyone on the LAN may join).

Each setting is a row of  [-]  value  [+]  buttons; Host starts the game with them (the
window keeps them for the next game) from the start screen, Back returns to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import arcade
from arcade.gui import UIAnchorLayout, UIBoxLayout, UIFlatButton, UILabel

from ..core.match import MatchConfig
from ..core.match_options import HOSTED_BOTS, MAX_KILLS
from .shell import Shell
from .text_fields import PasswordInput
from .widgets import ACCENT, MUTED, CentredLabel, FittedUIView, on_click, set_text

TIME_STEPS = (1, 2, 3, 5, 8, 10, 15, 20, 30, 45, 60)  # minutes offered
SKILL_ORDER = ("easy", "normal", "hard")


class Stepper:
    """One setting: a label, [-] value [+]. ``values`` are the choices in order."""

    def __init__(self, box: UIBoxLayout, title: str, values: Sequence[Any], index: int,
                 shown: Callable[[Any], str]) -> None:
        self.values, self.index, self.shown = values, index, shown
        row = UIBoxLayout(vertical=False, space_between=12)
        row.add(_cell(UILabel(title, font_size=16, text_color=MUTED), 200, "right"))
        self.minus = row.add(UIFlatButton(text="-", width=50, height=44))
        self.value = UILabel("", font_size=18, bold=True)
        row.add(_cell(self.value, 130, "center"))
        self.plus = row.add(UIFlatButton(text="+", width=50, height=44))
        row.add(_cell(UILabel(""), 200 - 24, "left"))  # balances the title: values centred
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
        box.add(CentredLabel("A round ends at the kills to win, or at the time limit (most kills "
                        "wins). Players who join take a bot's seat.", font_size=13,
                        text_color=MUTED, width=620, multiline=True))
        kills = range(1, MAX_KILLS + 1)
        self.kills = Stepper(box, "Kills to win", kills,
                             _nearest(kills, app.match.kills_to_win), str)
        self.minutes = Stepper(box, "Time limit", TIME_STEPS,
                               _nearest(TIME_STEPS, app.match.time_limit_s / 60),
                               lambda m: f"{m} min")
        self.bots = Stepper(box, "Bots", range(HOSTED_BOTS + 1), min(app.bots, HOSTED_BOTS),
                            str)
        self.skill = Stepper(box, "Bot skill", SKILL_ORDER, SKILL_ORDER.index(app.skill),
                             str.capitalize)
        row = UIBoxLayout(vertical=False, space_between=12)
        row.add(_cell(UILabel("Password", font_size=16, text_color=MUTED), 200, "right"))
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
                                     time_limit_s=60.0 * self.minutes.chosen)
        self.app.bots = self.bots.chosen
        self.app.skill = self.skill.chosen
        self.app.password = (self.password.text.strip() and self.password.text) or None
        self.app.show_start(host=True)

    def on_draw_before_ui(self) -> None:
        arcade.draw_lrbt_rectangle_filled(0, self.window.width, 0, 4, ACCENT)
