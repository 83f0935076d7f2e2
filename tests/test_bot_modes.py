"""Bots in the modes: team-mates are never targets (tdm); in lms a bot keeps its distance
and backs away when one hit from losing a life."""

from starlane.game.core import sim
from starlane.game.core.bots import CAUTIOUS_RANGE_PX, SKILLS, Focus, notice, plan

HARD = SKILLS["hard"]
LONG_AGO = 0


def duel(mode, distance):
    """A bot facing a still target ``distance`` px to its right, which faces away."""
    world = sim.new_world(4)
    world.asteroids.clear()
    world.mode = mode
    bot, target = sim.add_ship(world, "Bot"), sim.add_ship(world, "Target")
    bot.bot = True
    bot.x, bot.y, bot.angle = 300.0, 360.0, 90.0
    target.x, target.y, target.angle = 300.0 + distance, 360.0, 90.0
    world.tick = 1000  # spawn shields long gone
    return world, bot, target


def test_a_bot_never_targets_a_team_mate():
    world, bot, target = duel("tdm", 200.0)
    target.team = bot.team
    assert notice(world, bot.pid, Focus()).target is None


def test_a_bot_targets_the_other_team():
    world, bot, target = duel("tdm", 200.0)
    target.team = bot.team ^ 1
    assert notice(world, bot.pid, Focus()).target == target.pid


def test_a_bot_holds_fire_on_a_team_mate_even_lined_up():
    world, bot, target = duel("tdm", 200.0)
    target.team = bot.team
    assert {"KEYDOWN": "fire"} not in plan(world, bot.pid, HARD, Focus(target.pid, LONG_AGO))


def test_in_ffa_a_bot_closes_in_on_a_target_that_does_not_face_it():
    world, bot, target = duel("ffa", CAUTIOUS_RANGE_PX - 60.0)
    assert {"KEYDOWN": "up"} in plan(world, bot.pid, HARD, Focus(target.pid, LONG_AGO))


def test_in_lms_a_bot_keeps_its_distance_from_the_same_target():
    world, bot, target = duel("lms", CAUTIOUS_RANGE_PX - 60.0)
    assert {"KEYDOWN": "up"} not in plan(world, bot.pid, HARD, Focus(target.pid, LONG_AGO))


def test_in_lms_a_bot_with_one_hit_left_backs_away_from_a_healthier_target_still_shooting():
    world, bot, target = duel("lms", CAUTIOUS_RANGE_PX + 100.0)
    bot.hp = 1
    events = plan(world, bot.pid, HARD, Focus(target.pid, LONG_AGO))
    assert {"KEYDOWN": "down"} in events and {"KEYDOWN": "fire"} in events


def test_in_lms_two_bots_with_one_hit_left_each_do_not_back_away():
    world, bot, target = duel("lms", CAUTIOUS_RANGE_PX + 100.0)
    bot.hp = target.hp = 1
    assert {"KEYDOWN": "down"} not in plan(world, bot.pid, HARD, Focus(target.pid, LONG_AGO))
