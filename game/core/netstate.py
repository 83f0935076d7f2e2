"""The world as a state tree for ``net.sync``, and back.

Shaped so that diffs stay small: bullets and asteroids fly straight (or, in the sun's
arena, along the pull, tick by tick as the server does), so each is sent once as a spawn
record ``[.., x, y, vx, vy, tick]`` (a compact uniform array) and the client carries it
forward; power-ups stand still, so each is a spawn record ``[kind, x, y]`` too; only
ships change tick by tick, field by field. Kill-feed entries live
in ``feed`` for ``FEED_TICKS`` so that a client that lost a diff still gets them.

``read_world`` raises ``ValueError`` on a malformed state: the client skips it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from starlane.net import TrackedDict

from . import arenas, modes, sim
from .match import Match

FEED_TICKS = 3 * sim.TICK_RATE
MAX_PULLED_TICKS = 10 * sim.TICK_RATE
"""The longest a body is carried forward tick by tick under an arena's pull (bullets live
``sim.BULLET_TICKS``): a state claiming an older one is malformed, not a long loop."""


def _r(v: float) -> float:
    return round(v, 1)


def write_world(root: TrackedDict, world: sim.World, feed: list[dict[str, Any]]) -> None:
    """Mirror ``world`` into ``root``: only values that differ are marked as changed."""
    root["seed"] = world.seed
    ships = root.child("ships")
    for ship in world.ships.values():
        record = ships.child(str(ship.pid))
        record.update({
            "name": ship.name, "x": _r(ship.x), "y": _r(ship.y), "vx": _r(ship.vx),
            "vy": _r(ship.vy), "a": _r(ship.angle), "hp": ship.hp, "alive": int(ship.alive),
            "respawn": ship.respawn_tick, "shield": ship.shield_until,
            "fire": ship.next_fire_tick, "score": ship.score, "deaths": ship.deaths,
            "keys": sum(1 << i for i, k in enumerate(sim.KEYS) if k in ship.keys)})
        record.update(modes.ship_fields(world, ship))
        if ship.bot:
            record["bot"] = 1
        _write_power(record, ship)
    ships.keep_only({str(pid) for pid in world.ships})
    _spawn_records(root.child("bullets"), {
        str(b.bid): [b.owner, _r(b.x), _r(b.y), _r(b.vx), _r(b.vy), world.tick, b.expires]
        for b in world.bullets.values()})
    _spawn_records(root.child("rocks"), {
        str(a.aid): [_r(a.x), _r(a.y), _r(a.vx), _r(a.vy), world.tick, a.r]
        for a in world.asteroids.values()})
    _spawn_records(root.child("powerups"), {
        str(p.uid): [p.kind, _r(p.x), _r(p.y)] for p in world.powerups.values()})
    entries = root.child("feed")
    for n, entry in enumerate(feed):  # numbered tick * 100 + n: unique, ordered, ageable
        entries[str(world.tick * 100 + n)] = entry
    entries.keep_only({k for k in entries if int(k) // 100 > world.tick - FEED_TICKS})


def _write_power(record: TrackedDict, ship: sim.Ship) -> None:
    """A ship's ``power`` (its kind) and ``power_until`` (tick), both absent when none."""
    if ship.power:
        record.update({"power": ship.power, "power_until": ship.power_until})
    else:
        for key in ("power", "power_until"):
            if key in record:
                del record[key]


def write_match(root: TrackedDict, match: Match, world: sim.World,
                spectators: Iterable[str] = ()) -> None:
    """The ``match`` object (docs/protocol.md): the mode and the arena, round, phase, kills
    to win, seconds left in the phase, the round's time limit (s), in the results the
    winners' pids, and the names of those spectating (waiting for a seat); in ``tdm``
    also ``teams``, each team's kills (``game.modes``)."""
    root.child("match").update({
        "mode": match.config.mode, "arena": match.config.arena,
        "round": match.round, "phase": match.phase, "kills_to_win": match.config.kills_to_win,
        "ends_in": match.ends_in(world), "time_limit": round(match.config.time_limit_s),
        "winners": list(match.winners), "spectators": sorted(spectators)})
    if match.config.mode == "tdm":
        root.child("match")["teams"] = list(match.team_scores)


@dataclass(frozen=True)
class MatchState:
    """The ``match`` object as a client reads it."""

    round: int
    phase: str  # "playing" or "results"
    kills_to_win: int
    ends_in: int  # s
    winners: tuple[int, ...]
    spectators: tuple[str, ...] = ()  # names
    mode: str = "ffa"  # match.MODES; a server from before modes sends none: "ffa"
    arena: str = "field"  # match.ARENAS; likewise "field" when none is sent
    teams: tuple[int, ...] = ()  # tdm: each team's kills, by team number


def read_match(state: dict[str, Any]) -> MatchState | None:
    """The match a state describes; None when it has none or a malformed one."""
    match = state.get("match")
    if not isinstance(match, dict):
        return None
    try:
        return MatchState(int(match["round"]), str(match["phase"]), int(match["kills_to_win"]),
                          int(match["ends_in"]), tuple(int(p) for p in match.get("winners", ())),
                          tuple(str(n) for n in match.get("spectators", ())),
                          str(match.get("mode", "ffa")), str(match.get("arena", "field")),
                          tuple(int(t) for t in match.get("teams", ())))
    except (KeyError, TypeError, ValueError):
        return None


OWNER_ONLY = ("fire", "keys", "respawn")


def own_ship_view(payload: dict[str, Any], own: str | None) -> dict[str, Any]:
    """``payload`` (a keyframe or diff) without the owner-only fields of ships but ``own``."""
    ships = payload.get("ships")
    if not isinstance(ships, dict):
        return payload
    trimmed = {key: {k: v for k, v in ship.items() if k not in OWNER_ONLY}
               if key != own and isinstance(ship, dict) else ship
               for key, ship in ships.items()}
    return {**payload, "ships": trimmed}


def _spawn_records(records: TrackedDict, now: dict[str, list[Any]]) -> None:
    """Add records of new bodies (never rewrite one in flight), drop those that are gone."""
    for key, record in now.items():
        if key not in records:
            records[key] = record
    records.keep_only(set(now))


def read_world(state: dict[str, Any], tick: int) -> sim.World:
    """The world of ``tick`` from a state tree; bodies carried forward from their spawn."""
    try:
        match = state.get("match")
        match = match if isinstance(match, dict) else {}
        world = sim.World(seed=int(state["seed"]), tick=tick, arena=str(
            match.get("arena", "field")), mode=str(match.get("mode", "ffa")))
        for key, s in state["ships"].items():  # others' ships lack the OWNER_ONLY fields
            keys = int(s.get("keys", 0))
            world.ships[int(key)] = sim.Ship(
                int(key), str(s["name"]), float(s["x"]), float(s["y"]), float(s["vx"]),
                float(s["vy"]), float(s["a"]), int(s["hp"]), bool(s["alive"]),
                int(s.get("respawn", 0)), int(s["shield"]), int(s.get("fire", 0)), False,
                int(s["score"]), int(s["deaths"]),
                {k for i, k in enumerate(sim.KEYS) if keys >> i & 1}, bool(s.get("bot", 0)),
                team=int(s.get("team", 0)), lives=int(s.get("lives", 0)))
            _read_power(world.ships[int(key)], s)
        for key, (owner, x, y, vx, vy, born, expires) in state["bullets"].items():
            x, y, vx, vy = _flown(world.arena, x, y, vx, vy, tick - born)
            world.bullets[int(key)] = sim.Bullet(int(key), int(owner), x, y, vx, vy,
                                                 int(expires))
        for key, (x, y, vx, vy, born, r) in state["rocks"].items():
            x, y, vx, vy = _flown(world.arena, x, y, vx, vy, tick - born)
            world.asteroids[int(key)] = sim.Asteroid(int(key), x, y, vx, vy, float(r))
        for key, (kind, x, y) in state.get("powerups", {}).items():  # none before power-ups
            world.powerups[int(key)] = sim.PowerUp(int(key), str(kind), float(x), float(y))
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as err:
        raise ValueError(f"malformed state: {err!r}") from None
    return world


def _read_power(ship: sim.Ship, record: dict[str, Any]) -> None:
    if "power" in record:
        ship.power, ship.power_until = str(record["power"]), int(record["power_until"])


def feed_entries(state: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """The feed entries a state carries, by number."""
    feed = state.get("feed", {})
    return {int(k): v for k, v in feed.items() if isinstance(v, dict)} if isinstance(
        feed, dict) else {}


def _flown(arena: str, x: float, y: float, vx: float, vy: float, ticks: int
           ) -> tuple[float, float, float, float]:
    """A body's (x, y, vx, vy) ``ticks`` after its spawn record: straight on, or tick by
    tick under the pull where the arena has one (the sun's: as ``sim.fly`` on the server)."""
    x, y, vx, vy = float(x), float(y), float(vx), float(vy)
    if arena not in arenas.PULLING:
        return *sim.wrap(x + vx * sim.DT * ticks, y + vy * sim.DT * ticks), vx, vy
    if ticks > MAX_PULLED_TICKS:  # a bullet lives 1 s: a state claiming more is garbage
        raise ValueError(f"a body {ticks} ticks in flight under the pull")
    for _ in range(ticks):
        x, y, vx, vy = sim.fly(arena, x, y, vx, vy)
    return x, y, vx, vy
