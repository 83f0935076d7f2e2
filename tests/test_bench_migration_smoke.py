"""bench/migration.py runs end to end in seconds and prints both rows."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_migration_bench_runs_briefly_and_prints_its_rows():
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "migration.py"), "--tries",
                             "1"], capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    for row in ("leaves (hands over)", "SIGKILLed (crash)", "and successor SIGKILLed"):
        assert row in result.stdout
    assert "Vega left; Orion is now hosting" in result.stdout
