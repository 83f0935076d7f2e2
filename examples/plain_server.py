"""A game server for clients in any language: the plain Neteria wire, one JSON object per
UDP datagram (every field: docs/protocol.md). Run: ``python examples/plain_server.py --port N``

The game: each player stands on a 100 x 100 board; the state (everyone's square, by pid)
comes 10 times a second. What a client sends (>) and gets (<):

  > {"method": "REGISTER", "cuuid": "any-id-of-yours"}
  < {"method": "OK REGISTER", "name": "Pilot", "pid": 1, ...}
  < {"method": "NOTIFY", "euuid": "<id>", "event_data": {"board": {"1": [0, 0]}}}
  > {"method": "OK NOTIFY", "cuuid": "any-id-of-yours", "euuid": "<id>"}
      (answer every NOTIFY: the first answer proves you receive at your address; until
      then your EVENTs wait)
  > {"method": "EVENT", "cuuid": "any-id-of-yours", "euuid": "move-1",
     "event_data": {"GOTO": [3, 4]}, "priority": "normal", "retry": 0, "timestamp": "0"}
  < {"method": "LEGAL", "euuid": "move-1", "priority": "normal"}
      or, for {"GOTO": [300, 4]}: {"method": "ILLEGAL", ..., "reason": "off the board"}
  > {"method": "OK EVENT", "cuuid": "any-id-of-yours", "euuid": "move-1"}
      (answer every verdict, or it is sent again; resend an unanswered EVENT with the same
      euuid and retry + 1: it is judged once)
"""

import argparse
import threading
from typing import Any

from starlane.net import (
    DEFAULT_PORT,
    LEGAL,
    Connection,
    Middleware,
    ServerProtocol,
    StateHistory,
    UdpEndpoint,
    Verdict,
    illegal,
    serve_and_close,
)


class Board(Middleware):
    """The middleware: one rule (stay on the board), and the state it changes."""

    def __init__(self) -> None:
        self.history = StateHistory()  # the state pushed to everyone; diffed for our clients
        self.squares = self.history.root.child("board")  # pid -> [x, y]

    def joined(self, conn: Connection) -> None:
        self.squares[str(conn.pid)] = [0, 0]

    def left(self, conn: Connection, _reason: str) -> None:
        del self.squares[str(conn.pid)]

    def judge(self, _conn: Connection, event_data: Any) -> Verdict:
        goto = event_data.get("GOTO") if isinstance(event_data, dict) else None
        if not (isinstance(goto, list) and len(goto) == 2 and all(type(v) is int for v in goto)):
            return illegal('expected {"GOTO": [x, y]}')
        return LEGAL if all(0 <= v < 100 for v in goto) else illegal("off the board")

    def execute(self, conn: Connection, event_data: Any) -> None:
        self.squares[str(conn.pid)] = event_data["GOTO"]

    def publish(self, protocol: ServerProtocol, now: float) -> None:
        self.history.commit(self.history.tick + 1)
        protocol.publish_state(self.history.tick, self.history, now)


def main() -> None:
    parser = argparse.ArgumentParser(usage=argparse.SUPPRESS)  # errors: one line, exit 2
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="UDP port to serve")
    board = Board()
    protocol = ServerProtocol(board)
    try:
        endpoint = UdpEndpoint(protocol, bind=("0.0.0.0", parser.parse_args().port))
    except (OSError, OverflowError) as err:  # port taken, or not 0-65535
        parser.error(f"cannot listen there: {err}")
    print(f"listening on UDP port {endpoint.address[1]}", flush=True)
    try:  # on the way out, however it ends: goodbye to every client (BYE REGISTER), close
        serve_and_close(endpoint, threading.Event(), lambda now: board.publish(protocol, now),
                        0.1)  # on stop: goodbye to every client (the protocol's close)
    except KeyboardInterrupt:  # Ctrl-C: the goodbyes are already sent
        pass


if __name__ == "__main__":
    main()
