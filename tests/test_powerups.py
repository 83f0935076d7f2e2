"""Power-ups: on a seeded timer, away from ships, taken by contact, each with its effect for
a few seconds, judged by the server and predicted alike by the client (fake time)."""

import copy
import math

import pytest

from starlane.game.client.prediction import ClientWorld
from starlane.game.core import netstate, powerups, sim
from starlane.game.core.feed import line
from starlane.game.core.match import RESULTS_TICKS, Match, MatchConfig, spawn_candidates
from starlane.game.core.rules import Rules
from starlane.game.server.takeover import continued_world
from starlane.net import TrackedDict


def playing(*names, seed=3, config=None):
    """A round under way with still ships ``names`` (rocks cleared), spawn shields gone."""
    world = sim.new_world(seed)
    world.asteroids.clear()
    match = Match(config or MatchConfig())
    match.begin(world)
    ships = [sim.add_ship(world, name) for name in names]
    for ship in ships:
        ship.shield_until = 0
    return world, match, ships


def run_until_one_appears(world, match, limit=2 * powerups.PERIOD_TICKS):
    for _ in range(limit):
        match.step(world)
        if world.powerups:
            return next(iter(world.powerups.values()))
    raise AssertionError("no power-up appeared")


def carrying(ship, kind, world):
    ship.power, ship.power_until = kind, world.tick + powerups.POWER_TICKS


def test_one_appears_each_period_at_its_seeded_tick():
    world, match, _ = playing("Vega")
    run_until_one_appears(world, match)
    assert world.tick == powerups.appears_at(world.seed, 0)
    assert 0 <= world.tick < powerups.JITTER_TICKS


def test_the_same_seed_gives_the_same_power_ups_at_the_same_points():
    kinds = []
    for _ in range(2):
        world, match, _ = playing("Vega")
        found = run_until_one_appears(world, match)
        kinds.append((found.kind, found.x, found.y, world.tick))
    assert kinds[0] == kinds[1]


def test_a_power_up_appears_away_from_every_ship():
    world, match, ships = playing("Vega", "Orion", "Lyra")
    for ship, (x, y) in zip(ships, [(200.0, 200.0), (640.0, 360.0), (1000.0, 500.0)],
                            strict=True):
        ship.x, ship.y = x, y
    found = run_until_one_appears(world, match)
    assert all(sim.distance(found.x, found.y, s.x, s.y) >= powerups.CLEAR_OF_SHIPS
               for s in ships)


def test_no_more_than_the_most_wait_on_the_field():
    world, match, _ = playing("Vega")
    for _ in range((powerups.MAX_ON_FIELD + 2) * powerups.PERIOD_TICKS):
        match.step(world)
        assert len(world.powerups) <= powerups.MAX_ON_FIELD
    assert len(world.powerups) == powerups.MAX_ON_FIELD


def test_none_appear_with_power_ups_off():
    world, match, _ = playing("Vega", config=MatchConfig(powerups=False))
    for _ in range(3 * powerups.PERIOD_TICKS):
        match.step(world)
    assert world.powerups == {}


def test_flying_over_one_takes_it_for_a_few_seconds_and_the_feed_says_so():
    world, match, [vega] = playing("Vega")
    found = run_until_one_appears(world, match)
    vega.x, vega.y = found.x, found.y
    happened = match.step(world)
    assert world.powerups == {}
    assert (vega.power, vega.power_until) == (found.kind, world.tick + powerups.POWER_TICKS)
    entry = next(h for h in happened if h["kind"] == "powerup")
    assert line(entry) == f"Vega took {powerups.NAMES[found.kind]}"


def test_a_new_one_replaces_the_one_carried():
    world, match, [vega] = playing("Vega")
    carrying(vega, "rapid", world)
    world.powerups[99] = sim.PowerUp(99, "spread", vega.x, vega.y)
    match.step(world)
    assert vega.power == "spread"


def test_a_power_ends_when_its_time_is_up():
    world, match, [vega] = playing("Vega")
    carrying(vega, "rapid", world)
    for _ in range(powerups.POWER_TICKS):
        match.step(world)
    assert vega.power == "" and not vega.powered("rapid", world.tick)


def test_a_power_ends_when_its_ship_is_destroyed():
    world, match, [vega] = playing("Vega")
    carrying(vega, "rapid", world)
    vega.hp = 1
    world.asteroids[50] = sim.Asteroid(50, vega.x, vega.y, 0.0, 0.0)
    match.step(world)
    assert not vega.alive and vega.power == ""


def test_the_round_end_clears_the_field_and_every_power():
    world, match, [vega, _] = playing("Vega", "Orion", config=MatchConfig(kills_to_win=1))
    run_until_one_appears(world, match)
    carrying(vega, "spread", world)
    vega.score = 1
    match.step(world)
    assert match.phase == "results" and world.powerups == {} and vega.power == ""
    for _ in range(RESULTS_TICKS):
        match.step(world)
    assert match.round == 2 and world.powerups == {}


def test_a_shield_takes_no_damage_and_its_carrier_still_deals_it():
    world, _, [vega, orion] = playing("Vega", "Orion")
    carrying(vega, "shield", world)
    vega.x, vega.y, vega.angle = 300.0, 300.0, 90.0  # nose to the right, at Orion
    orion.x, orion.y, orion.angle = 400.0, 300.0, 270.0  # nose to the left, at Vega
    vega.fire_queued = orion.fire_queued = True
    for _ in range(5):
        sim.step(world)
    assert (vega.hp, orion.hp) == (sim.MAX_HP, sim.MAX_HP - 1)


def test_rapid_fire_is_judged_legal_at_its_cooldown_and_illegal_before():
    world, match, [vega] = playing("Vega")
    rules = Rules(world, match)
    carrying(vega, "rapid", world)
    rules.execute(vega.pid, {"KEYDOWN": "fire"})
    rules.apply_queued()
    sim.step(world)  # the shot leaves: the cooldown counts from this tick
    for _ in range(sim.RAPID_COOLDOWN_TICKS):
        assert rules.judge(vega.pid, {"KEYDOWN": "fire"}).reason == "weapon cooling down"
        sim.step(world)
    assert rules.judge(vega.pid, {"KEYDOWN": "fire"}).legal


def test_without_rapid_fire_the_same_shot_is_still_cooling_down():
    world, match, [vega] = playing("Vega")
    rules = Rules(world, match)
    rules.execute(vega.pid, {"KEYDOWN": "fire"})
    rules.apply_queued()
    for _ in range(sim.RAPID_COOLDOWN_TICKS):
        sim.step(world)
    assert rules.judge(vega.pid, {"KEYDOWN": "fire"}).reason == "weapon cooling down"


def test_a_spread_shot_fires_three_bullets_in_a_fan():
    world, _, [vega] = playing("Vega")
    carrying(vega, "spread", world)
    vega.fire_queued = True
    sim.step(world)
    headings = sorted(round(_heading(b, vega), 1) for b in world.bullets.values())
    assert headings == [round((vega.angle + off) % 360.0, 1) for off in sim.SPREAD_DEGREES]


def _heading(bullet, ship):
    return math.degrees(math.atan2(bullet.vx - ship.vx, bullet.vy - ship.vy)) % 360.0


def test_the_client_predicts_a_rapid_shot_the_server_then_judges_legal():
    world, match, [vega] = playing("Vega")
    rules = Rules(world, match)
    carrying(vega, "rapid", world)
    client = ClientWorld(vega.pid)
    client.on_state(copy.deepcopy(world), world.tick * sim.DT)
    shots = 0
    for _ in range(3 * sim.FIRE_COOLDOWN_TICKS):
        now = world.tick * sim.DT
        if client.may_fire(now):
            client.press("fire", now, f"e{shots}")
            verdict = rules.judge(vega.pid, {"KEYDOWN": "fire"})
            client.judged(f"e{shots}", "fire", verdict.legal)
            assert verdict.legal, verdict.reason
            rules.execute(vega.pid, {"KEYDOWN": "fire"})
            shots += 1
        rules.apply_queued()
        match.step(world)
        client.on_state(copy.deepcopy(world), world.tick * sim.DT)
    assert shots > 3  # the most that 3 cooldowns allow without rapid fire


def test_the_client_predicts_a_spread_shot_as_three_bullets():
    world, _, [vega] = playing("Vega")
    carrying(vega, "spread", world)
    client = ClientWorld(vega.pid)
    client.on_state(copy.deepcopy(world), world.tick * sim.DT)
    client.press("fire", world.tick * sim.DT, "e1")
    assert len(client.bullets(world.tick * sim.DT)) == len(sim.SPREAD_DEGREES)


def test_the_state_carries_the_field_and_each_ships_power_back_to_a_client():
    world, match, [vega, orion] = playing("Vega", "Orion")
    found = run_until_one_appears(world, match)
    carrying(vega, "shield", world)
    root = TrackedDict()
    netstate.write_world(root, world, [])
    state = root.snapshot()
    assert state["powerups"] == {str(found.uid): [found.kind, round(found.x, 1),
                                                  round(found.y, 1)]}
    assert "power" not in state["ships"][str(orion.pid)]
    read = netstate.read_world(state, world.tick)
    assert read.powerups[found.uid].kind == found.kind
    assert (read.ships[vega.pid].power, read.ships[vega.pid].power_until) == (
        "shield", vega.power_until)


def test_a_power_that_ends_leaves_the_ships_state():
    world, _, [vega] = playing("Vega")
    carrying(vega, "rapid", world)
    root = TrackedDict()
    netstate.write_world(root, world, [])
    vega.power, vega.power_until = "", 0
    netstate.write_world(root, world, [])
    assert "power" not in root.snapshot()["ships"][str(vega.pid)]


def test_every_kind_has_a_name_to_read_in_the_feed_and_the_hud():
    assert set(powerups.NAMES) == set(powerups.LABELS) == set(sim.POWER_KINDS)


def test_power_ups_appear_only_at_the_arenas_candidate_points():
    world, match, _ = playing("Vega")
    found = run_until_one_appears(world, match)
    assert (found.x, found.y) in spawn_candidates()


def test_a_match_taken_over_keeps_its_power_ups_and_never_reuses_their_ids():
    world, match, [vega] = playing("Vega")
    found = run_until_one_appears(world, match)
    carrying(vega, "spread", world)
    root = TrackedDict()
    netstate.write_world(root, world, [])
    netstate.write_match(root, match, world)
    taken, _, _ = continued_world(root.snapshot(), world.tick, {vega.pid})
    assert taken.powerups[found.uid].kind == found.kind
    assert taken.ships[vega.pid].power == "spread"
    assert taken.new_id() > found.uid


@pytest.mark.parametrize("arena", ["sun", "walls"])
def test_power_ups_appear_only_where_the_arena_lets_ships_spawn(arena):
    world = sim.new_world(3, arena)
    match = Match(MatchConfig(arena=arena))
    match.begin(world)
    for _ in range(12 * powerups.PERIOD_TICKS):
        match.step(world)
    assert world.powerups and all((p.x, p.y) in spawn_candidates(arena)
                                  for p in world.powerups.values())
