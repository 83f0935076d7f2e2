"""One player's connection to a game server: net client + predicted world, pumped per frame.

No arcade: the game view and the scripted test clients drive the same object. ``pump()``
never blocks; it returns what happened for the HUD (feed lines, sounds to play).

When the link drops (the server fell silent) the session resumes by itself: status
"reconnecting" while it registers again with its resume token, for up to
``RESUME_FOR`` s. The token is kept in the config dir (``game.resume``) too, so a game
killed and started again resumes its seat.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Literal, Protocol

from game import feed, resume
from game.netstate import MatchState, feed_entries, read_match, read_world
from game.prediction import ClientWorld
from net.client import (
    ClientConfig,
    ClientProtocol,
    Disconnected,
    EventJudged,
    Registered,
    RegisterFailed,
    StateUpdated,
)
from net.netsim import Impaired, NetSim
from net.retransmit import Address
from net.udp import Clock, UdpEndpoint

Status = Literal["connecting", "playing", "reconnecting", "failed", "disconnected"]
RESUME_FOR = 30.0  # s: how long to try to take the seat back (the server's default hold)


@dataclass
class Happenings:
    """What one pump brought: lines for the kill feed, sounds to play."""

    feed: list[str] = field(default_factory=list)
    sounds: list[str] = field(default_factory=list)


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
    def __init__(self, server: Address, name: str, clock: Clock = time.monotonic,
                 config: ClientConfig | None = None,
                 link: Callable[[ClientProtocol, Clock], Link] = udp_link) -> None:
        self.server = server
        self.clock = clock
        self.name = name  # as asked for, then as the server gave it (it may add " 2")
        cuuid, token = resume.load(server) or (None, None)
        self.protocol = ClientProtocol(server, name=name, config=config, cuuid=cuuid,
                                       resume=token)
        self.endpoint = link(self.protocol, clock)
        self.world = ClientWorld()
        self._resume_until = 0.0  # while reconnecting: when to give up
        self.status: Status = "connecting"
        self.message = f"Joining {server[0]}:{server[1]}..."
        self._shots: dict[str, int] = {}  # euuid -> predicted shot id
        self._seen_bullets: set[int] = set()
        self._seen_feed: set[int] = set()
        self.bad_states = 0
        self.match: MatchState | None = None  # the round, as the newest state tells it
        self.destroyed_by: str | None = None  # who destroyed our ship last ("" an asteroid)
        self.protocol.register(clock())
        self.endpoint.flush()

    @property
    def ping_ms(self) -> float | None:
        rtt = self.protocol.rtt
        return None if rtt is None else rtt * 1000.0

    def pump(self) -> Happenings:
        happened = Happenings()
        self.endpoint.pump()
        now = self.clock()
        for event in self.protocol.events():
            if isinstance(event, Registered):
                if self.status == "reconnecting":  # the server may have started over
                    self.world = ClientWorld()
                self.status, self.message = "playing", ""
                self.world.my_pid = event.pid
                if event.resume:
                    resume.save(self.server, self.protocol.cuuid, event.resume)
                if event.name and event.name != self.name:  # the server renamed us
                    happened.feed.append(f'"{self.name}" is taken here: '
                                         f'you play as "{event.name}"')
                self.name = event.name or self.name
            elif isinstance(event, RegisterFailed):
                if self.status == "reconnecting" and now < self._resume_until:
                    self.protocol.register(now)
                else:
                    self.status, self.message = "failed", f"Could not join: {event.reason}"
            elif isinstance(event, Disconnected):
                if event.link_lost and self.protocol.resume:
                    self.status, self.message = "reconnecting", "reconnecting…"
                    self._resume_until = now + RESUME_FOR
                    self.protocol.register(now)
                else:
                    self.status, self.message = "disconnected", f"Disconnected: {event.reason}"
            elif isinstance(event, StateUpdated):
                self._on_state(event, now, happened)
            elif isinstance(event, EventJudged):
                shot = self._shots.pop(event.euuid, None)
                if shot is not None and event.outcome == "legal":
                    self.world.confirm(shot)
                if event.outcome != "legal" and "CHAT" in event.event_data:
                    happened.feed.append(f"Not sent: {event.reason or event.outcome}")
        return happened

    def press(self, key: str) -> bool:
        """Send KEYDOWN as a high-priority event, applied locally at once. False if not sent."""
        now = self.clock()
        if self.status != "playing" or (key == "fire" and not self.world.may_fire(now)):
            return False
        apply, undo, shot = self.world.press(key, now)
        euuid = self.protocol.event({"KEYDOWN": key}, now, priority="high", apply=apply,
                                    undo=undo)
        if shot is not None:
            self._shots[euuid] = shot
        self.endpoint.flush()
        return True

    def release(self, key: str) -> None:
        if self.status == "playing":
            self.protocol.event({"KEYUP": key}, self.clock(), priority="high",
                                apply=partial(self.world.release, key))
            self.endpoint.flush()

    def say(self, text: str) -> bool:
        """Send a chat line (normal priority: it shows when the server's feed brings it
        back). False if not connected."""
        if self.status != "playing":
            return False
        self.protocol.event({"CHAT": text}, self.clock())
        self.endpoint.flush()
        return True

    def close(self) -> None:
        """Leave the server (if joined) and free the socket; a left seat is not resumed."""
        self.protocol.close(self.clock())
        resume.forget(self.server)
        self.endpoint.flush()
        self.endpoint.close()

    def _on_state(self, update: StateUpdated, now: float, happened: Happenings) -> None:
        try:
            world = read_world(update.state, update.tick)
        except ValueError:
            self.bad_states += 1
            return
        self.world.on_state(world, now)
        entries = feed_entries(update.state)
        fresh = sorted(set(entries) - self._seen_feed)
        self._seen_feed = set(entries)
        self.match = read_match(update.state) or self.match
        for entry in (entries[n] for n in fresh):
            kind = entry.get("kind")
            if kind == "kill":
                happened.sounds.append("explosion")
                if entry.get("victim") == self.name:
                    self.destroyed_by = entry.get("killer") or ""
            elif kind == "hit":
                happened.sounds.append("hit")
            if (text := feed.line(entry)) is not None:
                happened.feed.append(text)
        latest = self.world.latest
        if latest is not None:
            new_bullets = set(latest.bullets) - self._seen_bullets
            if any(latest.bullets[b].owner != getattr(self.world.me(), "pid", None)
                   for b in new_bullets):
                happened.sounds.append("laser")
            self._seen_bullets = set(latest.bullets)
