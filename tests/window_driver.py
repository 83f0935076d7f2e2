"""Drives the real game window like a player, for the Xvfb tests: clicks go through arcade's
event dispatch to the widgets, screenshots come from the framebuffer.

    python tests/window_driver.py start OUT_DIR          the start screen
    python tests/window_driver.py host OUT_DIR           click Host Game, then Host on the
                                                         panel; wait for a 2nd ship
    python tests/window_driver.py join OUT_DIR PORT      join the first LAN-list server
    python tests/window_driver.py bots OUT_DIR           click Play vs bots: 3 bots appear
    python tests/window_driver.py match OUT_DIR          host from the panel set to 2 kills
                                                         and 1 hard bot; chat; get destroyed;
                                                         see the results and round 2

It prints one line per milestone (``ready``, ``playing``, ``two-ships``, ``panel``,
``chat``, ``destroyed``, ``results``, ``round-2``) and exits 0 when done, or 1 with the
reason after ``DEADLINE`` seconds.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import arcade

from game.ui.game_view import GameView
from game.ui.host_panel import HostPanelView
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
        window.test(2)
        click(window, window.current_view.host_button)
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
    elif mode == "match":
        play_a_match(window, start, out)
    elif mode == "bots":
        click(window, start.bots_button)
        run_until(window, lambda: ships_seen(window) == 4, "own ship and three bots")
        window.test(30)
        arcade.get_image().save(out / "vs-bots.png")
        say("vs-bots")
    window.on_close()


def set_stepper(window: arcade.Window, stepper, value) -> None:  # type: ignore[no-untyped-def]
    while stepper.chosen != value:
        click(window, stepper.plus if stepper.chosen < value else stepper.minus)
        window.test(1)


def play_a_match(window: StarlaneWindow, start: StartView, out: Path) -> None:
    click(window, start.host_button)
    window.test(2)
    panel = window.current_view
    assert isinstance(panel, HostPanelView)
    set_stepper(window, panel.kills, 2)
    set_stepper(window, panel.bots, 1)
    click(window, panel.skill.plus)  # normal -> hard
    window.test(5)
    arcade.get_image().save(out / "host-panel.png")
    say("panel")
    click(window, panel.host_button)
    run_until(window, lambda: ships_seen(window) == 2, "own ship and the bot's")
    view = window.current_view
    window.dispatch_event("on_key_press", arcade.key.T, 0)
    window.dispatch_event("on_text", "t")  # pyglet sends the opening key as text too
    for char in "gg, good luck":
        window.dispatch_event("on_text", char)
    window.test(2)
    arcade.get_image().save(out / "chat-typing.png")
    window.dispatch_event("on_key_press", arcade.key.ENTER, 0)
    run_until(window, lambda: any("gg, good luck" in line for _, line in view.feed),
              "the chat line in the feed")
    window.test(5)
    arcade.get_image().save(out / "chat.png")
    say("chat")
    run_until(window, lambda: "Destroyed by" in view.hud["respawn"].text, "being destroyed")
    window.test(10)
    arcade.get_image().save(out / "destroyed.png")
    say("destroyed")
    run_until(window, lambda: view.results.visible, "the results")
    window.test(30)
    arcade.get_image().save(out / "results.png")
    say("results")
    run_until(window, lambda: view.session.match.round == 2
              and view.session.match.phase == "playing", "round 2")
    window.test(20)
    arcade.get_image().save(out / "round-2.png")
    say("round-2")


if __name__ == "__main__":
    main()
