"""bench/replay.py runs end to end in a few seconds and prints every figure."""

from tests.helpers import run_bench


def test_the_replay_bench_runs_briefly_and_prints_its_rows():
    result = run_bench("replay.py", "--minutes", "0.2", "--seeks", "3", "--tick-seconds",
                       "0.5", "--rounds", "1", timeout=120)
    assert result.returncode == 0, result.stderr
    for row in ("size, 8 bots, 0.2 min", "size without the numeric prediction",
                "Replay.open", "state_at, 3 cold seeks", "tick, recording off",
                "tick, recording on"):
        assert row in result.stdout
