"""What the scoreboard (the HUD, top right) and the results list say, in each mode.

``ffa``: the pilots by kills (then fewer deaths, then name). ``tdm``: grouped by team,
each team under a header with its name and total kills (``match.teams``). ``lms``: the
columns are lives left ("out" when none) and kills, the pilots by lives, then kills.
Pure text (no arcade): the views decide where it goes and in which colour; a row that is
a team's header says which team, so the view can colour it.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlane.net import NAME_MAX

from ..core import modes, sim
from ..core.netstate import MatchState


@dataclass(frozen=True)
class Row:
    """One line of a standings list: its ``text``, the ``team`` it heads (None: not a
    team's header) and the ``pid`` of the pilot it shows (None: a header)."""

    text: str
    team: int | None = None
    pid: int | None = None


def header(mode: str) -> str:
    """The column titles over the pilots' rows (as wide as a row)."""
    first, second = ("LIVES", "KILLS") if mode == "lms" else ("KILLS", "DEATHS")
    return f"{'PILOT':{NAME_MAX}}  {first:>5}  {second:>6}"


def pilot(ship: sim.Ship) -> str:
    """A pilot's name as the standings show it, a bot marked (within ``NAME_MAX``)."""
    return f"{ship.name[:NAME_MAX - 4]} bot" if ship.bot else ship.name


def pilot_row(ship: sim.Ship, mode: str) -> Row:
    """A pilot's row: its name, then kills and deaths, or in ``lms`` lives and kills."""
    if mode == "lms":
        lives = str(ship.lives) if ship.lives > 0 else "out"
        return Row(f"{pilot(ship):{NAME_MAX}}  {lives:>5}  {ship.score:6}", pid=ship.pid)
    return Row(f"{pilot(ship):{NAME_MAX}}  {ship.score:5}  {ship.deaths:6}", pid=ship.pid)


def team_row(team: int, kills: int) -> Row:
    """A team's header: its name and its kills this round (as wide as a pilot's row)."""
    return Row(f"{modes.team_name(team).upper():{NAME_MAX}}  {kills:5}", team=team)


def rows(world: sim.World | None, match: MatchState | None) -> list[Row]:
    """The pilots in the mode's order (see the module's docstring), without the header."""
    if world is None:
        return []
    mode = match.mode if match is not None else "ffa"
    ordered = sorted(world.ships.values(), key=lambda s: modes.standing(world, s))
    if mode != "tdm":
        return [pilot_row(s, mode) for s in ordered]
    scores = match.teams if match is not None and match.teams else (0,) * modes.TEAMS
    return [row for team in range(modes.TEAMS) for row in (
        team_row(team, scores[team]),
        *(pilot_row(s, mode) for s in ordered if s.team == team))]


def team_standing(match: MatchState) -> str:
    """The teams' kills for the round clock: "Red 3 : 5 Blue" ("" outside ``tdm``)."""
    if match.mode != "tdm" or len(match.teams) != modes.TEAMS:
        return ""
    red, blue = modes.TEAM_NAMES
    return f"{red} {match.teams[0]} : {match.teams[1]} {blue}"


