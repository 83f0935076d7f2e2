"""The three arenas in the pure simulation, on fake time: the sun's pull and burn, the
walls that bounce ships, stop bullets and slide as documented, and spawns clear of both."""

import math
import re
from pathlib import Path

import pytest

from starlane.game.core import arenas, feed, sim
from starlane.game.core.match import spawn_candidates


def empty(arena, seed=3):
    world = sim.new_world(seed, arena)
    world.asteroids.clear()
    return world


def ship_at(world, x, y, angle=0.0):
    ship = sim.add_ship(world, f"S{len(world.ships)}")
    ship.x, ship.y, ship.angle, ship.shield_until = x, y, angle, 0
    return ship


def bullet_at(world, x, y, vx, vy):
    bullet = sim.Bullet(world.new_id(), owner=0, x=x, y=y, vx=vx, vy=vy,
                        expires=world.tick + sim.BULLET_TICKS)
    world.bullets[bullet.bid] = bullet
    return bullet


def from_sun(x, y):
    return math.hypot(x - arenas.SUN_X, y - arenas.SUN_Y)


def test_only_the_field_has_asteroids():
    assert [len(sim.new_world(1, arena).asteroids) for arena in ("field", "sun", "walls")
            ] == [sim.ASTEROIDS, 0, 0]


def test_the_sun_sits_at_the_centre_of_the_arena():
    assert (arenas.SUN_X, arenas.SUN_Y) == (sim.WIDTH / 2, sim.HEIGHT / 2)


def test_the_suns_pull_bends_a_passing_bullet_towards_it():
    world = empty("sun")
    bullet = bullet_at(world, 340.0, 460.0, sim.BULLET_SPEED, 0.0)  # passes 100 px above
    for _ in range(20):
        sim.step(world)
    assert bullet.vy < -30 and bullet.y < 450 and bullet.vx > 0


def test_a_bullet_flies_straight_in_the_field():
    world = empty("field")
    bullet = bullet_at(world, 340.0, 460.0, sim.BULLET_SPEED, 0.0)
    for _ in range(20):
        sim.step(world)
    assert (bullet.y, bullet.vy) == (460.0, 0.0)


def test_a_bullet_that_touches_the_sun_is_gone():
    world = empty("sun")
    bullet = bullet_at(world, 540.0, 360.0, sim.BULLET_SPEED, 0.0)
    for _ in range(6):
        sim.step(world)
    assert bullet.bid not in world.bullets


def test_a_still_ship_falls_into_the_sun_and_burns_with_the_sun_named_as_its_killer():
    world = empty("sun")
    ship = ship_at(world, 640.0, 360.0 + 250.0)
    kills = []
    for _ in range(10 * sim.TICK_RATE):
        kills += [e for e in sim.step(world) if e["kind"] == "kill"]
        if kills:
            break
    assert kills == [{"kind": "kill", "victim": ship.name, "killer": None, "by": "sun"}]
    assert not ship.alive and ship.deaths == 1


def test_the_sun_burns_through_the_spawn_shield():
    world = empty("sun")
    ship = ship_at(world, 640.0, 360.0 + arenas.SUN_RADIUS + 10.0)
    ship.shield_until = world.tick + sim.SPAWN_SHIELD_TICKS
    happened = [e["kind"] for _ in range(5) for e in sim.step(world)]
    assert "kill" in happened


def test_the_feed_says_who_burned_in_the_sun():
    assert feed.line({"kind": "kill", "victim": "Vega", "killer": None, "by": "sun"}
                     ) == "Vega burned in the sun"


def test_thrust_climbs_out_of_the_pull_from_the_suns_edge():
    ship = sim.Ship(1, "A", 640.0, 360.0 + arenas.SUN_RADIUS + sim.SHIP_RADIUS + 3.0,
                    keys={"up"})
    for tick in range(1, 2 * sim.TICK_RATE):
        sim.move_ship(ship, "sun", tick)
        assert not arenas.burns("sun", ship.x, ship.y, sim.SHIP_RADIUS)
    assert from_sun(ship.x, ship.y) > 250


def test_a_ship_can_hold_an_orbit_with_a_little_thrust():
    """The nose kept along the orbit (leaning in when it drifts out: a 32 degrees/s turn,
    well within a ship's), thrust whenever slower than a circular orbit's speed."""
    radius = 200.0
    speed = math.sqrt(arenas.SUN_GRAVITY / radius)  # circular: pull = speed**2 / radius
    ship = sim.Ship(1, "A", 640.0 + radius, 360.0, vx=0.0, vy=speed)
    distances, thrusting = [], 0
    for tick in range(1, 10 * sim.TICK_RATE):
        dx, dy = ship.x - arenas.SUN_X, ship.y - arenas.SUN_Y
        r = math.hypot(dx, dy)
        lean = min(max((r - radius) / 100, -0.6), 0.6)
        ship.angle = math.degrees(math.atan2(-dy / r - dx / r * lean, dx / r - dy / r * lean))
        ship.keys = {"up"} if math.hypot(ship.vx, ship.vy) < speed else set()
        thrusting += bool(ship.keys)
        sim.move_ship(ship, "sun", tick)
        distances.append(from_sun(ship.x, ship.y))
    assert radius - 20 < min(distances) and max(distances) < radius + 20
    assert thrusting < len(distances) / 3


def test_a_wall_stops_a_bullet_that_would_pass_through_it_in_one_tick():
    world = empty("walls")
    x1, y1, _, y2 = arenas.WALLS[0].at(0)  # the left pillar: x 330, y 250..470
    bullet = bullet_at(world, x1 - 20.0, (y1 + y2) / 2, 1200.0, 0.0)  # 40 px a tick
    sim.step(world)
    assert bullet.bid not in world.bullets


def test_a_bullet_beside_a_wall_flies_on():
    world = empty("walls")
    bullet = bullet_at(world, 200.0, 600.0, sim.BULLET_SPEED, 0.0)
    for _ in range(10):
        sim.step(world)
    assert bullet.bid in world.bullets


def test_a_ship_bounces_off_a_wall_and_never_enters_it():
    world = empty("walls")
    ship = ship_at(world, 250.0, 360.0, angle=90.0)  # left of the left pillar, facing it
    sim.apply_input(ship, "KEYDOWN", "up")
    gaps = []
    for _ in range(2 * sim.TICK_RATE):
        sim.step(world)
        gaps.append(arenas.WALLS[0].x1 - ship.x)
    assert min(gaps) >= arenas.WALL_HALF + sim.SHIP_RADIUS - 1e-6
    sim.apply_input(ship, "KEYUP", "up")
    sim.step(world)
    assert ship.vx < 0  # thrown back


def test_the_sliding_walls_move_as_documented():
    low, high = arenas.WALLS[3], arenas.WALLS[4]
    quarter = arenas.SLIDE_TICKS // 4
    assert low.at(0) == (500.0, 170.0, 780.0, 170.0)
    assert low.at(quarter) == pytest.approx((680.0, 170.0, 960.0, 170.0))
    assert high.at(quarter) == pytest.approx((320.0, 550.0, 600.0, 550.0))
    assert low.at(arenas.SLIDE_TICKS + 7) == low.at(7)
    step = low.at(1)[0] - low.at(0)[0]
    assert low.velocity(0, sim.TICK_RATE)[0] == pytest.approx(step * sim.TICK_RATE, rel=0.01)


def test_a_sliding_wall_pushes_a_still_ship_along():
    world = empty("walls")
    low = arenas.WALLS[3]
    ship = ship_at(world, low.at(0)[2] + arenas.WALL_HALF + sim.SHIP_RADIUS + 1.0, 170.0)
    for _ in range(arenas.SLIDE_TICKS // 8):
        sim.step(world)
    assert ship.x > 850 and ship.vx > 0


@pytest.mark.parametrize("arena", ["sun", "walls"])
def test_spawn_points_are_clear_of_the_sun_and_of_every_wall_wherever_it_slides(arena):
    hull = sim.SHIP_RADIUS
    for x, y in spawn_candidates(arena):
        assert from_sun(x, y) > arenas.SUN_RADIUS + hull if arena == "sun" else all(
            math.hypot(x - cx, y - cy) > arenas.WALL_HALF + hull
            for tick in range(arenas.SLIDE_TICKS) for wall in arenas.WALLS
            for cx, cy in (arenas.closest_on_segment(x, y, *wall.at(tick)),))


@pytest.mark.parametrize("arena", ["sun", "walls"])
def test_a_respawn_without_a_match_is_clear_of_the_sun_and_the_walls(arena):
    world = empty(arena)
    for pid in range(1, 200):
        x, y = sim.open_spawn_point(world, pid)
        assert arenas.open_space(arena, x, y, sim.SHIP_RADIUS)


@pytest.mark.parametrize("arena", ["sun", "walls"])
def test_the_corner_spawn_of_last_resort_is_open_in_every_arena(arena):
    assert arenas.open_space(arena, *sim.SPAWN_CORNER, sim.SHIP_RADIUS)


def test_the_field_has_neither_pull_nor_walls():
    assert arenas.pull("field", 100.0, 100.0) == (0.0, 0.0) and arenas.walls("field") == ()


def test_the_walls_in_the_protocol_document_are_the_walls_the_server_uses():
    text = (Path(__file__).resolve().parent.parent / "docs" / "protocol.md").read_text()
    rows = re.findall(r"^  \| [a-z ]+ \| \((\d+), (\d+)\) \| \((\d+), (\d+)\) \| ([+-]?\d+) \|$",
                      text, re.MULTILINE)
    assert [tuple(float(n) for n in row) for row in rows] == [
        (w.x1, w.y1, w.x2, w.y2, w.sway_x) for w in arenas.WALLS]
    assert all(w.sway_y == 0 and w.period_ticks in (0, arenas.SLIDE_TICKS)
               for w in arenas.WALLS)


def test_the_sun_burns_through_a_shield_power_up():
    world = empty("sun")
    ship = ship_at(world, 640.0, 360.0 + arenas.SUN_RADIUS + 10.0)
    ship.power, ship.power_until = "shield", world.tick + 8 * sim.TICK_RATE
    happened = [e["kind"] for _ in range(5) for e in sim.step(world)]
    assert "kill" in happened
