"""What ``pip install <clone>`` adds to a fresh environment: one top-level name, ``starlane``
(the folders ``net/`` and ``game/`` install as ``starlane.net`` and ``starlane.game``, so no
other project's ``net`` or ``game`` is overwritten). A lean install: the library,
``--server`` and ``--scan`` need no window package (arcade, pyglet, pymunk, Pillow), which
only ``pip install "starlane[window]"`` brings."""

import json
import re
import shutil
import signal
import subprocess
import sys
from email.parser import Parser
from pathlib import Path

import pytest

import starlane
from tests.helpers import headless_server

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


WINDOW_PACKAGES = {"arcade", "pyglet", "pymunk", "pillow"}

# ``python -c`` this, then the CLI's flags: starlane's command line in an interpreter where
# importing a window package fails as it does where none is installed
WITHOUT_WINDOW_PACKAGES = (sys.executable, "-c", """
import sys

class NoWindowPackages:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {"arcade", "pyglet", "pymunk", "PIL"}:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)

sys.meta_path.insert(0, NoWindowPackages())
from starlane.game.cli import main
sys.exit(main(sys.argv[1:]))
""")


def requirements(site: Path) -> list[str]:
    metadata = site / f"starlane-{starlane.__version__}.dist-info" / "METADATA"
    return Parser().parsestr(metadata.read_text()).get_all("Requires-Dist") or []


def name_of(requirement: str) -> str:
    return re.split(r"[<>=!~\[;( ]", requirement, maxsplit=1)[0].lower()


def test_a_plain_install_requires_no_window_package(installed):
    _, site = installed
    always = {name_of(r) for r in requirements(site) if "extra ==" not in r}
    assert always and not always & WINDOW_PACKAGES


def test_the_window_extra_requires_arcade(installed):
    _, site = installed
    assert any(name_of(r) == "arcade" and 'extra == "window"' in r
               for r in requirements(site))


def test_the_headless_server_and_scan_run_without_the_window_packages():
    with headless_server(starlane=WITHOUT_WINDOW_PACKAGES) as (port, proc):
        scanned = subprocess.run(
            [*WITHOUT_WINDOW_PACKAGES, "--scan", "--json", "--no-broadcast", "--target",
             f"127.0.0.1:{port}", "--timeout", "0.5"],
            capture_output=True, text=True, timeout=60, check=False)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0  # a clean stop: goodbyes said, socket closed
    assert scanned.returncode == 0, scanned.stderr
    [found] = [json.loads(line) for line in scanned.stdout.splitlines()]
    assert (found["name"], found["port"]) == ("Starlane server", port)


def test_the_window_without_its_packages_says_in_one_line_how_to_get_them(tmp_path):
    result = subprocess.run(WITHOUT_WINDOW_PACKAGES, capture_output=True, text=True, timeout=60,
                            check=False, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                                              "XDG_CONFIG_HOME": str(tmp_path)})
    assert result.returncode == 2
    [line] = result.stderr.splitlines()  # nothing else: no traceback, no window
    assert 'pip install "starlane[window]"' in line and "./play" in line
