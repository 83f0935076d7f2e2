"""Where images and sounds are: found next to the code, never in the working directory.

In a source checkout they are in ``assets/`` beside ``game/``; an installed wheel carries
them as ``starlane/game/assets`` (pyproject maps the folder); a PyInstaller build unpacks them under
``sys._MEIPASS``.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def asset_dir() -> Path:
    candidates = [_HERE / "assets", _HERE.parent / "assets"]
    if hasattr(sys, "_MEIPASS"):
        candidates.insert(0, Path(sys._MEIPASS) / "starlane" / "game" / "assets")
    for candidate in candidates:
        if (candidate / "images").is_dir():
            return candidate
    raise FileNotFoundError(f"game assets not found in any of {[str(c) for c in candidates]}")


def image(name: str) -> Path:
    return asset_dir() / "images" / name


def sound(name: str) -> Path:
    return asset_dir() / "sounds" / name
