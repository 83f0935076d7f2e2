"""bench/migration.py runs end to end in seconds and prints both rows."""

from tests.helpers import run_bench


def test_the_migration_bench_runs_briefly_and_prints_its_rows():
    result = run_bench("migration.py", "--tries", "1", timeout=180)
    assert result.returncode == 0, result.stderr
    for row in ("leaves (hands over)", "SIGKILLed (crash)", "and successor SIGKILLed"):
        assert row in result.stdout
    assert "Vega left; Orion is now hosting" in result.stdout
