"""Drives the real game window like a player, for the Xvfb tests: clicks go through arcade's
event dispatch to the widgets, screenshots come from the framebuffer.

    python tests/window_driver.py start OUT_DIR          the start screen
    python tests/window_driver.py host OUT_DIR           click Host Game, wait for a 2nd ship
    python tests/window_driver.py join OUT_DIR PORT      join the first LAN-list server

It prints one line per milestone (``ready``, ``playing``, ``two-ships``) and exits 0 when
done, or 1 with the reason after ``--deadline`` seconds.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import arcade

from game.ui.game_view import GameView
from game.ui.start_view import StartView
from game.ui.window import StarlaneWindow

DEADLINE = 40.0


def say(line: str) -> None:
    print(line, flush=True)


def click(window: arcade.Window, widget) -> None:  # type: ignore[no-untyped-def]
    x, y = widget.rect.center_x, widget.rect.center_y
    window.dispatch_event("on_mouse_motion", x, y, 0, 0)
    window.dispatch_event("on_mouse_press", x, y, arcade.MOUSE_BUTTON_LEFT, 0)
    window.dispatch_event("on_mouse_release", x, y, arcade.MOUSE_BUTTON_LEFT, 0)


def run_until(window: arcade.Window, condition, what: str) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > end:
            say(f"timeout waiting for {what}")
            raise SystemExit(1)
        window.test(1)


def ships_seen(window: arcade.Window) -> int:
    view = window.current_view
    if not isinstance(view, GameView):
        return 0
    return len(view.ships)


def main() -> None:
    mode, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 40080
    window = StarlaneWindow([("127.0.0.1", port)], "Vega" if mode == "host" else "Orion")
    start = StartView()
    window.show_view(start)
    window.test(10)
    say("ready")
    if mode == "start":
        arcade.get_image().save(out / "start.png")
    elif mode == "host":
        click(window, start.host_button)
        run_until(window, lambda: ships_seen(window) == 1, "own ship")
        window.test(20)
        arcade.get_image().save(out / "host-alone.png")
        say("playing")
        run_until(window, lambda: ships_seen(window) == 2, "a second ship")
        window.test(30)
        arcade.get_image().save(out / "host-two.png")
        say("two-ships")
        run_until(window, lambda: ships_seen(window) == 1, "the other player to leave")
    elif mode == "join":
        run_until(window, lambda: start.rows[0].visible, "a server in the LAN list")
        window.test(5)
        arcade.get_image().save(out / "lan-list.png")
        click(window, start.rows[0])
        window.test(2)
        click(window, start.join_button)
        run_until(window, lambda: ships_seen(window) == 2, "two ships")
        say("playing")
        view = window.current_view
        view.on_key_press(arcade.key.UP, 0)
        window.dispatch_event("on_key_press", arcade.key.F3, 0)  # the net graph
        window.test(70)
        arcade.get_image().save(out / "join-two.png")
        say("two-ships")
    window.on_close()


if __name__ == "__main__":
    main()
