"""bench/bot_rounds.py, run by itself, times a round of bots alone in each mode."""

from starlane.game.core.match import MODES
from tests.helpers import run_bench


def test_the_round_length_bench_prints_a_row_per_mode():
    result = run_bench("bot_rounds.py", "--seeds", "1", timeout=120)
    assert result.returncode == 0, result.stderr
    for mode in MODES:
        assert f"round length, {mode}, 4 normal bots on field, 1 seeds: median" in result.stdout


def test_the_round_length_bench_times_one_mode_when_asked():
    result = run_bench("bot_rounds.py", "--mode", "lms", "--seeds", "1", timeout=120)
    assert result.returncode == 0, result.stderr
    assert [line.split(",")[1].strip() for line in result.stdout.splitlines()] == ["lms"]
