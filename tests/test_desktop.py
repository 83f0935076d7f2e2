"""What a desktop user meets without a console: the .desktop entry, the icon, a log file."""

import configparser
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

import starlane

ROOT = Path(__file__).resolve().parent.parent


def test_the_desktop_entry_launches_starlane_with_its_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(ROOT / "packaging" / "starlane.desktop")
    desktop = entry["Desktop Entry"]
    assert (desktop["Type"], desktop["Exec"], desktop["Icon"], desktop["Terminal"]) == (
        "Application", "starlane", "starlane", "false")
    assert "Game;" in desktop["Categories"]
    assert Image.open(ROOT / "assets" / "icon.png").size == (256, 256)


def without_console(code: str, config: Path) -> subprocess.CompletedProcess:
    """Runs ``code`` as a windowed build started without a console does: no sys.stdout and
    no sys.stderr, the config folder under ``config`` (XDG_CONFIG_HOME)."""
    prelude = "import sys, logging; sys.stdout = sys.stderr = None; "
    return subprocess.run([sys.executable, "-c", prelude + code], timeout=60,
                          env={**os.environ, "XDG_CONFIG_HOME": str(config)})


def test_without_a_console_the_game_logs_to_a_file_in_the_config_dir(tmp_path):
    without_console("from starlane.game import cli; cli._write_to_log_file_without_console(); "
                    "logging.basicConfig(level=logging.INFO); "
                    "logging.getLogger('starlane').info('hosting on 40080')", tmp_path)
    assert "hosting on 40080" in (tmp_path / "starlane" / "starlane.log").read_text()


def test_without_a_console_version_is_written_to_the_log_file(tmp_path):
    done = without_console("from starlane.game.cli import main; main(['--version'])", tmp_path)
    assert done.returncode == 0
    log = (tmp_path / "starlane" / "starlane.log").read_text()
    assert log.strip().startswith(f"starlane {starlane.__version__} (Neteria protocol")
