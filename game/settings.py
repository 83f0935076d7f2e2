"""What the game remembers between runs: one pydantic model, one JSON file in the user's
config dir (platformdirs: %APPDATA%, ~/Library/Application Support or $XDG_CONFIG_HOME).

``load()`` never fails: a missing file gives defaults silently; a corrupt, hand-edited
or unknown one gives defaults and ONE log line saying why. A file from an older version
(version 1 kept only ``{"name": ...}``) keeps what it had and fills in the rest.
No arcade or pyglet here: key names are pyglet's names as text, resolved by game.controls.
"""

from __future__ import annotations

import json
import logging
import random
from pathlib import Path
from typing import Annotated, Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from starlane.net import NAME_MAX, PlayerName, clean_name

from .core import sim

log = logging.getLogger("starlane")

VERSION = 2
"""The settings file's own format version (not the game's or the protocol's)."""

Action = Literal["up", "down", "left", "right", "fire"]
KeyName = Annotated[str, Field(min_length=1, max_length=32)]
Palette = Literal["classic", "colour-blind safe"]
VOLUME_MIN, VOLUME_MAX = 0.0, 1.0
KEEP_MIN, KEEP_MAX = 1, 1000
"""How many recordings of matches the game may keep (the oldest go first)."""
Volume = Annotated[float, Field(ge=VOLUME_MIN, le=VOLUME_MAX)]

WINDOW_SIZES: tuple[tuple[int, int], ...] = (
    (960, 540), (1280, 720), (1600, 900), (1920, 1080))
"""Window sizes the settings screen offers (16:9, like the arena), those that fit the
screen (``sizes_that_fit``)."""

DEFAULT_KEYS: dict[Action, list[KeyName]] = {
    "up": ["UP", "W"], "down": ["DOWN", "S"], "left": ["LEFT", "A"],
    "right": ["RIGHT", "D"], "fire": ["SPACE"]}


MAX_PILOTS = 4
"""Pilots one window may fly at once: its player (P1) and up to three local players."""
MarkerColour = Literal["gold", "cyan", "magenta", "lime"]
MARKER_RGB: dict[str, tuple[int, int, int]] = {
    "gold": (255, 200, 40), "cyan": (60, 220, 255), "magenta": (255, 90, 220),
    "lime": (150, 255, 80)}
"""The ring and "P2" label around each local pilot's ship, so its player finds it."""
PILOT_KEYS: tuple[dict[Action, list[KeyName]], ...] = (
    {"up": ["UP"], "down": ["DOWN"], "left": ["LEFT"], "right": ["RIGHT"],
     "fire": ["RCTRL", "ENTER"]},
    {"up": ["I"], "down": ["K"], "left": ["J"], "right": ["L"], "fire": ["H"]},
    {"up": ["NUM_8"], "down": ["NUM_5"], "left": ["NUM_4"], "right": ["NUM_6"],
     "fire": ["NUM_0"]})
"""P2's, P3's and P4's keys at first: P2 the arrows and Right Ctrl or Enter (P1 keeps
WASD and Space, which no other pilot takes), P3 IJKL and H, P4 the number pad."""


class PilotSettings(BaseModel):
    """A local player's (P2 to P4): ``name`` ("": P1's name and the pilot's number),
    ``colour`` of the marker around its ship, and its ``keys``; ``added``: it flies from
    this machine (added, and not removed since), so a game started again (after a crash
    too) adds it back, under its number, and it resumes its own seat."""

    model_config = ConfigDict(extra="ignore")

    name: Annotated[str, Field(max_length=NAME_MAX)] = ""
    colour: MarkerColour = "cyan"
    keys: dict[Action, Annotated[list[KeyName], Field(min_length=1, max_length=3)]]
    added: bool = False

    @field_validator("name")
    @classmethod
    def _tidy_name(cls, name: str) -> str:
        return clean_name(name)


def default_pilots() -> list[PilotSettings]:
    colours: tuple[MarkerColour, ...] = ("cyan", "magenta", "lime")
    return [PilotSettings(colour=colour, keys={a: list(k) for a, k in keys.items()})
            for colour, keys in zip(colours, PILOT_KEYS, strict=True)]


def sizes_that_fit(screen: tuple[int, int]) -> tuple[tuple[int, int], ...]:
    """The ``WINDOW_SIZES`` no wider and no taller than ``screen`` (pixels), the smallest
    at least: a window larger than its screen has its edges (and buttons) off it."""
    fitting = tuple(size for size in WINDOW_SIZES
                    if size[0] <= screen[0] and size[1] <= screen[1])
    return fitting or WINDOW_SIZES[:1]


def config_dir() -> Path:
    """Per-user settings folder (also where a windowed build logs, and the net client keeps
    its resume token)."""
    return Path(platformdirs.user_config_dir("starlane", appauthor=False))


def settings_path() -> Path:
    return config_dir() / "settings.json"


CALLSIGNS = ("Vega", "Orion", "Altair", "Rigel", "Lyra", "Deneb", "Sirius", "Antares",
             "Castor", "Pollux", "Mira", "Nova", "Cygnus", "Draco", "Aquila", "Hydra")


def default_name(rng: random.Random | None = None) -> str:
    """A fresh install's callsign, e.g. "Rigel 47": a star and a number, drawn at random so
    that two new players on one LAN are very unlikely to collide (1 in 1440)."""
    rng = rng or random.SystemRandom()
    return f"{rng.choice(CALLSIGNS)} {rng.randint(10, 99)}"


class Settings(BaseModel):
    """Everything the settings screen shows, with the ranges a file may hold.
    ``record_matches``: the matches this game serves are recorded (replays), and the
    newest ``keep_recordings`` of them kept."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    version: int = VERSION
    name: PlayerName = Field(default_factory=default_name)
    fullscreen: bool = False
    window_size: tuple[Annotated[int, Field(ge=640, le=7680)],
                       Annotated[int, Field(ge=360, le=4320)]] = (sim.WIDTH, sim.HEIGHT)
    master_volume: Volume = 0.8
    effects_volume: Volume = 0.6
    palette: Palette = "classic"
    record_matches: bool = True
    keep_recordings: Annotated[int, Field(ge=KEEP_MIN, le=KEEP_MAX)] = 50
    keys: dict[Action, Annotated[list[KeyName], Field(min_length=1, max_length=3)]] = Field(
        default_factory=lambda: {a: list(k) for a, k in DEFAULT_KEYS.items()})
    colour: MarkerColour = "gold"  # P1's marker, drawn when local players fly too
    pilots: Annotated[list[PilotSettings], Field(max_length=MAX_PILOTS - 1)] = Field(
        default_factory=default_pilots)

    @field_validator("name")
    @classmethod
    def _tidy_name(cls, name: str) -> str:
        tidy = clean_name(name)
        if not tidy:
            raise ValueError("the name is blank")
        return tidy

    @field_validator("keys")
    @classmethod
    def _every_action_bound(cls, keys: dict[str, list[str]]) -> dict[str, list[str]]:
        missing = set(DEFAULT_KEYS) - set(keys)
        return {**{a: list(DEFAULT_KEYS[a]) for a in missing}, **keys}

    @field_validator("pilots")
    @classmethod
    def _every_pilot_kept(cls, pilots: list[PilotSettings]) -> list[PilotSettings]:
        return [*pilots, *default_pilots()[len(pilots):]]

    def pilot_name(self, number: int) -> str:
        """Pilot ``number``'s name (1: the player's): a local player's own, or by
        default the player's with the pilot's number ("Vega 47 2")."""
        if number == 1:
            return self.name
        own = self.pilots[number - 2].name
        return own or f"{self.name[:NAME_MAX - 2]} {number}"

    def added_pilots(self) -> list[int]:
        """The numbers of the local players added (2 to ``MAX_PILOTS``), lowest first."""
        return [number for number, pilot in enumerate(self.pilots, start=2) if pilot.added]

    def pilot_colour(self, number: int) -> MarkerColour:
        return self.colour if number == 1 else self.pilots[number - 2].colour

    def pilot_keys(self, number: int) -> dict[Action, list[str]]:
        return self.keys if number == 1 else self.pilots[number - 2].keys

    def with_pilot(self, number: int, **fields: Any) -> Settings:
        """A copy (checked, as ``changed``) where pilot ``number``'s ``fields`` (name,
        colour, keys or added) are changed; P1's are the settings' own ``name``, ``colour``,
        ``keys``."""
        if number == 1:
            return self.changed(**fields)
        pilots = [p.model_dump() for p in self.pilots]
        pilots[number - 2].update(fields)
        return self.changed(pilots=pilots)

    def changed(self, **fields: Any) -> Settings:
        """A copy with ``fields`` changed, checked as a loaded file is (``model_copy``
        checks nothing). Raises ``pydantic.ValidationError`` (a ``ValueError``) for a value
        the model refuses; ``problem`` says which and why."""
        return self.model_validate({**self.model_dump(), **fields})

    @property
    def effects_gain(self) -> float:
        """What a sound effect is played at: master times effects, 0..1."""
        return self.master_volume * self.effects_volume


def load(path: Path | None = None) -> Settings:
    """The settings in ``path`` (default: ``settings_path()``), or defaults."""
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as err:
        log.warning("settings file %s is unreadable (%s): using defaults", path, _reason(err))
        return Settings()
    if isinstance(raw, dict) and raw.get("version", 1) == 1:
        raw = {"name": raw.get("name", "")}  # version 1 kept the name alone
        log.info("settings file %s is from an older version: keeping the name", path)
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as err:
        log.warning("settings file %s has a bad value (%s): using defaults", path, problem(err))
        return Settings()
    settings.version = VERSION
    return settings


def save(settings: Settings, path: Path | None = None) -> bool:
    """Write ``settings``; a folder we cannot write is logged, not fatal. True if saved."""
    path = path or settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(settings.model_dump_json(indent=2), encoding="utf-8")
        temporary.replace(path)  # a crash mid-write never leaves half a file
    except OSError as err:
        log.warning("could not save settings to %s: %s", path, _reason(err))
        return False
    return True


def problem(err: ValidationError) -> str:
    """The model's words for the first value it refused: "where: why", e.g.
    "master_volume: Input should be less than or equal to 1"."""
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "the file"
    return f"{where}: {first['msg']}"


def _reason(err: Exception) -> str:
    return (err.strerror if isinstance(err, OSError) and err.strerror else str(err)) or \
        type(err).__name__
