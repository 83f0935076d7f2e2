"""A local pilot's marks in one real window under Xvfb, for tests/test_window_local_marks.py:

    python tests/local_marks_drive.py OUT_DIR

Vega (P1) and Vega 2 (P2) play a match hosted on a thread of this process, whose ticks
the drive steers as a test fixture would: it holds P2's ship just under the scoreboard
(top right), then in the open, where Kestrel destroys it (respawn in 3 s). The drive
prints where P2's "P2" sits by the scoreboard, P2's waiting line where its ship fell and
its return, P1's centre line when Kestrel destroys P1 in turn, the Esc menu's keys text,
and the Settings screen's word on P2's name; a screenshot at each step. Ends with
``done`` (exit 1 with the reason after ``DEADLINE`` seconds of waiting).
"""

from __future__ import annotations

import sys
from pathlib import Path

import arcade
from arcade.gui import UILabel
from local_pilots_drive import ships, shot
from window_driver import button, click, on_the_start_screen, run_until, say

from starlane.game import settings
from starlane.game.core import sim
from starlane.game.server.game_server import host
from starlane.game.ui.game_view import GameView
from starlane.game.ui.pixels import extent
from starlane.game.ui.window import StarlaneWindow
from starlane.net import ServerThread

RESPAWN_SECONDS = 3
BY_THE_SCOREBOARD = (sim.WIDTH - 90, sim.HEIGHT - 120)  # "P2" over it: under the scores
IN_THE_OPEN = (sim.WIDTH / 2, sim.HEIGHT / 3)


class Fixture:
    """What the server's thread does to ships after each tick: ``held`` ships (pid: x, y)
    stay put; each ``doomed`` pid's ship is destroyed by Kestrel."""

    def __init__(self) -> None:
        self.hosted = host("Vega's game", "127.0.0.1", 0, bots=0)
        self.held: dict[int, tuple[float, float]] = {}
        self.doomed: list[int] = []
        self.thread = ServerThread(self.hosted.endpoint, on_tick=self.on_tick,
                                   tick_interval=sim.DT, on_stop=lambda now: None)

    def on_tick(self, now: float) -> None:
        game = self.hosted.game
        game.on_tick(now)
        for pid, (x, y) in list(self.held.items()):
            if (ship := game.world.ships.get(pid)) is not None:
                ship.x, ship.y, ship.vx, ship.vy = x, y, 0.0, 0.0
        while self.doomed and (ship := game.world.ships.get(self.doomed.pop())) is not None:
            ship.alive = False
            ship.respawn_tick = game.world.tick + RESPAWN_SECONDS * sim.TICK_RATE
            game.announce({"kind": "kill", "victim": ship.name, "killer": "Kestrel"})


def overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]
            ) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    fixture = Fixture()
    fixture.thread.start()
    window, start = on_the_start_screen(settings.load().model_copy(update={"name": "Vega"}))
    click(window, start.add_pilot_button)
    window.test(3)
    start.join(fixture.hosted.address, "Vega")
    run_until(window, lambda: isinstance(window.current_view, GameView)
              and len(ships(window.current_view)) == 2, "both pilots' ships")
    view = window.current_view
    p2 = view.pilot_sessions()[2]
    p2_by_the_scoreboard(window, view, fixture, p2.world.my_pid, out)
    p2_destroyed(window, view, fixture, p2.world.my_pid, out)
    p1_destroyed(window, view, fixture)
    keys_in_the_menu(window, view, out)
    name_in_the_settings(window, view)
    window.on_close()
    fixture.thread.stop()
    say("done")


def p2_by_the_scoreboard(window: StarlaneWindow, view: GameView, fixture: Fixture,
                         pid: int, out: Path) -> None:
    fixture.held[pid] = BY_THE_SCOREBOARD
    run_until(window, lambda: ships(view)["P2"][:2] == BY_THE_SCOREBOARD,
              "P2 by the scoreboard")
    window.test(10)
    label = view.scene.marks.pilot_labels["P2"]
    scores = extent(view.hud.scores, 0)
    say(f"P2 label: {'over' if label.canvas_y > BY_THE_SCOREBOARD[1] else 'under'} its ship")
    clear = scores is not None and not overlap(
        (label.left, label.right, label.bottom, label.top), scores)
    say(f"P2 label clear of the scoreboard: {clear}")
    say(f"health pips: {[ring.hp for ring in view.scene.marks.rings]}")
    shot(out, "p2-by-the-scoreboard")


def p2_destroyed(window: StarlaneWindow, view: GameView, fixture: Fixture, pid: int,
                 out: Path) -> None:
    fixture.held[pid] = IN_THE_OPEN
    run_until(window, lambda: ships(view)["P2"][:2] == IN_THE_OPEN, "P2 in the open")
    fixture.doomed.append(pid)
    label = view.scene.marks.pilot_labels["P2"]
    run_until(window, lambda: "Kestrel" in label.text and label.visible, "P2's countdown")
    window.test(10)
    say(f"P2 waits: {label.text}")
    fell_there = (label.canvas_x, label.canvas_y) == IN_THE_OPEN
    own_colour = settings.MARKER_RGB[window.settings.pilot_colour(2)]
    say(f"P2 waits where it fell: {fell_there}")
    say(f"P2 waits in its colour: {tuple(label.color[:3]) == own_colour}")
    say(f"P1's centre line: {view.hud.respawn.text!r}")
    shot(out, "p2-destroyed")
    run_until(window, lambda: label.text == "P2", "P2 back in play")
    say(f"P2 back: {label.text}")
    del fixture.held[pid]


def p1_destroyed(window: StarlaneWindow, view: GameView, fixture: Fixture) -> None:
    fixture.doomed.append(view.session.world.my_pid)
    run_until(window, lambda: "Kestrel" in view.hud.respawn.text, "P1's countdown")
    say(f"P1 destroyed: {view.hud.respawn.text}")


def keys_in_the_menu(window: StarlaneWindow, view: GameView, out: Path) -> None:
    window.dispatch_event("on_key_press", arcade.key.ESCAPE, 0)
    window.test(3)
    keys = next(w for w in view.menu.walk_widgets()
                if isinstance(w, UILabel) and w.text.startswith("P1 "))
    resume = button(view.menu, "Resume")
    say(f"keys label centred under the buttons: "
        f"{abs(keys.rect.center_x - resume.rect.center_x) < 1}")
    say(f"keys text drawn aligned: {keys.pixel_text.align}")
    shot(out, "menu-keys-centred")


def name_in_the_settings(window: StarlaneWindow, view: GameView) -> None:
    click(window, button(view.menu, "Settings"))
    window.test(3)
    page = window.current_view
    click(window, page.pilot_button)
    window.test(2)
    say(f"P2 name note: {page.name_label.text}")
    click(window, page.back_button)
    window.test(3)


if __name__ == "__main__":
    main()
