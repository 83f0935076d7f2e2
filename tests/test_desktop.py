"""What a desktop user meets without a console: the .desktop entry, the icon, a log file."""

import configparser
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent


def test_the_desktop_entry_launches_starlane_with_its_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(ROOT / "packaging" / "starlane.desktop")
    desktop = entry["Desktop Entry"]
    assert (desktop["Type"], desktop["Exec"], desktop["Icon"], desktop["Terminal"]) == (
        "Application", "starlane", "starlane", "false")
    assert "Game;" in desktop["Categories"]
    assert Image.open(ROOT / "assets" / "icon.png").size == (256, 256)


def test_without_a_console_the_game_logs_to_a_file_in_the_config_dir(tmp_path):
    code = ("import sys, logging; from pathlib import Path; sys.stderr = None; "
            "from starlane.game.cli import _log_to_file_without_console as setup; "
            f"setup(Path({str(tmp_path)!r}) / 'starlane'); "
            "logging.getLogger('starlane').info('hosting on 40080')")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)
    assert "hosting on 40080" in (tmp_path / "starlane" / "starlane.log").read_text()
