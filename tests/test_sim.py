"""The simulation: deterministic, physical, and the rules of a fight."""

import copy

from starlane.game.core import sim


def fresh(seed=3):
    world = sim.new_world(seed)
    world.asteroids.clear()  # most tests want an empty arena
    return world


def test_same_inputs_give_the_same_world_every_time():
    def play():
        world = sim.new_world(42)
        a, b = sim.add_ship(world, "A"), sim.add_ship(world, "B")
        for t in range(300):
            sim.apply_input(a, "KEYDOWN" if t % 40 < 25 else "KEYUP", "up")
            sim.apply_input(b, "KEYDOWN", "left" if t < 100 else "right")
            if t % 12 == 0 and sim.can_fire(world, a) is None:
                sim.apply_input(a, "KEYDOWN", "fire")
            sim.step(world)
        return world
    assert play() == play()


def test_thrust_accelerates_along_the_heading_and_drag_slows_the_ship():
    world = fresh()
    ship = sim.add_ship(world, "A")
    ship.angle = 90.0  # facing right
    sim.apply_input(ship, "KEYDOWN", "up")
    for _ in range(10):
        sim.step(world)
    assert ship.vx > 100 and abs(ship.vy) < 1e-6
    sim.apply_input(ship, "KEYUP", "up")
    fast = ship.vx
    for _ in range(10):
        sim.step(world)
    assert ship.vx < fast


def test_ships_wrap_around_the_arena_edges():
    world = fresh()
    ship = sim.add_ship(world, "A")
    ship.x, ship.vx = sim.WIDTH - 1.0, 300.0
    sim.step(world)
    assert ship.x < 20


def test_a_shot_starts_a_cooldown_and_the_bullet_expires():
    world = fresh()
    ship = sim.add_ship(world, "A")
    sim.apply_input(ship, "KEYDOWN", "fire")
    assert sim.can_fire(world, ship) == "weapon cooling down"  # queued counts
    sim.step(world)
    assert len(world.bullets) == 1
    assert sim.can_fire(world, ship) == "weapon cooling down"
    for _ in range(sim.FIRE_COOLDOWN_TICKS):
        sim.step(world)
    assert sim.can_fire(world, ship) is None
    for _ in range(sim.BULLET_TICKS):
        sim.step(world)
    assert world.bullets == {}


def test_three_hits_destroy_a_ship_score_a_kill_and_it_respawns_later():
    world = fresh()
    hunter, prey = sim.add_ship(world, "Vega"), sim.add_ship(world, "Orion")
    hunter.shield_until = prey.shield_until = 0
    happened = []
    for _ in range(sim.MAX_HP):
        bullet = sim.Bullet(world.new_id(), hunter.pid, prey.x - 30, prey.y, 600, 0, 99)
        world.bullets[bullet.bid] = bullet
        happened += sim.step(world)
        world.tick += sim.HIT_SHIELD_TICKS
    assert [h["kind"] for h in happened] == ["hit", "hit", "hit", "kill"]
    assert happened[-1] == {"kind": "kill", "victim": "Orion", "killer": "Vega"}
    assert (prey.alive, hunter.score, prey.deaths) == (False, 1, 1)
    assert sim.can_fire(world, prey) == "cannot fire while destroyed"
    world.tick = prey.respawn_tick - 1
    assert [h["kind"] for h in sim.step(world)] == ["respawn"]
    assert prey.alive and prey.hp == sim.MAX_HP


def test_a_fresh_ship_is_shielded():
    world = fresh()
    hunter, prey = sim.add_ship(world, "Vega"), sim.add_ship(world, "Orion")
    hunter.shield_until = 0
    world.bullets[99] = sim.Bullet(99, hunter.pid, prey.x - 30, prey.y, 600, 0, 99)
    sim.step(world)
    assert prey.hp == sim.MAX_HP


def test_a_ship_inside_its_spawn_shield_deals_no_damage():
    world = fresh()
    hunter, prey = sim.add_ship(world, "Vega"), sim.add_ship(world, "Orion")
    prey.shield_until = 0
    world.bullets[99] = sim.Bullet(99, hunter.pid, prey.x - 30, prey.y, 600, 0, 99)
    assert sim.step(world) == [] and 99 not in world.bullets
    assert prey.hp == sim.MAX_HP


def test_a_hit_ship_takes_no_second_hit_at_once_but_still_deals_damage():
    world = fresh()
    hunter, prey = sim.add_ship(world, "Vega"), sim.add_ship(world, "Orion")
    hunter.shield_until = prey.shield_until = 0
    hunter.hurt_until = world.tick + sim.HIT_SHIELD_TICKS
    world.bullets[98] = sim.Bullet(98, prey.pid, hunter.x - 30, hunter.y, 600, 0, 99)
    world.bullets[99] = sim.Bullet(99, hunter.pid, prey.x - 30, prey.y, 600, 0, 99)
    sim.step(world)
    assert (hunter.hp, prey.hp) == (sim.MAX_HP, sim.MAX_HP - 1)


def test_asteroids_stop_bullets_and_hurt_ships():
    world = fresh()
    world.asteroids[50] = sim.Asteroid(50, 400, 400, 0, 0)
    ship = sim.add_ship(world, "A")
    ship.shield_until = 0
    ship.x, ship.y = 400 + sim.ASTEROID_RADIUS + 10, 400
    world.bullets[51] = sim.Bullet(51, 999, 400, 400 + 20, 0, 0, 99)
    happened = sim.step(world)
    assert 51 not in world.bullets
    assert ship.hp == sim.MAX_HP - 1 and ship.vx > 0  # pushed away
    assert happened == [{"kind": "hit", "pid": ship.pid}]


def test_wrapped_distance_takes_the_short_way():
    assert sim.distance(5, 5, sim.WIDTH - 5, 5) == 10


def test_copies_do_not_share_state():
    world = fresh()
    ship = sim.add_ship(world, "A")
    other = copy.deepcopy(world)
    sim.apply_input(ship, "KEYDOWN", "up")
    assert other.ships[ship.pid].keys == set()
