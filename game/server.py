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
from net.netsim import Impaired, NetSim
from net.server import Peer, PlayerJoined, ServerConfig, ServerProtocol, Verdict
from net.sync import StateHistory
from net.udp import ServerThread, UdpEndpoint, resolve

log = logging.getLogger("starlane.server")


class GameServer:
    """Server application: call ``on_tick(now)`` every ``sim.DT`` seconds.

    It is the net server's middleware too: before judging an event it gives ships to the
    players who registered since the last tick, so a player's first key press, sent right
    after OK REGISTER, is never refused as "not in the game". Rounds are ``match``'s;
    ``crew`` keeps ``bots`` computer pilots in the seats humans leave free.
    """

    def __init__(self, config: ServerConfig, seed: int = 1,
                 match: MatchConfig | None = None, bots: int = 0,
                 skill: str = "normal") -> None:
        self.world = sim.new_world(seed)
        self.match = Match(match or MatchConfig())
        self.match.begin(self.world)
        self.rules = Rules(self.world, self.match)
        self.pids: dict[str, int] = {}  # cuuid -> ship pid
        self.crew = BotCrew(bots, SKILLS[skill], seats=config.max_players)
        self.protocol = ServerProtocol(self, config)
        self.history = StateHistory()
        self._feed: list[dict[str, Any]] = []
        # id(payload) -> (payload, others' view), for this tick only
        self._trimmed: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
        self._fill_seats()

    def judge(self, peer: Peer, event_data: Any) -> Verdict:
        self._sync_players()
        return self.rules.judge(self.pids.get(peer.cuuid, -1), event_data)

    def execute(self, peer: Peer, event_data: Any) -> None:
        self.rules.execute(self.pids[peer.cuuid], event_data)

    def on_tick(self, now: float) -> None:
        self._sync_players()
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

    def view(self, peer: Peer, payload: dict[str, Any]) -> dict[str, Any]:
        """What one client gets: its own ship in full, others without the fields only the
        owner uses (cooldown, held keys, respawn tick). The trimmed ships are made once
        per payload and tick, then shared by every client's view."""
        key = id(payload)
        if key not in self._trimmed:  # the payload is kept too, so its id stays its own
            self._trimmed[key] = (payload, own_ship_view(payload, None))
        own = str(self.pids.get(peer.cuuid))
        shared = self._trimmed[key][1]
        ships = payload.get("ships")
        if not isinstance(ships, dict) or own not in ships:
            return shared
        return {**shared, "ships": {**shared["ships"], own: ships[own]}}

    def player_joined(self, cuuid: str, name: str) -> int:
        """A human registered: a ship at once (taking a bot's seat if the game is full)."""
        self.crew.rename_if_taken(self.world, name)
        ship = sim.add_ship(self.world, name)
        self.match.place(self.world, ship)
        self.pids[cuuid] = ship.pid
        self._feed.append({"kind": "join", "name": name})
        self._fill_seats()
        return ship.pid

    def player_left(self, cuuid: str, name: str, reason: str) -> None:
        """A human left: their ship goes, and a bot may take the seat again."""
        if (pid := self.pids.pop(cuuid, None)) is not None:
            self.world.ships.pop(pid, None)
            self.rules.chat.forget(pid)
        self._feed.append({"kind": "leave", "name": name, "reason": reason})
        self._fill_seats()

    def _fill_seats(self) -> None:
        added, removed = self.crew.fill(self.world, len(self.pids))
        for ship in added:
            self.match.place(self.world, ship)
            self._feed.append({"kind": "join", "name": ship.name, "bot": 1})
        for ship in removed:
            self._feed.append({"kind": "leave", "name": ship.name, "bot": 1,
                               "reason": "a player took the seat"})

    def _sync_players(self) -> None:
        for event in self.protocol.events():
            if isinstance(event, PlayerJoined):
                self.player_joined(event.peer.cuuid, event.peer.name)
                log.info("%s joined from %s:%d", event.peer.name, *event.peer.address)
            else:
                self.player_left(event.peer.cuuid, event.peer.name, event.reason)
                log.info("%s left (%s)", event.peer.name, event.reason)


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
    protocol = game.protocol if netsim is None else Impaired(game.protocol, netsim, clock)
    endpoint = UdpEndpoint(protocol, bind=address, clock=clock)
    game.protocol.config.port = endpoint.address[1]
    return HostedServer(game, endpoint)
