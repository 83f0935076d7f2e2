"""The authoritative game server: simulation + rules + the net server, headless or in a thread.

No arcade import on this path: ``python -m game --server`` runs with no display.
Every tick (``sim.TICK_RATE`` per second) it applies the inputs judged LEGAL since the
last tick, steps the world, records what changed, and publishes it to every client: a diff
against what that client acknowledged (or a keyframe), in an unreliable NOTIFY.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from game import sim
from game.bots import SKILLS, BotCrew
from game.feed import line as feed_line
from game.match import Match, MatchConfig
from game.netstate import own_ship_view, write_match, write_world
from game.rules import Rules
from net.connection import Connection
from net.middleware import Verdict
from net.netsim import Impaired, NetSim
from net.server import ServerConfig, ServerProtocol
from net.sync import StateHistory
from net.udp import ServerThread, UdpEndpoint, resolve

log = logging.getLogger("starlane.server")


class GameServer:
    """Server application: call ``on_tick(now)`` every ``sim.DT`` seconds.

    It is the net server's middleware too. A player's ship enters play when its connection
    is confirmed (``joined``), leaves it when the connection is lost, comes back with its
    score and deaths when it resumes (reset if a new round began meanwhile), and is gone
    when it leaves. Ship ids come from the world (``new_pid``), so OK REGISTER tells each
    client its ship's key; bots take theirs from the same counter. Rounds are ``match``'s;
    ``crew`` keeps ``bots`` computer pilots in the seats humans leave free.
    """

    def __init__(self, config: ServerConfig, seed: int = 1,
                 match: MatchConfig | None = None, bots: int = 0,
                 skill: str = "normal") -> None:
        self.world = sim.new_world(seed)
        self.match = Match(match or MatchConfig())
        self.match.begin(self.world)
        self.rules = Rules(self.world, self.match)
        self.protocol = ServerProtocol(self, config, new_pid=self.world.new_id)
        self.crew = BotCrew(bots, SKILLS[skill], seats=config.max_players)
        self.humans: set[int] = set()  # pids of the players holding a seat (lost ones too)
        self.history = StateHistory()
        self._feed: list[dict[str, Any]] = []
        self._held: dict[int, tuple[sim.Ship, int]] = {}  # pid -> (lost ship, its round)
        # id(payload) -> (payload, others' view), for this tick only
        self._trimmed: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
        self._fill_seats()

    def judge(self, conn: Connection, event_data: Any) -> Verdict:
        return self.rules.judge(conn.pid, event_data)

    def execute(self, conn: Connection, event_data: Any) -> None:
        self.rules.execute(conn.pid, event_data)

    def joined(self, conn: Connection) -> None:
        """A new player: a ship at once (taking a bot's seat if the game is full)."""
        self.crew.rename_if_taken(self.world, conn.name)
        ship = sim.add_ship(self.world, conn.name, conn.pid)
        self.match.place(self.world, ship)
        self.humans.add(conn.pid)
        self._feed.append({"kind": "join", "name": conn.name})
        log.info("%s joined from %s:%d", conn.name, *conn.address)
        self._fill_seats()

    def lost(self, conn: Connection) -> None:
        """Silent: the ship leaves play, kept (score, deaths) for a resume; the seat stays."""
        if (ship := self.world.ships.pop(conn.pid, None)) is not None:
            self._held[conn.pid] = (ship, self.match.round)
        self._feed.append({"kind": "lost", "name": conn.name})
        log.info("%s lost connection", conn.name)

    def resumed(self, conn: Connection) -> None:
        if (held := self._held.pop(conn.pid, None)) is not None:
            ship, held_round = held
            ship.keys.clear()  # inputs queued before the loss were dropped with the ship
            ship.fire_queued = False
            self.world.ships[conn.pid] = ship
            if held_round != self.match.round:  # a round ended meanwhile: a fresh start
                ship.score = ship.deaths = 0
            if held_round != self.match.round or self.match.phase == "results":
                self.match.place(self.world, ship)
        self._feed.append({"kind": "back", "name": conn.name})
        log.info("%s is back from %s:%d", conn.name, *conn.address)

    def left(self, conn: Connection, reason: str) -> None:
        """The seat is gone: so is the ship, and a bot may take the seat again."""
        self.world.ships.pop(conn.pid, None)
        self._held.pop(conn.pid, None)
        self.humans.discard(conn.pid)
        self.rules.chat.forget(conn.pid)
        self._feed.append({"kind": "leave", "name": conn.name, "reason": reason})
        log.info("%s left (%s)", conn.name, reason)
        self._fill_seats()

    def on_tick(self, now: float) -> None:
        for pid, events in self.crew.plans(self.world):  # judged like anyone's input
            for event in events:
                if self.rules.judge(pid, event).legal:
                    self.rules.execute(pid, event)
        self.rules.apply_queued()
        feed, self._feed = self._feed, []
        for happened in self.match.step(self.world):
            if happened["kind"] in ("hit", "kill", "round_over", "round_start"):
                feed.append(happened)
            if happened["kind"] == "kill":
                log.info("%s destroyed %s", happened["killer"] or "an asteroid",
                         happened["victim"])
            elif happened["kind"] in ("round_over", "round_start"):
                log.info("%s", feed_line(happened))
        feed += self.rules.drain_said()
        self._trimmed.clear()
        write_world(self.history.root, self.world, feed)
        write_match(self.history.root, self.match, self.world)
        self.history.commit(self.world.tick)
        self.protocol.publish_state(self.world.tick, self.history, now, self.view)

    def view(self, conn: Connection, payload: dict[str, Any]) -> dict[str, Any]:
        """What one client gets: its own ship in full, others without the fields only the
        owner uses (cooldown, held keys, respawn tick). The trimmed ships are made once
        per payload and tick, then shared by every client's view."""
        key = id(payload)
        if key not in self._trimmed:  # the payload is kept too, so its id stays its own
            self._trimmed[key] = (payload, own_ship_view(payload, None))
        own = str(conn.pid)
        shared = self._trimmed[key][1]
        ships = payload.get("ships")
        if not isinstance(ships, dict) or own not in ships:
            return shared
        return {**shared, "ships": {**shared["ships"], own: ships[own]}}

    def _fill_seats(self) -> None:
        added, removed = self.crew.fill(self.world, len(self.humans))
        for ship in added:
            self.match.place(self.world, ship)
            self._feed.append({"kind": "join", "name": ship.name, "bot": 1})
        for ship in removed:
            self._feed.append({"kind": "leave", "name": ship.name, "bot": 1,
                               "reason": "a player took the seat"})
        self.protocol.bots = len(self.crew.pids)


@dataclass
class HostedServer:
    """A game server bound to a real socket (see ``host``)."""

    game: GameServer
    endpoint: UdpEndpoint

    @property
    def address(self) -> tuple[str, int]:
        return self.endpoint.address

    def in_thread(self) -> ServerThread:
        """The embedded host: a background thread that says goodbye to clients on stop."""
        return ServerThread(self.endpoint, on_tick=self.game.on_tick, tick_interval=sim.DT,
                            on_stop=self.game.protocol.close)


def host(name: str, host_address: str = "0.0.0.0", port: int = 40080, max_players: int = 8,
         seed: int = 1, netsim: NetSim | None = None, match: MatchConfig | None = None,
         bots: int = 0, skill: str = "normal") -> HostedServer:
    """Bind a game server (behind a simulated network when ``netsim`` is given) with
    ``bots`` computer pilots of ``skill``. Raises ``ValueError`` (bad host) or ``OSError``
    (port in use)."""
    address = resolve(host_address, port)
    game = GameServer(ServerConfig(server_name=name, port=port, max_players=max_players), seed,
                      match, bots, skill)
    clock = time.monotonic
    protocol = game.protocol if netsim is None else Impaired(game.protocol, netsim)
    endpoint = UdpEndpoint(protocol, bind=address, clock=clock)
    game.protocol.config.port = endpoint.address[1]
    return HostedServer(game, endpoint)
