"""Settings screen: display, sound, ship colours, keys and gamepads. Every change applies at
once and is remembered (the window's ``apply`` saves it). The keys and marker colour shown
are one pilot's at a time (P1, or a local player: the pilot button goes through them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import arcade
from arcade.gui import (
    UIAnchorLayout,
    UIBoxLayout,
    UIFlatButton,
    UILabel,
    UIOnChangeEvent,
    UISpace,
)
from pydantic import ValidationError

from starlane.net import NAME_MAX

from ..client.controls import ACTIONS, VERBS, precedence
from ..settings import (
    KEEP_MAX,
    KEEP_MIN,
    MARKER_RGB,
    MAX_PILOTS,
    PILOT_KEYS,
    VOLUME_MAX,
    VOLUME_MIN,
    Action,
    Palette,
    problem,
    sizes_that_fit,
)
from .keys import label_of, name_of, rebound
from .palette import PALETTES
from .shell import Shell
from .text_fields import PixelInputText
from .widgets import ACCENT, ERROR, MUTED, CentredLabel, FittedUIView, on_click, set_text

WIDTH = 380
PALETTE_ORDER: tuple[Palette, ...] = ("classic", "colour-blind safe")


@dataclass
class VolumeRow:
    """A label (``refresh`` writes it) between a minus and a plus button (steps of 10%)."""

    row: UIBoxLayout
    label: UILabel
    minus: UIFlatButton
    plus: UIFlatButton

    @classmethod
    def build(cls, change: Callable[[float], None], label_width: int = WIDTH - 116,
              button_width: int = 50) -> VolumeRow:
        row = UIBoxLayout(vertical=False, space_between=8)
        minus = row.add(on_click(UIFlatButton(text="-", width=button_width, height=40),
                                 partial(change, -0.1)))
        label = row.add(CentredLabel("", width=label_width, font_size=13))
        plus = row.add(on_click(UIFlatButton(text="+", width=button_width, height=40),
                                partial(change, 0.1)))
        return cls(row, label, minus, plus)


class SettingsView(FittedUIView):
    """``back()`` shows the screen to return to (the start screen, or the game in progress);
    ``keep_alive(delta_time)`` runs every frame meanwhile (a game keeps its connection)."""

    def __init__(self, app: Shell, back: Callable[[], None],
                 keep_alive: Callable[[float], None] | None = None,
                 back_text: str = "Back") -> None:
        super().__init__()
        self.app = app
        self.back = back
        self.keep_alive = keep_alive
        self.waiting_for_key: Action | None = None
        self.pilot = 1  # whose keys and marker the right column shows

        root = self.add_widget(UIAnchorLayout())
        root.add(UILabel("Settings", font_size=36, bold=True, text_color=ACCENT),
                 anchor_y="top", align_y=-30)

        left = UIBoxLayout(space_between=10)
        left.add(UILabel("Display and sound", font_size=16, bold=True, width=WIDTH))
        self.fullscreen_button = left.add(on_click(
            UIFlatButton(width=WIDTH, height=40), self.toggle_fullscreen))
        self.size_button = left.add(on_click(
            UIFlatButton(width=WIDTH, height=40), self.next_window_size))
        self.volumes = {which: VolumeRow.build(partial(self.change_volume, which))
                        for which in ("master", "effects")}
        for volume in self.volumes.values():
            left.add(volume.row)
        self.palette_button = left.add(on_click(
            UIFlatButton(width=WIDTH, height=40), self.next_palette))
        self.swatches = left.add(UISpace(width=WIDTH, height=24))  # drawn on, see below
        self.name_label = left.add(UILabel("", font_size=12, text_color=MUTED, width=WIDTH))
        self.name_input = left.add(PixelInputText(width=WIDTH, height=34, font_size=14))
        self.name_input.event("on_change")(self.rename_pilot)
        self.name_label.visible = self.name_input.visible = False  # P1's is on the start
        recording = left.add(UIBoxLayout(vertical=False, space_between=6))
        self.record_button = recording.add(on_click(
            UIFlatButton(width=WIDTH - 192, height=40), self.toggle_recording))
        self.keep_row = VolumeRow.build(self.change_keep, label_width=90, button_width=40)
        recording.add(self.keep_row.row)
        root.add(left, anchor_x="left", align_x=90, anchor_y="center", align_y=10)

        right = UIBoxLayout(space_between=8)
        right.add(UILabel("Keys (click one, then press the new key)", font_size=16,
                          bold=True, width=WIDTH + 60))
        self.pilot_button = right.add(on_click(
            UIFlatButton(width=WIDTH + 60, height=36), self.next_pilot))
        self.key_buttons: dict[Action, UIFlatButton] = {}
        for action in ACTIONS:
            self.key_buttons[action] = right.add(on_click(
                UIFlatButton(width=WIDTH + 60, height=36), partial(self.wait_for_key, action)))
        self.reset_keys_button = right.add(on_click(
            UIFlatButton(text="Reset keys to defaults", width=WIDTH + 60, height=36),
            self.reset_keys))
        self.marker_button = right.add(on_click(
            UIFlatButton(width=WIDTH + 60, height=36), self.next_marker_colour))
        right.add(UILabel("Gamepad", font_size=16, bold=True, width=WIDTH + 60))
        self.pad_label = right.add(UILabel("", font_size=12, text_color=MUTED,
                                           width=WIDTH + 60, multiline=True, height=40))
        root.add(right, anchor_x="right", align_x=-90, anchor_y="center", align_y=10)

        bottom = UIBoxLayout(space_between=8)
        self.status = bottom.add(CentredLabel("Changes apply at once and are remembered.",
                                         font_size=13, text_color=MUTED, width=900))
        self.back_button = bottom.add(on_click(
            UIFlatButton(text=back_text, width=260, height=46), self.leave))
        root.add(bottom, anchor_y="bottom", align_y=24)
        self.refresh()

    # ---- changes -------------------------------------------------------------------------

    def _change(self, pilot: int = 0, **fields: Any) -> None:
        """Apply ``fields`` (of local pilot ``pilot``'s, when not 0), or say in the model's
        words why the settings refuse them."""
        try:
            settings = self.app.settings
            self.app.apply(settings.with_pilot(pilot, **fields) if pilot else
                           settings.changed(**fields))
        except ValidationError as err:
            self.say(f"Kept as it was: {problem(err)}.", ERROR)
        self.refresh()

    def toggle_fullscreen(self) -> None:
        self._change(fullscreen=not self.app.settings.fullscreen)

    def screen_size(self) -> tuple[int, int]:
        """The size of the screen the window is on (pixels)."""
        screen = self.window.screen
        return screen.width, screen.height

    def next_window_size(self) -> None:
        """The next window size that fits the screen."""
        sizes = list(sizes_that_fit(self.screen_size()))
        now = self.app.settings.window_size
        index = sizes.index(now) + 1 if now in sizes else 0
        self._change(window_size=sizes[index % len(sizes)])

    def change_volume(self, which: str, step: float) -> None:
        """One step up or down; a step past either end stops there, as a slider does."""
        field = f"{which}_volume"
        value = min(max(getattr(self.app.settings, field) + step, VOLUME_MIN), VOLUME_MAX)
        self._change(**{field: round(value, 1)})

    def toggle_recording(self) -> None:
        self._change(record_matches=not self.app.settings.record_matches)

    def change_keep(self, step: float) -> None:
        """Keep ten recordings more or fewer (a tenth of a volume step is one click)."""
        keep = self.app.settings.keep_recordings + round(step * 100)
        self._change(keep_recordings=min(max(keep, KEEP_MIN), KEEP_MAX))

    def next_palette(self) -> None:
        index = PALETTE_ORDER.index(self.app.settings.palette) + 1
        self._change(palette=PALETTE_ORDER[index % len(PALETTE_ORDER)])

    def wait_for_key(self, action: Action) -> None:
        self.waiting_for_key = action
        self.say(f"Press the key for '{VERBS[action]}' (Esc cancels).", ERROR)
        self.refresh()

    def next_pilot(self) -> None:
        """Show (and rebind) the next pilot's keys, and a local player's name: P1, P2...
        P4, P1."""
        self.pilot = self.pilot % MAX_PILOTS + 1
        self.waiting_for_key = None
        self.refresh()
        self.name_label.visible = self.name_input.visible = self.pilot > 1
        if self.pilot > 1:
            self.name_input.text = self.app.settings.pilots[self.pilot - 2].name

    def rename_pilot(self, event: UIOnChangeEvent) -> None:
        """A local player's name, as typed (blank: the player's name and its number); it
        plays under it from its next game."""
        if self.pilot > 1 and event.new_value != self.app.settings.pilots[self.pilot - 2].name:
            self._change(self.pilot, name=event.new_value[:NAME_MAX])

    def next_marker_colour(self) -> None:
        colours = list(MARKER_RGB)
        now = colours.index(self.app.settings.pilot_colour(self.pilot))
        self._change(self.pilot, colour=colours[(now + 1) % len(colours)])

    def reset_keys(self) -> None:
        keys = type(self.app.settings)().keys if self.pilot == 1 else PILOT_KEYS[self.pilot - 2]
        self._change(self.pilot, keys=keys)
        self.say(f"P{self.pilot}'s keys are back to their defaults.")

    def leave(self) -> None:
        self.back()

    def on_key_press(self, symbol: int, _modifiers: int) -> bool:
        action, self.waiting_for_key = self.waiting_for_key, None
        if action is None:
            if symbol == arcade.key.ESCAPE:
                self.leave()
            return True
        if symbol == arcade.key.ESCAPE:
            self.say("Kept the old key.")
        else:
            old = self.app.pilot_bindings(self.pilot)
            try:
                bindings = old.rebind(action, symbol)
            except ValueError as err:  # a key the game keeps for itself
                self.say(f"{err}: kept the old key for '{VERBS[action]}'.", ERROR)
            else:
                taken = [a for a in old.actions_of(symbol) if a != action]
                self._change(self.pilot, keys=bindings.names)
                shared = self._shared_with(symbol)
                self.say(rebound(action, symbol, bindings, taken) + shared,
                         ACCENT if taken or shared else MUTED)
        self.refresh()
        return True

    def _shared_with(self, symbol: int) -> str:
        """What a key just bound for this pilot does when another pilot of this window
        (P1, or a local player added) is bound to it too ("" when none is)."""
        return "".join(
            f" {label_of(name_of(symbol))} is P{other}'s too: with both flying, it steers "
            f"P{min(self.pilot, other, key=precedence)}."
            for other in (1, *sorted(self.app.local_pilots.pilots))
            if other != self.pilot and symbol in self.app.pilot_bindings(other).symbols)

    def say(self, text: str, colour: arcade.types.Color = MUTED) -> None:
        self.status.text = text
        self.status.update_font(font_color=colour)

    # ---- showing -------------------------------------------------------------------------

    def refresh(self) -> None:
        s = self.app.settings
        set_text(self.fullscreen_button, f"Fullscreen: {'on' if s.fullscreen else 'off'}")
        set_text(self.size_button, "Windowed size: {} x {}".format(*s.window_size))
        set_text(self.volumes["master"].label, f"Master volume: {s.master_volume:.0%}")
        set_text(self.volumes["effects"].label, f"Effects volume: {s.effects_volume:.0%}")
        set_text(self.palette_button, f"Ship colours: {s.palette}")
        set_text(self.pilot_button, f"Keys of P{self.pilot} ({s.pilot_name(self.pilot)}): "
                                    "click for the next player")
        set_text(self.marker_button, f"P{self.pilot}'s marker (with local players): "
                                    f"{s.pilot_colour(self.pilot)}")
        set_text(self.name_label, f"P{self.pilot}'s name (blank: yours and its number; "
                                  "applies from the next game):")
        bindings = self.app.pilot_bindings(self.pilot)
        set_text(self.record_button, f"Record matches: {'on' if s.record_matches else 'off'}")
        set_text(self.keep_row.label, f"keep {s.keep_recordings}")
        for action, button in self.key_buttons.items():
            key_text = "press a key..." if action == self.waiting_for_key else \
                bindings.describe(action)
            set_text(button, f"{VERBS[action].capitalize():>10}:  {key_text}")
        steers = self.app.controls.pads  # pad -> pilot, once given or first pressed
        names = [getattr(pad, "name", "controller") + (f" (P{steers[pad]})" if pad in steers
                                                       else "") for pad in self.app.gamepads.pads]
        set_text(self.pad_label, (
            f"{', '.join(names)}: left stick or d-pad steers, A or the right trigger fires."
            if names else "No gamepad connected. Plug one in at any time: the left stick "
                          "or d-pad steers, A or the right trigger fires."))

    def on_update(self, delta_time: float) -> None:
        if self.keep_alive is not None:
            self.keep_alive(delta_time)
        self.refresh()  # a gamepad may come or go while this screen is open

    def on_draw_after_ui(self) -> None:
        """The chosen ship colours, as swatches under the palette button."""
        rect = self.swatches.rect
        colours = PALETTES[self.app.settings.palette]
        width = rect.width / len(colours)
        with self.ui.camera.activate():  # the widgets' own (fitted) coordinates
            for n, colour in enumerate(colours):
                arcade.draw_lrbt_rectangle_filled(rect.left + n * width + 3,
                                                  rect.left + (n + 1) * width - 3,
                                                  rect.bottom, rect.top, colour)
