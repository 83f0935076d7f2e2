"""Seconds-long runs of the bench scripts the other smoke tests do not cover: the in-process
state and interest figures, the pygase world beside ours, and ``bench/run.py``, which runs
every part. They check that each script runs to the end and prints its rows, never how fast
anything was (figures come from full runs, quoted in the README)."""

import re

from tests.helpers import ROOT, bench


def test_the_interest_script_prints_what_a_client_gets_with_and_without_interest():
    rows = bench("interest.py", "--seconds", "0.5")
    assert len(rows) == 1 and rows[0][0].startswith("arena of 4 screens")
    _, near, whole, ratio = rows[0]
    assert re.fullmatch(r"[\d.]+ kB/s \(interest=True\)", near)
    assert re.fullmatch(r"[\d.]+ kB/s \(whole\)", whole) and re.fullmatch(r"\d+% of whole", ratio)


def test_the_state_bytes_script_prints_diffs_beside_full_snapshots_for_both_sync_levels():
    rows = bench("state_bytes.py", "--seconds", "0.5")
    assert [row[0] for row in rows] == [
        "game state per client, 8 players + 100 bullets, sync level 2",
        "game state per client, 8 players + 100 bullets, sync level 1"]
    assert re.fullmatch(r"[\d.]+ kB/s \(packed diffs\)", rows[0][1])
    assert re.fullmatch(r"[\d.]+ kB/s \(JSON diffs\)", rows[1][1])
    for row in rows:
        assert re.fullmatch(r"[\d.]+ kB/s \(full JSON snapshots\)", row[2])
        assert re.fullmatch(r"[\d.]+% of full", row[3])


def test_the_worlds_script_serves_pygase_and_ours_and_prints_what_each_client_received():
    rows = bench("worlds.py", "--seconds", "0.5", "--warm-up", "0.5")
    assert [row[0].strip() for row in rows] == [
        "16 players' x/y/hp, bytes per client per second",
        "the same, JSON diffs (sync level 1)", "that world's server CPU with 8 clients"]
    for _, ours, pygase, ratio in rows[:2]:
        received = [re.fullmatch(r"(?:pygase 0\.3\.1: )?([\d.]+) kB/s at \d+ datagrams/s", cell)
                    for cell in (ours, pygase)]
        assert all(received) and all(float(found.group(1)) > 0 for found in received)
        assert re.fullmatch(r"\d+% of pygase", ratio)
    assert re.fullmatch(r"\d+% of a core", rows[2][1])
    assert re.fullmatch(r"pygase: \d+% of a core", rows[2][2])


def test_the_quick_run_of_every_benchmark_prints_each_parts_rows_and_leaves_the_readme():
    readme = (ROOT / "README.md").read_text()
    rows = bench("run.py", "--quick", timeout=300)
    labels = [row[0].strip() for row in rows]
    for part in ("raw UDP echo RTT p50", "EVENT -> verdict RTT p50", "verdicts/s, 4 plain",
                 "EVENT -> verdict RTT p50, AsyncClient", "verdicts/s, 4 sync clients",
                 "flood from the players' IP", "one REGISTER, then silence", "soak: 32 players",
                 "game: key press -> visible", "game server CPU, 8 / 32",
                 "16 players' x/y/hp", "game state per client", "arena of 4 screens",
                 "seen, clean (no netsim): A's key press -> B draws"):
        assert any(label.startswith(part) for label in labels), part
    assert (ROOT / "README.md").read_text() == readme
