"""Drives the real game window through power-ups, for tests/test_window_powerups.py:

    python tests/powerup_tour.py OUT_DIR

A game against three bots (the window hosts it): one pickup of each kind put on the
field of the game this window hosts, two bots given rapid fire and spread shot, and a
shield put under our own ship for it to take; then the screen at 960x540, 1280x720 and
1920x1080, and once more in the colour-blind palette. It prints ``what: value`` lines and
saves a screenshot at each step; exits 1 with the reason after ``DEADLINE`` seconds of
waiting.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import arcade
from window_driver import on_the_start_screen, play_vs_bots, run_until, say

from starlane.game import settings
from starlane.game.core import powerups, sim
from starlane.game.ui.window import StarlaneWindow

SIZES = ((960, 540), (1280, 720), (1920, 1080))
FIELD = {"shield": (320.0, 560.0), "rapid": (640.0, 620.0), "spread": (960.0, 560.0)}
HELD = ((640.0, 330.0), (220.0, 300.0), (1060.0, 300.0), (640.0, 140.0))
"""Where our ship and the bots are held for the screenshots: out of reach of the pickups
for the frames until one is taken."""


def stock_the_field(world: sim.World, pid: int) -> None:
    """One pickup of each kind at its point in ``FIELD`` (again, if a bot took one), the
    powers renewed (our shield, which it took, lasts through the tour; the first bot
    carries rapid fire, the second spread shot), and every ship held still at its point in
    ``HELD``."""
    waiting = {p.kind for p in world.powerups.values()}
    for kind, (x, y) in FIELD.items():
        if kind not in waiting:
            uid = world.new_id()
            world.powerups[uid] = sim.PowerUp(uid, kind, x, y)
    bots = [s for s in world.ships.values() if s.bot]
    for ship, kind in zip([world.ships[pid], *bots], ("shield", "rapid", "spread"),
                          strict=False):
        ship.power, ship.power_until = kind, world.tick + powerups.POWER_TICKS
    for ship, (x, y) in zip([world.ships[pid], *bots], HELD, strict=False):
        ship.x, ship.y, ship.vx, ship.vy = x, y, 0.0, 0.0


def shot(window: arcade.Window, out: Path, name: str) -> None:
    """A screenshot once every kind waits on the field and rides on a ship as the window
    draws them."""
    view = window.current_view
    world, pid = window.hosted_game.world, view.session.world.my_pid

    def stocked() -> bool:
        stock_the_field(world, pid)
        return {p.kind for p in view.scene.powerup_art.pickups} == set(FIELD) and \
            len(view.scene.powerup_art.carriers) == len(FIELD)

    run_until(window, stocked, "every kind on the field and on a ship")
    window.test(3)  # a frame draws what the update before it placed
    arcade.get_image().save(out / f"{name}.png")
    art = view.scene.powerup_art
    say(f"pickups drawn in {name}: {json.dumps(sorted(p.kind for p in art.pickups))}")
    say(f"carriers drawn in {name}: {json.dumps(sorted(c[2] for c in art.carriers))}")


def take_a_shield(window: StarlaneWindow) -> None:
    """A shield put under our ship (once more, if a bot took it first, or the ship moved
    off it) until we carry one."""
    view = window.current_view
    world = window.hosted_game.world
    pid = view.session.world.my_pid
    run_until(window, lambda: world.ships[pid].alive, "our ship alive")

    def put_under_us() -> bool:
        ship = world.ships[pid]
        if ship.power != "shield" and ship.alive and not any(
                p.kind == "shield" and sim.distance(p.x, p.y, ship.x, ship.y)
                < sim.SHIP_RADIUS + powerups.PICKUP_RADIUS for p in world.powerups.values()):
            # (one the timer put elsewhere on the field does not count: we stand still)
            uid = world.new_id()
            world.powerups[uid] = sim.PowerUp(uid, "shield", ship.x, ship.y)
        own = view.session.world.own_ship(view.session.clock())
        return own is not None and own.power == "shield"

    run_until(window, put_under_us, "our ship carrying a shield")
    run_until(window, lambda: any("Vega took a shield" in line for _, line in view.feed),
              "the feed saying so")


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    window, start = on_the_start_screen(settings.load().model_copy(
        update={"name": "Vega", "window_size": SIZES[1]}))
    play_vs_bots(window, start, "easy")
    view = window.current_view
    take_a_shield(window)
    say(f"feed: {json.dumps([line for _, line in view.feed])}")
    for width, height in SIZES:
        window.set_size(width, height)
        run_until(window, lambda w=width, h=height: window.get_size() == (w, h), f"{width}")
        window.test(10)  # the letterbox and the texts fitted to the new size
        shot(window, out, f"powerups-{width}")
        say(f"hud at {width}: {view.scene.powerup_art.own.text}")
    window.settings = window.settings.model_copy(update={"palette": "colour-blind safe"})
    shot(window, out, "powerups-colour-blind")
    window.on_close()
    say("done")


if __name__ == "__main__":
    main()
