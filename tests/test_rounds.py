"""Rounds: who wins, when, what the results pause does, and how the next round starts."""

import pytest

from starlane.game.core import sim
from starlane.game.core.match import RESULTS_TICKS, Match, MatchConfig, spread_points

MINUTE = 60 * sim.TICK_RATE


def arena(*names, kills=3, minutes=1.0):
    world = sim.new_world(5)
    match = Match(MatchConfig(kills_to_win=kills, time_limit_s=minutes * 60))
    match.begin(world)
    ships = [sim.add_ship(world, name) for name in names]
    for ship in ships:
        match.place(world, ship)
    return world, match, ships


def run(world, match, ticks):
    happened = []
    for _ in range(ticks):
        happened += match.step(world)
    return happened


def test_the_first_pilot_to_the_kills_to_win_ends_the_round_and_wins_it():
    world, match, (vega, orion) = arena("Vega", "Orion", kills=3)
    vega.score = 3
    happened = match.step(world)
    assert match.phase == "results" and match.winners == [vega.pid]
    assert {"kind": "round_over", "round": 1, "winners": ["Vega"]} in happened
    assert (vega.score, orion.score) == (3, 0)  # the standings stay until the next round


def test_one_kill_short_of_the_target_the_round_goes_on():
    world, match, (vega, _) = arena("Vega", "Orion", kills=3)
    vega.score = 2
    match.step(world)
    assert match.phase == "playing"


def test_at_the_time_limit_the_most_kills_wins():
    world, match, (vega, orion) = arena("Vega", "Orion", kills=50)
    world.asteroids.clear()
    vega.score, orion.score = 1, 4
    run(world, match, MINUTE - 1)
    assert match.phase == "playing" and match.ends_in(world) == 1
    match.step(world)
    assert match.phase == "results" and match.winners == [orion.pid]


def test_a_tie_at_the_time_limit_is_shared():
    world, match, (vega, orion, lyra) = arena("Vega", "Orion", "Lyra", kills=50)
    world.asteroids.clear()
    vega.score, orion.score, lyra.score = 2, 2, 1
    happened = run(world, match, MINUTE)
    assert sorted(match.winners) == sorted([vega.pid, orion.pid])
    assert sorted(next(e for e in happened if e["kind"] == "round_over")["winners"]) \
        == ["Orion", "Vega"]


def test_no_kills_at_the_time_limit_is_a_draw():
    world, match, _ = arena("Vega", "Orion", kills=50)
    world.asteroids.clear()
    run(world, match, MINUTE)
    assert match.phase == "results" and match.winners == []


def test_during_the_results_nobody_flies_shoots_or_presses_keys():
    world, match, (vega, _) = arena("Vega", "Orion")
    sim.apply_input(vega, "KEYDOWN", "fire")
    vega.score = 3
    match.step(world)
    assert not any(s.alive for s in world.ships.values())
    assert world.bullets == {} and vega.keys == set()
    assert match.accepts_input() == "round over: the next round starts soon"


def test_the_results_last_eight_seconds_then_round_two_starts_with_scores_reset():
    world, match, (vega, orion) = arena("Vega", "Orion")
    vega.score, orion.deaths = 3, 3
    match.step(world)
    assert match.ends_in(world) == 8
    happened = run(world, match, RESULTS_TICKS - 1)
    assert match.phase == "results"
    happened += match.step(world)
    assert (match.round, match.phase) == (2, "playing")
    assert {"kind": "round_start", "round": 2} in happened
    assert match.ends_in(world) == 60 and match.winners == []
    for ship in (vega, orion):
        assert (ship.score, ship.deaths, ship.alive, ship.hp) == (0, 0, True, sim.MAX_HP)
        assert world.tick < ship.shield_until


def test_a_new_round_puts_everyone_apart_and_clear_of_asteroids():
    world, match, ships = arena(*[f"P{n}" for n in range(8)])
    ships[0].score = 3
    run(world, match, RESULTS_TICKS + 1)
    for ship in ships:
        assert all(sim.distance(ship.x, ship.y, rock.x, rock.y) > rock.r + 2 * sim.SHIP_RADIUS
                   for rock in world.asteroids.values())
        assert all(sim.distance(ship.x, ship.y, o.x, o.y) > 6 * sim.SHIP_RADIUS
                   for o in ships if o is not ship)


def test_spread_points_are_distinct_and_inside_the_arena():
    world = sim.new_world(9)
    points = spread_points(world, 8)
    assert len(set(points)) == 8
    assert all(0 < x < sim.WIDTH and 0 < y < sim.HEIGHT for x, y in points)


def test_a_pilot_who_joins_mid_round_plays_at_once_away_from_asteroids():
    world, match, _ = arena("Vega")
    run(world, match, 100)
    late = sim.add_ship(world, "Late")
    match.place(world, late)
    assert late.alive and match.phase == "playing"
    assert all(sim.distance(late.x, late.y, r.x, r.y) > r.r + sim.SHIP_RADIUS
               for r in world.asteroids.values())


def test_a_pilot_who_joins_during_the_results_waits_for_the_next_round():
    world, match, (vega,) = arena("Vega")
    vega.score = 3
    match.step(world)
    late = sim.add_ship(world, "Late")
    match.place(world, late)
    assert not late.alive
    run(world, match, RESULTS_TICKS)
    assert late.alive and match.round == 2


def test_a_ship_destroyed_mid_round_respawns_clear_of_asteroids():
    world, match, (vega,) = arena("Vega", kills=3)
    vega.alive, vega.respawn_tick = False, world.tick + 1
    happened = match.step(world)
    assert {"kind": "respawn", "pid": vega.pid} in happened and vega.alive
    assert all(sim.distance(vega.x, vega.y, r.x, r.y) > r.r + sim.SHIP_RADIUS
               for r in world.asteroids.values())


@pytest.mark.parametrize("kills,seconds", [(0, 300.0), (10, 59.0)])
def test_a_match_config_below_its_minimums_is_refused(kills, seconds):
    with pytest.raises(ValueError):
        MatchConfig(kills_to_win=kills, time_limit_s=seconds)


@pytest.mark.parametrize("choice", [{"mode": "ctf"}, {"arena": "moon"}, {"lives": 0}])
def test_a_match_config_with_an_unknown_mode_or_arena_or_no_lives_is_refused(choice):
    with pytest.raises(ValueError):
        MatchConfig(**choice)


def rocks_of(world):
    return sorted((round(a.x), round(a.y), round(a.vx), round(a.vy))
                  for a in world.asteroids.values())


def next_round(world, match):
    next(iter(world.ships.values())).score = match.config.kills_to_win
    run(world, match, RESULTS_TICKS + 1)


def test_every_round_has_its_own_asteroid_layout():
    world, match, _ = arena("Vega", "Orion")
    layouts = [rocks_of(world)]
    for _ in range(2):
        next_round(world, match)
        layouts.append(rocks_of(world))
    assert match.round == 3 and len({tuple(layout) for layout in layouts}) == 3


def test_round_layouts_replay_from_the_seed():
    def layouts(seed):
        world = sim.new_world(seed)
        match = Match(MatchConfig(kills_to_win=1))
        match.begin(world)
        match.place(world, sim.add_ship(world, "Vega"))
        seen = [rocks_of(world)]
        next_round(world, match)
        return [*seen, rocks_of(world)]
    assert layouts(11) == layouts(11) != layouts(12)
