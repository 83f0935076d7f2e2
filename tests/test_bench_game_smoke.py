"""Seconds-long runs of the game's bench scripts, so that none of them rots again.

They check that each script runs to the end and prints its rows, never how fast anything
was (figures come from full runs, quoted in the README).
"""

import os
import re

from tests.helpers import run_bench


def test_the_ping_bench_prints_the_displayed_ping_beside_a_raw_echo(display, tmp_path):
    env = {**os.environ, "DISPLAY": display, "XDG_CONFIG_HOME": str(tmp_path)}
    result = run_bench("ping.py", "--seconds", "3", "--render-ms", "1", env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert set(rows) == {"raw", "--server", "hosted", "window"}
    assert all("median" in row and "samples)" in row for row in rows.values())


def test_the_fps_bench_draws_the_game_view_and_prints_median_and_p95(display, tmp_path):
    env = {**os.environ, "DISPLAY": display, "XDG_CONFIG_HOME": str(tmp_path)}
    result = run_bench("fps.py", "--frames", "30", env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "median frame" in result.stdout and "p95 frame" in result.stdout
    assert "(30 frames)" in result.stdout and "empty frame" in result.stdout
    assert re.search(r"HUD drawn: HEALTH [1-3] \|", result.stdout)  # it flies its own ship
    assert "first to 10 kills" in result.stdout  # under the round clock
