"""Drives the real game window through the modes, for tests/test_window_modes.py:

    python tests/modes_tour.py OUT_DIR

A server's mode and arena in the LAN list; the Host panel with its new choices (mode,
lives, arena, power-ups) at 960x540, 1280x720 and 1920x1080; a two-team game against
three bots, its scoreboard by team and its results; a last-pilot-standing game in which
our ship loses its only life and watches.
It prints ``what: value`` lines and saves a screenshot at each step; exits 1 with the
reason after the driver's ``DEADLINE`` seconds of waiting.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import arcade
from ui_tour import SIZES, resize, shot
from window_driver import button, click, run_until, say, ships_seen

from starlane.game import settings
from starlane.game.core import modes
from starlane.game.core.match import MatchConfig
from starlane.game.server.game_server import host
from starlane.game.ui.game_view import GameView
from starlane.game.ui.host_panel import HostPanelView, Stepper
from starlane.game.ui.start_view import StartView
from starlane.game.ui.window import StarlaneWindow


def choose(window: StarlaneWindow, stepper: Stepper, value: object) -> None:
    """Click ``stepper``'s [+] (or [-], from the far end) until it shows ``value``."""
    for _ in range(2 * len(stepper.values)):
        if stepper.chosen == value:
            return
        at_end = stepper.index == len(stepper.values) - 1
        click(window, stepper.minus if at_end or stepper.values.index(value) < stepper.index
              else stepper.plus)
        window.test(1)
    raise SystemExit(f"the stepper never showed {value!r}")


def inside_the_canvas(panel: HostPanelView) -> bool:
    """Whether every button of the panel lies on its canvas (nothing cut off)."""
    width, height = panel.ui.CANVAS
    return all(0 <= w.rect.left and w.rect.right <= width and 0 <= w.rect.bottom
               and w.rect.top <= height for w in panel.ui.walk_widgets()
               if hasattr(w, "text"))


def the_panel(window: StarlaneWindow, start: StartView, out: Path, mode: str,
              kills: int, lives: int) -> HostPanelView:
    """Host Game's panel set to ``mode`` with ``kills`` and ``lives``, three hard bots."""
    click(window, start.host_button)
    window.test(2)
    panel = window.current_view
    assert isinstance(panel, HostPanelView)
    choose(window, panel.mode, mode)
    choose(window, panel.kills, kills)
    choose(window, panel.lives, lives)
    choose(window, panel.bots, 3)
    choose(window, panel.skill, "hard")
    window.test(3)
    return panel


def a_team_game(window: StarlaneWindow, start: StartView, out: Path) -> None:
    panel = the_panel(window, start, out, "tdm", 1, 3)
    choose(window, panel.arena, "walls")
    choose(window, panel.powerups, False)
    for size in SIZES:
        resize(window, *size)
        shot(window, out, "host-panel")
        say(f"panel fits at {size[0]}: {inside_the_canvas(panel)}")
    resize(window, 1280, 720)
    steppers = (panel.mode, panel.lives, panel.arena, panel.powerups, panel.kills,
                panel.bots, panel.skill)
    say(f"panel: {json.dumps([stepper.value.text for stepper in steppers])}")
    say(f"lives dimmed: {tuple(panel.lives.value.font_color[:3]) != (255, 255, 255)}")
    click(window, panel.host_button)
    run_until(window, lambda: ships_seen(window) == 4, "own ship and three bots")
    window.test(30)
    view = window.current_view
    assert isinstance(view, GameView)
    shot(window, out, "tdm-scoreboard")
    say(f"tdm scores: {json.dumps([t.text for t in view.hud.scores if t.text])}")
    say(f"tdm round: {view.hud.round.text}")
    say(f"tdm ship colours: {len({tuple(s.color[:3]) for s in view.scene.ships})}")
    say(f"hosted: {window.hosted_game.match.config}")
    run_until(window, lambda: view.results.visible, "the round's results")
    window.test(10)
    shot(window, out, "tdm-results")
    say(f"tdm winner: {view.results.winner.text}")
    say(f"tdm results: {json.dumps([t.text for t in view.results.rows if t.text])}")
    say(f"tdm feed: {json.dumps([line for _, line in view.feed])}")
    leave(window, view)


def leave(window: StarlaneWindow, view: GameView) -> None:
    window.dispatch_event("on_key_press", arcade.key.ESCAPE, 0)
    window.test(2)
    click(window, button(view.menu, "Leave game"))
    window.test(5)


def out_of_lives(window: StarlaneWindow, start: StartView, out: Path) -> None:
    """A last-pilot-standing game; our ship, on its last hit point and life, is put on an
    asteroid (in the game this window hosts) until the HUD says it is out."""
    panel = the_panel(window, start, out, "lms", 10, 1)
    say(f"lms panel lives: {panel.lives.value.text}")
    click(window, panel.host_button)
    run_until(window, lambda: ships_seen(window) == 4, "own ship and three bots")
    view = window.current_view
    pid = view.session.world.my_pid
    world = window.hosted_game.world

    def on_a_rock() -> bool:
        ship = world.ships[pid]
        if ship.alive and world.asteroids:
            rock = next(iter(world.asteroids.values()))
            ship.hp, ship.shield_until, ship.hurt_until = 1, 0, 0
            ship.x, ship.y = rock.x, rock.y
        return modes.OUT_OF_LIVES in view.hud.respawn.text

    run_until(window, on_a_rock, "our ship out of lives")
    window.test(20)
    shot(window, out, "lms-out-of-lives")
    say(f"lms centre: {view.hud.respawn.text}")
    say(f"lms scores: {json.dumps([t.text for t in view.hud.scores if t.text])}")
    say(f"lms round: {view.hud.round.text}")
    leave(window, view)


def a_listed_match(window: StarlaneWindow, start: StartView, out: Path) -> None:
    """A headless team game on the sun arena, seen in the start screen's LAN list."""
    served = host("Friday night", "127.0.0.1", 40080, hosted=False,
                  match=MatchConfig(mode="tdm", arena="sun"))
    thread = served.in_thread()
    thread.start()
    try:
        run_until(window, lambda: start.rows[0].visible, "the match in the LAN list")
        window.test(5)
        shot(window, out, "lan-list")
        say(f"listed: {start.rows[0].text}")
    finally:
        thread.stop()


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    chosen = settings.load().model_copy(update={"name": "Vega", "window_size": SIZES[0]})
    window = StarlaneWindow([("127.0.0.1", 40080)], chosen)
    start = StartView(window)
    window.show_view(start)
    window.test(10)
    a_listed_match(window, start, out)
    a_team_game(window, start, out)
    out_of_lives(window, window.current_view, out)
    window.on_close()
    say("done")


if __name__ == "__main__":
    main()
