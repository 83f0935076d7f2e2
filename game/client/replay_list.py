"""The Replays screen's list: the recordings in a folder, newest first, each as a row a
person reads (date, server, mode, pilots, winner, length), or with the one-line reason it
cannot be played.

Opening a recording reads its header and its index (the footer: where it ends, its
markers); no tick is decoded (a cut file, having no index, is summarised chunk by chunk).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from starlane.net import Replay, ReplayError

from .. import replay_cli
from ..server.recording import SUFFIX

UNKNOWN = "-"


@dataclass(frozen=True)
class ReplayRow:
    """One recording: ``path``; ``date`` (local time, minutes), ``server``, ``mode``,
    ``pilots``, ``winner`` (the last round's) and ``length`` (m:ss) as shown; ``problem``:
    None, or why it cannot be played (one line); ``cut``: None, or where a cut file
    ends."""

    path: Path
    date: str
    server: str = UNKNOWN
    mode: str = UNKNOWN
    pilots: str = UNKNOWN
    winner: str = UNKNOWN
    length: str = UNKNOWN
    problem: str | None = None
    cut: str | None = None


def recordings(folder: Path) -> list[Path]:
    """The replay files in ``folder``, newest first (by the time they were written);
    none when the folder is missing or unreadable."""
    try:
        found = [(p.stat().st_mtime, p) for p in folder.glob(f"*{SUFFIX}") if p.is_file()]
    except OSError:
        return []
    return [p for _, p in sorted(found, key=lambda pair: (pair[0], pair[1].name), reverse=True)]


def row(path: Path) -> ReplayRow:
    """What the list shows of the recording at ``path``."""
    date = _date_of(path)
    try:
        facts = replay_cli.info(Replay.open(path))
    except ReplayError as err:
        return ReplayRow(path, date, problem=str(err))
    except (KeyError, TypeError, ValueError, AttributeError):  # a header not the game's
        return ReplayRow(path, date, problem=replay_cli.NOT_THE_GAMES)
    rounds = facts["rounds"]
    winners = rounds[-1]["winners"] if rounds else None
    return ReplayRow(
        path, _started(facts.get("started")) or date,
        server=str(facts.get("server_name", UNKNOWN)), mode=str(facts.get("mode", UNKNOWN)),
        pilots=pilot_names([p["name"] for p in facts["pilots"]]),
        winner=", ".join(str(w) for w in winners) if winners else UNKNOWN,
        length=minutes(facts["duration_s"]), cut=facts.get("truncated"))


def rows(folder: Path) -> list[ReplayRow]:
    """Every recording in ``folder``, newest first."""
    return [row(p) for p in recordings(folder)]


def minutes(seconds: float) -> str:
    """``m:ss`` for a span of seconds (``72.4`` is ``1:12``)."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def pilot_names(names: list[str], shown: int = 3) -> str:
    """The first ``shown`` names, and how many more: ``"Vega, Orion, Lyra +5"``."""
    if not names:
        return UNKNOWN
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" +{more}" if more > 0 else "")


def _started(started: Any) -> str | None:
    """A header's start time (ISO 8601) as local ``YYYY-MM-DD HH:MM``; None if it has
    none."""
    try:
        return datetime.fromisoformat(str(started)).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return None


def _date_of(path: Path) -> str:
    """When the file was last written, local ``YYYY-MM-DD HH:MM`` (for a file with no
    readable header)."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    except OSError:
        return UNKNOWN
