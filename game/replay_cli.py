"""The command line's recording flags (``--record DIR``, ``--no-record``, ``--keep-replays
N``), ``--replay FILE``
(the window opens in the replay viewer) and ``--replay FILE --info [--json]``, which tells
what a recording holds without playing it.

``--info --json`` prints one JSON object: ``format``, ``game_version``, ``duration_s``,
``ticks``, ``keyframes``, ``bytes``, ``pilots`` (``name``, ``bot``), ``rounds`` (``round``,
``winners``, ``tick``), and for a cut file ``truncated`` (where it ends). A file that is
no replay, is missing or of another format version: one line and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from starlane.net import Replay, ReplayError

from .core.match_options import bounded
from .server.recording import DEFAULT_KEEP, RecordChoice
from .settings import KEEP_MAX, KEEP_MIN

EXIT_USAGE = 2


REPLAY_HELP = "watch a recorded match (with --info: print what it holds)"


def add_replay_options(parser: argparse.ArgumentParser) -> None:
    """The recording and info flags in their own group (``--replay`` is among the modes)."""
    group = parser.add_argument_group("recording options")
    group.add_argument("--record", type=Path, metavar="DIR",
                       help="record every match this game serves into DIR (default: on, "
                            "into the replays folder of your data folder)")
    group.add_argument("--no-record", action="store_true",
                       help="do not record the matches this game serves")
    group.add_argument("--keep-replays", type=bounded(int, KEEP_MIN, KEEP_MAX), metavar="N",
                       help="keep the newest N recordings in the folder, deleting the oldest "
                            f"when a match starts ({KEEP_MIN}-{KEEP_MAX}; default: "
                            f"{DEFAULT_KEEP} with --server; in the window, as Settings say)")
    group.add_argument("--info", action="store_true",
                       help="with --replay: print what the recording holds (with --json: "
                            "one JSON object) and exit")


def check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse flags that do not go together (one line, exit status 2)."""
    if args.record and args.no_record:
        parser.error("--record DIR and --no-record contradict each other")
    if args.keep_replays is not None and args.no_record:
        parser.error("--keep-replays N goes with recording, not --no-record")
    if args.info and not args.replay:
        parser.error("--info goes with --replay FILE")


def record_choice(args: argparse.Namespace) -> RecordChoice:
    """What the flags say about recording (None: as the settings say)."""
    return RecordChoice(False if args.no_record else (True if args.record else None),
                        args.record, args.keep_replays)


NOT_THE_GAMES = "its header is not a Starlane match's"


def info(replay: Replay) -> dict[str, Any]:
    """What ``--info --json`` prints for ``replay``. Raises ``ReplayError``
    (``NOT_THE_GAMES``) for a recording whose header or markers are not the game's."""
    listed = replay.header.get("pilots", [])
    if not isinstance(listed, list) or not all(isinstance(p, dict) for p in listed):
        raise ReplayError(NOT_THE_GAMES)
    pilots = {str(p.get("name")): p for p in listed}
    for _, kind, data in replay.marks:
        if kind == "pilot" and isinstance(data, dict):
            pilots.setdefault(str(data.get("name")), data)
    found: dict[str, Any] = {
        "format": replay.format_version, "game_version": replay.header.get("game_version"),
        "duration_s": round(replay.duration_s, 1),
        "ticks": replay.last_tick - replay.first_tick + 1,
        "keyframes": len(replay.keyframe_ticks), "bytes": replay.bytes,
        "pilots": [{"name": str(p.get("name")), "bot": bool(p.get("bot"))}
                   for p in pilots.values()],
        "rounds": [{"round": data.get("round"), "winners": data.get("winners", []),
                    "tick": tick} for tick, kind, data in replay.marks
                   if kind == "round_over" and isinstance(data, dict)]}
    for name in ("mode", "arena", "server_name", "started"):
        if name in replay.header:
            found[name] = replay.header[name]
    if replay.truncated:
        found["truncated"] = replay.truncated
    return found


def summary(facts: dict[str, Any]) -> list[str]:
    """``--info`` without ``--json``: a few lines for a person."""
    minutes, seconds = divmod(int(facts["duration_s"]), 60)
    pilots = ", ".join(p["name"] + (" (bot)" if p["bot"] else "") for p in facts["pilots"])
    keyframes = facts["keyframes"]
    played = f"{facts['mode']} on {facts['arena']}, " if "mode" in facts else ""
    lines = [f"{facts.get('server_name', 'a match')}, started {facts.get('started', '?')}, "
             f"{facts['game_version']}",
             f"{played}{minutes}:{seconds:02d} long, {facts['ticks']} ticks, {keyframes} "
             f"keyframe{'' if keyframes == 1 else 's'}, {facts['bytes']} bytes",
             f"pilots: {pilots or 'none'}"]
    lines += [f"round {r['round']}: won by {', '.join(r['winners']) or 'nobody'}"
              for r in facts["rounds"]]
    if "truncated" in facts:
        lines.append(facts["truncated"])
    return lines


def readable(path: Path) -> Replay | None:
    """The recording at ``path``, or None after one line on stderr saying why not."""
    try:
        return Replay.open(path)
    except ReplayError as err:
        print(f"starlane: {path}: {err}", file=sys.stderr)
        return None


def run_info(args: argparse.Namespace) -> int:
    """``--replay FILE --info [--json]``: 0, or one line and 2 for a file it cannot read."""
    replay = readable(args.replay)
    if replay is None:
        return EXIT_USAGE
    try:
        facts = info(replay)
        text = json.dumps(facts) if args.json else "\n".join(summary(facts))
    except (ReplayError, KeyError, TypeError, ValueError, AttributeError):
        print(f"starlane: {args.replay}: {NOT_THE_GAMES}", file=sys.stderr)
        return EXIT_USAGE
    print(text)
    return 0
