"""A scripted player in its own process, for tests on a namespace LAN (see tests/netlab.py).

``python -m tests.lan_player --join HOST:PORT --name Vega [--netsim SPEC] [--seconds 60]``
joins with the game's own session code (no window), then prints one JSON object per line:
``{"status": ..., "message": ...}`` whenever the session's status changes, and
``{"ships": [names...], "me": {...}}`` whenever the ships it sees or its own record change.
Lines on stdin steer it: ``press KEY``, ``release KEY``, ``leave`` (close and exit).
It exits by itself after ``--seconds``.
"""

from __future__ import annotations

import argparse
import json
import select
import sys
import time

from game.cli import _host_port, _netsim
from game.session import NetSession, udp_link
from net.udp import resolve


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--join", type=_host_port, required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--netsim", type=_netsim)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    session = NetSession(resolve(*args.join), args.name,
                         link=lambda protocol, clock: udp_link(protocol, clock, args.netsim))
    said: dict[str, object] = {}

    def say(kind: str, value: object) -> None:
        if said.get(kind) != value:
            said[kind] = value
            print(json.dumps(value), flush=True)

    end = time.monotonic() + args.seconds
    while time.monotonic() < end:
        session.pump()
        say("status", {"status": session.status, "message": session.message})
        latest = session.world.latest
        if latest is not None:
            me = session.world.me()
            say("ships", {"ships": sorted(s.name for s in latest.ships.values()),
                          "me": None if me is None else {"pid": me.pid, "score": me.score,
                                                         "deaths": me.deaths}})
        if select.select([sys.stdin], [], [], 0.01)[0]:
            command = sys.stdin.readline().split()
            if not command or command[0] == "leave":
                break
            (session.press if command[0] == "press" else session.release)(command[1])
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
