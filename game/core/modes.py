"""The modes' rules, which ``Match`` consults: teams (``tdm``), lives (``lms``), who wins.

Pure like ``sim`` (no arcade, no clock; time is the world's tick).

``ffa``: every pilot for themselves; the first to ``kills_to_win`` kills wins the round.

``tdm``: two teams (0 and 1). A joining human goes to the team with fewer humans, so
humans spread; bots fill, and after every change of seats the newest bots of the larger
team cross over until the teams are even (a human who takes a bot's seat takes it, in
effect, from the team that needs the human). Friendly fire is off: a bullet passes
through the shooter's team-mates (``sim.allies``), neither hurting nor stopped. A kill
scores for the killer's team at the time of the kill (``Match.team_scores``; a bot that
crosses over later takes nothing with it); the first team to ``kills_to_win`` wins, at
the time limit the higher score (a tie is shared, no kills at all a draw).

``lms`` (last pilot standing): each pilot starts a round with ``lives`` and loses one per
death, whoever or whatever killed it. Out of lives, it is out of play (``OUT_OF_LIVES``)
until the round ends. The round ends when one pilot is left with lives (of two or more
in it); at the time limit the most lives left wins, then the most kills (a tie is
shared). Fairness to a pilot who joins mid-round: it plays at once, with the fewest
lives any pilot still in the round has (a newcomer never outlasts those who fought).
"""

from __future__ import annotations

from . import sim

TEAMS = 2
TEAM_NAMES = ("Red", "Blue")
OUT_OF_LIVES = "Out of lives \N{EM DASH} watching until the round ends"
Tally = dict[int, tuple[int, int]]  # pid -> (kills, deaths) before a tick


def enlist(world: sim.World, ship: sim.Ship, full_lives: int) -> None:
    """A ship new to the match (a player or a bot joining): its team in ``tdm``, its
    lives in ``lms`` (see the module's docstring); ``full_lives``: the host's ``lives``."""
    others = [s for s in world.ships.values() if s.pid != ship.pid]
    if world.mode == "tdm":
        ship.team = min(range(TEAMS), key=lambda t: _team_weight(others, t, ship.bot))
    if world.mode == "lms":
        ship.lives = min((s.lives for s in others if s.lives > 0), default=full_lives)


def _team_weight(others: list[sim.Ship], team: int, bot: bool) -> tuple[int, int, int]:
    """How full ``team`` is for a newcomer, least first: for a human its humans, then its
    ships; for a bot its ships, then its humans; then its number."""
    ships = sum(1 for s in others if s.team == team)
    humans = sum(1 for s in others if s.team == team and not s.bot)
    return (ships, humans, team) if bot else (humans, ships, team)


def balance(world: sim.World) -> None:
    """In ``tdm``, bots cross from the larger team to the smaller, newest first, until the
    teams differ by one ship at most (humans never change team)."""
    if world.mode != "tdm":
        return
    while True:
        sizes = [sum(1 for s in world.ships.values() if s.team == t) for t in range(TEAMS)]
        big, small = max(range(TEAMS), key=sizes.__getitem__), min(range(TEAMS),
                                                                    key=sizes.__getitem__)
        bots = [s for s in world.ships.values() if s.bot and s.team == big]
        if sizes[big] - sizes[small] <= 1 or not bots:
            return
        max(bots, key=lambda s: s.pid).team = small


def tally(world: sim.World) -> Tally:
    """Every ship's kills and deaths now, to compare with after a tick (``settle``)."""
    return {s.pid: (s.score, s.deaths) for s in world.ships.values()}


def settle(world: sim.World, before: Tally, team_scores: list[int], round_ends: int) -> None:
    """After a tick: kills scored for their teams (``tdm``), a life taken for each death
    and the pilots out of lives kept out of play past ``round_ends`` (``lms``)."""
    for ship in world.ships.values():
        kills, deaths = before.get(ship.pid, (ship.score, ship.deaths))
        if world.mode == "tdm":
            team_scores[ship.team] += max(0, ship.score - kills)
        if world.mode == "lms" and ship.deaths > deaths:
            ship.lives = max(0, ship.lives - (ship.deaths - deaths))
            if ship.lives == 0:
                ship.respawn_tick = round_ends + 1


def out_of_lives(world: sim.World, ship: sim.Ship) -> bool:
    """Whether ``ship`` is out of the round (``lms``, no lives left)."""
    return world.mode == "lms" and ship.lives <= 0


def won(world: sim.World, kills_to_win: int, team_scores: list[int]) -> bool:
    """Whether the round is won before its time limit."""
    if world.mode == "tdm":
        return max(team_scores) >= kills_to_win
    if world.mode == "lms":
        return len(world.ships) >= 2 and sum(1 for s in world.ships.values()
                                             if s.lives > 0) <= 1
    return any(s.score >= kills_to_win for s in world.ships.values())


def winners(world: sim.World, team_scores: list[int]) -> list[int]:
    """The pids who won the round now ending (empty: a draw), by the mode's ranking."""
    ships = list(world.ships.values())
    if world.mode == "tdm":
        top = max(team_scores)
        return [s.pid for s in ships if team_scores[s.team] == top] if top > 0 else []
    if world.mode == "lms":
        best = max(((s.lives, s.score) for s in ships), default=(0, 0))
        return [s.pid for s in ships if (s.lives, s.score) == best] if best > (0, 0) \
            else []
    top = max((s.score for s in ships), default=0)
    return [s.pid for s in ships if s.score == top] if top > 0 else []


def team_name(team: int) -> str:
    """What players call team ``team``: "Red team", "Blue team"."""
    return f"{TEAM_NAMES[team]} team"


def winning_team(world: sim.World, winners: list[int]) -> str | None:
    """The name of the one team the ``winners`` fly for in ``tdm`` ("Blue team"); None
    in another mode, for a draw or for a tie."""
    teams = {world.ships[p].team for p in winners if p in world.ships}
    return team_name(teams.pop()) if world.mode == "tdm" and len(teams) == 1 else None


def standing(world: sim.World, ship: sim.Ship) -> tuple[int, int, int, str]:
    """How ``ship`` ranks in a scoreboard, best first: in ``lms`` most lives, then most
    kills; otherwise most kills; then fewest deaths, then by name."""
    lives = -ship.lives if world.mode == "lms" else 0
    return lives, -ship.score, ship.deaths, ship.name


def new_round(world: sim.World, full_lives: int, team_scores: list[int]) -> None:
    """A round starts: team scores at zero, everyone's lives full, teams even."""
    team_scores[:] = [0] * TEAMS
    for ship in world.ships.values():
        ship.lives = full_lives if world.mode == "lms" else 0
    balance(world)


def ship_fields(world: sim.World, ship: sim.Ship) -> dict[str, int]:
    """What the state says of ``ship`` for the mode (docs/protocol.md): its ``team`` in
    ``tdm``, its ``lives`` in ``lms``."""
    if world.mode == "tdm":
        return {"team": ship.team}
    return {"lives": ship.lives} if world.mode == "lms" else {}
