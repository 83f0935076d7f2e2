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


KEEP_SECONDS = 10.0
"""How long a chat line stays in the chat panel while the chat line is closed (s)."""
HISTORY = 50
"""How many chat lines are kept to scroll back through while the chat line is open."""


@dataclass
class ChatLog:
    """The chat a player has seen, apart from the kill feed: the last ``HISTORY`` lines
    (``lines``: (arrival, text), oldest first; arrival in seconds of the caller's clock),
    and how far the open panel is scrolled back (``scrolled``: lines up from the
    newest)."""

    lines: list[tuple[float, str]] = field(default_factory=list)
    scrolled: int = 0

    def add(self, text: str, now: float) -> None:
        self.lines = [*self.lines, (now, text)][-HISTORY:]
        if self.scrolled:  # a reader scrolled back keeps reading the same lines
            self.scrolled += 1

    def recent(self, now: float, rows: int) -> list[str]:
        """The panel while the chat line is closed: the newest ``rows`` lines among those
        younger than ``KEEP_SECONDS``, oldest first."""
        fresh = [text for at, text in self.lines if now - at < KEEP_SECONDS]
        return fresh[-rows:] if rows else []

    def page(self, rows: int) -> list[str]:
        """The panel while the chat line is open: ``rows`` lines ending ``scrolled`` lines
        up from the newest, oldest first."""
        end = len(self.lines) - min(self.scrolled, self.furthest(rows))
        return [text for _, text in self.lines[max(end - rows, 0):end]]

    def scroll(self, by: int, rows: int) -> None:
        """Scroll back (``by`` > 0) or forward, no further than the oldest or newest line
        of a ``rows``-line page."""
        self.scrolled = min(max(self.scrolled + by, 0), self.furthest(rows))

    def furthest(self, rows: int) -> int:
        """How far a ``rows``-line page can scroll back."""
        return max(len(self.lines) - rows, 0)
