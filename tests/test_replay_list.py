"""The Replays screen's list: the recordings in a folder, newest first, each as a person
reads it, and a file that cannot be played with its one-line reason."""

import os

from starlane.game.client.replay_list import pilot_names, row, rows
from starlane.net import Replay
from starlane.net.sync.replay_format import decode_preamble, encode_preamble
from tests.test_recording import recorded_match


def test_a_recording_is_listed_with_its_server_pilots_winner_and_length(tmp_path):
    game, _, _ = recorded_match(tmp_path, 60, kills_to_win=2)
    listed = row(game.recording.path)
    rounds = [d["winners"] for _, kind, d in Replay.open(game.recording.path).marks
              if kind == "round_over"]
    assert (listed.server, listed.length, listed.problem, listed.cut) == (
        "Rec Test", "1:00", None, None)
    assert listed.pilots.endswith(" +5")
    assert rounds and listed.winner == ", ".join(rounds[-1])


def test_the_newest_recording_comes_first(tmp_path):
    for n, name in enumerate(("b-old.slr", "a-new.slr", "c-middle.slr")):
        (tmp_path / name).write_bytes(b"junk")
        os.utime(tmp_path / name, (1000, 1000 + [0, 20, 10][n]))
    assert [r.path.name for r in rows(tmp_path)] == ["a-new.slr", "c-middle.slr", "b-old.slr"]


def test_a_file_that_is_no_replay_is_listed_with_its_reason(tmp_path):
    junk = tmp_path / "junk.slr"
    junk.write_bytes(bytes(range(256)) * 8)
    assert row(junk).problem == "not a Starlane replay"


def test_a_cut_file_is_listed_to_its_cut_and_says_so(tmp_path):
    game, _, _ = recorded_match(tmp_path, 20)
    data = game.recording.path.read_bytes()
    cut = tmp_path / "cut.slr"
    cut.write_bytes(data[:len(data) // 2])
    listed = row(cut)
    assert listed.problem is None and listed.cut.startswith("the recording ends at 0:")
    assert listed.length < "0:20"


def test_a_missing_folder_lists_nothing(tmp_path):
    assert rows(tmp_path / "none") == []


def test_pilots_beyond_three_are_counted():
    assert pilot_names(["Vega", "Orion", "Lyra", "Rook", "Sable"]) == "Vega, Orion, Lyra +2"
    assert pilot_names(["Vega"]) == "Vega"
    assert pilot_names([]) == "-"


def test_a_recording_whose_header_is_not_a_matchs_is_listed_with_a_reason(tmp_path):
    game, _, _ = recorded_match(tmp_path, 6)
    data = game.recording.path.read_bytes()
    meta, offset = decode_preamble(data)
    odd = tmp_path / "odd.slr"
    odd.write_bytes(encode_preamble(meta["tick_rate"], meta["keyframe_interval"],
                                    {"pilots": ["Vega"]}) + data[offset:])
    assert row(odd).problem == "its header is not a Starlane match's"
