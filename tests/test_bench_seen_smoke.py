"""bench/seen.py runs for seconds (8 player processes, an observer and a server on loopback)
and prints, per network profile, the rows it promises with figures that make sense
(a press is seen after it happens, an RMS is not above its max, ...). How fast anything
was is not asserted: figures come from full runs, quoted in the README."""

import re

from tests.helpers import bench, run_bench

MEASURES = [
    "remote ship drawn vs where the server had it then, RMS / max",
    "visible steps of remote ships, per screen-minute (7 ships each)",
    "own ship corrected when a state arrives, p95",
    "new states a client's frames draw from per s, median (least)",
    "states a client applied per s (F3's states/s), median (least)",
    "bytes per client per s, down / up (sync level 3)",
    "server CPU, 8 players + the observer",
]


def test_the_seen_bench_prints_each_profiles_rows_with_sane_figures():
    rows = bench("seen.py", "--seconds", "4", "--runs", "1", "--profiles", "clean,bad",
                 timeout=180)
    assert [row[0] for row in rows] == [
        "seen, clean (no netsim): A's key press -> B draws A's ship turning, p50, 8 players",
        *MEASURES,
        "seen, bad (loss=10,delay=100,jitter=20): A's key press -> B draws A's ship turning, "
        "p50, 8 players", *MEASURES]
    for profile in (rows[:8], rows[8:]):
        seen, error, steps, corrections, states, applied, sent, cpu = (row[1] for row in profile)
        p50, p95 = map(float, re.fullmatch(r"(\d+) ms \(p95 (\d+)\)", seen).groups())
        received = float(re.search(r"newest state at p50 (\d+) ms", profile[0][3]).group(1))
        assert 0 < received <= p50 <= p95 < 2000  # drawn no sooner than received
        assert int(re.search(r"(\d+) presses x screens", profile[0][3]).group(1)) > 0
        assert re.search(r"\d+ missed, \d+ unsteady before", profile[0][3])
        rms, worst = map(float, re.fullmatch(r"([\d.]+) / (\d+) px", error).groups())
        assert 0 <= rms <= worst + 0.5
        assert float(steps) >= 0 and float(corrections.removesuffix(" px")) >= 0
        median, least = map(float, re.fullmatch(r"([\d.]+) \(([\d.]+)\)", states).groups())
        assert 0 < least <= median <= 60  # at most one new state a frame
        median_applied, least_applied = map(
            float, re.fullmatch(r"([\d.]+) \(([\d.]+)\)", applied).groups())
        assert 0 < least_applied <= median_applied <= 31  # the server sends 30 a second
        down, up = map(float, re.fullmatch(r"([\d.]+) / ([\d.]+) kB", sent).groups())
        assert down > 0 and up > 0
        assert re.fullmatch(r"\d+% of a core", cpu)


def test_an_unknown_profile_is_refused_in_one_line_with_exit_status_2():
    result = run_bench("seen.py", "--profiles", "clean,lunar", timeout=30)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "lunar" in result.stderr
