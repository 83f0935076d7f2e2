"""Every match the server runs, recorded: one replay file per match (``starlane.net``'s
``ReplayRecorder``), written off the tick path as the match goes.

The file is named for its start and its server (``starlane-20261205-081500-lan-party.slr``)
in the player's data folder (``default_folder``) or the one given (``--record DIR``); when
a new one starts, the oldest beyond the ``keep`` newest go. Its header says which game
and protocol wrote it, the mode and arena when the match has them, the server's name, the
start (UTC) and the pilots then; markers follow the match: ``pilot`` (one joined:
name, bot), ``kill`` (killer, victim) and ``round_over`` (round, winners' names); the
footer lists every pilot seen.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs

from starlane.net import PROTOCOL_VERSION, ReplayRecorder, StateHistory

from .. import BUILD
from ..core import sim
from ..core.match import Match

log = logging.getLogger("starlane.server")
SUFFIX = ".slr"
DEFAULT_KEEP = 50
MARKED = ("kill", "round_over")
"""The feed entries kept as markers (for --info and the viewer's jumps)."""


DATA_DIR_VARIABLE = "STARLANE_DATA_DIR"
"""An environment variable naming the data folder outright, on every platform (a test
run, a portable install); unset or empty: the platform's own (``platformdirs``)."""


def default_folder() -> Path:
    """Where recordings go unless told otherwise: ``replays`` in the player's data folder
    (``$STARLANE_DATA_DIR`` if set, else platformdirs': ~/.local/share/starlane,
    %LOCALAPPDATA%, ~/Library/Application Support)."""
    data = os.environ.get(DATA_DIR_VARIABLE) or \
        platformdirs.user_data_dir("starlane", appauthor=False)
    return Path(data) / "replays"


@dataclass(frozen=True)
class RecordingPlan:
    """Where the server records its matches (``folder``) and how many recordings it
    keeps there (``keep``: the oldest beyond it are deleted when a new one starts)."""

    folder: Path
    keep: int = DEFAULT_KEEP


@dataclass(frozen=True)
class RecordChoice:
    """What the command line chose: ``on`` (True: ``--record DIR``, False: ``--no-record``,
    None: as the settings say), ``folder`` (None: ``default_folder()``) and ``keep``
    (``--keep-replays``, recordings; None: as the settings say)."""

    on: bool | None = None
    folder: Path | None = None
    keep: int | None = None

    def plan(self, enabled: bool = True, keep: int = DEFAULT_KEEP) -> RecordingPlan | None:
        """Where to record given the settings' toggle (``enabled``) and ``keep`` (both
        overridden by the command line's choice); None: do not record."""
        if not (enabled if self.on is None else self.on):
            return None
        return RecordingPlan(self.folder or default_folder(),
                             keep if self.keep is None else self.keep)


def slug(name: str) -> str:
    """A file-name-safe form of a server name: ``"Vega's game!"`` is ``vegas-game``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("'", "")).strip("-")[:32] or "match"


def prune(folder: Path, keep: int) -> None:
    """Delete the oldest recordings in ``folder`` so that ``keep`` remain (names sort by
    start time); one that cannot be deleted is logged and skipped."""
    recordings = sorted(folder.glob(f"starlane-*{SUFFIX}"))
    for old in recordings[:max(0, len(recordings) - keep)]:
        try:
            old.unlink()
        except OSError as err:
            log.warning("could not delete the old recording %s: %s", old, err.strerror)


def pilot(ship: sim.Ship) -> dict[str, Any]:
    """A pilot as the header and markers list one: name, and ``bot`` for a computer's."""
    return {"name": ship.name, "bot": ship.bot}


class MatchRecording:
    """The recording of one match: ``after_tick`` each tick (after the commit), ``close``
    at its end. ``path``: the file; ``pilots``: every pilot seen, by name."""

    def __init__(self, recorder: ReplayRecorder, pilots: list[dict[str, Any]]) -> None:
        self.recorder = recorder
        self.path = recorder.path
        self.pilots = {p["name"]: p for p in pilots}

    @classmethod
    def start(cls, plan: RecordingPlan, server_name: str, world: sim.World,
              match: Match) -> MatchRecording | None:
        """Begin recording a match in ``plan.folder``; None (and one log line) when the
        folder or the file cannot be made."""
        began = datetime.now(UTC)
        path = plan.folder / f"starlane-{began:%Y%m%d-%H%M%S}-{slug(server_name)}{SUFFIX}"
        pilots = [pilot(s) for s in world.ships.values()]
        header = {"game_version": BUILD, "protocol_version": PROTOCOL_VERSION,
                  "server_name": server_name, "started": began.isoformat(timespec="seconds"),
                  "pilots": pilots, **setup(match)}
        try:
            plan.folder.mkdir(parents=True, exist_ok=True)
            prune(plan.folder, plan.keep - 1)
            recorder = ReplayRecorder(path, header, tick_rate=sim.TICK_RATE)
        except OSError as err:
            log.warning("not recording this match: cannot write %s (%s)", path,
                        err.strerror or err)
            return None
        log.debug("recording this match to %s", path)
        return cls(recorder, pilots)

    def after_tick(self, tick: int, history: StateHistory, feed: list[dict[str, Any]],
                   world: sim.World) -> None:
        """Record the tick just committed, and mark what ``feed`` says happened in it."""
        self.recorder.record(tick, history)
        for entry in feed:
            kind = entry.get("kind")
            if kind in MARKED:
                self.recorder.mark(tick, str(kind), {k: v for k, v in entry.items()
                                                     if k != "kind"})
            elif kind in ("join", "seated") and entry.get("name") not in self.pilots:
                ship = next((s for s in world.ships.values() if s.name == entry["name"]), None)
                seen = pilot(ship) if ship else {"name": entry["name"], "bot": "bot" in entry}
                self.pilots[seen["name"]] = seen
                self.recorder.mark(tick, "pilot", seen)

    def close(self) -> None:
        """The match is over: the index and the footer (every pilot seen) are written."""
        self.recorder.close({"pilots": list(self.pilots.values())})


def setup(match: Match) -> dict[str, Any]:
    """The match's mode and arena when it has them (read by name: matches without them
    are recorded without them)."""
    found = {}
    for name in ("mode", "arena"):
        value = getattr(match, name, None)
        if value is None:
            value = getattr(match.config, name, None)
        if value is not None:
            found[name] = value if isinstance(value, (str, int, float)) else str(value)
    return found
