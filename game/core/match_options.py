"""The match flags shared by ``--server`` and the hosted game: ``--mode``, ``--lives``,
``--arena``, ``--no-powerups``, ``--kills``, ``--time-limit``, ``--bots``, ``--bot-skill``.
Parsing only (no arcade): bad values become argparse errors, which the CLI prints as one
line with exit code 2.
"""

from __future__ import annotations

import argparse

from starlane.net import DEFAULT_MAX_PLAYERS

from .bots import SKILLS
from .match import ARENAS, MAX_LIVES, MIN_TIME_LIMIT_S, MODES, MatchConfig

MAX_KILLS = 100
MAX_TIME_LIMIT_MIN = 60.0
MAX_PLAYERS = 64  # the most --max-players allows
MAX_BOTS = MAX_PLAYERS - 1  # one seat is always left for a player
HOSTED_BOTS = DEFAULT_MAX_PLAYERS - 1
"""Bots a window's hosted game (Host Game, --host-game, Play vs bots) seats at most: it has
the default seats, one of them the host's."""


def played(advertised: dict[str, str]) -> tuple[str, str]:
    """A listed server's mode and arena from its OHAI answer's advertised fields (what
    ``GameServer`` advertises), "?" for each it does not name (a plain neteria server,
    an older game)."""
    return advertised.get("mode", "?")[:4], advertised.get("arena", "?")[:6]


def bounded(kind: type, low: float, high: float):  # type: ignore[no-untyped-def]
    """An argparse type: ``kind(text)`` within [low, high], or a one-line reason."""
    def parse(text: str):  # type: ignore[no-untyped-def]
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, not {text!r}") from None
        if not low <= value <= high:  # also refuses nan
            raise argparse.ArgumentTypeError(f"must be between {low:g} and {high:g}, not {text}")
        return value
    return parse


def add_match_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "match options (--server and the hosted game: --host-game, or Host Game's panel)")
    group.add_argument("--mode", choices=MODES, default="ffa",
                       help="ffa: every pilot for themselves; tdm: two teams, the first team "
                            "to the kills wins; lms: last pilot standing, each with --lives "
                            "(default: ffa)")
    group.add_argument("--lives", type=bounded(int, 1, MAX_LIVES), default=3, metavar="N",
                       help=f"lives each pilot has in lms (1-{MAX_LIVES}, default: 3)")
    group.add_argument("--arena", choices=ARENAS, default="field",
                       help="field: asteroids; sun: a sun whose gravity bends ships and "
                            "bullets and burns who touches it; walls: solid walls to bounce "
                            "off and hide behind (default: field)")
    group.add_argument("--no-powerups", dest="powerups", action="store_false",
                       help="no power-ups (shield, rapid fire, spread shot) appear")
    group.add_argument("--kills", type=bounded(int, 1, MAX_KILLS), default=10, metavar="K",
                       help=f"kills that win a round (1-{MAX_KILLS}, default: 10)")
    group.add_argument("--time-limit", type=bounded(float, MIN_TIME_LIMIT_S / 60,
                                                    MAX_TIME_LIMIT_MIN),
                       default=5.0, metavar="MIN",
                       help="minutes a round lasts at most; then the most kills wins "
                            f"({MIN_TIME_LIMIT_S / 60:g}-{MAX_TIME_LIMIT_MIN:g}, default: 5)")
    group.add_argument("--bots", type=bounded(int, 0, MAX_BOTS), default=0, metavar="N",
                       help="computer pilots in the seats players leave free; a joining "
                            "player takes a bot's seat (default: 0)")
    group.add_argument("--bot-skill", choices=sorted(SKILLS), default="normal",
                       help="how well bots aim and lead, how fast they react and how far "
                            "they keep from a ship that faces them (default: normal)")


def match_config(args: argparse.Namespace) -> MatchConfig:
    return MatchConfig(kills_to_win=args.kills, time_limit_s=args.time_limit * 60.0,
                       mode=args.mode, lives=args.lives, arena=args.arena,
                       powerups=args.powerups)


def seated_bots(wanted: int, seats: int) -> int:
    """``wanted`` bots, capped at the seats there are (bots count against max players)."""
    return min(wanted, seats)


def describe_match(args: argparse.Namespace, bots: int) -> str:
    """The mode, arena and round rules and the bots, for the server's "listening" line."""
    lives = f" with {args.lives} lives" if args.mode == "lms" else ""
    text = (f"{args.mode}{lives} on {args.arena}"
            f"{'' if args.powerups else ' without power-ups'}; rounds: first to "
            f"{args.kills} kills or {args.time_limit:g} min")
    return text + (f", {bots} {args.bot_skill} bot{'s' if bots > 1 else ''}" if bots else "")


def capped_bots_note(args: argparse.Namespace, bots: int) -> str | None:
    """Why fewer bots than asked for fly, or None."""
    if bots >= args.bots:
        return None
    return (f"asked for {args.bots} bots but there are only {args.max_players} seats "
            f"(--max-players): starting {bots}")
