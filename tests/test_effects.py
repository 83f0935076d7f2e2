"""Hits and explosions reach the screen as effects placed where they happened."""

import math

from game import sim
from game.server import GameServer
from game.session import NetSession
from net.server import ServerConfig
from tests.helpers import SERVER, Wire
from tests.test_match import NoLink, hunt


def test_a_hit_and_a_kill_become_effects_at_the_victims_position():
    game = GameServer(ServerConfig(), seed=7)
    game.world.asteroids.clear()
    wire = Wire(game.protocol)
    clock = lambda: wire.now  # noqa: E731
    vega = NetSession(SERVER, "Vega", clock=clock, link=lambda *_: NoLink())
    orion = NetSession(SERVER, "Orion", clock=clock, link=lambda *_: NoLink())
    wire.add(("10.0.0.2", 5000), vega.protocol)
    wire.add(("10.0.0.3", 5000), orion.protocol)
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
