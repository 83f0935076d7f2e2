"""Two real game windows on one X display, for tests/test_window_hosted_pair.py: window A
hosts a game as ``--host-game`` does; window B's two local players (P1 and P2) join it
from B's LAN list and are steered from B's keyboard through XTEST.

    python tests/hosted_pair_drive.py host OUT_DIR PORT    window A (Altair) hosts on PORT
    python tests/hosted_pair_drive.py guest OUT_DIR PORT   window B: P1 Vega and P2 Vega 2

The host says ``hosting: PORT`` once its game is up, ``seen: [names]`` once B's two ships
are in its game, then answers each ``look NAME`` read on stdin (once NAME's ship has
turned and its heading holds still) with ``at: {name: [x, y, heading]}`` (every other
ship, as A draws it) and ``shots: [names]`` (whose bullets A saw since the last look).
The guest says ``joined: [names]`` once both of its pilots fly, then on ``p1`` holds W, D
and Space (P1's half of the keyboard), on ``p2`` Up, Left and Right Ctrl (P2's), for
``xtest_keyboard.HOLD_S`` seconds each, and says which keys each pilot took up meanwhile (``P1
holds``, ``P2 holds``). Both end on ``quit`` with ``done``, and save screenshots to OUT_DIR
(pair-*.png); exit 1 with the reason after ``DEADLINE`` s of waiting.
"""

from __future__ import annotations

import json
import select
import sys
import time
from collections.abc import Callable
from pathlib import Path

import arcade
from window_driver import DEADLINE, click, run_until, say
from xtest_keyboard import Keyboard, hold

from starlane.game import settings
from starlane.game.core.match import MatchConfig
from starlane.game.ui.game_view import GameView
from starlane.game.ui.start_view import StartView
from starlane.game.ui.window import StarlaneWindow

SIZE = (900, 540)  # px: the two windows side by side on a 1920 px wide screen, no overlap
STILL_FRAMES = 20  # frames a ship's heading must hold to count as done turning
HALVES = {"p1": ("w", "d", "space"), "p2": ("Up", "Left", "Control_R")}
"""Each pilot's half of B's keyboard: thrust, a turn and fire (X key names)."""


def window_at(name: str, x: int, port: int) -> tuple[StarlaneWindow, StartView]:
    """A window for player ``name`` at ``x`` px from the screen's left, on its start
    screen, its LAN list looking at 127.0.0.1:``port`` (and hosting there: the walls
    arena, where nothing moves a ship its pilot does not steer)."""
    chosen = settings.load().model_copy(update={"name": name, "window_size": SIZE})
    window = StarlaneWindow([("127.0.0.1", port)], chosen, port=port,
                            match=MatchConfig(arena="walls"))
    window.set_location(x, 0)
    start = StartView(window)
    window.show_view(start)
    window.test(10)
    return window, start


def shot(out: Path, name: str) -> None:
    arcade.get_image().save(out / f"pair-{name}.png")


def next_word(window: arcade.Window, each: Callable[[], object] = lambda: None) -> str:
    """The next line the test writes on stdin, the window drawing frames meanwhile
    (``each`` called after each frame)."""
    end = time.monotonic() + DEADLINE
    while not select.select([sys.stdin], [], [], 0)[0]:
        if time.monotonic() > end:
            say("timeout waiting for the test's next word")
            raise SystemExit(1)
        window.test(1)
        each()
    return sys.stdin.readline().strip()


def drawn_ships(view: GameView) -> dict[str, tuple[float, float, float]]:
    """The other players' ships as this window draws them: x, y, heading by name."""
    ships = view.session.world.remote_ships(view.session.clock())
    return {s.name: (round(s.x, 1), round(s.y, 1), round(s.angle, 1)) for s in ships}


def shooters(view: GameView, old: set[int]) -> set[str]:
    """Whose bullets fly now, by name, but those of the bullets in ``old`` (ids: shots
    fired before the last look, still flying for up to a second)."""
    world = view.session.world
    latest = world.latest
    names = {pid: s.name for pid, s in latest.ships.items()} if latest is not None else {}
    return {names.get(b.owner, "?") for b in world.bullets(view.session.clock())
            if b.bid not in old}


def flying(view: GameView) -> set[int]:
    """The ids of the bullets flying now."""
    return {b.bid for b in view.session.world.bullets(view.session.clock())}


def host(out: Path, port: int) -> None:
    window, start = window_at("Altair", 0, port)
    start.host_game()  # what --host-game does
    run_until(window, lambda: isinstance(window.current_view, GameView)
              and window.current_view.session.status == "playing", "our hosted game")
    say(f"hosting: {port}")
    run_until(window, lambda: {"Vega", "Vega 2"} <= set(drawn_ships(window.current_view)),
              "B's two pilots in A's game")
    view = window.current_view
    window.test(10)
    shot(out, "host-joined")
    say(f"seen: {sorted(drawn_ships(view))}")
    say(f"at: {json.dumps(drawn_ships(view))}")
    seen: set[str] = set()
    old: set[int] = set()
    while (word := next_word(window, lambda fired=old: seen.update(shooters(view, fired)))
           ).startswith("look "):
        look_at(window, view, word.removeprefix("look "), seen, old, out)
        seen.clear()
        old = flying(view)
    window.on_close()
    say("done")


def look_at(window: StarlaneWindow, view: GameView, name: str, seen: set[str],
            old: set[int], out: Path) -> None:
    """Once ``name``'s ship has turned and holds its heading, where every ship is and
    whose shots flew since the last look (``seen``, added to; not the bullets in ``old``,
    fired before it)."""
    heading = drawn_ships(view)[name][2]
    headings: list[float] = []

    def settled() -> bool:
        seen.update(shooters(view, old))
        headings.append(drawn_ships(view).get(name, (0, 0, heading))[2])
        recent = headings[-STILL_FRAMES:]
        return len(recent) == STILL_FRAMES and len(set(recent)) == 1 and recent[0] != heading
    run_until(window, settled, f"{name}'s ship to turn and stop turning")
    shot(out, f"host-after-{name.replace(' ', '-').lower()}")
    say(f"at: {json.dumps(drawn_ships(view))}")
    say(f"shots: {sorted(seen)}")


def guest(out: Path, port: int) -> None:
    window, start = window_at("Vega", 960, port)
    click(window, start.add_pilot_button)
    run_until(window, lambda: start.rows[0].visible, "A's game in the LAN list")
    window.test(3)
    shot(out, "guest-lan-list")
    click(window, start.rows[0])
    window.test(2)
    click(window, start.join_button)
    run_until(window, lambda: isinstance(window.current_view, GameView)
              and all(s.world.me() is not None
                      for s in window.current_view.pilot_sessions().values())
              and len(window.current_view.pilot_sessions()) == 2, "both pilots' ships")
    view = window.current_view
    window.test(20)
    shot(out, "guest-joined")
    say(f"joined: {sorted(s.name for s in view.pilot_sessions().values())}")
    keyboard = Keyboard(window)
    try:
        while (word := next_word(window)) in HALVES:
            steer(window, view, keyboard, word, out)
    finally:
        keyboard.release_all()
        keyboard.close()
    window.on_close()
    say("done")


def steer(window: StarlaneWindow, view: GameView, keyboard: Keyboard, pilot: str,
          out: Path) -> None:
    """Hold ``pilot``'s half of the keyboard for ``xtest_keyboard.HOLD_S`` seconds, then
    let go."""
    sessions = view.pilot_sessions()
    held_before = {number: set(s.world.keys) for number, s in sessions.items()}

    def took(number: int) -> list[str]:  # a shot is one press: "fire" is never let go of
        return sorted(sessions[number].world.keys - held_before[number])
    for name in HALVES[pilot]:
        keyboard.key(name, True)
    run_until(window, lambda: any(took(number) for number in sessions), "a key held")
    hold(window)
    shot(out, f"guest-{pilot}-steering")
    for number in sessions:
        say(f"P{number} holds: {took(number)}")
    for name in HALVES[pilot]:
        keyboard.key(name, False)
    window.test(5)


if __name__ == "__main__":
    role, out_dir, port_text = sys.argv[1:4]
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    {"host": host, "guest": guest}[role](Path(out_dir), int(port_text))
