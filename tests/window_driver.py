"""Drives the real game window like a player, for the Xvfb tests: clicks go through arcade's
event dispatch to the widgets, screenshots come from the framebuffer.

    python tests/window_driver.py start OUT_DIR          the start screen
    python tests/window_driver.py host OUT_DIR           click Host Game, then Host on the
                                                         panel; wait for a 2nd ship
    python tests/window_driver.py join OUT_DIR PORT      join the first LAN-list server
    python tests/window_driver.py settings OUT_DIR       change every setting by clicking
    python tests/window_driver.py scaled OUT_DIR         host with the saved settings, steer
    python tests/window_driver.py busy OUT_DIR PORT      Host Game on a port already taken
    python tests/window_driver.py bots OUT_DIR           click Play vs bots: 3 bots appear
    python tests/window_driver.py match OUT_DIR          host from the panel set to 2 kills
                                                         and 1 hard bot; chat; get destroyed;
                                                         see the results and round 2; leave
    python tests/window_driver.py follow OUT PORT NAME   join 127.0.0.1:PORT as NAME (as
                                                         --connect does), see 4 ships, then
                                                         the host go and the match go on
    python tests/window_driver.py spectate OUT PORT NAME join a full game from the LAN list
                                                         (it shows "2/2 +1 watching"),
                                                         spectate, then take a freed seat
    python tests/window_driver.py close-in-settings OUT PORT   join 127.0.0.1:PORT, open
                                                         Settings from the Esc menu, close
    python tests/window_driver.py silent OUT_DIR         join a match hosted in this
                                                         process, be destroyed, then the
                                                         host stops dead: the screen says
                                                         so, and the window takes over
    python tests/window_driver.py relisted OUT PORT NAME the match at 127.0.0.1:PORT in the
                                                         LAN list, then listed again once
                                                         Vega's game is gone from it
    python tests/window_driver.py crash OUT PORT NAME    join 127.0.0.1:PORT and play until
                                                         the test kills this process
    python tests/window_driver.py resume OUT PORT NAME   join it again (the seat the killed
                                                         window saved): the feed says so

It prints one line per milestone (``ready``, ``playing``, ``two-ships``, ``panel``,
``chat``, ``destroyed``, ``results``, ``round-2``, ``moving``, ``resumed``...) and exits 0
when done, or 1 with the reason after ``DEADLINE`` seconds. Settings come from (and go to)
$XDG_CONFIG_HOME, which the tests point at a temporary folder.
"""

from __future__ import annotations

import json
import select
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import arcade

from starlane.game import settings
from starlane.game.core import sim
from starlane.game.server.game_server import host
from starlane.game.ui.game_view import GameView
from starlane.game.ui.host_panel import HostPanelView
from starlane.game.ui.start_view import StartView
from starlane.game.ui.window import StarlaneWindow
from starlane.net import ServerThread

DEADLINE = 40.0


def say(line: str) -> None:
    print(line, flush=True)


def click(window: arcade.Window, widget) -> None:  # type: ignore[no-untyped-def]
    """Click the middle of ``widget``: from the menu's canvas to window pixels first."""
    view = window.current_view
    manager = view.menu if hasattr(view, "menu") else view.ui
    x, y, *_ = manager.camera.project((widget.rect.center_x, widget.rect.center_y))
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


def button(manager, text: str):  # type: ignore[no-untyped-def]
    """The widget of ``manager`` whose text starts with ``text``."""
    return next(w for w in manager.walk_widgets() if getattr(w, "text", "").startswith(text))


def host_from_the_panel(window: arcade.Window, start: StartView) -> None:
    """Host Game, then Host on the panel as it stands."""
    click(window, start.host_button)
    window.test(2)
    click(window, window.current_view.host_button)


def on_the_start_screen(chosen: settings.Settings, port: int = 40080
                        ) -> tuple[StarlaneWindow, StartView]:
    """A window with the ``chosen`` settings on its start screen, its LAN list looking at
    127.0.0.1:``port``."""
    window = StarlaneWindow([("127.0.0.1", port)], chosen)
    start = StartView(window)
    window.show_view(start)
    window.test(10)
    return window, start


def play_vs_bots(window: arcade.Window, start: StartView, skill: str) -> None:
    """Play vs bots at ``skill``, until our ship and the three bots are drawn."""
    click(window, start.bots_button)
    window.test(2)
    click(window, start.skill_buttons[skill])
    run_until(window, lambda: ships_seen(window) == 4, "own ship and three bots")


def ships_seen(window: arcade.Window) -> int:
    view = window.current_view
    if not isinstance(view, GameView):
        return 0
    return len(view.scene.ships)


def main() -> None:
    mode, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 40080
    name = sys.argv[4] if len(sys.argv) > 4 else "Vega" if mode == "host" else "Orion"
    window, start = on_the_start_screen(settings.load().model_copy(update={"name": name}),
                                        port)
    say("ready")
    if mode == "start":
        arcade.get_image().save(out / "start.png")
    elif mode == "host":
        host_from_the_panel(window, start)
        run_until(window, lambda: ships_seen(window) == 1, "own ship")
        window.test(20)
        arcade.get_image().save(out / "host-alone.png")
        say("playing")
        run_until(window, lambda: ships_seen(window) == 2, "a second ship")
        window.test(30)
        arcade.get_image().save(out / "host-two.png")
        say("two-ships")
        ask_before_ending_the_game(window, out)
        run_until(window, lambda: ships_seen(window) == 1, "the other player to leave")
    elif mode == "join":
        run_until(window, lambda: start.rows[0].visible, "a server in the LAN list")
        window.test(5)
        arcade.get_image().save(out / "lan-list.png")
        click(window, start.rows[0])
        window.test(2)
        arcade.get_image().save(out / "lan-list-selected.png")
        click(window, start.join_button)
        run_until(window, lambda: ships_seen(window) == 2, "two ships")
        say("playing")
        view = window.current_view
        view.on_key_press(arcade.key.UP, 0)
        window.dispatch_event("on_key_press", arcade.key.F3, 0)  # the net graph
        window.test(70)
        arcade.get_image().save(out / "join-two.png")
        say("two-ships")
        # stay in the game (the host counts us when asked) until the test says we may go
        run_until(window, lambda: select.select([sys.stdin], [], [], 0)[0], "leave from the test")
    elif mode == "busy":  # Host Game on the window's --port, which another program holds
        window.port = port
        host_from_the_panel(window, start)
        window.test(2)
        say(f"status: {window.current_view.status.text}")
    elif mode == "settings":
        change_every_setting(window, start, out)
    elif mode == "scaled":
        host_from_the_panel(window, start)
        run_until(window, lambda: ships_seen(window) == 1, "own ship")
        view = window.current_view
        window.dispatch_event("on_key_press", arcade.key.Z, 0)  # bound to thrust
        run_until(window, lambda: "up" in view.session.world.keys, "Z to thrust")
        window.test(40)
        arcade.get_image().save(out / "scaled-game.png")
        say(f"thrust {window.width}x{window.height}")
        steer_with_a_pad_plugged_in_mid_game(window)
        show_effects(window, out)
        settings_during_a_game(window, out)
    elif mode == "match":
        play_a_match(window, start, out)
    elif mode == "follow":
        follow_a_migration(window, start, out, port, name)
    elif mode == "spectate":
        spectate_then_take_a_seat(window, start, out)
    elif mode == "locked":
        join_a_locked_game(window, start, out)
    elif mode == "silent":
        see_the_host_fall_silent(window, start, out)
    elif mode == "relisted":
        see_the_match_listed_again(window, start, out)
    elif mode in ("crash", "resume"):
        start.join(("127.0.0.1", port), name)
        run_until(window, lambda: ships_seen(window) >= 1, "own ship")
        say("playing")
        if mode == "crash":
            run_until(window, lambda: False, "the test to kill this window")
        see_the_feed_say_we_are_back(window, out)
    elif mode == "close-in-settings":
        start.join(("127.0.0.1", port), name)
        run_until(window, lambda: ships_seen(window) == 1, "own ship")
        from_the_esc_menu(window, "Settings", 10)
        arcade.get_image().save(out / "settings-then-close.png")
        say(f"closing from {type(window.current_view).__name__}")
    elif mode == "bots":
        play_vs_bots(window, start, "hard")
        window.test(30)
        arcade.get_image().save(out / "vs-bots.png")
        say(f"vs-bots {window.hosted_game.skill}")
        pause_in_the_menu(window)
    window.on_close()


class FakePad:
    """Stands in for a pyglet Controller: the window's Gamepads pushes its handlers here."""

    name = "Test pad"

    def open(self) -> None:
        pass

    def push_handlers(self, **handlers) -> None:  # type: ignore[no-untyped-def]
        self.handlers = handlers


def steer_with_a_pad_plugged_in_mid_game(window: StarlaneWindow) -> None:
    """A pad connects (as pyglet's on_connect would), its d-pad turns the ship left, and
    unplugging it lets go."""
    view = window.current_view
    pad = FakePad()
    window.gamepads.connect(pad)
    pad.handlers["on_dpad_motion"](pad, SimpleNamespace(x=-1.0, y=0.0))
    run_until(window, lambda: "left" in view.session.world.keys, "the d-pad to turn")
    window.gamepads.disconnect(pad)
    run_until(window, lambda: "left" not in view.session.world.keys, "the unplugged pad")
    say("pad steered")


def show_effects(window: arcade.Window, out: Path) -> None:
    """A hit on our ship and an explosion beside it, as a state would bring them."""
    view = window.current_view
    now = view.session.clock()
    own = view.session.world.own_ship(now)
    view.effects.add("hit", own.x, own.y, now)
    view.effects.add("explosion", (own.x + 200) % 1280, own.y, now)
    window.test(4)
    arcade.get_image().save(out / "effects.png")
    say("effects")


def pause_in_the_menu(window: StarlaneWindow) -> None:
    """Esc in a practice game: its world stands still until Resume."""
    game = window.hosted_game
    window.dispatch_event("on_key_press", arcade.key.ESCAPE, 0)
    window.test(2)
    paused_at = game.world.tick
    window.test(30)
    say(f"paused {game.world.tick - paused_at} ticks")
    click(window, button(window.current_view.menu, "Resume"))
    run_until(window, lambda: game.world.tick > paused_at, "the game to go on")
    say("resumed")


def from_the_esc_menu(window: arcade.Window, choice: str, frames: int) -> None:
    """Esc, then click the menu's ``choice``, then run ``frames`` frames."""
    view = window.current_view
    window.dispatch_event("on_key_press", arcade.key.ESCAPE, 0)
    window.test(2)
    click(window, button(view.menu, choice))
    window.test(frames)


def settings_during_a_game(window: arcade.Window, out: Path) -> None:
    """Esc, Settings, Back: the game goes on (the settings screen keeps it pumped)."""
    view = window.current_view
    from_the_esc_menu(window, "Settings", 60)
    arcade.get_image().save(out / "settings-in-game.png")
    click(window, window.current_view.back_button)
    window.test(5)
    playing = window.current_view is view and view.session.status == "playing"
    say("back in the game" if playing else f"lost the game: {view.session.message}")


def ask_before_ending_the_game(window: arcade.Window, out: Path) -> None:
    """Esc, Leave game: the host is asked first; Cancel goes back to the game."""
    view = window.current_view
    from_the_esc_menu(window, "Leave game", 5)
    question = button(view.menu, "Orion will host the game")
    arcade.get_image().save(out / "host-leave-confirm.png")
    say(f"asked: {question.text}")
    click(window, button(view.menu, "Cancel"))
    window.test(2)
    window.dispatch_event("on_key_press", arcade.key.ESCAPE, 0)
    window.test(2)
    say("still-playing" if window.current_view is view else "left")


def change_every_setting(window: StarlaneWindow, start: StartView, out: Path) -> None:
    click(window, start.settings_button)
    window.test(5)
    view = window.current_view
    arcade.get_image().save(out / "settings.png")
    say("settings")
    click(window, view.fullscreen_button)
    window.test(10)
    say(f"fullscreen {window.fullscreen}")
    click(window, view.fullscreen_button)
    window.test(10)
    for _ in range(3):  # 1280x720 -> 1600x900 -> 1920x1080 -> 960x540
        click(window, view.size_button)
        window.test(5)
    say(f"size {window.width}x{window.height}")
    for _ in range(3):
        click(window, view.volumes["master"].minus)
    click(window, view.volumes["effects"].plus)
    click(window, view.palette_button)
    click(window, view.record_button)
    for _ in range(2):
        click(window, view.keep_row.minus)
    click(window, view.key_buttons["up"])
    window.test(2)
    arcade.get_image().save(out / "settings-press-a-key.png")
    window.dispatch_event("on_key_press", arcade.key.Z, 0)
    window.test(5)
    arcade.get_image().save(out / "settings-changed.png")
    saved = settings.load()
    say(f"saved {saved.model_dump_json()}")
    click(window, view.back_button)
    window.test(5)
    say(f"back {type(window.current_view).__name__}")


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
    run_until(window, lambda: any("gg, good luck" in line for _, line in view.hud.chat.log.lines),
              "the chat line in the chat panel")
    window.test(5)
    arcade.get_image().save(out / "chat.png")
    say("chat")
    run_until(window, lambda: "Destroyed by" in view.hud.respawn.text, "being destroyed")
    window.test(10)
    arcade.get_image().save(out / "destroyed.png")
    window.dispatch_event("on_key_press", arcade.key.ESCAPE, 0)  # the menu: not over the banner
    window.test(3)
    arcade.get_image().save(out / "destroyed-menu.png")
    say(f"centre under the menu: '{view.hud.respawn.text}{view.hud.status.text}'")
    window.dispatch_event("on_key_press", arcade.key.ESCAPE, 0)
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
    from_the_esc_menu(window, "Leave game", 5)  # only a bot plays along: nobody to warn
    left = isinstance(window.current_view, StartView)
    say("left" if left else f"asked: {button(view.menu, 'This ends').text}")


def follow_a_migration(window: StarlaneWindow, start: StartView, out: Path, port: int,
                       name: str) -> None:
    start.join(("127.0.0.1", port), name)
    run_until(window, lambda: ships_seen(window) == 4, "the host, its bot, the other player")
    view = window.current_view
    assert isinstance(view, GameView)
    window.test(10)
    arcade.get_image().save(out / f"{name}-before.png")
    say("playing")
    run_until(window, lambda: view.session.status == "reconnecting", "the host to go")
    window.test(1)
    arcade.get_image().save(out / f"{name}-moving.png")
    say("moving")
    run_until(window, lambda: view.session.status == "playing" and view.session.server[1] != port
              and ships_seen(window) == 3, "play at the new host")
    window.test(60)
    arcade.get_image().save(out / f"{name}-after.png")
    say("resumed")
    window.test(90)  # the other window takes its picture meanwhile: stay in its match


def spectate_then_take_a_seat(window: StarlaneWindow, start: StartView, out: Path) -> None:
    run_until(window, lambda: start.rows[0].visible and "watching" in start.rows[0].text,
              "a full game in the LAN list")
    window.test(5)
    arcade.get_image().save(out / "lan-list-full.png")
    say(f"row: {start.rows[0].text.strip()}")
    say("listed")
    click(window, start.rows[0])
    window.test(2)
    click(window, start.join_button)
    run_until(window, lambda: ships_seen(window) == 2 and window.current_view.session.spectating,
              "spectating two ships")
    view = window.current_view
    window.test(40)
    arcade.get_image().save(out / "spectating.png")
    say(f"status: {view.hud.status.text}")
    say(f"help: {view.hud.help.text}")
    say(f"scores: {[row.text.rstrip() for row in view.hud.scores if row.text]}")
    say("spectating")
    run_until(window, lambda: not view.session.spectating
              and view.session.world.own_ship(view.session.clock()) is not None, "a seat")
    window.test(40)
    arcade.get_image().save(out / "seated.png")
    say("seated")


def see_the_host_fall_silent(window: StarlaneWindow, start: StartView, out: Path) -> None:
    """A hosted match (one bot) served from a thread of this process; the window joins it
    as Orion, first in the line of succession. The server destroys Orion's ship (respawn in
    10 s), then stops dead: no goodbye, as when the host's game crashes."""
    hosted = host("Vega's game", "127.0.0.1", 0, bots=1)
    doomed: list[int] = []  # the pid whose ship the server destroys, on its own thread

    def on_tick(now: float) -> None:
        hosted.game.on_tick(now)
        world = hosted.game.world
        for ship in (world.ships.get(pid) for pid in doomed):
            if ship is not None and ship.alive:
                ship.alive, ship.respawn_tick = False, world.tick + 10 * sim.TICK_RATE

    server = ServerThread(hosted.endpoint, on_tick=on_tick, tick_interval=sim.DT,
                          on_stop=lambda now: None)
    server.start()
    start.join(hosted.address, "Orion")
    run_until(window, lambda: ships_seen(window) == 2, "own ship and the bot")
    view = window.current_view
    assert isinstance(view, GameView)
    session = view.session
    doomed.append(session.world.my_pid)
    run_until(window, lambda: "respawning in" in view.hud.respawn.text, "own ship destroyed")
    say(f"before: {view.hud.respawn.text}")
    window.dispatch_event("on_key_press", arcade.key.F3, 0)  # the net graph shows the stall
    server.stop()
    run_until(window, lambda: session.host_silence(session.clock()) != "", "the silence line")
    window.test(20)
    arcade.get_image().save(out / "host-silent.png")
    say(f"status: {view.hud.status.text}")
    say(f"respawn: {view.hud.respawn.text}")
    say(f"ping: {view.hud.ping.text}")
    say(f"graph: {next(t.text for t in view.hud.graph_lines if 'last state' in t.text)}")
    run_until(window, lambda: session.follower.own.running and session.status == "playing",
              "this window serving the match")
    say("serving")


def listed_rows(start: StartView) -> list[str]:
    return [row.text.strip() for row in start.rows if row.visible]


def see_the_match_listed_again(window: StarlaneWindow, start: StartView, out: Path) -> None:
    """Vega's game in the LAN list; once its host has left, the match under its new name
    (the test makes Vega leave after ``listed``)."""
    run_until(window, lambda: any("Vega's game" in row for row in listed_rows(start)),
              "Vega's game in the LAN list")
    window.test(5)
    arcade.get_image().save(out / "lan-list-before.png")
    say(f"rows: {json.dumps(listed_rows(start))}")
    say("listed")
    run_until(window, lambda: listed_rows(start) and not any(
        "Vega's game" in row for row in listed_rows(start)), "the match listed anew")
    window.test(5)
    arcade.get_image().save(out / "lan-list-after.png")
    say(f"rows: {json.dumps(listed_rows(start))}")
    say("relisted")


def see_the_feed_say_we_are_back(window: StarlaneWindow, out: Path) -> None:
    """The seat taken back: the kill feed's line about it, as this player reads it."""
    view = window.current_view
    run_until(window, lambda: any("back" in line for _, line in view.feed),
              "the feed to say we are back")
    window.test(10)
    arcade.get_image().save(out / "resumed.png")
    say(f"feed: {json.dumps([line for _, line in view.feed])}")
    say("back")


def join_a_locked_game(window: StarlaneWindow, start: StartView, out: Path) -> None:
    """A locked row, Join asks for the password, typed key by key, Join again: playing."""
    run_until(window, lambda: start.rows[0].visible, "a locked game in the LAN list")
    window.test(5)
    arcade.get_image().save(out / "lan-list-locked.png")
    say(f"row: {start.rows[0].text.strip()}")
    click(window, start.rows[0])
    window.test(2)
    click(window, start.join_button)
    window.test(5)
    say(f"status: {start.status.text}")
    for key in "swordfish":
        window.dispatch_event("on_text", key)
    window.test(5)
    arcade.get_image().save(out / "password-prompt.png")
    click(window, start.join_button)
    run_until(window, lambda: ships_seen(window) == 1, "own ship in the locked game")
    say("playing")


if __name__ == "__main__":
    main()
