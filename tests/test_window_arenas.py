"""The sun's and the walls' arenas in the real window under Xvfb, with ships in play,
at 1280x720, 960x540 and 1920x1080: screenshots in artifacts/screenshots/arenas/."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots" / "arenas"
SIZES = ("1280x720", "960x540", "1920x1080")


def centre_colour(path: Path) -> tuple[int, int, int]:
    image = Image.open(path).convert("RGB")
    return image.getpixel((image.width // 2, image.height // 2 - image.height // 40))


@pytest.mark.parametrize("arena", ["sun", "walls"])
def test_the_arena_is_drawn_with_ships_in_play_at_every_window_size(display, tmp_path, arena):
    env = {**os.environ, "DISPLAY": display, "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run([sys.executable, "-m", "tests.arena_window", str(SHOTS), arena],
                            env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == ["playing", *(f"shot {size}" for size in SIZES)]
    for size in SIZES:
        path = SHOTS / f"{arena}-{size}.png"
        assert Image.open(path).size == tuple(int(n) for n in size.split("x"))
        red, _, blue = centre_colour(path)  # the sun's core, or the middle bar
        assert (red > 200 and blue < red) if arena == "sun" else (blue > red and blue > 90)
