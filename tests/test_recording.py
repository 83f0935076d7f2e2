"""Every match the game serves is recorded: the replay holds what its server published,
tick by tick, with kills, rounds and pilots marked; old recordings make way; the command
line tells what a file holds, or why it cannot, in one line."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from starlane.game.client.seat import Seat
from starlane.game.core import sim
from starlane.game.core.match import MatchConfig
from starlane.game.server.game_server import GameServer, host
from starlane.game.server.recording import (
    DATA_DIR_VARIABLE,
    SUFFIX,
    MatchRecording,
    RecordChoice,
    RecordingPlan,
    default_folder,
    prune,
    slug,
)
from starlane.net import Replay, ServerConfig
from tests.helpers import free_port, wait_until

PY = [sys.executable, "-m", "starlane"]


def recorded_match(folder, seconds: float, kills_to_win: int = 10, **chosen):
    """Eight bots fighting on fake time (in ``chosen`` mode and arena, by default ffa in
    the field), recorded into ``folder``: (the server, the state it published each tick,
    the feed entries of each tick)."""
    game = GameServer(ServerConfig(server_name="Rec Test", max_players=8), seed=5, bots=8,
                      match=MatchConfig(kills_to_win=kills_to_win, **chosen))
    game.recording = MatchRecording.start(RecordingPlan(folder), "Rec Test", game.world,
                                          game.match)
    published, feeds = {}, {}
    for n in range(round(seconds * sim.TICK_RATE)):
        game.on_tick(n * sim.DT)
        published[game.world.tick] = game.history.state_at(game.world.tick)
        feeds[game.world.tick] = dict(game.history.state_at(game.world.tick)["feed"])
    game.stop(seconds)
    return game, published, feeds


def test_the_replay_holds_every_state_the_server_published(tmp_path):
    game, published, _ = recorded_match(tmp_path, 12)
    replay = Replay.open(game.recording.path)
    assert [replay.state_at(t) == s for t, s in published.items()] == [True] * len(published)


def test_kills_are_marked_at_their_ticks(tmp_path):
    game, published, _ = recorded_match(tmp_path, 40)
    replay = Replay.open(game.recording.path)
    kills = [(t, e["victim"]) for t, s in published.items() for k, e in s["feed"].items()
             if e["kind"] == "kill" and int(k) // 100 == t]
    assert kills
    assert [(t, d["victim"]) for t, kind, d in replay.marks if kind == "kill"] == kills


def test_the_header_names_the_game_the_server_and_the_pilots(tmp_path):
    game, _, _ = recorded_match(tmp_path, 1)
    header = Replay.open(game.recording.path).header
    assert header["game_version"].startswith("starlane ")
    assert header["server_name"] == "Rec Test"
    assert len(header["pilots"]) == 8 and all(p["bot"] for p in header["pilots"])
    assert game.recording.path.name.endswith("-rec-test" + SUFFIX)


def test_info_lists_the_rounds_with_their_winners_and_the_pilots(tmp_path):
    game, _, _ = recorded_match(tmp_path, 60, kills_to_win=2)
    result = subprocess.run([*PY, "--replay", str(game.recording.path), "--info", "--json"],
                            capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    assert facts["rounds"] and all(r["winners"] for r in facts["rounds"])
    assert {p["name"] for p in facts["pilots"]} == {s.name for s in game.world.ships.values()}
    assert facts["duration_s"] == pytest.approx(60.0, abs=0.1)
    assert facts["ticks"] == 60 * sim.TICK_RATE and facts["keyframes"] == 12
    assert facts["format"] == 1 and facts["bytes"] == game.recording.path.stat().st_size


def test_info_on_a_cut_file_says_where_it_ends(tmp_path):
    game, _, _ = recorded_match(tmp_path, 20)
    data = game.recording.path.read_bytes()
    cut = tmp_path / "cut.slr"
    cut.write_bytes(data[:len(data) // 2])
    result = subprocess.run([*PY, "--replay", str(cut), "--info", "--json"],
                            capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0
    assert json.loads(result.stdout)["truncated"].startswith("the recording ends at 0:")


def test_info_on_random_bytes_says_so_in_one_line_and_exits_2(tmp_path):
    junk = tmp_path / "junk.slr"
    junk.write_bytes(bytes(range(256)) * 8)
    result = subprocess.run([*PY, "--replay", str(junk), "--info"], capture_output=True,
                            text=True, timeout=30, check=False)
    assert (result.returncode, result.stderr.strip().splitlines()) == (
        2, [f"starlane: {junk}: not a Starlane replay"])


def test_the_oldest_recordings_make_way_for_the_newest(tmp_path):
    for n in range(6):
        (tmp_path / f"starlane-2026010{n}-000000-x{SUFFIX}").write_bytes(b"")
    prune(tmp_path, 2)
    assert sorted(p.name[9:17] for p in tmp_path.iterdir()) == ["20260104", "20260105"]


def test_a_server_name_becomes_a_file_name_part():
    assert slug("Vega's game!") == "vegas-game"
    assert slug("???") == "match"


def test_recording_is_on_by_default_into_the_data_folder_and_off_when_asked():
    assert RecordChoice().plan() == RecordingPlan(default_folder())
    assert RecordChoice(on=None).plan(enabled=False) is None
    assert RecordChoice(on=False).plan(enabled=True) is None


def test_the_tests_record_into_a_folder_of_their_own(own_data_dir):
    assert default_folder().is_relative_to(own_data_dir)


def test_the_data_folder_variable_wins_over_the_platforms_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path / "ours"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "platforms"))  # platformdirs' Linux
    assert default_folder() == tmp_path / "ours" / "replays"


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_DATA_HOME is Linux's")
def test_an_empty_data_folder_variable_leaves_the_platforms_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_DIR_VARIABLE, "")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_folder() == tmp_path / "starlane" / "replays"


def test_a_folder_that_cannot_be_made_leaves_the_match_unrecorded(tmp_path):
    (tmp_path / "file").write_bytes(b"")
    hosted = host("x", "127.0.0.1", 0, record=RecordingPlan(tmp_path / "file" / "replays"))
    assert hosted.game.recording is None
    hosted.endpoint.close()


def test_the_headless_server_records_into_the_folder_given(tmp_path):
    port = free_port()
    proc = subprocess.Popen([*PY, "--server", "--host", "127.0.0.1", "--port", str(port),
                             "--record", str(tmp_path), "--bots", "3"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert "listening" in proc.stdout.readline()
    assert proc.stdout.readline().startswith(f"Recording the match to {tmp_path}")
    subprocess.run([*PY, "--scan", "--no-broadcast", "--target", f"127.0.0.1:{port}"],
                   capture_output=True, timeout=10, check=True)  # its loop is running
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=10)
    [recording] = tmp_path.glob(f"*{SUFFIX}")
    assert Replay.open(recording).truncated is None


def test_the_headless_server_keeps_the_newest_recordings_it_is_told_to(tmp_path):
    older = [tmp_path / f"starlane-2026010{n}-000000-x{SUFFIX}" for n in range(4)]
    for path in older:
        path.write_bytes(b"")
    port = free_port()
    proc = subprocess.Popen([*PY, "--server", "--host", "127.0.0.1", "--port", str(port),
                             "--record", str(tmp_path), "--keep-replays", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "listening" in proc.stdout.readline()
        new = proc.stdout.readline().removeprefix("Recording the match to ").strip()
        subprocess.run([*PY, "--scan", "--no-broadcast", "--target", f"127.0.0.1:{port}"],
                       capture_output=True, timeout=10, check=True)  # its loop is running
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=10)
    assert sorted(tmp_path.iterdir()) == sorted([older[-1], tmp_path / Path(new).name])


def test_the_command_line_keep_overrides_the_settings_keep():
    assert RecordChoice(keep=7).plan(keep=50) == RecordingPlan(default_folder(), 7)
    assert RecordChoice().plan(keep=50) == RecordingPlan(default_folder(), 50)


def test_a_hosted_game_is_recorded_until_its_player_leaves(tmp_path):
    seat = Seat()
    session = seat.host("Vega's practice", "Vega", "127.0.0.1", 0, MatchConfig(), bots=2,
                        skill="normal", practice=True, record=RecordingPlan(tmp_path))
    assert wait_until(lambda: seat.hosted_game is not None
                      and seat.hosted_game.world.tick > 3, 10.0, session.pump)
    seat.leave()
    [recording] = tmp_path.glob(f"*vegas-practice{SUFFIX}")
    replay = Replay.open(recording)
    assert replay.truncated is None
    assert {p["name"] for p in replay.footer["pilots"]} >= {"Vega"}


@pytest.mark.parametrize(("args", "reason"), [
    (["--record", "x", "--no-record"], "--record DIR and --no-record contradict each other"),
    (["--info"], "--info goes with --replay FILE"),
    (["--replay", "x.slr"], "x.slr: no such file"),  # said before any window opens
    (["--replay", "x.slr", "--server", "--info"], "not allowed with argument"),
])
def test_recording_flags_that_do_not_go_together_get_one_line_and_status_2(args, reason):
    result = subprocess.run([*PY, *args], capture_output=True, text=True, timeout=30,
                            check=False)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert reason in line


def test_the_plain_info_names_the_mode_and_the_arena(tmp_path):
    game, _, _ = recorded_match(tmp_path, 6, mode="tdm", arena="sun")
    result = subprocess.run([*PY, "--replay", str(game.recording.path), "--info"],
                            capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("tdm on sun, 0:06 long, 180 ticks, ")


def test_info_on_a_replay_of_another_game_says_so_in_one_line_and_exits_2(tmp_path):
    from starlane.net import ReplayRecorder, StateHistory

    history, path = StateHistory(), tmp_path / "other.slr"
    recorder = ReplayRecorder(path, {"pilots": 5, "mode": [1]}, tick_rate=sim.TICK_RATE)
    for tick in range(10):
        history.root["t"] = tick
        history.commit(tick)
        recorder.record(tick, history)
    recorder.close({})
    result = subprocess.run([*PY, "--replay", str(path), "--info", "--json"],
                            capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.endswith(f"{path}: its header is not a Starlane match's")
