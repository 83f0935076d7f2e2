"""One player's connection to a game server: net client + predicted world, pumped per frame.

No arcade: the game view and the scripted test clients drive the same object. ``pump()``
never blocks; it returns what happened for the HUD (feed lines, sounds to play).

When the link drops (the server fell silent) the session resumes by itself: status
"reconnecting" while it registers again with its resume token, for up to
``RESUME_FOR`` s. The token is kept in the config dir (``game.resume``) too, so a game
killed and started again resumes its seat.

When the host of a player-hosted match goes (it left, or fell silent), the session follows
the match to its successor (``game.follow``): it may be that successor, and serve it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Protocol

from starlane.net import (
    Address,
    ClientConfig,
    ClientProtocol,
    Clock,
    Disconnected,
    EventJudged,
    HandedDown,
    Impaired,
    MessageReceived,
    NetSim,
    Registered,
    RegisterFailed,
    StateUpdated,
    UdpEndpoint,
)

from .. import BUILD
from ..core import feed, sim
from ..core.chat import CHANNEL as CHAT
from ..core.netstate import MatchState, feed_entries, read_match, read_world
from . import resume
from .follow import Follower
from .own_server import OwnServer
from .prediction import ClientWorld

Status = Literal["connecting", "playing", "reconnecting", "failed", "disconnected"]
RESUME_FOR = 30.0  # s: how long to try to take the seat back (the server's default hold)


@dataclass
class Happenings:
    """What one pump brought: lines for the kill feed (kills, joins, rounds), lines for the
    chat panel (what players said, and why a line of ours was not sent), sounds to play,
    and effects to draw as ``(kind, x, y)`` in arena coordinates (kind "hit" or
    "explosion")."""

    feed: list[str] = field(default_factory=list)
    chat: list[str] = field(default_factory=list)
    sounds: list[str] = field(default_factory=list)
    effects: list[tuple[str, float, float]] = field(default_factory=list)


class Link(Protocol):
    """What carries the datagrams: a ``UdpEndpoint``, or a test's in-memory wire."""

    bytes_in: int
    bytes_out: int

    def pump(self) -> int: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...


def udp_link(protocol: ClientProtocol, clock: Clock, netsim: NetSim | None = None) -> Link:
    """A real socket, behind a simulated network when ``netsim`` is given."""
    return UdpEndpoint(protocol if netsim is None else Impaired(protocol, netsim),
                       clock=clock)


class NetSession:
    """``hosting``: this player's game runs the server it joins. ``password``: a
    private server's, answered to its challenge. ``can_host``: it may take
    a match over when its host goes (it reserves a port for that now). ``own_server``:
    where this game runs its server (see ``game.own_server``; a new one if None).
    ``pilot``: which of the window's local pilots plays it (1: its player; each keeps its
    own resume entry)."""

    def __init__(self, server: Address, name: str, clock: Clock = time.monotonic,
                 config: ClientConfig | None = None,
                 link: Callable[[ClientProtocol, Clock], Link] = udp_link,
                 hosting: bool = False, can_host: bool = True,
                 own_server: OwnServer | None = None, password: str | None = None,
                 pilot: int = 1) -> None:
        self.server = server
        self.pilot = pilot
        self._password = password  # a private server's (it never crosses the wire)
        self.clock = clock
        self.name = name  # as asked for, then as the server gave it (it may add " 2")
        base = config or ClientConfig(build=BUILD)  # chat goes on its channel where it can
        self.config = base if CHAT in base.channels else replace(
            base, channels=(*base.channels, CHAT))
        self._link = link
        self.follower = Follower(server[1], hosting, can_host, own_server)
        cuuid, token = resume.load(server, pilot) or (None, None)
        self.protocol = self._client(server, cuuid, token)
        resume.hold(self.protocol.cuuid)
        self.endpoint = link(self.protocol, clock)
        self.world = ClientWorld()
        self._resume_until = 0.0  # while reconnecting: when to give up
        self.status: Status = "connecting"
        self.message = f"Joining {server[0]}:{server[1]}..."
        self._seen_bullets: set[int] = set()
        self._seen_feed: set[int] = set()
        self.bad_states = 0
        self.match: MatchState | None = None  # the round, as the newest state tells it
        self.destroyed_by: str | None = None  # who destroyed our ship last ("" an asteroid)
        # or "the sun"
        self.spectating = False  # the game was full: we watch until our ship appears
        self.state_at: float | None = None  # when the newest state came (s, ``clock``)
        self.protocol.register(clock())
        self.endpoint.flush()

    def _client(self, server: Address, cuuid: str | None, token: str | None
                ) -> ClientProtocol:
        return ClientProtocol(server, name=self.name, config=self.config, cuuid=cuuid,
                              resume=token, follows=True, host_port=self.follower.host_port,
                              hosting=self.follower.hosting, password=self._password)

    def move_to(self, server: Address) -> None:
        """Register with our seat's cuuid and token at ``server``: the match moved there."""
        now = self.clock()
        self.protocol.close(now)
        for event in self.protocol.events():  # what was in flight there is undone
            if isinstance(event, EventJudged):
                self._judged(event)
        self.endpoint.close()
        self.server = server
        self.protocol = self._client(server, self.protocol.cuuid, self.protocol.resume)
        self.endpoint = self._link(self.protocol, self.clock)
        self.protocol.register(now)
        self.endpoint.flush()

    @property
    def ping_ms(self) -> float | None:
        """The ping the HUD shows (ms): the smallest of the last few round trips, each timed
        from sending to the datagram's arrival (not its reading, see ``net.io.udp``). The
        smallest, because a sample also holds however long the server took to get to it
        (a hosted server shares the interpreter with this window's drawing)."""
        samples = self.protocol.round_trip.recent
        if not samples or self.host_silence(self.clock()):
            return None  # a silent server's last round trips say nothing of now
        return min(samples) * 1000.0

    def host_silence(self, now: float) -> str:
        """While playing: the line that tells the player no state has come for
        ``follow.SILENT_AFTER`` s or more (a server streams one every tick, 30 a second),
        with who takes over and when (``Follower.silence_line``); "" while states come, and
        before the first (a plain neteria server streams none)."""
        if self.status != "playing" or self.state_at is None:
            return ""
        return self.follower.silence_line(now - self.state_at, self.config.server_timeout,
                                          self.world.my_pid)

    def pump(self) -> Happenings:
        """Read the network and act on what the protocol reports; returns what happened
        this frame for the screen (feed lines, hits, ...)."""
        happened = Happenings()
        self.endpoint.pump()
        now = self.clock()
        for event in self.protocol.events():
            if isinstance(event, Registered):
                self._registered(event, now, happened)
            elif isinstance(event, HandedDown):
                self.follower.package = event.package
            elif isinstance(event, RegisterFailed):
                self._register_failed(event, now)
            elif isinstance(event, Disconnected):
                self._disconnected(event, now)
            elif isinstance(event, StateUpdated):
                self._on_state(event, happened)
            elif isinstance(event, EventJudged):
                self._judged(event)
                if event.outcome != "legal" and "CHAT" in event.event_data:
                    happened.chat.append(f"Not sent: {event.reason or event.outcome}")
            elif isinstance(event, MessageReceived):
                happened.chat += _refusal(event)
        self.follower.pump(now)
        if self.follower.walking:
            self._walk(now)
        return happened

    def _registered(self, event: Registered, now: float, happened: Happenings) -> None:
        """In the match (or, during a walk, at a server that is not our match: leave it)."""
        if not self.follower.arrived(event):
            self.protocol.close(now)  # not our match (the walk goes on)
            return
        if self.status == "reconnecting":  # the server may have started over
            self.world = ClientWorld()
        self.status, self.message, self.state_at = "playing", "", None
        self.world.my_pid = event.pid
        self.spectating = event.spectator
        if event.resume:
            resume.save(self.server, self.protocol.cuuid, event.resume, self.pilot)
        if event.name and event.name != self.name:  # the server renamed us
            happened.feed.append(f'"{self.name}" is taken here: you play as "{event.name}"')
        self.name = event.name or self.name

    def _register_failed(self, event: RegisterFailed, now: float) -> None:
        """Refused: try again while a resume may still succeed, else say why. During a walk
        the follower moves on to the next candidate by itself."""
        if self.follower.walking:
            return
        if self.status == "reconnecting" and now < self._resume_until:
            self.protocol.register(now)
        else:
            self.status, self.message = "failed", f"Could not join: {event.reason}"

    def _disconnected(self, event: Disconnected, now: float) -> None:
        """Gone: follow the match to its next host, resume a lost link, or say why."""
        if self.follower.start(event, self.server, self.world.my_pid, now):
            self.status, self.message = "reconnecting", self.follower.saying
        elif event.link_lost and self.protocol.resume:
            self.status, self.message = "reconnecting", "reconnecting…"
            self._resume_until = now + RESUME_FOR
            self.protocol.register(now)
        else:
            self.status, self.message = "disconnected", f"Disconnected: {event.reason}"

    def _walk(self, now: float) -> None:
        """Follow the match down its host's line: the candidate of now, served or joined."""
        goal = self.follower.goal(now, self.name)
        self.message = self.follower.saying
        if goal is None:
            self.status, self.message = "disconnected", f"Disconnected: {self.follower.saying}"
        elif goal != self.server:
            self.move_to(goal)

    def press(self, key: str) -> bool:
        """Send KEYDOWN as a high-priority event, applied locally at once. False if not sent."""
        now = self.clock()
        if self.status != "playing" or self.spectating or self.world.out_of_lives() or (
                key == "fire" and not self.world.may_fire(now)):
            return False
        euuid = self.protocol.event({"KEYDOWN": key}, now, priority="high")
        self.world.press(key, now, euuid)  # predicted at once; its verdict: ``_judged``
        self.endpoint.flush()
        return True

    def release(self, key: str) -> None:
        if self.status == "playing" and not self.spectating:
            self.protocol.event({"KEYUP": key}, self.clock(), priority="high")
            self.world.release(key)
            self.endpoint.flush()

    def _judged(self, verdict: EventJudged) -> None:
        """A verdict on our input: the prediction keeps a LEGAL key press, undoes others."""
        if isinstance(verdict.event_data, dict) and "KEYDOWN" in verdict.event_data:
            self.world.judged(verdict.euuid, verdict.event_data["KEYDOWN"],
                              verdict.outcome == "legal")

    def say(self, text: str) -> bool:
        """Send a chat line: on the chat channel, or as a normal-priority EVENT to a server
        without it. It shows when the server's feed brings it back; a refusal comes as a
        "Not sent: reason" chat line. False if not connected."""
        if self.status != "playing":
            return False
        if self.protocol.channels.speaks(CHAT.name):
            self.protocol.send(CHAT.name, text, self.clock())
        else:  # a server without the chat channel (an older or a plain one)
            self.protocol.event({"CHAT": text}, self.clock())
        self.endpoint.flush()
        return True

    def close(self) -> None:
        """Leave the server (if joined) and free the socket; a left seat is not resumed."""
        self.protocol.close(self.clock())
        resume.forget(self.server, self.pilot)
        resume.release(self.protocol.cuuid)
        self.endpoint.flush()
        self.endpoint.close()
        self.follower.close()  # a match we serve is handed over

    def _on_state(self, update: StateUpdated, happened: Happenings) -> None:
        self.follower.on_state(update)
        self.state_at = update.received_at
        try:
            world = read_world(update.state, update.tick)
        except ValueError:
            self.bad_states += 1
            return
        self.world.on_state(world, update.received_at)  # arrival, not this frame's read
        if self.spectating and self.world.my_pid in world.ships:  # a seat freed: ours now
            self.spectating = False
        entries = feed_entries(update.state)
        fresh = sorted(set(entries) - self._seen_feed)
        self._seen_feed = set(entries)
        self.match = read_match(update.state) or self.match
        for entry in (entries[n] for n in fresh):
            self._on_feed(entry, world, happened)
        latest = self.world.latest
        if latest is not None:
            new_bullets = set(latest.bullets) - self._seen_bullets
            if any(latest.bullets[b].owner != getattr(self.world.me(), "pid", None)
                   for b in new_bullets):
                happened.sounds.append("laser")
            self._seen_bullets = set(latest.bullets)


    def _on_feed(self, entry: dict[str, Any], world: sim.World, happened: Happenings) -> None:
        """A new feed entry of the state of ``world``: its line, and its sound and effect
        (a kill, a hit, a power-up taken)."""
        kind = entry.get("kind")
        if kind == "kill":
            happened.sounds.append("explosion")
            victim = next((s for s in world.ships.values() if s.name == entry.get("victim")),
                          None)
            if victim is not None:
                happened.effects.append(("explosion", victim.x, victim.y))
            if entry.get("victim") == self.name:
                self.destroyed_by = entry.get("killer") or (
                    "the sun" if entry.get("by") == "sun" else "")
        elif kind == "hit":
            happened.sounds.append("hit")
            if (ship := world.ships.get(entry.get("pid"))) is not None:  # type: ignore[arg-type]
                happened.effects.append(("hit", ship.x, ship.y))
        elif kind == "powerup":
            happened.sounds.append("powerup")
        if (text := feed.line(entry, self.name)) is not None:
            (happened.chat if kind == feed.CHAT_KIND else happened.feed).append(text)

def _refusal(message: MessageReceived) -> list[str]:
    """The chat panel's line for a chat line the server refused on the chat channel (none for
    anything else)."""
    data = message.data
    if message.channel != CHAT.name or not isinstance(data, dict) or "refused" not in data:
        return []
    return [f"Not sent: {data['refused']}"]
