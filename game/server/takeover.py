"""The successor's side of host migration: serve the match on from the newest state held.

A player's game named successor (``net.ends.migration``) holds the match as its last state
showed it (ships with scores and deaths, bullets, asteroids, the round) and the host's
``HANDOVER`` (seats with their token hashes, the bots asked for, the round's rules). When
the host goes, ``serve_match`` starts a game server from those on the port this game
reserved: the old host's ship is gone with a feed line; every other player's seat is held
(ship out of play) until that player comes back with its own resume token; bots fly on.
"""

from __future__ import annotations

import logging
import socket
import time
from typing import Any

from starlane.net import DiscoveryAlias, ServerConfig, UdpEndpoint, handover
from starlane.net import messages as m

from ..core import sim
from ..core.bots import SKILLS
from ..core.match import Match, MatchConfig
from ..core.netstate import MatchState, read_match, read_world
from .game_server import GameServer, HostedServer
from .recording import MatchRecording, RecordingPlan

log = logging.getLogger("starlane.server")


def handed_config(shown: MatchState, state: dict[str, Any], needs: dict[str, Any]
                  ) -> MatchConfig:
    """The match's rules: kills to win and time limit as the state shows them (``shown``
    is its match), the rest (mode, lives, arena, power-ups) from the old host's
    ``needs``; a value the package gets wrong falls back to the default (a package is
    checked, not trusted)."""
    time_limit = float(state["match"].get("time_limit", 300))
    defaults = MatchConfig()
    chosen = {key: needs.get(key, getattr(defaults, key))
              for key in ("mode", "lives", "arena", "powerups")}
    try:
        return MatchConfig(shown.kills_to_win, time_limit, **chosen)
    except (TypeError, ValueError):
        return MatchConfig(shown.kills_to_win, time_limit)


def continued_world(state: dict[str, Any], tick: int, seat_pids: set[int],
                    needs: dict[str, Any] | None = None
                    ) -> tuple[sim.World, Match, list[sim.Ship]]:
    """The world and round of a state (as its receiver saw it), ready to step on, with
    the rules of ``handed_config``; also the ships of pilots with no seat here (the old
    host's), taken out of the world. ``ValueError`` on a malformed state."""
    world = read_world(state, tick)
    shown = read_match(state)
    if shown is None:
        raise ValueError("the state has no match")
    config = handed_config(shown, state, needs or {})
    world.arena, world.mode = config.arena, config.mode
    progress = Match(config, round=shown.round, phase="results" if shown.phase == "results"
                     else "playing", phase_ends=tick + shown.ends_in * sim.TICK_RATE,
                     winners=list(shown.winners), team_scores=list(shown.teams or (0, 0)))
    gone = [world.ships.pop(pid) for pid, ship in list(world.ships.items())
            if not ship.bot and pid not in seat_pids]
    for ship in world.ships.values():
        ship.keys.clear()  # held keys are the owners' to send again
        if progress.phase == "results":  # out of play until the next round (whole seconds)
            ship.respawn_tick = max(ship.respawn_tick, progress.phase_ends)
        elif not ship.alive and ship.respawn_tick <= tick:  # another's: respawn not shown
            ship.respawn_tick = tick + sim.RESPAWN_TICKS
    ids = [*world.ships, *world.bullets, *world.asteroids, *world.powerups, *seat_pids]
    world.next_id = max(ids, default=0) + 1
    return world, progress, gone


def _lock(value: Any) -> tuple[str, str] | None:
    """A private match's lock as the old host shared it ([salt, key in hex]), or None for
    an open match or anything else (a package is checked, not trusted)."""
    if not (isinstance(value, list) and len(value) == 2
            and all(isinstance(part, str) for part in value)):
        return None
    try:
        bytes.fromhex(value[1])
    except ValueError:
        return None
    return value[0], value[1]


def listed_name(server_name: str, old_host: str, me: str) -> str:
    """What LAN lists call the match once ``me`` hosts it: a name that was the old host's
    default ("Vega's game") follows the new host ("Orion's game"); one its host chose
    ("Friday night") stays, since it names the match, not who serves it."""
    return f"{me}'s game" if server_name == f"{old_host}'s game" else server_name


def serve_match(package: m.Handover, state: dict[str, Any], tick: int, sock: socket.socket,
                me: str, how: str, listed_port: int | None = None,
                record: RecordingPlan | None = None) -> HostedServer:
    """A game server for the match ``package`` hands over, continuing ``state`` of ``tick``,
    on ``sock`` (the port this game reserved). ``me``: our name; ``how``: "left" (the host
    handed over) or "lost" (it stopped answering). ``listed_port``: the port LAN lists
    probe for the match (its first host's); when ``sock`` is not on it (the old host ran
    on this machine), a ``DiscoveryAlias`` there answers probes once the old host has
    freed it. ``record``: where the rest of the match is recorded (None: not). Not yet
    running: call ``in_thread``."""
    needs = package.game if isinstance(package.game, dict) else {}
    seats = {pid for _, pid, _, _, follows, _, _ in package.seats if follows}
    world, progress, gone = continued_world(state, tick, seats, needs)
    port = sock.getsockname()[1]
    old_host = str(needs.get("host") or (gone[0].name if gone else "The host"))
    config = ServerConfig(server_name=listed_name(package.server_name, old_host, me), port=port,
                          max_players=package.max_players, server_id=package.session,
                          password_lock=_lock(needs.get("lock")))
    skill = str(needs.get("skill", "normal"))
    bots = needs.get("bots", 0)
    game = GameServer(config, world.seed, bots=bots if isinstance(bots, int) else 0,
                      skill=skill if skill in SKILLS else "normal", hosted=True, world=world,
                      progress=progress, held=tuple(sorted(seats)))
    handover.adopt(game.protocol, package, time.monotonic())
    game.announce({"kind": "host", "left": old_host, "host": me, "how": how})
    if record is not None:  # the match goes on here: so does its recording, in a new file
        game.recording = MatchRecording.start(record, config.server_name, world, progress)
    log.info("taking the match over from %s (%s) on UDP port %d, epoch %d", old_host, how,
             port, package.epoch + 1)
    alias = DiscoveryAlias(game.protocol, listed_port) \
        if listed_port is not None and listed_port != port else None
    return HostedServer(game, UdpEndpoint(game.protocol, sock=sock), alias)
