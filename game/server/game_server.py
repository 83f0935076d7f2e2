"""The authoritative game server: simulation + rules + the net server, headless or in a thread.

No arcade import on this path: ``python -m starlane --server`` runs with no display.
Every tick (``sim.TICK_RATE`` per second) it applies the inputs judged LEGAL since the
last tick, steps the world, records what changed, and publishes it to every client: a diff
against what that client acknowledged (or a keyframe), in an unreliable NOTIFY.
"""

from __future__ import annotations

import logging
import random
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from starlane.net import (
    DEFAULT_MAX_PLAYERS,
    Admission,
    Connection,
    DiscoveryAlias,
    Impaired,
    Middleware,
    NetSim,
    ServerConfig,
    ServerProtocol,
    ServerThread,
    ServeStats,
    StateHistory,
    UdpEndpoint,
    Verdict,
    handover,
    migration,
    resolve,
    serve_and_close,
)

from .. import BUILD
from ..core import sim
from ..core.bots import SKILLS, BotCrew
from ..core.chat import CHANNEL as CHAT
from ..core.feed import line as feed_line
from ..core.match import Match, MatchConfig
from ..core.netstate import own_ship_view, write_match, write_world
from ..core.rules import Rules
from .recording import MatchRecording, RecordingPlan

log = logging.getLogger("starlane.server")
SWITCH_INTERVAL = 0.0005  # s, see HostedServer.in_thread


class GameServer(Middleware):
    """Server application: call ``on_tick(now)`` every ``sim.DT`` seconds.

    It is the net server's middleware too. A player's ship enters play when its connection
    is confirmed (``joined``), leaves it when the connection is lost, comes back with its
    score and deaths when it resumes (reset if a new round began meanwhile), and is gone
    when it leaves. Ship ids come from the world (``new_pid``), so OK REGISTER tells each
    client its ship's key; bots take theirs from the same counter. Rounds are ``match``'s;
    ``crew`` keeps ``bots`` computer pilots in the seats humans leave free.

    ``recording``: the match's replay being written (None: not recorded).

    ``paused``: the world stands still (a practice game's menu is open, see ``Seat``):
    ticks do not advance, the network is still answered.

    ``hosted``: a player's game runs it, so it names successors and hands the match over
    when it stops (``net.ends.handover``); a dedicated server never does. ``world`` and
    ``progress`` continue a match taken over from another host (``game.takeover``), whose
    players' seats are ``held``: their ships out of play until each resumes.
    """

    def __init__(self, config: ServerConfig, seed: int = 1,
                 match: MatchConfig | None = None, bots: int = 0,
                 skill: str = "normal", hosted: bool = False,
                 world: sim.World | None = None, progress: Match | None = None,
                 held: tuple[int, ...] = ()) -> None:
        match = match or MatchConfig()
        self.world = world or sim.new_world(seed, match.arena)
        if progress is None:
            progress = Match(match)
            progress.begin(self.world)
        self.match = progress
        self.rules = Rules(self.world, self.match)
        # LAN lists show what is played where (docs/protocol.md, "OHAI Client")
        config.advertised = {**config.advertised, "mode": self.match.config.mode,
                             "arena": self.match.config.arena}
        if CHAT not in config.channels:
            config.channels = (*config.channels, CHAT)
        self.protocol = ServerProtocol(self, config, new_pid=self.world.new_id)
        self._refused: list[tuple[str, str]] = []  # chat lines refused: (cuuid, reason)
        if hosted:
            # the match's session is the server's id: LAN lists show it once, wherever it is
            session = config.server_id or self.protocol.new_token()[:12]
            config.server_id = session
            self.protocol.succession = migration.Succession(session, bytes.fromhex(
                self.protocol.new_token()))
        # another game serves this match too, with a better claim: (its address, epoch)
        self.yield_to: tuple[tuple[str, int], int] | None = None
        self.skill = skill
        self.crew = BotCrew(bots, SKILLS[skill], seats=config.max_players,
                            pids=sorted(p for p, s in self.world.ships.items() if s.bot))
        self.humans: set[int] = set()  # pids of the players holding a seat (lost ones too)
        self.paused = False
        self.history = StateHistory()
        self.recording: MatchRecording | None = None  # see ``host``
        self._feed: list[dict[str, Any]] = []
        self._held: dict[int, tuple[sim.Ship, int]] = {}  # pid -> (lost ship, its round)
        # id(payload) -> (payload, others' view), for this tick only
        self._trimmed: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
        for pid in held:
            self.humans.add(pid)
            if (ship := self.world.ships.pop(pid, None)) is not None:
                self._held[pid] = (ship, self.match.round)
        self._fill_seats()

    def admit(self, hello: Admission) -> str | None:
        """Refuse another release of the game (it may read the state differently); admit
        a plain neteria client, which names no build."""
        if hello.build is None or hello.build == BUILD:
            return None
        return f"this game runs {BUILD} and you have {hello.build}: play the same version"

    def judge(self, conn: Connection, event_data: Any) -> Verdict:
        return self.rules.judge(conn.pid, event_data)

    def execute(self, conn: Connection, event_data: Any) -> None:
        self.rules.execute(conn.pid, event_data)

    def message(self, conn: Connection, channel: str, data: Any) -> None:
        """A chat line on the chat channel, judged and said as the EVENT ``{"CHAT": text}``
        is; a refused one's reason goes back to its speaker with the next tick."""
        if channel != CHAT.name:
            return
        verdict = self.judge(conn, {"CHAT": data})
        if verdict.legal:
            self.execute(conn, {"CHAT": data})
        else:
            self._refused.append((conn.cuuid, verdict.reason or "refused"))

    def joined(self, conn: Connection) -> None:
        """A new player: a ship at once (taking a bot's seat if the game is full); a
        spectator (every seat held by a human) watches, with no ship, until ``seated``."""
        self.crew.rename_if_taken(self.world, conn.name)
        if conn.spectator:
            self.rules.watching[conn.pid] = conn.name
            self._feed.append({"kind": "spectate", "name": conn.name})
            log.info("%s is spectating from %s:%d", conn.name, *conn.address)
            return
        self._seat(conn)
        self._feed.append({"kind": "join", "name": conn.name})
        log.info("%s joined from %s:%d", conn.name, *conn.address)
        self._fill_seats()

    def seated(self, conn: Connection) -> None:
        """A spectator takes a seat that freed: it plays at once, at a clear point."""
        self.rules.watching.pop(conn.pid, None)
        self._seat(conn)
        self._feed.append({"kind": "seated", "name": conn.name})
        log.info("%s took a seat", conn.name)
        self._fill_seats()

    def _seat(self, conn: Connection) -> None:
        ship = sim.add_ship(self.world, conn.name, conn.pid)
        self.match.join(self.world, ship)
        self.humans.add(conn.pid)

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
            if held_round != self.match.round:  # a round ended meanwhile: a fresh start,
                ship.score = ship.deaths = 0  # with a team and lives as a newcomer's
                self.match.join(self.world, ship)
            elif self.match.phase == "results":
                self.match.place(self.world, ship)
        self._feed.append({"kind": "back", "name": conn.name})
        log.info("%s is back from %s:%d", conn.name, *conn.address)

    def left(self, conn: Connection, reason: str) -> None:
        """The seat is gone: so is the ship, and a bot may take the seat again."""
        self.world.ships.pop(conn.pid, None)
        self._held.pop(conn.pid, None)
        self.humans.discard(conn.pid)
        self.rules.watching.pop(conn.pid, None)
        self.rules.chat.forget(conn.pid)
        self._feed.append({"kind": "leave", "name": conn.name, "reason": reason})
        log.info("%s left (%s)", conn.name, reason)
        self._fill_seats()

    def announce(self, entry: dict[str, Any]) -> None:
        """A feed entry for the next tick's state (e.g. who hosts the match now)."""
        self._feed.append(entry)

    def on_tick(self, now: float) -> None:
        if self.paused:
            return
        for pid, events in self.crew.plans(self.world):  # judged like anyone's input
            for event in events:
                if self.rules.judge(pid, event).legal:
                    self.rules.execute(pid, event)
        self.rules.apply_queued()
        for cuuid, reason in self._refused:
            self.protocol.send(cuuid, CHAT.name, {"refused": reason}, now)
        self._refused.clear()
        feed, self._feed = self._feed, []
        for happened in self.match.step(self.world):
            if happened["kind"] in ("hit", "kill", "round_over", "round_start", "powerup"):
                feed.append(happened)
            if happened["kind"] == "kill":
                log.info("%s destroyed %s", happened["killer"] or "an asteroid",
                         happened["victim"])
            elif happened["kind"] in ("round_over", "round_start"):
                log.info("%s", feed_line(happened))
        feed += self.rules.drain_said()
        self._trimmed.clear()
        write_world(self.history.root, self.world, feed)
        write_match(self.history.root, self.match, self.world, self.rules.watching.values())
        line = handover.share(self.protocol, now, self.successor_needs())
        if line is not None:
            self.history.root.child("host").update(line)
        self.history.commit(self.world.tick)
        if self.recording is not None:
            self.recording.after_tick(self.world.tick, self.history, feed, self.world)
        self.protocol.publish_state(self.world.tick, self.history, now, self.view)

    def successor_needs(self) -> dict[str, Any]:
        """What a successor cannot read from the state: the bots asked for and their
        skill, the round's rules (``MatchConfig``), the hosting player's name, and a
        private match's lock (the password's salt and derived key, never the password)."""
        succession = self.protocol.succession
        config = self.match.config
        needs: dict[str, Any] = {"bots": self.crew.wanted, "skill": self.skill,
                                 "kills_to_win": config.kills_to_win,
                                 "time_limit_s": config.time_limit_s, "mode": config.mode,
                                 "lives": config.lives, "arena": config.arena,
                                 "powerups": config.powerups,
                                 "host": succession.host_name if succession else ""}
        if (lock := self.protocol.gate.lock) is not None:  # a private match stays private
            needs["lock"] = list(lock)
        return needs

    def stop(self, now: float) -> None:
        """The server stops: a hosted game hands the match to its successor (everyone is
        told who hosts now), or to the game it yields to; otherwise, or with no successor,
        everyone is told goodbye. A recording of the match ends here."""
        if self.recording is not None:
            self.recording.close()
        if self.yield_to is not None:
            handover.redirect(self.protocol, *self.yield_to, now)
        elif not handover.hand_over(self.protocol, now):
            self.protocol.close(now)

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
            self.match.join(self.world, ship)
            self._feed.append({"kind": "join", "name": ship.name, "bot": 1})
        for ship in removed:
            self._feed.append({"kind": "leave", "name": ship.name, "bot": 1,
                               "reason": "a player took the seat"})
        self.match.balance(self.world)
        self.protocol.bots = len(self.crew.pids)


@dataclass
class HostedServer:
    """A game server (``game``) bound to a real socket (``endpoint``; see ``host``);
    ``alias``: for a match taken over, its old port answering LAN probes (``takeover``)."""

    game: GameServer
    endpoint: UdpEndpoint
    alias: DiscoveryAlias | None = None

    @property
    def address(self) -> tuple[str, int]:
        return self.endpoint.address

    def in_thread(self) -> ServerThread:
        """The embedded host: a background thread that says goodbye to clients on stop.

        It shares the interpreter lock with the game window, whose frame holds it for
        several ms while drawing. Python hands the lock over every ``sys.getswitchinterval()``
        (5 ms by default): a heartbeat echo waiting that long makes the host's own ping
        read 5 ms on loopback. A switch interval of ``SWITCH_INTERVAL`` lets this thread
        answer within about that, for a cost in the window's frame time too small to see
        in bench/fps.py.
        """
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))
        return ServerThread(self.endpoint, on_tick=self._tick, tick_interval=sim.DT,
                            on_stop=self._stop)

    def serve(self, stop: threading.Event) -> ServeStats:
        """The dedicated server (``--server``): serve on this thread until ``stop`` is set,
        then stop as the embedded host does (``GameServer.stop``) and close the socket.
        Returns the loop's ticks and overruns."""
        return serve_and_close(self.endpoint, stop, self._tick, sim.DT, self._stop)

    def _tick(self, now: float) -> None:
        """The game's tick, then the probes at the old port (on the server's thread)."""
        self.game.on_tick(now)
        if self.alias is not None:
            self.alias.pump(now)

    def _stop(self, now: float) -> None:
        self.game.stop(now)
        if self.alias is not None:
            self.alias.close()


def host(name: str, host_address: str = "0.0.0.0", port: int = 40080,
         max_players: int = DEFAULT_MAX_PLAYERS, seed: int | None = None,
         netsim: NetSim | None = None,
         match: MatchConfig | None = None, bots: int = 0, skill: str = "normal",
         hosted: bool = True, password: str | None = None,
         record: RecordingPlan | None = None) -> HostedServer:
    """Bind a game server (behind a simulated network when ``netsim`` is given) with
    ``bots`` computer pilots of ``skill``; ``hosted``: a player's game, which hands the
    match over when it stops (False: a dedicated ``--server``); ``password``: players
    must prove it to join (``starlane.net``'s admission); ``seed``: the world's (None: a
    random one, so that every match has its own asteroid layouts); ``record``: where the
    match is recorded (None: it is not; see ``recording``). Raises ``ValueError``
    (bad host) or ``OSError`` (port in use)."""
    address = resolve(host_address, port)
    config = ServerConfig(server_name=name, max_players=max_players,
                          server_id=uuid.uuid4().hex[:12], password=password)
    seed = random.randrange(1, 2**31) if seed is None else seed
    game = GameServer(config, seed, match, bots, skill, hosted)
    clock = time.monotonic
    protocol = game.protocol if netsim is None else Impaired(game.protocol, netsim)
    endpoint = UdpEndpoint(protocol, bind=address, clock=clock)
    if record is not None:  # once bound: a server that cannot start leaves no file
        game.recording = MatchRecording.start(record, name, game.world, game.match)
    return HostedServer(game, endpoint)
