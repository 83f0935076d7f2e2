"""From keys and gamepads to the ship's actions ("up", "down", "left", "right", "fire").

``KeyBindings`` resolves the key names kept in the settings to pyglet key symbols. pyglet
2.1 reports a key by what the layout prints on it (an AZERTY Z arrives as Z), and by its
physical scancode only for keys the layout has no symbol for (``user_key(N)``); both kinds
are stored by name, so a rebinding is exactly the key the player pressed.

``PadState`` maps one controller's stick, d-pad and buttons to held actions (pure: tests
feed it fake events). ``HeldActions`` merges the sources (keyboard, each pad): the ship
sees an action pressed when the first source holds it and released when the last lets go.

Needs ``pyglet.window.key``: import this after arcade (or with pyglet's shadow window off).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from pyglet.window import key

from ..settings import DEFAULT_KEYS, Action

log = logging.getLogger("starlane")

ACTIONS: tuple[Action, ...] = ("left", "right", "up", "down", "fire")
VERBS: dict[Action, str] = {"left": "turn left", "right": "turn right", "up": "thrust",
                            "down": "reverse", "fire": "fire"}
CHAT_KEY = key.T
RESERVED: dict[int, str] = {key.ESCAPE: "the menu", key.F3: "the net graph", CHAT_KEY: "chat"}
"""Keys the game view keeps for itself: the settings screen does not bind them."""
_USER_KEY = re.compile(r"user_key\((?:0x)?([0-9a-fA-F]+)\)")


def symbol_of(name: str) -> int | None:
    """The pyglet key symbol a stored name stands for, or None if no key has that name."""
    match = _USER_KEY.fullmatch(name)
    if match:  # symbol_string writes user keys as user_key(hex)
        return key.user_key(int(match.group(1), 16))
    value = getattr(key, name.upper(), None)
    return value if isinstance(value, int) and not name.startswith("MOD_") else None


def name_of(symbol: int) -> str:
    """The name a key symbol is stored under (and shown as)."""
    return key.symbol_string(symbol)


def label_of(name: str) -> str:
    """A key name as a player reads it: "LEFT" -> "Left", "user_key(1a)" -> "Key #26"."""
    match = _USER_KEY.fullmatch(name)
    if match:
        return f"Key #{int(match.group(1), 16)}"
    return name if len(name) == 1 else name.replace("_", " ").capitalize()


class KeyBindings:
    """Which key does what. Unknown names in the settings are skipped (one log line each)."""

    def __init__(self, names: dict[Action, list[str]]) -> None:
        self.names: dict[Action, list[str]] = {a: list(names.get(a, DEFAULT_KEYS[a]))
                                               for a in ACTIONS}
        self._actions: dict[int, Action] = {}
        for action in ACTIONS:
            for name in self.names[action]:
                symbol = symbol_of(name)
                if symbol is None:
                    log.warning("no key is called %r: it does nothing", name)
                else:
                    self._actions.setdefault(symbol, action)

    def action(self, symbol: int) -> Action | None:
        return self._actions.get(symbol)

    def rebind(self, action: Action, symbol: int) -> KeyBindings:
        """New bindings where ``symbol`` does ``action`` alone (its first key; the old
        first key stays as the second). The key stops doing whatever it did before.
        ``ValueError`` (saying what the key is for) for one of the ``RESERVED`` keys."""
        if symbol in RESERVED:
            raise ValueError(f"{label_of(name_of(symbol))} is for {RESERVED[symbol]}")
        name = name_of(symbol)
        names = {a: [n for n in keys if symbol_of(n) != symbol] for a, keys in self.names.items()}
        names[action] = [name, *names[action]][:2]
        for other in ACTIONS:
            if not names[other]:  # its only key was taken: give it back its default
                names[other] = [n for n in DEFAULT_KEYS[other] if symbol_of(n) != symbol][:1]
        return KeyBindings(names)

    def describe(self, action: Action) -> str:
        return " or ".join(label_of(n) for n in self.names[action]) or "unbound"

    def help_line(self) -> str:
        """The one-line key help, from the bindings in force."""
        return "    ".join(f"{self.describe(a)}: {VERBS[a]}" for a in ACTIONS)


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
