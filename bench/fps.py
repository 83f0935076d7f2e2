"""Frame rate of the real game view with 8 ships and 200 bullets (issue goal: 60 fps).

Run under Xvfb + Mesa llvmpipe:  xvfb-run -s "-screen 0 1280x720x24" .venv/bin/python bench/fps.py
States arrive at the server's 30 Hz as they would over the network; each frame does what a
frame does in play (pump, predict, interpolate, place sprites, draw, flip). Vsync is off, so
the figure is what the machine can do, not the monitor's rate.
"""

from __future__ import annotations

import statistics
import time

from game.snapshot import to_wire

from game import sim
from game.prediction import ClientWorld
from game.session import Happenings
from game.ui.game_view import GameView
from game.ui.window import StarlaneWindow

FRAMES = 600


def server_states(count: int) -> list[dict]:
    """What the server would send: 8 ships turning and thrusting, 200 bullets in flight."""
    server = sim.new_world(3)
    for n in range(8):
        sim.add_ship(server, f"Pilot-{n}").keys = {"up", "left" if n % 2 else "right"}
    states = []
    for _ in range(count):
        sim.step(server)
        while len(server.bullets) < 200:
            bid = server.new_id()
            server.bullets[bid] = sim.Bullet(bid, 0, (bid * 37) % sim.WIDTH,
                                             (bid * 91) % sim.HEIGHT, 300.0, 200.0,
                                             server.tick + sim.BULLET_TICKS)
        states.append(to_wire(server, []))
    return states


class ReplaySession:
    """Stands in for NetSession: delivers precomputed states at the server's 30 Hz."""

    status = "playing"
    message = ""
    ping_ms = 1.0

    def __init__(self, states: list[dict]) -> None:
        self.world = ClientWorld(min(states[0].ships))  # Pilot-0's, the first ship added
        self.states = states
        self.delivered = 0
        self.started = time.perf_counter()

    def clock(self) -> float:
        return time.perf_counter() - self.started

    def pump(self) -> Happenings:
        while self.delivered < len(self.states) and self.delivered * sim.DT <= self.clock():
            self.world.on_state(self.states[self.delivered], self.clock())
            self.delivered += 1
        return Happenings()

    def press(self, key: str) -> bool:
        return False

    def release(self, key: str) -> None:
        pass

    def close(self) -> None:
        pass


def main() -> None:
    window = StarlaneWindow([], "Pilot-0")
    window.set_vsync(False)
    view = GameView(ReplaySession(server_states(FRAMES)))  # type: ignore[arg-type]
    window.show_view(view)
    frame_times, flips = [], []
    for _ in range(FRAMES):
        start = time.perf_counter()
        window.switch_to()
        window.dispatch_events()
        view.on_update(1 / 60)
        window.dispatch_event("on_draw")
        drawn = time.perf_counter()
        window.flip()
        frame_times.append(time.perf_counter() - start)
        flips.append(time.perf_counter() - drawn)
    counted = frame_times[60:]  # skip warm-up (texture upload, font layout)
    median = statistics.median(counted)
    p95 = sorted(counted)[int(len(counted) * 0.95)]
    print(f"game view, 8 ships + {len(view.bullets)} bullets drawn, {len(counted)} frames:")
    print(f"  median frame {median * 1000:.2f} ms = {1 / median:.0f} fps; "
          f"p95 frame {p95 * 1000:.2f} ms = {1 / p95:.0f} fps")
    print(f"  of which flip (llvmpipe rasterises here): median "
          f"{statistics.median(flips[60:]) * 1000:.2f} ms")
    print(f"  renderer: {window.ctx.info.RENDERER}")
    window.close()


if __name__ == "__main__":
    main()
