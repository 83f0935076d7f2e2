"""bench/match_load.py runs end to end in a few seconds and prints a row per choice."""

from tests.helpers import run_bench


def test_the_match_load_bench_prints_the_default_rows_and_the_ones_asked_for():
    result = run_bench("match_load.py", "--seconds", "0.5", "--rounds", "1", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "shipped defaults" in result.stdout and "--no-powerups" in result.stdout
    asked = run_bench("match_load.py", "--seconds", "0.5", "--rounds", "1", "--row",
                      "--arena walls --no-powerups", timeout=120)
    assert asked.returncode == 0, asked.stderr
    assert "--arena walls --no-powerups" in asked.stdout
    assert "shipped defaults" not in asked.stdout
