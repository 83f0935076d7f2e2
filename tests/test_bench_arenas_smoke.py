"""bench/arenas.py runs end to end in a few seconds and prints every figure."""

from tests.helpers import run_bench


def test_the_arenas_bench_runs_briefly_and_prints_its_rows():
    result = run_bench("arenas.py", "--seconds", "0.5", "--rounds", "1", "--seeds", "1",
                       timeout=120)
    assert result.returncode == 0, result.stderr
    for row in ("server CPU, 8 players pressing keys", "  field ", "  sun ", "  walls ",
                "sim.step, 8 ships circling and firing", "x field",
                "4 normal bots, 1 minute of game time", "kills per bot-minute",
                "deaths nobody scored", "round (10 kills): median"):
        assert row in result.stdout
