"""What the replay viewer draws at a fractional tick of a recording: the world (read with
the client's own readers, ``read_world`` and ``read_match``), ships interpolated between
the two recorded ticks around it, bullets and rocks carried on from the earlier, and the
feed as a player saw it then (its lines of the last ``FEED_SECONDS``, newest first).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from starlane.net import Replay, ReplayError

from ..core import sim
from ..core.feed import line
from ..core.netstate import FEED_TICKS, MatchState, feed_entries, read_match, read_world
from .playout import ships_at
from .prediction import drift

FEED_SECONDS = 6.0  # as long as the game screen keeps a feed line
FEED_ROWS = 5


@dataclass(frozen=True)
class Frame:
    """One picture: ``tick`` (the recorded tick at or before the position), ``world`` (its
    ships where they were at the position), ``match`` (None: the state has none) and
    ``feed`` (lines, newest first)."""

    tick: int
    world: sim.World
    match: MatchState | None
    feed: list[str]


class ReplayFrames:
    """Frames of ``replay``. Remembers the feed entries of the ticks it has shown, so a
    line stays ``FEED_SECONDS`` as in the game; a jump elsewhere starts it afresh from the
    states there. ``problem``: None, or why the last frame asked for could not be read
    (a damaged chunk: the frame before it stays)."""

    def __init__(self, replay: Replay) -> None:
        self.replay = replay
        self.problem: str | None = None
        self._feed: dict[int, dict[str, Any]] = {}
        self._fed_tick: int | None = None
        self._read_ticks: dict[int, tuple[sim.World, MatchState | None]] = {}

    def frame(self, position: float) -> Frame | None:
        """The picture at ``position`` (a fractional tick within the recorded span); None
        when nothing could be read yet."""
        tick = math.floor(position)
        try:
            self._remember_feed(tick)  # first: it may read the chunk before this tick's
            world, match = self._read(tick)
            after = self._read(min(tick + 1, self.replay.last_tick))[0]
        except (ReplayError, ValueError) as err:
            self.problem = str(err)
            return self._fallback()
        self.problem = None
        self._read_ticks = {t: r for t, r in self._read_ticks.items() if t in (tick, tick + 1)}
        fraction = position - tick
        if after.tick > tick and fraction > 0:
            seconds = fraction * sim.DT
            world = sim.World(
                seed=world.seed, tick=tick, ships=ships_at([world, after], position, None),
                bullets={b.bid: drift(b, seconds) for b in world.bullets.values()},
                asteroids={a.aid: drift(a, seconds) for a in world.asteroids.values()})
        return self._as_frame(tick, world, match)

    def _read(self, tick: int) -> tuple[sim.World, MatchState | None]:
        """The world and match of the state at ``tick`` (the last two read are kept)."""
        if tick not in self._read_ticks:
            state = self.replay.state_at(tick)
            self._read_ticks[tick] = (read_world(state, tick), read_match(state))
        return self._read_ticks[tick]

    def _fallback(self) -> Frame | None:
        """The last picture read whole, if any (shown while a damaged one is asked for)."""
        if not self._read_ticks:
            return None
        tick = min(self._read_ticks)
        return self._as_frame(tick, *self._read_ticks[tick])

    def _remember_feed(self, tick: int) -> None:
        """Take in the feed entries of the states from the last one taken in (or from
        ``FEED_SECONDS`` back, after a jump) up to ``tick``."""
        keep = round(FEED_SECONDS * self.replay.tick_rate)
        if self._fed_tick is None or not 0 <= tick - self._fed_tick <= keep:
            self._feed.clear()
            start = tick - keep + FEED_TICKS  # that state holds the entries since tick - keep
        else:
            start = self._fed_tick + 1
        for at in range(max(start, self.replay.first_tick), tick + 1,
                        FEED_TICKS):  # a state holds the entries of the FEED_TICKS to it
            self._feed.update(feed_entries(self.replay.state_at(at)))
        self._feed.update(feed_entries(self.replay.state_at(tick)))
        self._feed = {n: e for n, e in self._feed.items() if tick - keep < n // 100 <= tick}
        self._fed_tick = tick

    def _as_frame(self, tick: int, world: sim.World, match: MatchState | None) -> Frame:
        lines = [text for _, entry in sorted(self._feed.items(), reverse=True)
                 if (text := line(entry)) is not None]
        return Frame(tick, world, match, lines[:FEED_ROWS])
