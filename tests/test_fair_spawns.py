"""Fair spawns: a (re)spawn is the arena's point farthest from every ship and live bullet,
350 px from the nearest ship whenever the arena allows, and the spawn shield keeps a new
ship out of the fight for a moment (bots leave it alone)."""

from bench.bot_rounds import play_round
from starlane.game.core import sim
from starlane.game.core.match import SAFE_DISTANCE, Match, safe_point, spawn_candidates

ROUNDS = 50
SAFE_SECONDS = 3.0  # no death this soon after a spawn


def arena_with(*positions):
    """A world with asteroids gone and still ships at ``positions``; returns it and a ship
    waiting to respawn."""
    world = sim.new_world(5)
    world.asteroids.clear()
    for n, (x, y) in enumerate(positions):
        ship = sim.add_ship(world, f"P{n}")
        ship.x, ship.y = x, y
    waiting = sim.add_ship(world, "Late")
    waiting.alive = False
    return world, waiting


def nearest(world, x, y, pid):
    return min(sim.distance(x, y, s.x, s.y) for s in world.ships.values()
               if s.alive and s.pid != pid)


def test_a_respawn_is_at_least_350_px_from_every_ship():
    world, late = arena_with((200, 200), (640, 360), (1000, 500))
    x, y = safe_point(world, late.pid)
    assert nearest(world, x, y, late.pid) >= SAFE_DISTANCE


def test_a_respawn_keeps_away_from_live_bullets():
    world, late = arena_with((640, 360))
    first = safe_point(world, late.pid)
    world.bullets[99] = sim.Bullet(99, 1, *first, 0.0, 0.0, world.tick + 10)
    x, y = safe_point(world, late.pid)
    assert sim.distance(x, y, *first) >= SAFE_DISTANCE


def test_in_a_crowded_arena_a_respawn_is_the_point_farthest_from_the_ships():
    crowd = [(x, y) for x in range(80, 1280, 300) for y in range(60, 720, 220)]
    world, late = arena_with(*crowd)
    x, y = safe_point(world, late.pid)
    best = max(nearest(world, cx, cy, late.pid) for cx, cy in spawn_candidates())
    assert nearest(world, x, y, late.pid) == best < SAFE_DISTANCE


def test_a_respawn_is_inside_the_arena_away_from_its_edges():
    world, late = arena_with((640, 360))
    x, y = safe_point(world, late.pid)
    assert 0 < x < sim.WIDTH and 0 < y < sim.HEIGHT


def test_a_joining_ship_is_placed_apart_from_the_others():
    world, _ = arena_with((300, 300))
    match = Match()
    match.begin(world)
    late = sim.add_ship(world, "Joiner")
    match.place(world, late)
    assert nearest(world, late.x, late.y, late.pid) >= SAFE_DISTANCE


def test_over_50_rounds_of_3_normal_bots_nobody_dies_soon_after_a_spawn_or_spawns_close():
    logs = [play_round(seed, "normal", 3, "idle", 60.0) for seed in range(1, ROUNDS + 1)]
    spawns = [near for log in logs for _, _, near in log.spawns]
    soonest = min(t for log in logs for t in log.first_deaths())
    assert len(spawns) > 4 * ROUNDS  # there were respawns, not only round starts
    assert min(spawns) >= SAFE_DISTANCE
    assert soonest > SAFE_SECONDS
