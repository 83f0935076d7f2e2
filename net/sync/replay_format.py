"""The replay file, byte by byte: pure encoding and decoding (no file, no clock).

Layout (integers big-endian)::

    MAGIC (8 bytes) | format version (u16) | meta length (u32) | meta (UTF-8 JSON)
    record*         each: kind (1 byte) | tick (i64) | length (u32) | CRC-32 (u32) | payload

- meta: ``{"tick_rate": ticks per second, "keyframe_interval": ticks, "header": the
  game's own dict}``.
- a chunk record (kind ``b"C"``, tick = its keyframe's): the payload, compressed alone
  (``zlib``, level 9), is the JSON ``{"key": the whole state at that tick, "ticks":
  [[step, packed delta], ...], "marks": [[tick, kind, data], ...]}``: the ticks after the
  keyframe (``step``: ticks since the one before, 1 unless ticks were skipped), each delta
  packed by ``replay_codec`` (a new packer per chunk), and the markers the game set in
  that span. One chunk per keyframe interval: a crash or a cut
  loses at most the chunk being written.
- the index record (kind ``b"I"``, last, tick = the last tick recorded): the JSON
  ``{"keyframes": [[tick, offset], ...], "marks": [...], "last_tick": t, "footer": {...}}``
  compressed the same way. A file without it was cut (or its writer crashed): it is read
  by scanning its chunks.
"""

from __future__ import annotations

import bisect
import json
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from .replay_codec import DeltaPacker, DeltaUnpacker
from .tracking import Delta, apply_delta

MAGIC = b"\x89SLREPL\n"
FORMAT_VERSION = 1
CHUNK, INDEX = b"C", b"I"
_PREAMBLE = struct.Struct(">8sHI")
_RECORD = struct.Struct(">cqII")
COMPRESSION_LEVEL = 9
MAX_BODY_BYTES = 64 * 1024 * 1024
"""The most one record may inflate to. A chunk of a big game is a few MB; a record that
inflates past this was not written by a recorder (a zip bomb, say), and is refused
before it fills the memory."""
Mark = tuple[int, str, Any]
"""A game-defined marker: (tick, kind, data): a kill, a round's result ..."""


class ReplayError(Exception):
    """A file that cannot be read as a replay; ``str()`` is one line for a person (no such
    file, not a replay, another format version)."""


def encode_preamble(tick_rate: float, keyframe_interval: int, header: dict[str, Any]) -> bytes:
    """The file's first bytes: magic, format version, and the meta JSON."""
    meta = json.dumps({"tick_rate": tick_rate, "keyframe_interval": keyframe_interval,
                       "header": header}, separators=(",", ":")).encode()
    return _PREAMBLE.pack(MAGIC, FORMAT_VERSION, len(meta)) + meta


def decode_preamble(data: bytes) -> tuple[dict[str, Any], int]:
    """(meta, the offset of the first record). Raises ``ReplayError``."""
    if len(data) < _PREAMBLE.size or not data.startswith(MAGIC):
        raise ReplayError("not a Starlane replay")
    _, version, size = _PREAMBLE.unpack_from(data)
    if version != FORMAT_VERSION:
        raise ReplayError(f"a replay of format version {version}; this version reads "
                          f"format {FORMAT_VERSION}")
    end = _PREAMBLE.size + size
    try:
        meta = json.loads(data[_PREAMBLE.size:end])
        float(meta["tick_rate"])
        int(meta["keyframe_interval"])
        dict(meta["header"])
    except (ValueError, KeyError, TypeError):
        raise ReplayError("not a Starlane replay (its header is damaged)") from None
    return meta, end


def _json(body: Any) -> str:
    return json.dumps(body, separators=(",", ":"))


def _record(kind: bytes, tick: int, text: str) -> bytes:
    payload = zlib.compress(text.encode(), COMPRESSION_LEVEL)
    return _RECORD.pack(kind, tick, len(payload), zlib.crc32(payload)) + payload


def encode_index(keyframes: list[tuple[int, int]], marks: list[Mark], last_tick: int,
                 footer: dict[str, Any]) -> bytes:
    """The index record: keyframes as (tick, offset of their chunk), every marker, the last
    tick recorded and the game's footer."""
    return _record(INDEX, last_tick, _json({"keyframes": keyframes, "marks": marks,
                                            "last_tick": last_tick, "footer": footer}))


@dataclass(frozen=True)
class Record:
    """A record found in a file: its ``kind``, ``tick``, ``offset`` (of its first byte)
    and compressed ``payload``."""

    kind: bytes
    tick: int
    offset: int
    payload: bytes

    def body(self) -> Any:
        """The decoded JSON body. Raises ``ReplayError`` when it does not decode, or would
        inflate past ``MAX_BODY_BYTES``."""
        inflate = zlib.decompressobj()
        try:
            text = inflate.decompress(self.payload, MAX_BODY_BYTES)
            if not inflate.unconsumed_tail:
                return json.loads(text)
        except (zlib.error, ValueError, RecursionError):
            pass
        raise ReplayError(f"the recording is damaged at tick {self.tick}")


def scan(data: bytes, offset: int) -> tuple[list[Record], bool]:
    """The whole records from ``offset`` on, and whether the data ends cleanly after them
    (False: a cut or a damaged record stopped the scan)."""
    records: list[Record] = []
    while offset + _RECORD.size <= len(data):
        kind, tick, size, crc = _RECORD.unpack_from(data, offset)
        start = offset + _RECORD.size
        payload = data[start:start + size]
        if kind not in (CHUNK, INDEX) or len(payload) < size or zlib.crc32(payload) != crc:
            return records, False
        records.append(Record(kind, tick, offset, payload))
        offset = start + size
    return records, offset == len(data)


class ChunkBuilder:
    """One keyframe interval being recorded: the keyframe, then each tick's delta (packed
    and turned into JSON as it comes, so that no single step is long) and the markers.
    ``tick`` is the keyframe's, ``last_tick`` the newest added."""

    def __init__(self, tick: int, key: dict[str, Any]) -> None:
        self.tick = self.last_tick = tick
        self._key = _json(key)
        self._ticks: list[str] = []
        self._marks: list[str] = []
        self._packer = DeltaPacker()

    def add(self, tick: int, delta: Delta) -> None:
        """The delta that brings the state of the previous tick added to that of ``tick``."""
        self._ticks.append(_json([tick - self.last_tick, self._packer.pack(delta)]))
        self.last_tick = tick

    def mark(self, mark: Mark) -> None:
        """A marker set during this interval."""
        self._marks.append(_json(list(mark)))

    def encode(self) -> bytes:
        """The chunk record."""
        return _record(CHUNK, self.tick, f'{{"key":{self._key},"ticks":[{",".join(self._ticks)}'
                                         f'],"marks":[{",".join(self._marks)}]}}')


class DecodedChunk:
    """A chunk's states, rebuilt only as far as asked (a seek to a chunk's first tick
    applies no diff; playing on extends what was rebuilt). Consecutive states share what
    did not change: never change them. Raises ``ReplayError`` on a damaged chunk."""

    def __init__(self, record: Record) -> None:
        body = record.body()
        try:
            self.ticks, self.states = [record.tick], [dict(body["key"])]
            self._steps = iter(list(body["ticks"]))
        except (KeyError, TypeError, ValueError):
            raise ReplayError(f"the recording is damaged at tick {record.tick}") from None
        self._unpacker = DeltaUnpacker()

    def state_at(self, tick: int) -> dict[str, Any]:
        """The state as of ``tick`` (the first tick's before it; the last one's after)."""
        while self.ticks[-1] < tick and self._extend():
            pass
        return self.states[max(0, bisect.bisect_right(self.ticks, tick) - 1)]

    def every(self) -> list[tuple[int, dict[str, Any]]]:
        """(tick, state) for every tick of the chunk."""
        while self._extend():
            pass
        return list(zip(self.ticks, self.states, strict=True))

    def _extend(self) -> bool:
        """Rebuild the next tick's state; False when there is none."""
        step = next(self._steps, None)
        if step is None:
            return False
        try:
            tick, packed = self.ticks[-1] + int(step[0]), step[1]
            self.states.append(apply_delta(self.states[-1], self._unpacker.unpack(packed),
                                           copy_values=False))
        except (TypeError, ValueError, AttributeError, IndexError):
            raise ReplayError(f"the recording is damaged after tick {self.ticks[-1]}") from None
        self.ticks.append(tick)
        return True


def chunk_summary(record: Record) -> tuple[int, list[Mark]]:
    """A chunk's last tick and its markers, without rebuilding its states (to read a cut
    file, which has no index). Raises ``ReplayError`` on a damaged chunk."""
    body = record.body()
    try:
        last = record.tick + sum(int(step) for step, _ in body["ticks"])
        return last, [(int(t), str(kind), data) for t, kind, data in body["marks"]]
    except (KeyError, TypeError, ValueError):
        raise ReplayError(f"the recording is damaged at tick {record.tick}") from None
