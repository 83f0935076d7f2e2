"""Which key does what: the key names kept in the settings, as pyglet key symbols.

``KeyBindings`` resolves the stored names to pyglet key symbols. pyglet 2.1 reports a key
by what the layout prints on it (an AZERTY Z arrives as Z), and by its physical scancode
only for keys the layout has no symbol for (``user_key(N)``); both kinds are stored by
name, so a rebinding is exactly the key the player pressed.

Needs ``pyglet.window.key``: import this after arcade (or with pyglet's shadow window off).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from pyglet.window import key

from ..client.controls import ACTIONS, VERBS
from ..settings import DEFAULT_KEYS, Action

log = logging.getLogger("starlane")

CHAT_KEY = key.T
RESERVED: dict[int, str] = {key.ESCAPE: "the menu", key.F3: "the net graph", CHAT_KEY: "chat"}
"""Keys the game view keeps for itself: the settings screen does not bind them."""
SIDES = {"R": "Right", "L": "Left"}
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
    """A key name as a player reads it: "LEFT" -> "Left", "RCTRL" -> "Right Ctrl",
    "user_key(1a)" -> "Key #26"."""
    match = _USER_KEY.fullmatch(name)
    if match:
        return f"Key #{int(match.group(1), 16)}"
    if name[:1] in SIDES and name[1:] in ("CTRL", "SHIFT", "ALT"):
        return f"{SIDES[name[0]]} {name[1:].capitalize()}"
    return name if len(name) == 1 else name.replace("_", " ").capitalize()


class KeyBindings:
    """Which key does what: ``names``, each action's keys by name. Unknown names in the
    settings are skipped (one log line each). ``defaults``: the keys an action gets back
    when a rebinding takes its only one (a local player's own, or P1's)."""

    def __init__(self, names: dict[Action, list[str]],
                 defaults: dict[Action, list[str]] = DEFAULT_KEYS) -> None:
        self.defaults = defaults
        self.names: dict[Action, list[str]] = {a: list(names.get(a, defaults[a]))
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

    @property
    def symbols(self) -> dict[int, Action]:
        """Key symbol -> the action it does (a copy)."""
        return dict(self._actions)

    def keeping(self, symbols: Iterable[int]) -> KeyBindings:
        """These bindings with only the keys among ``symbols`` (what a pilot is left with
        once the local players take theirs, to show it)."""
        kept = set(symbols)
        return KeyBindings({a: [n for n in keys if symbol_of(n) in kept]
                            for a, keys in self.names.items()}, self.defaults)

    def actions_of(self, symbol: int) -> list[Action]:
        """Every action ``symbol`` is bound to (a hand-edited file may bind one key
        twice; the first is what it does)."""
        return [a for a in ACTIONS if any(symbol_of(n) == symbol for n in self.names[a])]

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
                names[other] = [n for n in self.defaults[other]
                                 if symbol_of(n) != symbol][:1]
        return KeyBindings(names, self.defaults)

    def describe(self, action: Action) -> str:
        return " or ".join(label_of(n) for n in self.names[action]) or "unbound"

    def help_line(self) -> str:
        """The one-line key help, from the bindings in force."""
        return "    ".join(f"{self.describe(a)}: {VERBS[a]}" for a in ACTIONS)

    def short(self) -> str:
        """The keys in a few words, for one of several pilots: "W A S D, Space to fire"
        (thrust, turn left, reverse, turn right)."""
        steer = " ".join(label_of(self.names[a][0]) if self.names[a] else "-"
                         for a in ("up", "left", "down", "right"))
        return f"{steer}, {self.describe('fire')} to fire"


def rebound(action: Action, symbol: int, bindings: KeyBindings, taken: list[Action]) -> str:
    """What a rebinding did, in words: the action's keys now, and what each action the key
    was taken from is left with (so no key goes missing unsaid)."""
    pressed = label_of(name_of(symbol))
    return f"{VERBS[action].capitalize()}: {bindings.describe(action)}." + "".join(
        f" {pressed} no longer does '{VERBS[other]}', which now has {bindings.describe(other)}."
        for other in taken)
