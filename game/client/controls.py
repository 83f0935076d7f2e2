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
