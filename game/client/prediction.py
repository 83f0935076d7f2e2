"""What a client shows: its own ship predicted ahead, remote ships interpolated behind.

No arcade here (the views only draw what this returns), so it is unit-tested with fake time.

- Own ship: each frame it is rebuilt from the newest server state, then stepped forward
  with the keys held *now* for the ticks the server is estimated to be ahead of that state
  (rewind to the server, re-apply local input: reconciliation). Input shows at once.
- Own input is predicted at once (``press``), keyed by the euuid of the high-priority event
  that carries it; its verdict (``judged``) undoes it unless LEGAL, and a LEGAL shot gives
  way to the server's bullet on the next state.
- Remote ships are drawn at the playhead of a jitter buffer (``game.client.playout``),
  between the two states around it: about one tick behind on a clean LAN, more when
  states arrive unevenly; carried on briefly when a state is late, and glided back onto
  their path when it comes.
- The server's tick clock is estimated from arrivals: the earliest arrival seen for a tick
  bounds the offset between our clock and the server's tick count. A state more than
  ``STALL_S`` later than that clock expects (a practice game paused while its menu was
  open, a stalled server) sets the clock anew.
"""

from __future__ import annotations

import copy
import math
from collections import deque
from dataclasses import dataclass, replace
from typing import Any

from ..core import modes, sim
from .playout import PlayoutClock, Smoothing, ships_at

MAX_LEAD_TICKS = 15  # never predict further ahead than this (0.5 s)
STALL_S = 0.5
"""s: a state this much later than the clock expects means the server's ticks stood still.
A state merely that late (rare on a LAN) sets the clock back only until the next timely
one, which is earlier than expected and so sets it at once."""


@dataclass
class Shot:
    """A predicted own shot: its bullets (one, or a spread shot's three) as they left,
    and when (client clock, s)."""

    bullets: list[sim.Bullet]
    fired_at: float
    confirmed: bool = False


class ClientWorld:
    """The worlds the server sent, and what to draw of them at a moment.

    ``my_pid``: our ship's key. ``states``: the newest server worlds, oldest first.
    ``keys``: the keys held now. ``shots``: our predicted bullets, by event. ``playout``:
    the remote ships' playhead (its ``delay_ticks`` is the interpolation delay in use)."""

    def __init__(self, my_pid: int | None = None) -> None:
        self.my_pid = my_pid  # our ship's key, from OK REGISTER (never found by name)
        self.states: deque[sim.World] = deque(maxlen=32)  # 1 s: more than any playout delay
        self.keys: set[str] = set()
        self.shots: dict[str, Shot] = {}  # by the euuid of the event that fired it
        self._offset: float | None = None  # client time of server tick 0
        self.playout = PlayoutClock()
        self._smoothing = Smoothing()
        self._next_shot = -1
        self._last_shot_at = -math.inf

    # ---- server states -------------------------------------------------------------------

    @property
    def latest(self) -> sim.World | None:
        return self.states[-1] if self.states else None

    def on_state(self, world: sim.World, now: float) -> None:
        """Take the server's world of ``world.tick``, received at ``now``; older ones are
        skipped."""
        if self.latest is not None and world.tick <= self.latest.tick:
            return
        self.states.append(world)
        self.playout.arrived(world.tick, now)
        sample = now - world.tick * sim.DT
        if self._offset is None or sample < self._offset or sample - self._offset > STALL_S:
            self._offset = sample
        else:  # follow slow drift upwards, ignore single late arrivals
            self._offset += (sample - self._offset) * 0.02
        for key in [k for k, s in self.shots.items() if s.confirmed]:
            del self.shots[key]

    def server_tick(self, now: float) -> float:
        """Estimated server tick at client time ``now`` (fractional)."""
        if self._offset is None or self.latest is None:
            return 0.0
        return (now - self._offset) / sim.DT

    def me(self) -> sim.Ship | None:
        """Our ship as the server last described it."""
        latest = self.latest
        if latest is None:
            return None
        return latest.ships.get(self.my_pid) if self.my_pid is not None else None

    # ---- what to draw --------------------------------------------------------------------

    def own_ship(self, now: float) -> sim.Ship | None:
        """Our ship predicted to ``now``: the server's, stepped on with the keys held now."""
        server_ship = self.me()
        if server_ship is None or self.latest is None:
            return None
        ship = copy.deepcopy(server_ship)
        if not ship.alive:
            return ship
        ship.keys = set(self.keys)
        lead = min(max(self.server_tick(now) - self.latest.tick, 0.0), MAX_LEAD_TICKS)
        for ahead in range(1, int(lead) + 1):  # the server's ticks, walls and pull alike
            sim.move_ship(ship, self.latest.arena, self.latest.tick + ahead)
        fraction = (lead - int(lead)) * sim.DT
        ship.x, ship.y = sim.wrap(ship.x + ship.vx * fraction, ship.y + ship.vy * fraction)
        return ship

    def remote_ships(self, now: float) -> list[sim.Ship]:
        """Other ships at the playout's playhead for ``now``, corrections smoothed."""
        at = self.playout.playhead(now)
        if at is None or not self.states:
            return []
        states = list(self.states)
        return self._smoothing.drawn(ships_at(states, at, self.my_pid), at, states[-1].tick,
                                     now, lambda earlier: ships_at(states, earlier, self.my_pid))

    def bullets(self, now: float) -> list[sim.Bullet]:
        """Server bullets carried forward to now (they fly straight), plus our predicted shots."""
        flying = self._carried_forward(now, "bullets")
        for key, shot in list(self.shots.items()):
            age = now - shot.fired_at
            if age > sim.BULLET_TICKS * sim.DT:
                del self.shots[key]
            else:
                flying += [drift(bullet, age) for bullet in shot.bullets]
        return flying

    def rocks(self, now: float) -> list[sim.Asteroid]:
        return self._carried_forward(now, "asteroids")

    def powerups(self) -> list[sim.PowerUp]:
        """The power-ups waiting on the field in the newest state (they stand still)."""
        return list(self.latest.powerups.values()) if self.latest is not None else []

    def _carried_forward(self, now: float, kind: str) -> list[Any]:
        """The newest state's bullets or asteroids moved on to ``now`` along their velocity."""
        latest = self.latest
        if latest is None:
            return []
        dt = max(self.server_tick(now) - latest.tick, 0.0) * sim.DT
        return [drift(body, dt) for body in getattr(latest, kind).values()]

    # ---- local input ---------------------------------------------------------------------

    def out_of_lives(self) -> bool:
        """Whether our ship is out of the round (``lms``, no lives left): the server refuses
        its key presses until the next round, so none is sent or predicted."""
        ship, latest = self.me(), self.latest
        return ship is not None and latest is not None and modes.out_of_lives(latest, ship)

    def may_fire(self, now: float) -> bool:
        """Worth sending a shot? (alive, and our own cooldown has passed: rapid fire's
        while our ship carries it.) The server decides: it fires a shot on the tick after
        it judged it and counts the cooldown from there, hence the tick added."""
        ship = self.me()
        if ship is None or not ship.alive:
            return False
        ticks = sim.fire_cooldown_ticks(ship, int(self.server_tick(now))) + 1
        return round((now - self._last_shot_at) / sim.DT, 6) >= ticks  # ticks, not floats

    def press(self, key: str, now: float, euuid: str) -> int | None:
        """Predict a KEYDOWN at once, sent as high-priority event ``euuid``; returns the
        id of the (first) bullet it predicts, if it is a shot (negative: never a server's;
        a spread shot's others count on down)."""
        ship_now = self.own_ship(now)
        self.keys.add(key)
        if key != "fire":
            return None
        shot_id = self._next_shot
        if ship_now is None or not ship_now.alive:
            self._next_shot -= 1
            return shot_id
        self._last_shot_at = now
        volley = sim.fire_volley(sim.World(tick=int(self.server_tick(now))), ship_now)
        self._next_shot -= len(volley)
        self.shots[euuid] = Shot([replace(bullet, bid=shot_id - n)
                                  for n, bullet in enumerate(volley)], now)
        return shot_id

    def release(self, key: str) -> None:
        self.keys.discard(key)

    def judged(self, euuid: str, key: str, legal: bool) -> None:
        """The server's verdict on the KEYDOWN ``key`` of event ``euuid``: a LEGAL shot
        gives way to the server's bullet on the next state; anything not LEGAL (ILLEGAL,
        refused, unanswered) is undone."""
        if legal:
            if euuid in self.shots:
                self.shots[euuid].confirmed = True
            return
        self.keys.discard(key)
        if key == "fire":
            self.shots.pop(euuid, None)
            self._last_shot_at = -math.inf


def drift(body: Any, seconds: float) -> Any:
    x, y = sim.wrap(body.x + body.vx * seconds, body.y + body.vy * seconds)
    return replace(body, x=x, y=y)
