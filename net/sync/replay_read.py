"""Reading a replay from its bytes: the header, the markers, and the state at any tick.

Pure: the file's bytes come in (``starlane.net.Replay.open`` reads them from a path).
Seeking decodes one chunk: the keyframe at or before the tick and the diffs after it (at
most one keyframe interval of them); the chunk last decoded is kept, so playing on from a
seek costs nothing more.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import Any, Self

from .replay_format import (
    CHUNK,
    FORMAT_VERSION,
    INDEX,
    DecodedChunk,
    Mark,
    Record,
    ReplayError,
    chunk_summary,
    decode_preamble,
    scan,
)


def _index(record: Record) -> Any:
    """The index's body; None when it does not decode (the chunks are read instead)."""
    try:
        return record.body()
    except ReplayError:
        return None


def clock(seconds: float) -> str:
    """``m:ss`` for a span of seconds (``72.4`` is ``1:12``)."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


class ReplayReader:
    """A recording read from its bytes (``from_bytes``).

    ``header``: the game's own dict; ``tick_rate`` (ticks per second) and
    ``keyframe_interval`` (ticks) as recorded; ``first_tick`` and ``last_tick``: the span
    recorded (inclusive); ``keyframe_ticks``: the ticks of the keyframes, ascending (the
    seek points); ``marks``: the game's markers, ``(tick, kind, data)`` in order;
    ``footer``: the dict the recorder was closed with ({} when it was not); ``truncated``:
    None for a whole file, else one line for a person saying where the cut file ends;
    ``bytes``: the file's size; ``format_version``: the file format's version.
    """

    def __init__(self, data: bytes) -> None:
        meta, offset = decode_preamble(data)
        self.header: dict[str, Any] = dict(meta["header"])
        self.tick_rate = float(meta["tick_rate"])
        self.keyframe_interval = int(meta["keyframe_interval"])
        self.bytes = len(data)
        self.format_version = FORMAT_VERSION
        records, clean = scan(data, offset)
        self._chunks = [r for r in records if r.kind == CHUNK]
        if not self._chunks:
            raise ReplayError("the recording holds no ticks (the file was cut before its "
                              "first seconds were written)")
        self.keyframe_ticks = [r.tick for r in self._chunks]
        self.first_tick = self._chunks[0].tick
        index = _index(records[-1]) if records[-1].kind == INDEX else None
        self.footer: dict[str, Any] = {}
        self.marks: list[Mark]
        if clean and isinstance(index, dict) and self._read_index(index):
            self.truncated: str | None = None
        else:
            self.last_tick, self.marks = self._summarise()
            self.truncated = (f"the recording ends at {clock(self.seconds(self.last_tick))} "
                              "(the file was cut)")
        self._decoded: tuple[int, DecodedChunk] | None = None

    @classmethod
    def from_bytes(cls, data: bytes) -> Self:
        """The recording in ``data``. Raises ``ReplayError`` (one line) when it is not a
        replay, or one of another format version."""
        return cls(data)

    def seconds(self, tick: int) -> float:
        """Seconds from the first tick recorded to ``tick``."""
        return (tick - self.first_tick) / self.tick_rate

    @property
    def duration_s(self) -> float:
        """Seconds from the first tick recorded to the last."""
        return self.seconds(self.last_tick)

    def state_at(self, tick: int) -> dict[str, Any]:
        """The whole state as of ``tick`` (clamped to the recorded span; between two
        recorded ticks, the earlier's): what the recording server's ``StateHistory`` held.
        Shared with other ticks' states: never change it. Raises ``ReplayError`` when the
        chunk holding it is damaged."""
        n = max(0, bisect.bisect_right(self.keyframe_ticks, tick) - 1)
        return self._decode(n).state_at(tick)

    def states(self, start: int, stop: int) -> Iterator[tuple[int, dict[str, Any]]]:
        """(tick, state) for each recorded tick from ``start`` up to ``stop`` (excluded),
        decoding each chunk once; the states are shared as ``state_at``'s are."""
        for n, record in enumerate(self._chunks):
            ends = self._chunks[n + 1].tick if n + 1 < len(self._chunks) else self.last_tick + 1
            if ends <= start or record.tick >= stop:
                continue
            for tick, state in self._decode(n).every():
                if start <= tick < stop:
                    yield tick, state

    def _decode(self, n: int) -> DecodedChunk:
        if self._decoded is None or self._decoded[0] != n:
            self._decoded = (n, DecodedChunk(self._chunks[n]))
        return self._decoded[1]

    def _read_index(self, index: dict[str, Any]) -> bool:
        """Take the end and the markers from the index; False when it is malformed."""
        try:
            self.last_tick = int(index["last_tick"])
            self.marks = [(int(t), str(kind), data) for t, kind, data in index["marks"]]
            self.footer = dict(index.get("footer") or {})
        except (KeyError, TypeError, ValueError):
            return False
        return True

    def _summarise(self) -> tuple[int, list[Mark]]:
        """The last tick and the markers of a file with no index, from its chunks (a
        damaged one ends the recording)."""
        last, marks = self.first_tick, list[Mark]()
        for n, record in enumerate(self._chunks):
            try:
                last, found = chunk_summary(record)
            except ReplayError:
                if n == 0:
                    raise
                del self._chunks[n:]
                self.keyframe_ticks = self.keyframe_ticks[:n]
                break
            marks += found
        return last, marks

