"""Shows an arena in the real game window, for the Xvfb test: a match served from a thread
of this process with three hard bots, joined as Vega, screenshot at three window sizes.

    python tests/arena_window.py OUT_DIR ARENA

Prints ``playing`` once the four ships show, then ``shot WxH`` for each screenshot
(OUT_DIR/ARENA-WxH.png), and exits 0; 1 with the reason after ``window_driver.DEADLINE``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import arcade

from starlane.game import settings
from starlane.game.core import sim
from starlane.game.core.match import MatchConfig
from starlane.game.server.game_server import host
from starlane.game.ui.start_view import StartView
from starlane.game.ui.window import StarlaneWindow
from starlane.net import ServerThread
from tests.window_driver import run_until, say, ships_seen

SIZES = ((1280, 720), (960, 540), (1920, 1080))


def main() -> None:
    out, arena = Path(sys.argv[1]), sys.argv[2]
    out.mkdir(parents=True, exist_ok=True)
    hosted = host("Arena test", "127.0.0.1", 0, seed=4, bots=3, skill="hard",
                  match=MatchConfig(arena=arena))
    server = ServerThread(hosted.endpoint, on_tick=hosted.game.on_tick, tick_interval=sim.DT,
                          on_stop=lambda now: None)
    server.start()
    window = StarlaneWindow([], settings.load().model_copy(update={"name": "Vega"}))
    start = StartView(window)
    window.show_view(start)
    try:
        start.join(hosted.address, "Vega")
        run_until(window, lambda: ships_seen(window) == 4, "own ship and three bots")
        say("playing")
        for width, height in SIZES:
            window.set_size(width, height)
            window.test(45)  # 1.5 s: the bots get going, the walls slide
            arcade.get_image().save(out / f"{arena}-{width}x{height}.png")
            say(f"shot {width}x{height}")
    finally:
        server.stop()
        window.on_close()


if __name__ == "__main__":
    main()
