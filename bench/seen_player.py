"""One process of ``bench/seen.py``: a player with a 60 Hz frame loop, or the observer.

    python bench/seen_player.py HOST:PORT NAME OUT.json [--seed N] [--netsim SPEC]
    python bench/seen_player.py HOST:PORT NAME OUT.json --observer

Both join, print ``joined <pid>`` (``joined spectator`` for the observer, which joins a full
server and so holds no ship), keep pumping, and wait for ``go START END`` on stdin (times
on ``time.monotonic``, which every process on this machine shares). Until END they then:

- player: each frame (every 1/60 s, as the window's ``on_update``) ``session.pump()``,
  ``world.own_ship(now)``, ``world.remote_ships(now)``: exactly what ``GameView`` draws,
  recorded with the frame's time. Between frames it presses keys at random moments, as a
  window's key events come between frames: turns (left or right, held 0.2-0.5 s, after
  0.7-1.5 s with no turn, so that every other screen has stopped drawing the last turn) and,
  independently, thrust on and off. The press times of turns are recorded.
- observer: pumps every millisecond on an unimpaired link and records each new state's
  tick, arrival time and every ship: what the server had, and when it had it.

Then each writes OUT.json and leaves. Loopback only; bounded by END.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import select
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from starlane.game.client.session import NetSession, udp_link
from starlane.game.core import sim
from starlane.net import netsim

FRAME = 1.0 / 60.0  # s: the window's frame interval
OBSERVER_POLL = 0.001  # s between the observer's pumps: its arrival times' resolution
JOIN_FOR = 20.0  # s to get into the game before giving up
TURNS = ("left", "right")


def key_schedule(rng: random.Random, start: float, end: float) -> list[tuple[float, str, str]]:
    """(time, "press" or "release", key), sorted: turns with quiet gaps between them, and
    thrust toggled on its own rhythm. Nothing is pressed in the last 1.5 s (the other
    screens still have to show the last turn before END)."""
    events: list[tuple[float, str, str]] = []
    at = start + rng.uniform(0.3, 1.0)
    while at < end - 1.5:
        key, hold = rng.choice(TURNS), rng.uniform(0.2, 0.5)
        events += [(at, "press", key), (at + hold, "release", key)]
        at += hold + rng.uniform(0.7, 1.5)
    at, thrusting = start + rng.uniform(0.0, 1.0), False
    while at < end - 1.5:
        events.append((at, "release" if thrusting else "press", "up"))
        thrusting = not thrusting
        at += rng.uniform(0.5, 2.0)
    if thrusting:
        events.append((end - 1.5, "release", "up"))
    return sorted(events)


def ship_row(ship: sim.Ship) -> list[Any]:
    """A ship as recorded: [pid, x, y, angle, vx, vy, alive] (px, degrees, px/s)."""
    return [ship.pid, round(ship.x, 2), round(ship.y, 2), round(ship.angle, 3),
            round(ship.vx, 1), round(ship.vy, 1), ship.alive]


def frame(session: NetSession) -> list[Any]:
    """One frame as the window does it, recorded: [time, newest state's tick, own ship or
    None, remote ships as drawn, {pid: angle} of the remote ships in the newest state]."""
    session.pump()
    now = session.clock()
    world = session.world
    own = world.own_ship(now)
    remotes = world.remote_ships(now)
    latest = world.latest
    received = {} if latest is None else {
        pid: round(ship.angle, 3) for pid, ship in latest.ships.items() if pid != world.my_pid}
    return [now, None if latest is None else latest.tick,
            None if own is None else ship_row(own), [ship_row(s) for s in remotes], received]


def wait_for_go(session: NetSession, interval: float) -> tuple[float, float]:
    """Pump every ``interval`` s until stdin says ``go START END``."""
    while True:
        session.pump()
        ready, _, _ = select.select([sys.stdin], [], [], interval)
        if ready:
            words = sys.stdin.readline().split()
            if len(words) != 3 or words[0] != "go":
                raise SystemExit(f"expected 'go START END', got {words!r}")
            return float(words[1]), float(words[2])


def act(session: NetSession, action: str, key: str, presses: list[list[Any]]) -> None:
    """A key event between frames; a turn's press time goes into ``presses`` (if the
    session sent it: not while dead, say)."""
    if action == "release":
        session.release(key)
        return
    pressed_at = time.monotonic()
    if session.press(key) and key in TURNS:
        presses.append([pressed_at, key])


def play(session: NetSession, rng: random.Random, start: float, end: float
         ) -> dict[str, Any]:
    """The frame loop from ``start`` to ``end``, pressing keys between frames."""
    events = key_schedule(rng, start, end)
    frames: list[list[Any]] = []
    presses: list[list[Any]] = []
    next_frame = start
    while time.monotonic() < start:
        time.sleep(min(FRAME, start - time.monotonic()))
    bytes_at_start = session.endpoint.bytes_in, session.endpoint.bytes_out
    states_at_start = 0  # after the first frame: its pump reads the backlog of the wait
    while (now := time.monotonic()) < end:
        due = min(next_frame, events[0][0] if events else math.inf)
        if due > now:
            time.sleep(due - now)
        elif events and events[0][0] <= next_frame:
            _, action, key = events.pop(0)
            act(session, action, key, presses)
        else:
            frames.append(frame(session))
            if len(frames) == 1:
                states_at_start = session.protocol.stats.states
            next_frame = max(next_frame + FRAME, time.monotonic())  # a late frame: no burst
    return {"pid": session.world.my_pid, "frames": frames, "presses": presses,
            "bytes_in": session.endpoint.bytes_in - bytes_at_start[0],
            "bytes_out": session.endpoint.bytes_out - bytes_at_start[1],
            "states_applied": session.protocol.stats.states - states_at_start}


def observe(session: NetSession, end: float) -> dict[str, Any]:
    """Every new state while it lasts: [arrival time, tick, [[pid, x, y, alive], ...]]."""
    states: list[list[Any]] = []
    seen = -1
    while (now := time.monotonic()) < end:
        session.pump()
        latest = session.world.latest
        if latest is not None and latest.tick != seen:
            seen = latest.tick
            states.append([now, seen, [[s.pid, s.x, s.y, s.alive]
                                       for s in latest.ships.values()]])
        time.sleep(OBSERVER_POLL)
    return {"states": states}


def join(session: NetSession, observer: bool) -> None:
    deadline = time.monotonic() + JOIN_FOR
    while time.monotonic() < deadline:
        session.pump()
        if session.status == "playing" and (session.spectating if observer
                                             else session.world.me() is not None):
            print("joined", "spectator" if observer else session.world.my_pid, flush=True)
            return
        if session.status in ("failed", "disconnected") or (observer and session.world.me()):
            break
        time.sleep(FRAME)
    raise SystemExit(f"{session.name} could not join as {'observer' if observer else 'player'}"
                     f": {session.status} {session.message}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("server")
    parser.add_argument("name")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--netsim", type=netsim.parse, default=None)
    parser.add_argument("--observer", action="store_true")
    args = parser.parse_args()
    host, _, port = args.server.rpartition(":")
    session = NetSession((host, int(port)), args.name,
                         link=lambda protocol, clock: udp_link(protocol, clock, args.netsim))
    try:
        join(session, args.observer)
        start, end = wait_for_go(session, FRAME)
        result = observe(session, end) if args.observer else play(
            session, random.Random(args.seed), start, end)
        args.out.write_text(json.dumps(result))
    finally:
        session.close()


if __name__ == "__main__":
    main()
