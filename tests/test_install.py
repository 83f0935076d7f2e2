"""What ``pip install <clone>`` adds to a fresh environment: one top-level name, ``starlane``
(the folders ``net/`` and ``game/`` install as ``starlane.net`` and ``starlane.game``, so no
other project's ``net`` or ``game`` is overwritten)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import starlane

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ("pyproject.toml", "README.md", "src", "net", "game", "assets")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[set[str], Path]:
    """(names the install added to site-packages, that site-packages). The wheel is built
    offline from a copy of the source (no build isolation), then pip-installed into a new
    venv without dependencies: this checks the layout, not the dependency resolution."""
    tmp = tmp_path_factory.mktemp("install")
    (tmp / "src").mkdir()
    for name in SOURCE:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tmp / "src" / name,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, tmp / "src" / name)

    def run(*command: str | Path) -> None:
        subprocess.run([str(c) for c in command], check=True, capture_output=True, timeout=300)
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
        "--no-index", "-w", tmp / "wheel", tmp / "src")
    run(sys.executable, "-m", "venv", tmp / "venv")
    python = tmp / "venv" / "bin" / "python"
    site = Path(subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True).stdout.strip())
    before = set(p.name for p in site.iterdir())
    run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-index",
        *(tmp / "wheel").glob("starlane-*.whl"))
    return set(p.name for p in site.iterdir()) - before, site


@pytest.fixture(scope="module")
def wheel_target(installed) -> Path:
    """The same wheel, installed normally (not editable) into a folder of its own."""
    _, site = installed
    build = site.parents[3]  # <build>/venv/lib/pythonX.Y/site-packages
    target = build / "target"
    wheels = list((build / "wheel").glob("starlane-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index",
                    "--target", str(target), *map(str, wheels)], check=True,
                   capture_output=True, timeout=300)
    return target


def run_from_the_repository_root(target: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python *args`` in the repository root, with the normally installed wheel and the
    test venv's other packages on the path, and no ``.pth`` processing (``-S``): the
    editable install's import hook, which would hide a shadowing folder, is not loaded.
    The root is first on ``sys.path``, as for any ``python -m`` run there."""
    packages = [p for p in sys.path if p.endswith("site-packages")]
    return subprocess.run([sys.executable, "-S", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False,
                          env={"PATH": "/usr/bin:/bin",
                               "PYTHONPATH": ":".join([str(target), *packages])})


def test_the_only_new_top_level_package_is_starlane(installed):
    added, _ = installed
    assert {name for name in added if not name.endswith(".dist-info")} == {"starlane"}
    assert added == {"starlane", f"starlane-{starlane.__version__}.dist-info"}


def test_the_library_and_the_game_install_under_starlane_with_the_assets(installed):
    _, site = installed
    assert (site / "starlane" / "net" / "ends" / "server.py").is_file()
    assert (site / "starlane" / "game" / "ui" / "window.py").is_file()
    assert (site / "starlane" / "game" / "assets" / "images" / "ship.png").is_file()
    assert (site / "starlane" / "__main__.py").is_file()


def test_type_checkers_see_the_library_as_typed(installed):
    _, site = installed
    assert (site / "starlane" / "py.typed").is_file()  # PEP 561, covers starlane.net


def test_the_starlane_command_runs_the_game_cli(installed):
    _, site = installed
    entry = (site / f"starlane-{starlane.__version__}.dist-info" / "entry_points.txt")
    assert "starlane = starlane.game.cli:main" in entry.read_text()


def test_python_m_starlane_runs_from_the_repository_root_with_a_normal_install(wheel_target):
    result = run_from_the_repository_root(wheel_target, "-m", "starlane", "--version")
    assert result.returncode == 0, result.stderr
    assert starlane.__version__ in result.stdout


def test_nothing_in_the_repository_root_shadows_the_installed_package(wheel_target):
    result = run_from_the_repository_root(
        wheel_target, "-c", "import starlane.game.cli, starlane.net; "
        "print(starlane.__file__); print(starlane.game.cli.__file__)")
    assert result.returncode == 0, result.stderr
    assert all(line.startswith(str(wheel_target)) for line in result.stdout.split())
