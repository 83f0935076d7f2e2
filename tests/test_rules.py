"""The middleware: what a player may do, decided by the server before anything happens."""

import pytest

from starlane.game.core import sim
from starlane.game.core.rules import EXPECTED, OUT_OF_LIVES, Rules


def setup():
    world = sim.new_world(1)
    rules = Rules(world)
    ship = sim.add_ship(world, "Vega")
    return world, rules, ship, ship.pid


@pytest.mark.parametrize("data,reason", [
    ({"KEYDOWN": "jump"}, "unknown key 'jump'"),
    ({"PRESS": "up"}, "unknown event type 'PRESS'"),
    ("KEYDOWN:up", EXPECTED),
    ({"KEYDOWN": "up", "KEYUP": "up"}, EXPECTED),
])
def test_unknown_keys_and_types_are_illegal(data, reason):
    _, rules, _, pid = setup()
    assert rules.judge(pid, data).reason == reason


def test_every_known_key_is_legal_down_and_up():
    _, rules, _, pid = setup()
    for key in ("up", "down", "left", "right"):
        assert rules.judge(pid, {"KEYDOWN": key}).legal
        assert rules.judge(pid, {"KEYUP": key}).legal


def test_input_from_a_player_not_in_the_game_is_illegal():
    _, rules, _, _ = setup()
    assert rules.judge(999, {"KEYDOWN": "up"}).reason == "not in the game"


def test_a_second_shot_before_the_cooldown_is_illegal():
    world, rules, _, pid = setup()
    assert rules.judge(pid, {"KEYDOWN": "fire"}).legal
    rules.execute(pid, {"KEYDOWN": "fire"})
    assert rules.judge(pid, {"KEYDOWN": "fire"}).reason == "weapon cooling down"
    rules.apply_queued()
    sim.step(world)
    assert rules.judge(pid, {"KEYDOWN": "fire"}).reason == "weapon cooling down"


def test_firing_while_destroyed_is_illegal():
    _, rules, ship, pid = setup()
    ship.alive = False
    assert rules.judge(pid, {"KEYDOWN": "fire"}).reason == "cannot fire while destroyed"


def test_legal_input_waits_for_the_next_tick():
    world, rules, ship, pid = setup()
    rules.execute(pid, {"KEYDOWN": "left"})
    assert ship.keys == set()
    rules.apply_queued()
    assert ship.keys == {"left"}
    sim.step(world)


def test_key_presses_are_illegal_during_the_results_but_releases_are_not():
    world, rules, ship, pid = setup()
    ship.score = rules.match.config.kills_to_win
    rules.match.step(world)
    assert rules.judge(pid, {"KEYDOWN": "up"}).reason == "round over: the next round starts soon"
    assert rules.judge(pid, {"KEYUP": "up"}).legal


def test_an_lms_pilot_out_of_lives_may_not_press_keys_but_may_let_go():
    world, rules, ship, pid = setup()
    world.mode, ship.lives, ship.alive = "lms", 0, False
    for key in sim.KEYS:
        assert rules.judge(pid, {"KEYDOWN": key}).reason == OUT_OF_LIVES
        assert rules.judge(pid, {"KEYUP": key}).legal
