"""Frame rate of the real game view with 8 ships (4 of them bots) and 200 bullets, the
round clock and the HUD (issue goal: 60 fps).

Run under Xvfb + Mesa llvmpipe:  xvfb-run -s "-screen 0 1280x720x24" .venv/bin/python bench/fps.py
States arrive at the server's 30 Hz as they would over the network; each frame does what a
frame does in play (pump, predict, interpolate, place sprites, draw, flip). Vsync is off, so
the figure is what the machine can do, not the monitor's rate.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stats import p50_p95
from starlane.game.client.prediction import ClientWorld
from starlane.game.client.session import Happenings
from starlane.game.core import sim
from starlane.game.core.match import Match, MatchConfig
from starlane.game.core.netstate import MatchState, read_match, read_world, write_match, write_world
from starlane.game.settings import Settings
from starlane.game.ui.game_view import GameView
from starlane.game.ui.window import StarlaneWindow
from starlane.net import TrackedDict

FRAMES = 600
WARM_UP = 60  # frames not counted: texture upload, font layout


def server_states(count: int) -> list[tuple[sim.World, MatchState | None]]:
    """What the client would rebuild from the server's states (through the same state tree
    as the wire): 8 ships turning and thrusting (every other one a bot), 200 bullets in
    flight, and the round."""
    server = sim.new_world(3)
    match = Match(MatchConfig())
    match.begin(server)
    tree = TrackedDict()
    for n in range(8):
        ship = sim.add_ship(server, f"Pilot-{n}")
        ship.keys, ship.bot = {"up", "left" if n % 2 else "right"}, n % 2 == 1
    states = []
    for _ in range(count):
        match.step(server)
        while len(server.bullets) < 200:
            bid = server.new_id()
            server.bullets[bid] = sim.Bullet(bid, 0, (bid * 37) % sim.WIDTH,
                                             (bid * 91) % sim.HEIGHT, 300.0, 200.0,
                                             server.tick + sim.BULLET_TICKS)
        write_world(tree, server, [])
        write_match(tree, match, server)
        snapshot = tree.snapshot()
        states.append((read_world(snapshot, server.tick), read_match(snapshot)))
    return states


class ReplaySession:
    """Stands in for NetSession: delivers precomputed states at the server's 30 Hz."""

    status = "playing"
    message = ""
    ping_ms = 1.0
    destroyed_by = None
    spectating = False

    def __init__(self, states: list[tuple[sim.World, MatchState | None]]) -> None:
        self.world = ClientWorld(min(states[0][0].ships))  # Pilot-0's, the first ship added
        self.match: MatchState | None = None
        self.states = states
        self.delivered = 0
        self.started = time.perf_counter()

    def clock(self) -> float:
        return time.perf_counter() - self.started

    def pump(self) -> Happenings:
        while self.delivered < len(self.states) and self.delivered * sim.DT <= self.clock():
            world, self.match = self.states[self.delivered]
            self.world.on_state(world, self.clock())
            self.delivered += 1
        return Happenings()

    def host_silence(self, _now: float) -> str:
        """Never silent: the states come on time (the HUD's line stays empty)."""
        return ""

    def press(self, _key: str) -> bool:
        return False

    def release(self, key: str) -> None:
        pass

    def close(self) -> None:
        pass


def timed_frames(window: StarlaneWindow, count: int, frame: Callable[[], None]
                 ) -> tuple[list[float], list[float]]:
    """Seconds per whole frame and per flip, for ``count`` frames of ``frame()`` + flip."""
    frame_times, flips = [], []
    for _ in range(count):
        start = time.perf_counter()
        window.switch_to()
        window.dispatch_events()
        frame()
        drawn = time.perf_counter()
        window.flip()
        frame_times.append(time.perf_counter() - start)
        flips.append(time.perf_counter() - drawn)
    return frame_times[WARM_UP:], flips[WARM_UP:]


def report(what: str, frame_times: list[float]) -> str:
    median, p95 = p50_p95(frame_times)
    return (f"{what}: median frame {median * 1000:.2f} ms = {1 / median:.0f} fps; "
            f"p95 frame {p95 * 1000:.2f} ms = {1 / p95:.0f} fps ({len(frame_times)} frames)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--frames", type=int, default=FRAMES, help="frames counted")
    frames = parser.parse_args(argv).frames + WARM_UP
    window = StarlaneWindow([], Settings(name="Pilot-0"))
    window.set_vsync(False)
    view = GameView(window, ReplaySession(server_states(frames)))  # type: ignore[arg-type]
    window.show_view(view)

    def game_frame() -> None:
        view.on_update(1 / 60)
        window.dispatch_event("on_draw")
    frame_times, flips = timed_frames(window, frames, game_frame)
    empty_times, _ = timed_frames(window, frames, window.clear)  # what the machine allows
    print(report(f"game view, 8 ships (4 bots) + {len(view.scene.bullets)} bullets + HUD",
                 frame_times))
    print(f"  of which flip (llvmpipe rasterises here): median "
          f"{statistics.median(flips) * 1000:.2f} ms")
    print(report("empty frame (clear + flip), same run", empty_times))
    print(f"  renderer: {window.ctx.info.RENDERER}")
    hud = view.hud  # own ship (its health) and round
    print(f"  HUD drawn: {hud.health.text} {hud.hp} | {hud.round.text}")
    window.close()


if __name__ == "__main__":
    main()
