"""From keys and gamepads to the ship's actions ("up", "down", "left", "right", "fire").

``PadState`` maps one controller's stick, d-pad and buttons to held actions (pure: tests
feed it fake events). ``HeldActions`` merges the sources (keyboard, each pad): the ship
sees an action pressed when the first source holds it and released when the last lets go.
Which key does what is ``game.ui.keys`` (it needs pyglet's key symbols).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from ..settings import Action

ACTIONS: tuple[Action, ...] = ("left", "right", "up", "down", "fire")
VERBS: dict[Action, str] = {"left": "turn left", "right": "turn right", "up": "thrust",
                            "down": "reverse", "fire": "fire"}


@dataclass
class PadState:
    """One controller: stick or d-pad to turn and thrust, a face button or trigger to fire.

    Axes are pyglet's: x right, y up, each in [-1, 1]. ``DEADZONE`` keeps a resting stick
    (which rarely reads exactly 0) from turning the ship.
    """

    DEADZONE = 0.4
    FIRE_BUTTONS = frozenset({"a", "rightshoulder"})
    stick: tuple[float, float] = (0.0, 0.0)
    dpad: tuple[float, float] = (0.0, 0.0)
    trigger: float = 0.0
    buttons: set[str] = field(default_factory=set)

    def held(self) -> set[Action]:
        actions: set[Action] = set()
        for x, y in (self.stick, self.dpad):
            if x <= -self.DEADZONE:
                actions.add("left")
            elif x >= self.DEADZONE:
                actions.add("right")
            if y >= self.DEADZONE:
                actions.add("up")
            elif y <= -self.DEADZONE:
                actions.add("down")
        if self.buttons & self.FIRE_BUTTONS or self.trigger >= 0.5:
            actions.add("fire")
        return actions


class HeldActions:
    """The union of what every source holds; ``set`` returns what changed for the ship."""

    def __init__(self) -> None:
        self._by_source: dict[Hashable, set[Action]] = {}

    def union(self) -> set[Action]:
        return set().union(*self._by_source.values())

    def set(self, source: Hashable, held: Iterable[Action]
            ) -> tuple[list[Action], list[Action]]:
        """``source`` now holds ``held``: (actions newly pressed, actions released)."""
        before = self.union()
        self._by_source[source] = set(held)
        after = self.union()
        return sorted(after - before), sorted(before - after)

    def clear(self) -> list[Action]:
        """Every source lets go (menu opened, pad unplugged...): the actions released."""
        released = sorted(self.union())
        self._by_source.clear()
        return released


Steer = tuple[int, list[Action], list[Action]]
"""What one input did to one pilot: (pilot number, actions newly pressed, released)."""


def precedence(pilot: int) -> tuple[bool, int]:
    """Sorts pilots by who steers with a key two of them are bound to: the local players
    first (P2 before P3...), P1 last."""
    return pilot == 1, pilot


def share_keys(keymaps: dict[int, dict[int, Action]]) -> dict[int, dict[int, Action]]:
    """Each pilot's keys (pilot number -> key symbol -> action) as they steer with these
    pilots in the window: a key two pilots are bound to steers the local player (P2 before
    P3...), so P1, who alone has the arrows and WASD, gives up the arrows to P2 and keeps
    WASD."""
    taken: set[int] = set()
    shared: dict[int, dict[int, Action]] = {}
    for pilot in sorted(keymaps, key=precedence):
        shared[pilot] = {s: a for s, a in keymaps[pilot].items() if s not in taken}
        taken |= set(keymaps[pilot])
    return shared


class PilotControls:
    """Keys and pads routed to the local pilots, each pilot's sources merged by its own
    ``HeldActions``. ``keymaps``: the shared keys in force (``share_keys``); ``pads``: which
    pilot each pad steers. A pad steers one pilot: the pilot it was given when added
    (``give_pad``), or, at its first press, the lowest-numbered pilot without a pad."""

    def __init__(self) -> None:
        self.keymaps: dict[int, dict[int, Action]] = {}
        self.pads: dict[Hashable, int] = {}
        self._held: dict[int, HeldActions] = {}
        self._keys_down: dict[int, set[int]] = {}

    def set_pilots(self, keymaps: dict[int, dict[int, Action]]) -> None:
        """The pilots now in the window, each with its own keys (symbol -> action). A pilot
        gone frees its pad (its session has said BYE: nothing to let go of)."""
        for pilot in set(self._held) - set(keymaps):
            del self._held[pilot]
            self._keys_down.pop(pilot, None)
        self.pads = {pad: pilot for pad, pilot in self.pads.items() if pilot in keymaps}
        self.keymaps = share_keys(keymaps)
        for pilot in keymaps:
            self._held.setdefault(pilot, HeldActions())

    def key(self, symbol: int, down: bool) -> Steer | None:
        """A key pressed or let go: what it did to the pilot it steers (None: no pilot's)."""
        pilot = next((p for p, keys in self.keymaps.items() if symbol in keys), None)
        if pilot is None:
            return None
        keys_down = self._keys_down.setdefault(pilot, set())
        (keys_down.add if down else keys_down.discard)(symbol)
        keymap = self.keymaps[pilot]  # a key held through a rebinding may do nothing now
        held = {keymap[s] for s in keys_down if s in keymap}
        return (pilot, *self._held[pilot].set("keyboard", held))

    def pad(self, pad: Hashable, held: set[Action]) -> Steer | None:
        """A pad's actions changed: what that did to its pilot (None: every pilot has a
        pad already, or an unassigned pad let go)."""
        pilot = self.pads.get(pad)
        if pilot is None and held:
            pilot = next((p for p in sorted(self._held) if p not in self.pads.values()), None)
            if pilot is not None:
                self.pads[pad] = pilot
        if pilot is None:
            return None
        return (pilot, *self._held[pilot].set(pad, held))

    def forget_pad(self, pad: Hashable) -> list[Steer]:
        """``pad`` was unplugged: its pilot lets go of what it held and may take another."""
        pilot = self.pads.pop(pad, None)
        if pilot is None:
            return []
        return [(pilot, *self._held[pilot].set(pad, ()))]

    def give_pad(self, pilot: int, connected: Iterable[Hashable]) -> Hashable | None:
        """A pilot just added takes the first connected pad no pilot steers with (if any)."""
        pad = next((p for p in connected if p not in self.pads), None)
        if pad is not None:
            self.pads[pad] = pilot
        return pad

    def let_go(self) -> list[Steer]:
        """Every pilot lets go of everything (a menu or the chat opened)."""
        self._keys_down.clear()
        return [(pilot, [], released) for pilot, held in sorted(self._held.items())
                if (released := held.clear())]
