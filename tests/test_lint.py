"""The lint gates are part of the test command: ruff on the whole repository (the rules in
pyproject.toml), ``mypy --strict`` on ``net/`` and on ``game/`` outside ``ui/``, no function
of complexity rank D or worse (radon), no module over 400 lines. A finding fails the test
with the tool's own report. No tool writes a cache into the repository."""

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


def installed_layout(tmp_path: Path) -> Path:
    """A folder holding ``starlane/`` as it installs (``src/starlane``'s files, ``net/`` and
    ``game/`` linked in): mypy does not follow the editable install's import hook, and
    without this it would see ``starlane.net`` from the game as an unknown module."""
    package = tmp_path / "layout" / "starlane"
    package.mkdir(parents=True)
    for source in (REPO / "src" / "starlane").glob("*.py*"):
        (package / source.name).symlink_to(source)
    for folder in ("net", "game"):
        (package / folder).symlink_to(REPO / folder)
    return package.parent


def test_mypy_strict_finds_nothing_in_net_nor_in_game_outside_ui(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--config-file", str(REPO / "pyproject.toml"),
         "--cache-dir", str(tmp_path / "mypy"), "-p", "starlane.net", "-p", "starlane.game"],
        cwd=installed_layout(tmp_path), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_function_is_of_complexity_rank_d_or_worse():
    result = run("radon", "cc", "--min", "D", "--show-complexity", "net", "game", "src")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "", result.stdout


def test_no_module_of_the_library_or_the_game_is_over_400_lines():
    sizes = {str(p.relative_to(REPO)): len(p.read_text().splitlines())
             for folder in ("net", "game", "src") for p in (REPO / folder).rglob("*.py")}
    assert {name: size for name, size in sizes.items() if size > 400} == {}
