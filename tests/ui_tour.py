"""Drives the real game window through the rough edges a new player met (issue 21), at the
three window sizes, for tests/test_window_ui.py:

    python tests/ui_tour.py OUT_DIR

A name too long for the game at 960x540; a name and a password typed into their fields
at 960x540 and 1920x1080; the settings at 1280x720 on a 1280x800 screen
(the screen's size stood in: Xvfb's is larger) and Fire rebound to Left; a game against
three bots with the F3 graph, a chat line sent and a history of chat to scroll; the game
at 960x540, 1280x720 and 1920x1080; Settings from the Esc menu and back; leaving. It prints
``what: value`` lines and saves a screenshot at each step; exits 1 with the reason after
``DEADLINE`` seconds of waiting.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import arcade
from window_driver import button, click, on_the_start_screen, play_vs_bots, run_until, say

from starlane.game import settings
from starlane.game.core import sim
from starlane.game.ui.game_view import GameView
from starlane.game.ui.start_view import StartView
from starlane.game.ui.text_fields import PixelInputText
from starlane.game.ui.window import StarlaneWindow

LONG_NAME = "Commander Vega of the Outer Rim"  # 31 characters: the game keeps 24
SIZES = ((960, 540), (1280, 720), (1920, 1080))


def shot(window: arcade.Window, out: Path, name: str) -> None:
    window.test(3)
    arcade.get_image().save(out / f"{name}-{window.width}.png")


def resize(window: arcade.Window, width: int, height: int) -> None:
    window.set_size(width, height)
    run_until(window, lambda: window.get_size() == (width, height), f"{width}x{height}")
    window.test(10)


def a_name_too_long(window: StarlaneWindow, start: StartView, out: Path) -> None:
    start.name_input.text = LONG_NAME  # as typing or pasting it would
    say(f"name field: {start.name_input.text}")
    say(f"start status: {start.status.text}")
    shot(window, out, "start-long-name")
    start.name_input.text = "Vega"


def between(window: StarlaneWindow, field: PixelInputText, position: int) -> tuple[float, float]:
    """Where ``field`` draws the gap before its character ``position``, in window pixels."""
    x = field.left + field.LAYOUT_OFFSET + \
        field.layout.get_point_from_position(position)[0] / field.pixel_ratio
    return window.current_view.ui.camera.project((x, field.center_y))[:2]


def type_at(window: StarlaneWindow, field: PixelInputText, position: int, text: str) -> None:
    """Click ``field`` before its character ``position``, then type ``text`` key by key."""
    x, y = between(window, field, position)
    window.dispatch_event("on_mouse_press", x, y, arcade.MOUSE_BUTTON_LEFT, 0)
    window.dispatch_event("on_mouse_release", x, y, arcade.MOUSE_BUTTON_LEFT, 0)
    window.test(2)
    for char in text:
        window.dispatch_event("on_text", char)
    window.test(3)


def select_by_dragging(window: StarlaneWindow, field: PixelInputText, first: int,
                       end: int) -> None:
    """Drag the mouse over ``field``'s characters ``first`` to ``end`` (excluded)."""
    (x0, y), (x1, _) = between(window, field, first), between(window, field, end)
    window.dispatch_event("on_mouse_press", x0, y, arcade.MOUSE_BUTTON_LEFT, 0)
    window.dispatch_event("on_mouse_drag", x1, y, x1 - x0, 0, arcade.MOUSE_BUTTON_LEFT, 0)
    window.dispatch_event("on_mouse_release", x1, y, arcade.MOUSE_BUTTON_LEFT, 0)
    window.test(3)


def text_fields_at_each_size(window: StarlaneWindow, start: StartView, out: Path) -> None:
    """At 960x540 and 1920x1080: "Vega" clicked between "Ve" and "ga", "XY" typed there;
    a locked game's password typed into its field; "eXYg" selected by dragging over it and
    typed over with "Z"."""
    for size in (SIZES[0], SIZES[2]):
        resize(window, *size)
        type_at(window, start.name_input, 2, "XY")
        start.ask_password("Private")
        window.test(2)
        type_at(window, start.password_input, 0, "swordfish")
        say(f"typed at {size[0]}: {start.name_input.text}")
        say(f"password at {size[0]}: {start.password_input.doc.text} "
            f"holds {start.password_input.text}")
        shot(window, out, "start-typed")
        select_by_dragging(window, start.name_input, 1, 5)
        shot(window, out, "start-selected")
        window.dispatch_event("on_text", "Z")
        window.test(2)
        say(f"typed over the selection at {size[0]}: {start.name_input.text}")
        start.name_input.text, start.password_input.text = "Vega", ""
    resize(window, *SIZES[0])


def settings_on_a_small_screen(window: StarlaneWindow, start: StartView, out: Path) -> None:
    click(window, start.settings_button)
    window.test(5)
    view = window.current_view
    view.screen_size = lambda: (1280, 800)  # a laptop's screen
    offered = []
    for _ in range(3):
        click(window, view.size_button)
        window.test(5)
        offered.append(view.size_button.text)
    say(f"sizes offered: {json.dumps(offered)}")
    resize(window, *SIZES[1])
    click(window, view.key_buttons["fire"])
    window.dispatch_event("on_key_press", arcade.key.LEFT, 0)
    window.test(5)
    say(f"rebound: {view.status.text}")
    shot(window, out, "settings-rebound")
    click(window, view.reset_keys_button)
    click(window, view.back_button)
    window.test(5)


def chat_rows(view: GameView) -> str:
    """The chat panel's rows, top to bottom, as JSON."""
    return json.dumps([row.text for row in reversed(view.hud.chat.rows) if row.text])


def chat_apart_from_the_feed(window: StarlaneWindow, view: GameView, out: Path) -> None:
    """A line typed and sent, then a long history (as the server would bring it)."""
    window.dispatch_event("on_key_press", arcade.key.T, 0)
    window.dispatch_event("on_text", "t")
    for char in "glhf all":
        window.dispatch_event("on_text", char)
    window.dispatch_event("on_key_press", arcade.key.ENTER, 0)
    run_until(window, lambda: any(line.endswith("glhf all") for _, line in view.hud.chat.log.lines),
              "the chat line in the chat panel")
    history = [f"Talon: line {n} of an old conversation" for n in range(1, 15)]
    long_line = ("Orion: a line long enough to wrap onto a second row of the chat panel, "
                 "which keeps it whole")
    view.hud.chat.update([*history, long_line], view.session.clock())
    window.test(5)
    say(f"chat rows: {chat_rows(view)}")
    say(f"feed rows: {json.dumps([row.text for row in view.hud.feed if row.text])}")
    shot(window, out, "game-chat")
    window.dispatch_event("on_key_press", arcade.key.T, 0)
    for _ in range(8):
        window.dispatch_event("on_key_press", arcade.key.UP, 0)
    window.test(3)
    say(f"scrolled: {chat_rows(view)}")
    say(f"hint: {view.hud.chat.hint.text}")
    shot(window, out, "game-chat-scrolled")
    window.dispatch_event("on_mouse_scroll", 100, 100, 0, -2)  # the wheel, towards the newest
    window.test(2)
    say(f"wheeled: {chat_rows(view)}")
    window.dispatch_event("on_key_press", arcade.key.ESCAPE, 0)


def a_name_at_the_edge(window: StarlaneWindow, view: GameView, out: Path) -> None:
    """Our ship put at the arena's left edge (in the game this window hosts): its name
    slides in, whole."""
    pid = view.session.world.my_pid
    run_until(window, lambda: window.hosted_game.world.ships[pid].alive, "our ship alive")
    world = window.hosted_game.world
    ship = world.ships[pid]

    def put_at_the_edge() -> bool:
        """Place it (again, if the server's own tick raced the first placing) and look."""
        if ship.x > 50:
            ship.x, ship.y, ship.vx, ship.vy = 4.0, sim.HEIGHT / 2, 0.0, 0.0
            ship.shield_until = world.tick + 10 * sim.TICK_RATE  # no bot or rock ends it
        return view.scene.marks.names[pid].visible and view.scene.marks.names[pid].canvas_x < 100

    run_until(window, put_at_the_edge, "our name at the edge")
    window.test(5)
    label = view.scene.marks.names[pid]
    say(f"edge name: {label.text} from {label.left:.0f} px")
    shot(window, out, "name-at-edge")


def settings_and_back(window: StarlaneWindow, view: GameView) -> None:
    window.dispatch_event("on_key_press", arcade.key.ESCAPE, 0)
    window.test(2)
    click(window, button(view.menu, "Settings"))
    window.test(5)
    click(window, window.current_view.back_button)
    window.test(5)
    say(f"after '{window.current_view is view and 'Back to the game'}': "
        f"menu {'open' if view.menu_open else 'closed'}")


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    window, start = on_the_start_screen(settings.load().model_copy(
        update={"name": "Vega", "window_size": SIZES[0]}))
    a_name_too_long(window, start, out)
    text_fields_at_each_size(window, start, out)
    settings_on_a_small_screen(window, window.current_view, out)
    play_vs_bots(window, window.current_view, "normal")
    view = window.current_view
    window.dispatch_event("on_key_press", arcade.key.F3, 0)
    chat_apart_from_the_feed(window, view, out)
    for size in SIZES:
        resize(window, *size)
        window.test(20)
        shot(window, out, "game")
    shown = sorted(label.text for label in view.scene.marks.names.values() if label.visible)
    say(f"names: {json.dumps(shown)}")
    say(f"help: {view.hud.help.text}")
    a_name_at_the_edge(window, view, out)
    settings_and_back(window, view)
    window.dispatch_event("on_key_press", arcade.key.ESCAPE, 0)
    window.test(2)
    click(window, button(view.menu, "Leave game"))
    window.test(5)
    status = window.current_view.status
    say(f"left: {status.text} in {tuple(status.font_color)[:3]}")
    shot(window, out, "left")
    window.on_close()
    say("done")


if __name__ == "__main__":
    main()
