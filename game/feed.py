"""The one feed a player reads: chat, joins and leaves, kills, and round notices.

``line(entry)`` turns a feed entry of the state (docs/protocol.md, ``feed``) into the text
shown; entries that are only sounds (``hit``) or of a kind this client does not know give
None.
"""

from __future__ import annotations

from typing import Any


def _who(entry: dict[str, Any]) -> str:
    return f"{entry.get('name')} (bot)" if entry.get("bot") else str(entry.get("name"))


def _winners(names: Any) -> str:
    if not isinstance(names, list) or not names:
        return "a draw, no kills"
    if len(names) == 1:
        return f"{names[0]} wins"
    return f"{', '.join(str(n) for n in names[:-1])} and {names[-1]} share the win"


def line(entry: dict[str, Any]) -> str | None:
    kind = entry.get("kind")
    if kind == "chat":
        return f"{entry.get('name')}: {entry.get('text')}"
    if kind == "kill":
        return f"{entry.get('killer') or 'An asteroid'} destroyed {entry.get('victim')}"
    if kind == "join":
        return f"{_who(entry)} joined"
    if kind == "leave":
        return f"{_who(entry)} left ({entry.get('reason')})"
    if kind == "round_over":
        return f"Round {entry.get('round')} over: {_winners(entry.get('winners'))}"
    if kind == "round_start":
        return f"Round {entry.get('round')}: fight!"
    return None
