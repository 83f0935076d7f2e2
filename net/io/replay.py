"""Replays on disk: ``ReplayRecorder`` writes one as a match goes, ``Replay`` reads one.

The recorder is the adapter between a server's tick and a file: ``record`` only appends
the tick's delta (or, every keyframe interval, the whole state) to a list, handed to a
writer thread through a bounded queue once a second of ticks is in it (one handover per
second, not one per tick: waking a thread costs the tick more than the append), and
never waits. The thread packs, compresses and writes one chunk per
keyframe interval (format: ``starlane.net.sync.replay_format``), flushing each, so a crash
loses at most the interval being written. A writer that falls behind, or a disk that
fails, stops the recording with one log line; the match goes on.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from pathlib import Path
from typing import Any, BinaryIO

from ..sync.replay_format import ChunkBuilder, Mark, ReplayError, encode_index, encode_preamble
from ..sync.replay_read import ReplayReader
from ..sync.tracking import StateHistory

log = logging.getLogger("starlane.net.replay")
KEYFRAME_SECONDS = 5.0
"""A keyframe at least this often (s): the longest a seek replays, and a crash loses."""
QUEUE_CHUNKS = 4
"""How many keyframe intervals of ticks the writer may fall behind before recording stops."""
CLOSE_TIMEOUT = 10.0  # s: the longest ``close`` waits for the writer to finish


class Replay(ReplayReader):
    """A recording read from a file (``open``) or from its bytes (``from_bytes``).

    ``header``: the game's own dict; ``tick_rate`` (ticks per second) and
    ``keyframe_interval`` (ticks) as recorded; ``first_tick`` and ``last_tick``: the span
    recorded (inclusive); ``keyframe_ticks``: the keyframes' ticks, ascending (the seek
    points); ``marks``: the game's markers, ``(tick, kind, data)`` in tick order;
    ``footer``: the dict the recorder was closed with ({} when it was not); ``truncated``:
    None for a whole file, else one line for a person ("the recording ends at m:ss (the
    file was cut)"); ``bytes``: the file's size; ``format_version``: the file format's.
    ``state_at(tick)`` is the whole state at a tick (one chunk decoded: at most
    ``keyframe_interval`` diffs applied), ``states`` iterates a span for playback.

    Example::

        replay = Replay.open("match.slr")
        print(replay.header, replay.duration_s, replay.truncated or "whole")
        for tick, kind, data in replay.marks:
            print(tick, kind, data)
        state = replay.state_at(replay.keyframe_ticks[-1] + 10)
    """

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Replay:
        """The recording in the file at ``path``. Raises ``ReplayError`` with one line for
        a person: no such file, unreadable, not a replay, another format version."""
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise ReplayError("no such file") from None
        except OSError as err:
            raise ReplayError(f"cannot read it: {err.strerror or err}") from None
        return cls(data)


class ReplayRecorder:
    """Records a ``StateHistory``-based game to the file at ``path``, as it goes.

    Call ``record(tick, history)`` right after each ``history.commit(tick)`` (every
    commit: the diffs chain), ``mark(tick, kind, data)`` for the game's own markers (JSON
    data; indexed at the end, so that a reader lists them without replaying), and
    ``close(footer)`` at the end. ``header`` (a JSON dict) is the game's: its versions,
    setup, players. ``keyframe_interval``: ticks between keyframes (default
    ``KEYFRAME_SECONDS`` at ``tick_rate``, ticks per second). ``queue_limit``: how many
    ticks and markers the writer may fall behind before the recording stops (default
    ``QUEUE_CHUNKS`` keyframe intervals' worth). Call them all from one thread (the
    tick's).

    ``path``: the file; ``failed``: None while recording, else why it stopped (the file
    keeps what was written before). Raises ``OSError`` when the file cannot be created;
    a failure to write it later (a full disk) only stops the recording, with one log line.

    Example::

        recorder = ReplayRecorder("match.slr", {"game": "squares"}, tick_rate=20)
        history.commit(tick)
        recorder.record(tick, history)
        recorder.close({"winner": "blue"})
    """

    def __init__(self, path: str | os.PathLike[str], header: dict[str, Any],
                 keyframe_interval: int | None = None, tick_rate: float = 30.0,
                 queue_limit: int | None = None) -> None:
        self.path = Path(path)
        self.keyframe_interval = keyframe_interval or max(1, round(KEYFRAME_SECONDS * tick_rate))
        self.failed: str | None = None
        self._file: BinaryIO | None = self.path.open("wb")
        preamble = encode_preamble(tick_rate, self.keyframe_interval, header)
        self._handoff = max(1, min(self.keyframe_interval, round(tick_rate)))  # ticks
        self._pending: list[tuple[Any, ...]] = []  # the tick thread's, until handed off
        self._queue: queue.Queue[list[tuple[Any, ...]]] = queue.Queue(max(1, (
            queue_limit or QUEUE_CHUNKS * self.keyframe_interval) // self._handoff))
        self._next_keyframe: int | None = None
        self._closed = False
        self._writer = threading.Thread(target=self._write_all, args=(preamble,),
                                        name="replay-writer", daemon=True)
        self._writer.start()

    def record(self, tick: int, history: StateHistory) -> None:
        """Hand tick ``tick`` (just committed) to the writer: a keyframe when one is due,
        else its delta. Never blocks; a full queue stops the recording."""
        if self.failed or self._closed:
            return
        if self._next_keyframe is None or tick >= self._next_keyframe:
            self._next_keyframe = tick + self.keyframe_interval
            self._pending.append(("key", tick, history.state_at(tick)))
        else:
            self._pending.append(("delta", tick, history.delta_at(tick) or {}))
        if len(self._pending) >= self._handoff:
            self._hand_off()

    def mark(self, tick: int, kind: str, data: Any = None) -> None:
        """A game-defined marker at ``tick`` (a kill, a round's result ...); ``data`` JSON."""
        if not (self.failed or self._closed):
            self._pending.append(("mark", tick, kind, data))

    def close(self, footer: dict[str, Any] | None = None) -> None:
        """Write what is left, the index of keyframes and markers, and ``footer``; close
        the file (and delete it when no tick was recorded). Waits for the writer (at most
        ``CLOSE_TIMEOUT`` s). Idempotent."""
        if self._closed:
            return
        self._closed = True
        last = [] if self.failed else self._pending  # after a gap, nothing chains
        try:
            self._queue.put([*last, ("close", footer or {})], timeout=CLOSE_TIMEOUT)
        except queue.Full:
            self._stop("the recording's writer did not finish")
        self._writer.join(CLOSE_TIMEOUT)

    def _hand_off(self) -> None:
        batch, self._pending = self._pending, []
        try:
            self._queue.put_nowait(batch)
        except queue.Full:
            self._stop("the writer fell behind the match")

    def _stop(self, reason: str) -> None:
        if self.failed is None:
            self.failed = reason
            log.warning("recording to %s stopped: %s", self.path, reason)

    def _write_all(self, preamble: bytes) -> None:
        """The writer thread: the preamble, chunks as they fill, the index on ``close``."""
        chunk: ChunkBuilder | None = None
        keyframes: list[tuple[int, int]] = []
        marks: list[Mark] = []
        written = self._write(preamble)
        item: tuple[Any, ...] = ("start",)
        while item[0] != "close":
            for item in self._queue.get():
                if item[0] == "key":
                    if chunk is not None:
                        written += self._write(chunk.encode())
                    keyframes.append((item[1], written))
                    chunk = ChunkBuilder(item[1], item[2])
                elif chunk is not None and item[0] == "delta":
                    chunk.add(item[1], item[2])
                elif chunk is not None and item[0] == "mark":
                    marks.append(item[1:])
                    chunk.mark(item[1:])
        if chunk is not None:
            self._write(chunk.encode())
            self._write(encode_index(keyframes, marks, chunk.last_tick, item[1]))
        self._close_file()
        if chunk is None and self.path.is_file():  # nothing recorded: no file to list
            try:
                self.path.unlink()
            except OSError as err:
                log.warning("could not delete the empty recording %s: %s", self.path,
                            err.strerror or err)

    def _write(self, record: bytes) -> int:
        """Write and flush one record; its size (0 once the disk has failed)."""
        if self._file is None:
            return 0
        try:
            self._file.write(record)
            self._file.flush()
        except OSError as err:
            self._stop(f"cannot write: {err.strerror or err}")
            self._close_file()
            return 0
        return len(record)

    def _close_file(self) -> None:
        if self._file is not None:
            try:
                self._file.close()
            except OSError as err:
                self._stop(f"cannot write: {err.strerror or err}")
            self._file = None
