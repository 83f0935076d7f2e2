"""The one feed a player reads: chat, joins and leaves, kills, and round notices.

``line(entry, own_name)`` turns a feed entry of the state (docs/protocol.md, ``feed``) into
the text shown, in the second person where it is about the player reading it; entries that
are only sounds (``hit``) or of a kind this client does not know give None. Chat entries
(``CHAT_KIND``) go to the chat panel, the rest to the kill feed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .powerups import NAMES as POWER_NAMES


def _who(entry: dict[str, Any]) -> str:
    return f"{entry.get('name')} (bot)" if entry.get("bot") else str(entry.get("name"))


def _winners(names: Any, team: Any = None) -> str:
    if team is not None:  # tdm: the team wins, whoever flew for it
        return f"{team} wins"
    if not isinstance(names, list) or not names:
        return "a draw, no kills"
    if len(names) == 1:
        return f"{names[0]} wins"
    return f"{', '.join(str(n) for n in names[:-1])} and {names[-1]} share the win"


def _left(entry: dict[str, Any]) -> str:
    """ "Vega left", or with the reason when it says more ("Vega left (timed out)")."""
    reason = entry.get("reason")
    return f"{_who(entry)} left" + ("" if reason in (None, "", "left") else f" ({reason})")


CHAT_KIND = "chat"
FORMATS: dict[str, Callable[[dict[str, Any]], str]] = {
    "chat": lambda e: f"{e.get('name')}: {e.get('text')}",
    "kill": lambda e: (f"{e.get('victim')} burned in the sun" if e.get("by") == "sun" else
                       f"{e.get('killer') or 'An asteroid'} destroyed {e.get('victim')}"),
    "join": lambda e: f"{_who(e)} joined",
    "leave": _left,
    "spectate": lambda e: f"{e.get('name')} is spectating",
    "seated": lambda e: f"{e.get('name')} took a seat",
    "lost": lambda e: f"{e.get('name')} lost connection",
    "back": lambda e: f"{e.get('name')} is back",
    "round_over": lambda e: f"Round {e.get('round')} over: "
                            f"{_winners(e.get('winners'), e.get('team'))}",
    "round_start": lambda e: f"Round {e.get('round')}: fight!",
    "powerup": lambda e: f"{e.get('name')} took "
                         f"{POWER_NAMES.get(str(e.get('power')), 'a power-up')}",
    "host": lambda e: (f"{e.get('left')} left" if e.get("how") == "left" else
                       f"{e.get('left')}'s game stopped answering") +
                      f"; {e.get('host')} is now hosting",
}


YOURS: dict[str, str] = {"back": "You are back in the game", "seated": "You took a seat",
                         "spectate": "You are spectating", "lost": "You lost connection",
                         "join": "You joined"}
"""What the player reads about themself, where the line about another would be odd."""


def line(entry: dict[str, Any], own_name: str | None = None) -> str | None:
    kind = str(entry.get("kind"))
    if own_name is not None and kind in YOURS and entry.get("name") == own_name:
        return YOURS[kind]
    text = FORMATS.get(kind)
    return None if text is None else text(entry)
