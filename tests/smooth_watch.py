"""A window watching another ship over the README's bad network, for issue 20's check that
the other ship moves evenly: ten screenshots 0.1 s apart, then 10 s of frames measured.

usage: python tests/smooth_watch.py PORT OUT_DIR   (a server on 127.0.0.1:PORT, under Xvfb)

The server runs with ``--netsim loss=10,delay=100,jitter=20``; a second player in this
process ("Circler") holds thrust and turn, so it flies in circles. Prints one ``shot N:``
line per screenshot (the drawn position and heading of the circler, and the F3 graph's
interpolation line), then ``frames:``, ``stood still:`` (frames in which the drawn circler
did not move) and ``jumps:`` (frames in which it moved more than 60 px), then ``done``.
"""

from __future__ import annotations

import itertools
import math
import sys
import time
from pathlib import Path

import arcade

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from starlane.game import settings
from starlane.game.client.session import NetSession
from starlane.game.core import sim
from starlane.game.ui.game_view import GameView
from starlane.game.ui.start_view import StartView
from starlane.game.ui.window import StarlaneWindow

JUMP_PX = 60.0  # a circler flies about 5 px a frame: ten times that is a visible jump
SHOT_EVERY = 0.1  # s between screenshots
MEASURED = 10.0  # s of frames counted after the screenshots


def main() -> None:
    port, out = int(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    address = ("127.0.0.1", port)
    window = StarlaneWindow([address], settings.load().model_copy(update={"name": "Watcher"}))
    start = StartView(window)
    window.show_view(start)
    window.test(10)
    start.join(address, "Watcher")
    circler = NetSession(address, "Circler")

    def frame() -> None:
        circler.pump()
        window.test(1)

    deadline, steering = time.monotonic() + 40, False
    while not (isinstance(window.current_view, GameView)
               and len(window.current_view.scene.ships) >= 2):
        if time.monotonic() > deadline:
            raise SystemExit("the circler never showed")
        frame()
        if circler.world.me() is not None and not steering:
            circler.press("up")
            circler.press("left")
            steering = True
    view = window.current_view
    view.show_graph = True
    settle = time.monotonic() + 3  # the jitter buffer measures the path first
    while time.monotonic() < settle:
        frame()

    def drawn() -> sim.Ship | None:
        ships = [s for s in view.session.world.remote_ships(view.session.clock()) if s.alive]
        return ships[0] if ships else None

    last = time.monotonic()
    for n in range(10):
        while time.monotonic() - last < SHOT_EVERY:
            frame()
        last = time.monotonic()
        frame()
        arcade.get_image().save(out / f"bad-{n}.png")
        ship = drawn()
        where = "none" if ship is None else f"{ship.x:.0f} {ship.y:.0f} {ship.angle:.0f}"
        print(f"shot {n}: {where} | {view.hud.graph.figures.lines()[-1]}", flush=True)
    positions: list[tuple[float, float] | None] = []
    end = time.monotonic() + MEASURED
    while time.monotonic() < end:
        frame()
        ship = drawn()
        positions.append(None if ship is None else (ship.x, ship.y))
    moves = [math.hypot(sim.wrapped_delta(a[0], b[0], sim.WIDTH),
                        sim.wrapped_delta(a[1], b[1], sim.HEIGHT))
             for a, b in itertools.pairwise(positions)
             if a is not None and b is not None]
    print(f"frames: {len(moves)}")
    print(f"stood still: {sum(1 for d in moves if d == 0)}")
    print(f"jumps: {sum(1 for d in moves if d > JUMP_PX)}")
    print("done", flush=True)
    circler.close()


if __name__ == "__main__":
    main()
