"""Chat judging: what a player may say, and how often. Pure: time is the world's tick.

A chat line goes on the reliable-ordered ``CHANNEL`` (a ``starlane.net`` message channel)
from a client that speaks it, else as a normal-priority EVENT ``{"CHAT": text}``; both are
judged alike, and the client shows a line only when the server's copy comes back in the
feed. A refused line's reason goes back to its speaker: on the channel (``{"refused":
reason}``) or as the EVENT's ILLEGAL verdict. Control characters (newlines, escapes, bidi
overrides) are stripped, white space collapsed; an empty line, an over-long one, or one
past the player's rate limit is ILLEGAL, with the reason.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from starlane.net import Channel

from . import sim

CHANNEL = Channel("chat")
"""The message channel chat lines travel on, both server and client declare it."""
MAX_CHARS = 120
BURST = 3  # lines a player may send at once...
REFILL_TICKS = 2 * sim.TICK_RATE  # ...then one more every 2 s


def clean(text: str) -> str:
    """``text`` without control or format characters (Unicode categories Cc, Cf), white
    space collapsed to single spaces."""
    kept = "".join(" " if ch.isspace() else ch for ch in text
                   if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf"))
    return " ".join(kept.split())


@dataclass
class ChatJudge:
    """Per-player token buckets, keyed by ship pid."""

    _spent: dict[int, tuple[float, int]] = field(default_factory=dict)  # pid -> (tokens, tick)

    def why_not(self, pid: int, text: object, tick: int) -> str | None:
        """Why this line is refused now, or None."""
        if not isinstance(text, str):
            return "a chat message is text"
        line = clean(text)
        if not line:
            return "empty message"
        if len(line) > MAX_CHARS:
            return f"message too long ({len(line)} characters, at most {MAX_CHARS})"
        if self._tokens(pid, tick) < 1.0:
            return "slow down: too many messages"
        return None

    def spend(self, pid: int, tick: int) -> None:
        """A line from ``pid`` was judged LEGAL at ``tick``."""
        self._spent[pid] = (self._tokens(pid, tick) - 1.0, tick)

    def forget(self, pid: int) -> None:
        self._spent.pop(pid, None)

    def _tokens(self, pid: int, tick: int) -> float:
        tokens, since = self._spent.get(pid, (float(BURST), tick))
        return min(float(BURST), tokens + (tick - since) / REFILL_TICKS)
