"""A scripted player in its own process, for tests on a namespace LAN (see tests/netlab.py)
and on loopback (tests/test_migration_loopback.py).

``python -m tests.lan_player --join HOST:PORT --name Vega [--netsim SPEC] [--seconds 60]``
joins with the game's own session code (no window), then prints one JSON object per line:
``{"status": ..., "message": ..., "server": "ip:port", "serving": bool,
"spectating": bool, "t": s}`` whenever the session's status, server or role changes, and
``{"ships": [names...], "me": {...}, "server": ..., "t": ...}`` whenever the ships it sees
or its own record change (``t``: ``time.monotonic()``, the same clock in every process of
a machine).
``--host-game`` first hosts the match on HOST:PORT, as a window's Host Game does (the
embedded server in a thread, ``--bots`` computer pilots), prints ``{"hosting": port}``,
and joins it as the hosting player; leaving then hands the match over.
Lines on stdin steer it: ``press KEY``, ``release KEY``, ``leave`` (close and exit).
It exits by itself after ``--seconds``.
"""

from __future__ import annotations

import argparse
import json
import select
import sys
import time

from starlane.game.cli import _host_port, _netsim
from starlane.game.client.session import NetSession, udp_link
from starlane.game.server.game_server import host
from starlane.net import resolve


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--join", type=_host_port, required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--netsim", type=_netsim)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--host-game", action="store_true")
    parser.add_argument("--bots", type=int, default=0)
    args = parser.parse_args()
    address = resolve(*args.join)
    hosting = None
    if args.host_game:
        hosted = host(f"{args.name}'s game", *address, bots=args.bots)
        address = ("127.0.0.1", hosted.address[1])
        hosting = hosted.in_thread()
        hosting.start()
        print(json.dumps({"hosting": address[1]}), flush=True)
    session = NetSession(address, args.name, hosting=args.host_game,
                         link=lambda protocol, clock: udp_link(protocol, clock, args.netsim))
    said: dict[str, object] = {}

    def say(kind: str, value: dict[str, object]) -> None:
        if said.get(kind) != value:
            said[kind] = value
            print(json.dumps({**value, "t": time.monotonic()}), flush=True)

    end = time.monotonic() + args.seconds
    while time.monotonic() < end:
        session.pump()
        server = f"{session.server[0]}:{session.server[1]}"
        say("status", {"status": session.status, "message": session.message, "server": server,
                       "serving": session.follower.own.running,
                       "spectating": session.spectating})
        latest = session.world.latest
        if latest is not None and session.status == "playing":  # not the old host's last
            me = session.world.me()
            say("ships", {"ships": sorted(s.name for s in latest.ships.values()),
                          "me": None if me is None else {"pid": me.pid, "score": me.score,
                                                         "deaths": me.deaths},
                          "server": server})
        if select.select([sys.stdin], [], [], 0.01)[0]:
            command = sys.stdin.readline().split()
            if not command or command[0] == "leave":
                break
            (session.press if command[0] == "press" else session.release)(command[1])
    session.close()
    if hosting is not None:  # as the window: the player's seat first, then the server
        hosting.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
