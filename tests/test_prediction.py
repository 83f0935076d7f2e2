"""Client-side prediction, rollback and interpolation, with fake time."""

import copy
import itertools

import pytest

from starlane.game.client.prediction import ClientWorld
from starlane.game.core import sim


def server_with(*names, seed=5):
    world = sim.new_world(seed)
    world.asteroids.clear()
    ships = [sim.add_ship(world, n) for n in names]
    return world, ships


def pid_of(world, name):
    return next(pid for pid, ship in world.ships.items() if ship.name == name)


def feed_states(client, world, ticks, t0=0.0):
    """Step the server ``ticks`` times, delivering each state at once (zero latency)."""
    for _ in range(ticks):
        sim.step(world)
        client.on_state(copy.deepcopy(world), t0 + world.tick * sim.DT)


def test_a_predicted_shot_appears_at_once_and_disappears_when_ruled_illegal():
    world, _ = server_with("Vega")
    client = ClientWorld(pid_of(world, "Vega"))
    feed_states(client, world, 3)
    now = 3 * sim.DT
    shot = client.press("fire", now, "e1")
    assert [b.bid for b in client.bullets(now)] == [shot]
    client.judged("e1", "fire", legal=False)  # the server said ILLEGAL (e.g. cooldown)
    assert client.bullets(now) == [] and "fire" not in client.keys


def test_a_confirmed_shot_gives_way_to_the_servers_bullet():
    world, [vega] = server_with("Vega")
    client = ClientWorld(pid_of(world, "Vega"))
    feed_states(client, world, 2)
    client.press("fire", 2 * sim.DT, "e1")
    client.judged("e1", "fire", legal=True)
    sim.apply_input(vega, "KEYDOWN", "fire")
    feed_states(client, world, 1)
    bullets = client.bullets(3 * sim.DT)
    assert len(bullets) == 1 and bullets[0].bid > 0  # the server's, not ours


def test_own_input_shows_at_once_ahead_of_the_server():
    world, _ = server_with("Vega")
    client = ClientWorld(pid_of(world, "Vega"))
    feed_states(client, world, 5)
    before = client.own_ship(5 * sim.DT).angle
    client.press("right", 5 * sim.DT, "e1")
    later = client.own_ship(5 * sim.DT + 4 * sim.DT)  # 4 ticks on, no new server state yet
    assert later.angle == pytest.approx((before + 4 * sim.TURN_RATE * sim.DT) % 360)


def test_reconciliation_matches_the_server_when_it_catches_up():
    world, [vega] = server_with("Vega")
    client = ClientWorld(pid_of(world, "Vega"))
    feed_states(client, world, 2)
    client.press("up", 2 * sim.DT, "e1")
    predicted = client.own_ship(2 * sim.DT + 6 * sim.DT)
    sim.apply_input(vega, "KEYDOWN", "up")
    feed_states(client, world, 6)
    server = client.me()
    assert (predicted.x, predicted.y) == pytest.approx((server.x, server.y), abs=0.2)


def test_remote_ships_are_interpolated_between_states_not_jumping():
    world, [_, orion] = server_with("Vega", "Orion")
    orion.angle, orion.keys = 90.0, {"up"}
    client = ClientWorld(pid_of(world, "Vega"))
    feed_states(client, world, 20)
    xs = []
    for frame in range(12):  # 4 frames per tick, as at 120 fps
        now = 20 * sim.DT + frame * sim.DT / 4
        [ship] = client.remote_ships(now)
        xs.append(ship.x)
    steps = [b - a for a, b in itertools.pairwise(xs)]
    assert all(s > 0 for s in steps)  # always moving forward
    assert max(steps) < 3 * min(steps)  # evenly: no stepping at the NOTIFY rate
    latest_x = client.latest.ships[orion.pid].x
    assert xs[0] < latest_x  # drawn behind the newest state (the playout's delay)


def test_interpolation_takes_the_short_way_across_the_wrap():
    world, [_, orion] = server_with("Vega", "Orion")
    orion.x, orion.vx, orion.angle = sim.WIDTH - 3.0, 300.0, 90.0
    client = ClientWorld(pid_of(world, "Vega"))
    feed_states(client, world, 6)
    for frame in range(8):
        [ship] = client.remote_ships(6 * sim.DT + frame * sim.DT / 2)
        assert ship.x > sim.WIDTH - 20 or ship.x < 100  # never drawn across the arena


def test_an_older_state_arriving_late_is_skipped():
    world, _ = server_with("Vega")
    client = ClientWorld(pid_of(world, "Vega"))
    feed_states(client, world, 3)
    old = copy.deepcopy(world)
    old.tick = 1
    client.on_state(old, 1.0)
    assert client.latest.tick == 3


def test_after_the_server_stood_still_the_clock_follows_its_ticks_again():
    world, _ = server_with("Vega")
    client = ClientWorld(pid_of(world, "Vega"))
    feed_states(client, world, 3)
    feed_states(client, world, 1, t0=30.0)  # a practice game paused for 30 s
    assert client.server_tick(30.0 + world.tick * sim.DT) == pytest.approx(world.tick)
