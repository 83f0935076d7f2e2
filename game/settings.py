"""What the game remembers between runs (the player's name), in the user's config dir."""

from __future__ import annotations

import json
import logging
import os
import random
import sys
from pathlib import Path

log = logging.getLogger("starlane")


def config_dir() -> Path:
    """Per-user settings folder: %APPDATA%, ~/Library/Application Support or $XDG_CONFIG_HOME."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home())
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "starlane"


CALLSIGNS = ("Vega", "Orion", "Altair", "Rigel", "Lyra", "Deneb", "Sirius", "Antares",
             "Castor", "Pollux", "Mira", "Nova", "Cygnus", "Draco", "Aquila", "Hydra")


def default_name(rng: random.Random | None = None) -> str:
    """A fresh install's callsign, e.g. "Rigel 47": a star and a number, drawn at random so
    that two new players on one LAN are very unlikely to collide (1 in 1440)."""
    rng = rng or random.SystemRandom()
    return f"{rng.choice(CALLSIGNS)} {rng.randint(10, 99)}"


def load_name() -> str:
    """The remembered player name, or one made from the login name."""
    try:
        name = json.loads((config_dir() / "settings.json").read_text()).get("name")
    except (OSError, ValueError, AttributeError):
        return default_name()
    return name if isinstance(name, str) and name.strip() else default_name()


def save_name(name: str) -> None:
    """Remember ``name``; a settings folder we cannot write is logged, not fatal."""
    path = config_dir() / "settings.json"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"name": name}))
    except OSError as err:
        log.warning("could not save settings to %s: %s", path, err)
