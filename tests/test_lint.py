"""The lint gates are part of the test command: ruff on the whole repository (the rules in
pyproject.toml) and ``mypy --strict`` on ``net/``. A finding fails the test with the tool's
own report. Neither tool writes a cache into the repository."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True,
                          text=True, timeout=300)


def test_ruff_finds_nothing_in_the_repository():
    result = run("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_finds_nothing_in_net(tmp_path):
    result = run("mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), "net")
    assert result.returncode == 0, result.stdout + result.stderr
