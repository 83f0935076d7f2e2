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

from pyglet.window import key

from ..client.controls import ACTIONS, VERBS
from ..settings import DEFAULT_KEYS, Action

log = logging.getLogger("starlane")

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
                names[other] = [n for n in DEFAULT_KEYS[other] if symbol_of(n) != symbol][:1]
        return KeyBindings(names)

    def describe(self, action: Action) -> str:
        return " or ".join(label_of(n) for n in self.names[action]) or "unbound"

    def help_line(self) -> str:
        """The one-line key help, from the bindings in force."""
        return "    ".join(f"{self.describe(a)}: {VERBS[a]}" for a in ACTIONS)


def rebound(action: Action, symbol: int, bindings: KeyBindings, taken: list[Action]) -> str:
    """What a rebinding did, in words: the action's keys now, and what each action the key
    was taken from is left with (so no key goes missing unsaid)."""
    pressed = label_of(name_of(symbol))
    return f"{VERBS[action].capitalize()}: {bindings.describe(action)}." + "".join(
        f" {pressed} no longer does '{VERBS[other]}', which now has {bindings.describe(other)}."
        for other in taken)
