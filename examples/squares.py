"""Two squares that move: a minimal arcade game on ``starlane.net`` alone.

    python examples/squares.py host [--port N]    serve on UDP port N (40080) and play
    python examples/squares.py join HOST[:PORT]   play on that host's game

Arrow keys move your square. A move is an EVENT the server's ``SquaresRules`` judge: ILLEGAL
when the square would leave the arena or overlap the other one. Your own square is predicted:
a "high" priority event is applied at once and undone on ILLEGAL, so you never wait for a
round trip. The other square comes from the state the server pushes 30 times a second.
"""

import argparse
from typing import Any

import arcade

import starlane.net as net
from starlane.net import LEGAL, Connection, ServerConfig, ServerProtocol, Verdict, illegal

ARENA = (640, 480)  # px, origin at the bottom left (arcade's)
SIDE, STEP = 40, 8  # px: a square's side, one move; a square is at its bottom-left corner
STEPS = {arcade.key.UP: (0, STEP), arcade.key.DOWN: (0, -STEP),
         arcade.key.LEFT: (-STEP, 0), arcade.key.RIGHT: (STEP, 0)}
SPAWNS = ((100, 220), (500, 220))  # px: the first player's square, then the second's
Square = tuple[int, int]


class SquaresRules(net.Middleware):
    """The server's middleware: each player's square by pid, and the one rule. ``publish``
    pushes the squares as state (``StateHistory`` diffs it for each client)."""

    def __init__(self) -> None:
        self.squares: dict[int, Square] = {}
        self.history = net.StateHistory()

    def free(self, square: Square, mover: int) -> bool:
        """No square but the mover's overlaps ``square``."""
        return all(abs(square[0] - x) >= SIDE or abs(square[1] - y) >= SIDE
                   for pid, (x, y) in self.squares.items() if pid != mover)

    def joined(self, conn: Connection) -> None:
        self.squares[conn.pid] = next(s for s in SPAWNS if self.free(s, conn.pid))

    def left(self, conn: Connection, _reason: str) -> None:
        self.squares.pop(conn.pid, None)

    def judge(self, conn: Connection, event_data: Any) -> Verdict:
        step = event_data.get("MOVE") if isinstance(event_data, dict) else None
        if conn.pid not in self.squares or step not in [list(s) for s in STEPS.values()]:
            return illegal("not a move")  # whatever a hostile client sends ends here
        x, y = self.squares[conn.pid][0] + step[0], self.squares[conn.pid][1] + step[1]
        if not (0 <= x <= ARENA[0] - SIDE and 0 <= y <= ARENA[1] - SIDE):
            return illegal("off the arena")
        return LEGAL if self.free((x, y), conn.pid) else illegal("blocked by the other square")

    def execute(self, conn: Connection, event_data: Any) -> None:
        (x, y), (dx, dy) = self.squares[conn.pid], event_data["MOVE"]
        self.squares[conn.pid] = (x + dx, y + dy)

    def publish(self, protocol: ServerProtocol, now: float) -> None:
        shown = self.history.root.child("squares")  # what the clients see: pid -> [x, y]
        shown.keep_only({str(pid) for pid in self.squares})
        shown.update({str(pid): list(square) for pid, square in self.squares.items()})
        self.history.commit(self.history.tick + 1)
        protocol.publish_state(self.history.tick, self.history, now)


def host(port: int, bind: str = "0.0.0.0") -> net.ServerThread:
    """Serve a two-player game on ``port`` (0: any free one) in a background thread."""
    rules = SquaresRules()
    protocol = ServerProtocol(rules, ServerConfig(max_players=2, max_spectators=0))
    thread = net.ServerThread(net.UdpEndpoint(protocol, bind=(bind, port)), tick_interval=1 / 30,
                              on_tick=lambda now: rules.publish(protocol, now))
    thread.start()
    return thread


class SquaresClient:
    """One player's link: ``mine`` (predicted) and ``others`` (the server's word), by pid, and
    ``status``: why the last move was undone. ``pump()`` never blocks: call it every frame."""

    def __init__(self, server: tuple[str, int], name: str = "Player") -> None:
        self.link = net.UdpClient(net.ClientProtocol(server, name=name))
        self.protocol = self.link.protocol
        self.mine: Square | None = None
        self.others: dict[int, Square] = {}
        self.status = ""
        self.link.register()

    def shift(self, dx: int, dy: int) -> None:
        if self.mine is not None:
            self.mine = (self.mine[0] + dx, self.mine[1] + dy)

    def move(self, dx: int, dy: int) -> str | None:
        """Shift our square now (undone on ILLEGAL) and ask the server; None: not playing."""
        if self.mine is None or self.protocol.status != "registered":
            return None
        return self.link.event({"MOVE": [dx, dy]}, "high", apply=lambda: self.shift(dx, dy),
                               undo=lambda: self.shift(-dx, -dy))

    def pump(self) -> None:
        for event in self.link.pump():
            if isinstance(event, net.StateUpdated):
                shown = event.state.get("squares", {})
                self.others = {int(pid): (x, y) for pid, (x, y) in shown.items()}
                own = self.others.pop(self.protocol.pid or 0, None)
                if not self.protocol.pending:  # nothing in flight: the server's word holds
                    self.mine = own
            elif isinstance(event, (net.RegisterFailed, net.Disconnected, net.EventJudged)):
                self.status = event.reason or ""  # a legal move clears it

    def close(self) -> None:
        self.link.close()


class SquaresWindow(arcade.Window):
    """Draws the squares and turns arrow keys into moves; the network is the client's."""

    def __init__(self, client: SquaresClient) -> None:
        super().__init__(*ARENA, "Squares")
        self.client = client

    def on_text_motion(self, motion: int) -> None:
        """Once per key press, then at the keyboard's repeat rate while the key is held."""
        if motion in STEPS:  # an arrow key's motion is its key symbol
            self.client.move(*STEPS[motion])

    def on_update(self, _delta_time: float) -> None:
        self.client.pump()

    def on_draw(self) -> None:
        self.clear()
        for x, y in self.client.others.values():
            arcade.draw_lbwh_rectangle_filled(x, y, SIDE, SIDE, arcade.color.ORANGE)
        if self.client.mine is not None:
            arcade.draw_lbwh_rectangle_filled(*self.client.mine, SIDE, SIDE, arcade.color.AZURE)
        arcade.draw_text(self.client.status, 8, 8, arcade.color.LIGHT_GRAY, 12)


def main() -> None:
    parser = argparse.ArgumentParser(usage=argparse.SUPPRESS)  # errors: one line, exit 2
    parser.add_argument("mode", choices=["host", "join"])
    parser.add_argument("server", nargs="?", default="127.0.0.1", help="join: HOST[:PORT]")
    parser.add_argument("--port", type=int, default=net.DEFAULT_PORT, help="host: UDP port")
    args = parser.parse_args()
    try:
        hosting = host(args.port) if args.mode == "host" else None
        server = ("127.0.0.1", args.port) if hosting else net.parse_address(args.server)
    except (ValueError, OSError) as err:
        parser.error(str(err))
    print(f"squares: playing on {server[0]}:{server[1]}", flush=True)
    client = SquaresClient(server)
    SquaresWindow(client).run()
    client.close()
    if hosting is not None:
        hosting.stop()


if __name__ == "__main__":
    main()
