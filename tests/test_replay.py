"""starlane.net's replays: what a recorder writes, a reader gives back tick by tick; cut,
foreign and damaged files are read as far as they go, or refused in one line."""

from __future__ import annotations

import random
import threading
from typing import Any

import pytest

from starlane.net import Replay, ReplayError, ReplayRecorder, StateHistory
from starlane.net.sync.replay_codec import DeltaPacker, DeltaUnpacker
from starlane.net.sync.replay_format import ChunkBuilder

TICK_RATE = 10


def play(history: StateHistory, ticks: range, seed: int = 7) -> dict[int, dict[str, Any]]:
    """A small game on ``history``: movers flying and turning, shots spawned and gone,
    values that change type; returns the state committed at each tick."""
    rng = random.Random(seed)
    root = history.root
    seen = {}
    for tick in ticks:
        movers = root.child("movers")
        for n in range(4):
            mover = movers.child(str(n))
            mover.update({"x": round(tick * 1.5 + n, 1), "y": round(rng.uniform(0, 500), 1),
                          "alive": rng.random() > 0.1, "hp": rng.randrange(10),
                          "label": rng.choice(["a", None, 3, 2.25, [1, 2]])})
        shots = root.child("shots")
        if rng.random() < 0.5:
            shots[str(tick)] = [n, round(rng.uniform(-9, 9), 2), tick, 1 / 3]
        shots.keep_only({k for k in shots if int(k) > tick - 5})
        root["clock"] = tick // TICK_RATE
        history.commit(tick)
        seen[tick] = history.state_at(tick)
    return seen


def record(path, ticks: range = range(100), marks: int = 3, **kwargs: Any):
    history = StateHistory()
    recorder = ReplayRecorder(path, {"game": "test"}, tick_rate=TICK_RATE,
                              queue_limit=10_000, **kwargs)
    seen = {}
    for tick in ticks:
        seen.update(play(history, range(tick, tick + 1), seed=tick))
        recorder.record(tick, history)
        if tick % (len(ticks) // marks) == 0:
            recorder.mark(tick, "kill", {"by": tick % 4})
    recorder.close({"winner": "0"})
    return seen, recorder


def test_every_recorded_tick_reads_back_as_the_state_the_history_held(tmp_path):
    seen, _ = record(tmp_path / "m.slr", keyframe_interval=15)
    replay = Replay.open(tmp_path / "m.slr")
    assert all(replay.state_at(tick) == state for tick, state in seen.items())


def test_playback_iterates_the_recorded_span_in_order(tmp_path):
    seen, _ = record(tmp_path / "m.slr", keyframe_interval=15)
    replay = Replay.open(tmp_path / "m.slr")
    assert list(replay.states(20, 70)) == [(t, seen[t]) for t in range(20, 70)]


def test_the_header_span_keyframes_markers_and_footer_are_read_back(tmp_path):
    record(tmp_path / "m.slr", range(5, 105), keyframe_interval=30)
    replay = Replay.open(tmp_path / "m.slr")
    assert replay.header == {"game": "test"}
    assert (replay.first_tick, replay.last_tick) == (5, 104)
    assert replay.keyframe_ticks == [5, 35, 65, 95]
    assert [(t, k) for t, k, _ in replay.marks] == [(33, "kill"), (66, "kill"), (99, "kill")]
    assert replay.footer == {"winner": "0"}
    assert replay.truncated is None
    assert replay.duration_s == pytest.approx(9.9)


def test_the_default_keyframe_interval_is_five_seconds_at_the_tick_rate(tmp_path):
    _, recorder = record(tmp_path / "m.slr")
    assert recorder.keyframe_interval == 5 * TICK_RATE


def test_a_cut_file_plays_what_it_holds_and_says_where_it_ends(tmp_path):
    seen, _ = record(tmp_path / "m.slr", range(300), keyframe_interval=50)
    whole = (tmp_path / "m.slr").read_bytes()
    cut = Replay.from_bytes(whole[:len(whole) * 3 // 4])
    assert cut.truncated is not None
    assert cut.truncated.startswith(f"the recording ends at 0:{cut.last_tick // TICK_RATE:02d}")
    assert cut.last_tick % 50 == 49  # the last whole chunk's end
    assert all(cut.state_at(t) == seen[t] for t in range(0, cut.last_tick + 1, 7))
    assert [m for m in cut.marks if m[0] <= cut.last_tick] == cut.marks


def test_a_cut_before_the_first_chunk_says_it_holds_no_ticks(tmp_path):
    record(tmp_path / "m.slr", keyframe_interval=50)
    with pytest.raises(ReplayError, match="no ticks"):
        Replay.from_bytes((tmp_path / "m.slr").read_bytes()[:200])


def test_a_recording_closed_before_its_first_tick_leaves_no_file(tmp_path):
    ReplayRecorder(tmp_path / "m.slr", {}, tick_rate=TICK_RATE).close()
    assert list(tmp_path.iterdir()) == []


def test_a_seek_clamps_to_the_recorded_span(tmp_path):
    seen, _ = record(tmp_path / "m.slr", range(10, 60), keyframe_interval=20)
    replay = Replay.open(tmp_path / "m.slr")
    assert replay.state_at(0) == seen[10]
    assert replay.state_at(1000) == seen[59]


@pytest.mark.parametrize(("data", "message"), [
    (b"", "not a Starlane replay"),
    (bytes(random.Random(1).randrange(256) for _ in range(4000)), "not a Starlane replay"),
])
def test_bytes_that_are_not_a_replay_are_refused_in_one_line(data, message):
    with pytest.raises(ReplayError, match=message) as refused:
        Replay.from_bytes(data)
    assert "\n" not in str(refused.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ReplayError, match="no such file"):
        Replay.open(tmp_path / "nothing.slr")


def test_another_format_version_is_named(tmp_path):
    record(tmp_path / "m.slr")
    data = bytearray((tmp_path / "m.slr").read_bytes())
    data[9] = 7  # the version's low byte
    with pytest.raises(ReplayError, match="format version 7"):
        Replay.from_bytes(bytes(data))


def test_a_damaged_chunk_ends_the_recording_where_it_is(tmp_path):
    record(tmp_path / "m.slr", range(200), keyframe_interval=50)
    replay = Replay.open(tmp_path / "m.slr")
    data = bytearray((tmp_path / "m.slr").read_bytes())
    data[replay._chunks[2].offset + 40] ^= 0xFF
    damaged = Replay.from_bytes(bytes(data))
    assert (damaged.last_tick, damaged.truncated is not None) == (99, True)


def test_a_damaged_index_leaves_every_chunk_playable(tmp_path):
    seen, _ = record(tmp_path / "m.slr", range(100), keyframe_interval=30)
    data = bytearray((tmp_path / "m.slr").read_bytes())
    data[-3] ^= 0xFF  # inside the index, the last record
    damaged = Replay.from_bytes(bytes(data))
    assert (damaged.last_tick, damaged.truncated is not None) == (99, True)
    assert damaged.state_at(99) == seen[99] and len(damaged.marks) == 4


def test_a_disk_that_fails_stops_the_recording_with_one_log_line(tmp_path, caplog):
    recorder = ReplayRecorder("/dev/full", {}, keyframe_interval=5, tick_rate=TICK_RATE,
                              queue_limit=100)
    history = StateHistory()
    for tick in range(40):
        play(history, range(tick, tick + 1))
        recorder.record(tick, history)
    recorder.close()
    assert recorder.failed is not None and "cannot write" in recorder.failed
    assert len([r for r in caplog.records if "stopped" in r.getMessage()]) == 1


class HeldChunk(ChunkBuilder):
    """A chunk whose first delta waits until ``released`` is set (at most 10 s): a writer
    held up by a slow disk."""

    released = threading.Event()

    def add(self, tick: int, delta: dict[str, Any]) -> None:
        self.released.wait(10.0)
        super().add(tick, delta)


def test_a_writer_that_falls_behind_stops_the_recording_and_the_file_stays_readable(
        tmp_path, monkeypatch):
    monkeypatch.setattr("starlane.net.io.replay.ChunkBuilder", HeldChunk)
    seen = {}
    history = StateHistory()
    recorder = ReplayRecorder(tmp_path / "m.slr", {}, keyframe_interval=50, tick_rate=TICK_RATE,
                              queue_limit=8)
    for tick in range(40):
        seen.update(play(history, range(tick, tick + 1)))
        recorder.record(tick, history)
    HeldChunk.released.set()
    recorder.close()
    assert recorder.failed == "the writer fell behind the match"
    replay = Replay.open(tmp_path / "m.slr")
    assert replay.last_tick < 39
    assert replay.state_at(replay.last_tick) == seen[replay.last_tick]


@pytest.mark.parametrize("values", [
    [1, 2, 3, 5, 8, -13, 0],
    [0.1, 0.2, 0.30000000000000004, 1e300, float("inf"), 2.5, 2.75, 3.0],
    [True, 1, 1.0, False, 0, None, "1", [1], [[2.5]], 7, 7.5, 7],
    [12.3, 12.4, 12.5, 3, 12.6, 12.7, 1 / 3, 12.8],
])
def test_packed_numbers_unpack_to_the_same_values_and_types(values):
    packer, unpacker = DeltaPacker(), DeltaUnpacker()
    for value in values:
        out = unpacker.unpack(packer.pack({"a": {"b": value}, "~": ["c"]}))
        assert out == {"a": {"b": value}, "~": ["c"]}
        assert type(out["a"]["b"]) is type(value)


def test_a_number_moving_steadily_packs_to_zero_residuals():
    packer = DeltaPacker()
    packed = [packer.pack({"x": round(10.0 + 0.7 * t, 1)}) for t in range(6)]
    assert [p["x"] for p in packed[2:]] == [0, 0, 0, 0]


def test_a_chunk_that_would_inflate_past_the_limit_ends_the_recording_there(tmp_path):
    import struct
    import zlib

    from starlane.net.sync import replay_format

    record(tmp_path / "m.slr", range(100), keyframe_interval=50)
    data = (tmp_path / "m.slr").read_bytes()
    whole = Replay.from_bytes(data)
    deflate, padding = zlib.compressobj(9), b"a" * (1 << 20)  # a valid chunk, but huge
    bomb = deflate.compress(b'{"key":{"pad":"') + b"".join(
        deflate.compress(padding) for _ in range(replay_format.MAX_BODY_BYTES // len(padding))
    ) + deflate.compress(b'"},"ticks":[],"marks":[]}') + deflate.flush()
    head = struct.pack(">cqII", replay_format.CHUNK, 50, len(bomb), zlib.crc32(bomb))
    forged = Replay.from_bytes(data[:whole._chunks[1].offset] + head + bomb)
    assert (forged.last_tick, forged.truncated is not None) == (49, True)
