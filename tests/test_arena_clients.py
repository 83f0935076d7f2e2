"""What a client makes of each arena, on fake time: its own ship predicted as the server
moves it (the sun's pull, the walls' bounces), and bullets carried along the pull."""

import copy

import pytest

from starlane.game.client.prediction import ClientWorld
from starlane.game.core import sim
from starlane.game.core.match import MatchConfig
from starlane.game.core.netstate import read_world
from tests.test_match_state import published

STARTS = {  # (x, y, heading): somewhere the arena acts on the ship within half a second
    "field": (200.0, 600.0, 90.0),
    "sun": (640.0, 540.0, 90.0),  # pulled down as it flies right
    "walls": (270.0, 360.0, 90.0),  # into the left pillar, bounced back
}


@pytest.mark.parametrize("arena", sorted(STARTS))
def test_the_own_ship_is_predicted_where_the_server_moves_it(arena):
    world = sim.new_world(5, arena)
    world.asteroids.clear()
    ship = sim.add_ship(world, "Vega")
    ship.x, ship.y, ship.angle = STARTS[arena]
    sim.apply_input(ship, "KEYDOWN", "up")
    client = ClientWorld(ship.pid)
    client.keys = {"up"}
    sim.step(world)
    client.on_state(copy.deepcopy(world), world.tick * sim.DT)
    start = (ship.x, ship.y)
    for _ in range(14):  # the client hears nothing more: it predicts 14 ticks ahead
        sim.step(world)
    predicted = client.own_ship(world.tick * sim.DT)
    assert (predicted.x, predicted.y, predicted.vx, predicted.vy) == pytest.approx(
        (ship.x, ship.y, ship.vx, ship.vy))
    assert (ship.x, ship.y) != pytest.approx(start)


def test_a_client_carries_a_bullet_along_the_suns_pull_as_the_server_flies_it():
    world = sim.new_world(5, "sun")
    world.bullets[99] = sim.Bullet(99, 0, 340.0, 460.0, sim.BULLET_SPEED, 0.0, 40)
    sim.step(world)
    state = published(MatchConfig(arena="sun"), world)
    for _ in range(20):
        sim.step(world)
    seen = read_world(state, world.tick).bullets[99]
    flown = world.bullets[99]
    assert (seen.x, seen.y) == pytest.approx((flown.x, flown.y), abs=1.0)
    assert seen.vy == pytest.approx(flown.vy, abs=1.0) and seen.vy < -30
