"""Hits and explosions reach the screen as effects placed where they happened."""

import math

from starlane.game.core import sim
from tests.helpers import duel, hunt


def test_a_hit_and_a_kill_become_effects_at_the_victims_position():
    game, wire, vega, orion = duel()
    effects = []
    for _ in range(40 * sim.TICK_RATE):
        game.on_tick(wire.now)
        wire.step(sim.DT)
        orion.pump()
        effects += vega.pump().effects
        hunt(vega, "Orion", wire.now)
        if any(kind == "explosion" for kind, _, _ in effects):
            break
    kinds = [kind for kind, _, _ in effects]
    assert "hit" in kinds and kinds[-1] == "explosion"
    victim = next(s for s in game.world.ships.values() if s.name == "Orion")
    _, x, y = effects[-1]
    assert math.hypot(x - victim.x, y - victim.y) < 1.0  # a dead ship stays where it died
