"""bench/bots.py runs end to end in a few seconds and prints every figure."""

from tests.helpers import run_bench


def test_the_bots_bench_runs_briefly_and_prints_its_rows():
    result = run_bench("bots.py", "--seconds", "0.5", "--rounds", "1", "--seeds", "1",
                       "--feel-rounds", "2", "--feel-seconds", "10", timeout=120)
    assert result.returncode == 0, result.stderr
    for row in ("empty server", "8 idle players", "--bots 8, no players",
                "--bots 8 + 8 idle players", "8 bots minus 8 idle players",
                "round length, --bots 3 --bot-skill hard --kills 5",
                "bots against one human", "normal  average", "hard    idle",
                "fair spawns, 3 normal bots + an idle human"):
        assert row in result.stdout
