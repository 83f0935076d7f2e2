"""Two friends at one keyboard, in one real window under Xvfb, for tests/test_window_local.py:

    python tests/local_pilots_drive.py PORT OUT_DIR    (a server on 127.0.0.1:PORT)

On the start screen Add local player, then Connect to the server by its typed address;
P1 (Vega) and P2 (Vega 2) each take a seat. Keys are typed on the X server's keyboard
(XTEST), as a player's fingers would: W thrusts P1 and Left turns P2, Right Ctrl fires
P2's gun; then from the Esc menu Remove P2, and P1 plays on alone; Add local player
brings P2 back in the game, and P3 with a gamepad just plugged in; in Settings, P2's
thrust is rebound to U and its reverse to S (P1's too), its marker recoloured and it is
named Lyra. Prints ``what: value`` lines, saves a screenshot at each step, and ends with
``done`` (exit 1 with the reason after ``DEADLINE`` seconds of waiting).
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import arcade
from window_driver import FakePad, button, click, run_until, say
from xtest_keyboard import Keyboard, hold

from starlane.game import settings
from starlane.game.ui.game_view import GameView
from starlane.game.ui.start_view import StartView
from starlane.game.ui.window import StarlaneWindow


def shot(out: Path, name: str) -> None:
    arcade.get_image().save(out / f"{name}.png")


def ships(view: GameView) -> dict[str, tuple[float, float, float]]:
    """Each pilot's own ship as its session predicts it: x, y, heading."""
    found = {}
    for number, session in view.pilot_sessions().items():
        ship = session.world.own_ship(session.clock())
        if ship is not None:
            found[f"P{number}"] = (ship.x, ship.y, ship.angle)
    return found


def main() -> None:
    port, out = int(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    window = StarlaneWindow([], settings.load().model_copy(update={"name": "Vega"}))
    start = StartView(window)
    window.show_view(start)
    window.test(10)
    click(window, start.add_pilot_button)
    window.test(3)
    say(f"start says: {start.status.text}")
    shot(out, "start-added")
    start.address_input.text = f"127.0.0.1:{port}"
    click(window, start.connect_button)
    run_until(window, lambda: isinstance(window.current_view, GameView)
              and len(ships(window.current_view)) == 2, "both pilots' ships")
    view = window.current_view
    window.test(30)
    say(f"seats: {sorted(s.name for s in view.pilot_sessions().values())}")
    say(f"help: {view.hud.help.text}")
    shot(out, "two-pilots")
    steer_each_pilot(window, view, out)
    remove_p2_from_the_menu(window, view, out)
    add_p2_back_from_the_menu(window, view)
    add_p3_with_a_pad(window, view, out)
    rebind_p2_in_the_settings(window, view, out)
    window.on_close()
    say("done")


def steer_each_pilot(window: StarlaneWindow, view: GameView, out: Path) -> None:
    """W for P1 and Left for P2 held together (``xtest_keyboard.HOLD_S``), then Right Ctrl
    for P2's gun, all on one keyboard."""
    keyboard = Keyboard(window)
    before = ships(view)
    try:
        keyboard.key("w", True)
        keyboard.key("Left", True)
        run_until(window, lambda: "up" in view.session.world.keys
                  and "left" in view.pilot_sessions()[2].world.keys, "W and Left")
        say(f"P1 holds: {sorted(view.session.world.keys)}")
        say(f"P2 holds: {sorted(view.pilot_sessions()[2].world.keys)}")
        hold(window)
        keyboard.key("w", False)  # let go before the wait for the shot: a turn, not a
        keyboard.key("Left", False)  # spin of however long a loaded machine takes
        keyboard.key("Control_R", True)
        run_until(window, lambda: any(b.owner == view.pilot_sessions()[2].world.my_pid
                                      for b in view.pilot_sessions()[2].world.bullets(
                                          view.session.clock())), "P2's shot")
        window.test(4)
        shot(out, "both-steering")
    finally:
        keyboard.release_all()
        keyboard.close()
    after = ships(view)
    for pilot in ("P1", "P2"):
        (x0, y0, a0), (x1, y1, a1) = before[pilot], after[pilot]
        say(f"{pilot} moved px: {abs(x1 - x0) + abs(y1 - y0):.0f}")
        say(f"{pilot} turned deg: {(a1 - a0 + 180) % 360 - 180:.0f}")
    say("P2 fired: yes")


def through_the_menu(window: StarlaneWindow, view: GameView, choice: str,
                     shot_to: Path | None = None) -> None:
    """Esc, click ``choice``, Esc back to the game (the open menu saved to ``shot_to``)."""
    window.dispatch_event("on_key_press", arcade.key.ESCAPE, 0)
    window.test(3)
    if shot_to is not None:
        arcade.get_image().save(shot_to)
    click(window, button(view.menu, choice))
    window.test(2)
    window.dispatch_event("on_key_press", arcade.key.ESCAPE, 0)


def remove_p2_from_the_menu(window: StarlaneWindow, view: GameView, out: Path) -> None:
    through_the_menu(window, view, "Remove P2", out / "menu-with-p2.png")
    run_until(window, lambda: len(view.scene.ships) == 1, "P2's ship to go")
    window.test(20)
    shot(out, "p2-removed")
    say(f"after remove: {len(view.scene.ships)} ship, P1 {view.session.status}")


def add_p2_back_from_the_menu(window: StarlaneWindow, view: GameView) -> None:
    through_the_menu(window, view, "Add local player")
    run_until(window, lambda: len(ships(view)) == 2, "P2 back in the game")
    say(f"added in game: {sorted(s.name for s in view.pilot_sessions().values())}")


def add_p3_with_a_pad(window: StarlaneWindow, view: GameView, out: Path) -> None:
    """A pad plugged in, then P3 added from the Esc menu: the pad is P3's, its d-pad
    turns P3's ship and nobody else's."""
    pad = FakePad()
    window.gamepads.connect(pad)
    through_the_menu(window, view, "Add local player")
    run_until(window, lambda: len(ships(view)) == 3, "P3 in the game")
    pad.handlers["on_dpad_motion"](pad, SimpleNamespace(x=-1.0, y=0.0))
    sessions = view.pilot_sessions()
    run_until(window, lambda: "left" in sessions[3].world.keys, "P3's pad to turn it")
    window.test(20)
    shot(out, "three-pilots-pad")
    say(f"P3 pad: {window.pilot_keys(3)}")
    say(f"others hold: {sorted(sessions[1].world.keys | sessions[2].world.keys)}")
    pad.handlers["on_dpad_motion"](pad, SimpleNamespace(x=0.0, y=0.0))


def rebind_p2_in_the_settings(window: StarlaneWindow, view: GameView, out: Path) -> None:
    """Esc, Settings, the next pilot's keys: thrust to U, the marker's next colour."""
    window.dispatch_event("on_key_press", arcade.key.ESCAPE, 0)
    window.test(3)
    click(window, button(view.menu, "Settings"))
    window.test(3)
    page = window.current_view
    for widget in (page.pilot_button, page.key_buttons["up"]):
        click(window, widget)
        window.test(2)  # the menu takes a click in its next frame
    window.dispatch_event("on_key_press", arcade.key.U, 0)
    click(window, page.key_buttons["down"])
    window.test(2)
    window.dispatch_event("on_key_press", arcade.key.S, 0)  # P1's reverse
    window.test(2)  # and a key press too
    say(f"shared key: {page.status.text}")
    click(window, page.marker_button)
    window.test(2)
    page.name_input.text = "Lyra"  # as typing it would
    window.test(3)
    shot(out, "settings-p2")
    say(f"settings page: {page.pilot_button.text}")
    say(f"pads: {page.pad_label.text.split(':')[0]}")
    stored = settings.load()
    say(f"P2 saved: {stored.pilot_keys(2)['up']} {stored.pilot_colour(2)} "
        f"{stored.pilot_name(2)}")
    click(window, page.back_button)
    window.test(3)
    say(f"P2 steers with: {window.pilot_keys(2)}")


if __name__ == "__main__":
    main()
