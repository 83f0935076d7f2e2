"""Bots: pure functions of the world that press keys like a player, and fill free seats."""

import copy

from starlane.game.core import sim
from starlane.game.core.bots import SKILLS, BotCrew, Focus, notice, plan
from starlane.game.core.match import Match, MatchConfig
from starlane.game.core.rules import Rules

HARD, EASY = SKILLS["hard"], SKILLS["easy"]
LONG_AGO = 0  # the tick a duel's bot noticed its target: well over any reaction time ago


def duel(bot_angle=0.0, distance=300.0, rocks=False):
    """A bot at the centre facing ``bot_angle``, a still target ``distance`` px above it."""
    world = sim.new_world(4)
    if not rocks:
        world.asteroids.clear()
    bot = sim.add_ship(world, "Bot")
    target = sim.add_ship(world, "Target")
    bot.x, bot.y, bot.angle = 640.0, 300.0, bot_angle
    target.x, target.y = 640.0, 300.0 + distance
    world.tick = 1000  # spawn shields long gone
    return world, bot, target


def keys_of(world, bot, target, skill=HARD):
    """What ``bot`` presses, long after it noticed ``target``."""
    return plan(world, bot.pid, skill, Focus(target.pid, LONG_AGO))


def test_the_plan_is_a_pure_function_of_the_world():
    world, bot, target = duel(bot_angle=90.0)
    before = copy.deepcopy(world)
    first = keys_of(world, bot, target)
    assert keys_of(world, bot, target) == first
    assert world == before


def test_a_bot_turns_toward_its_target_the_short_way():
    world, bot, target = duel(bot_angle=90.0)  # facing right, target straight up: turn left
    assert {"KEYDOWN": "left"} in keys_of(world, bot, target)
    bot.angle = 270.0  # facing left: turn right
    assert {"KEYDOWN": "right"} in keys_of(world, bot, target)


def test_a_bot_lined_up_on_a_target_in_range_fires():
    world, bot, target = duel(bot_angle=0.0, distance=300.0)
    assert {"KEYDOWN": "fire"} in keys_of(world, bot, target)


def test_a_bot_does_not_fire_out_of_range_but_closes_in():
    world, bot, target = duel(bot_angle=90.0)
    bot.x, bot.y, target.x, target.y = 0.0, 360.0, 600.0, 360.0  # beyond a bullet's flight
    events = keys_of(world, bot, target)
    assert {"KEYDOWN": "up"} in events and {"KEYDOWN": "fire"} not in events


def test_a_bot_does_not_fire_while_its_weapon_cools_down():
    world, bot, target = duel(bot_angle=0.0)
    bot.next_fire_tick = world.tick + 5
    assert {"KEYDOWN": "fire"} not in keys_of(world, bot, target)


def test_a_bot_releases_keys_it_no_longer_wants():
    world, bot, target = duel(bot_angle=0.0, distance=200.0)
    target.angle = 180.0  # facing the bot, nearer than its range: no turn, thrust backwards
    bot.keys = {"left", "up"}
    events = keys_of(world, bot, target)
    assert {"KEYUP": "left"} in events and {"KEYUP": "up"} in events


def test_a_destroyed_bot_sends_nothing():
    world, bot, target = duel()
    bot.alive = False
    assert keys_of(world, bot, target) == []


def rock_at(world, x, y, vx=0.0, vy=0.0):
    rock = sim.Asteroid(world.new_id(), x, y, vx, vy)
    world.asteroids[rock.aid] = rock
    return rock


def test_a_bot_flying_into_an_asteroid_ahead_backs_away_from_it():
    world, bot, target = duel(bot_angle=0.0, distance=300.0)
    rock_at(world, 640.0, 380.0)  # right between them
    bot.vy = 150.0  # flying into it
    events = keys_of(world, bot, target)
    assert {"KEYDOWN": "down"} in events and {"KEYDOWN": "fire"} not in events


def test_a_bot_turns_away_from_an_asteroid_coming_at_its_side():
    world, bot, target = duel(bot_angle=0.0)
    rock_at(world, 740.0, 300.0, vx=-150.0)  # from the right, straight at it
    assert {"KEYDOWN": "left"} in keys_of(world, bot, target)


def test_a_bot_ignores_an_asteroid_that_drifts_away():
    world, bot, target = duel(bot_angle=0.0)
    rock_at(world, 560.0, 300.0, vx=-sim.ASTEROID_SPEED)  # close, on its left, leaving
    events = keys_of(world, bot, target)
    assert not {"left", "right"} & {key for event in events for key in event.values()}


def test_a_bot_lined_up_on_its_target_fires_while_it_dodges():
    world, bot, target = duel(bot_angle=0.0)
    rock_at(world, 560.0, 300.0, vx=sim.ASTEROID_SPEED)  # close, on its left, closing in
    events = keys_of(world, bot, target)
    assert {"KEYDOWN": "right"} in events and {"KEYDOWN": "fire"} in events


def test_a_bot_neither_targets_nor_fires_at_a_ship_inside_its_spawn_shield():
    world, bot, target = duel(bot_angle=0.0)
    target.shield_until = world.tick + 1
    assert notice(world, bot.pid, Focus()).target is None
    assert {"KEYDOWN": "fire"} not in keys_of(world, bot, target)


def test_a_bot_holds_fire_with_an_asteroid_in_the_line_of_fire():
    world, bot, target = duel(bot_angle=0.0, distance=300.0)
    rock_at(world, 640.0, 480.0)  # between, not in its path
    assert {"KEYDOWN": "fire"} not in keys_of(world, bot, target)


def test_a_bot_holds_fire_when_an_asteroid_will_cross_the_line_of_fire():
    world, bot, target = duel(bot_angle=0.0, distance=300.0)
    rock_at(world, 740.0, 500.0, vx=-300.0)  # off the line now, on it as the bullet passes
    assert {"KEYDOWN": "fire"} not in keys_of(world, bot, target)
    world.asteroids.clear()
    assert {"KEYDOWN": "fire"} in keys_of(world, bot, target)


def test_a_bot_backs_off_from_a_target_that_faces_it_nearer_than_its_range():
    world, bot, target = duel(bot_angle=0.0, distance=HARD.range_px / 2)
    target.angle = 180.0  # nose toward the bot
    assert {"KEYDOWN": "down"} in keys_of(world, bot, target)


def test_a_bot_closes_in_on_a_target_that_does_not_face_it():
    world, bot, target = duel(bot_angle=0.0, distance=HARD.range_px / 2)
    target.angle = 0.0  # nose away from the bot
    assert {"KEYDOWN": "up"} in keys_of(world, bot, target)


def test_a_bot_keeps_the_moment_it_noticed_the_same_target():
    world, bot, target = duel()
    first = notice(world, bot.pid, Focus())
    world.tick += 5
    assert notice(world, bot.pid, first) == first == Focus(target.pid, world.tick - 5)


def ticks_to_react(skill):
    """Ticks after noticing a target up ahead-left before a bot of ``skill`` turns to it."""
    world, bot, target = duel(bot_angle=90.0)
    waited = 0
    while not plan(world, bot.pid, skill, Focus(target.pid, world.tick - waited)):
        waited += 1
    return waited


def test_a_bot_acts_on_a_new_target_only_after_its_reaction_time():
    world, bot, target = duel(bot_angle=90.0)
    assert plan(world, bot.pid, HARD, Focus(target.pid, world.tick)) == []
    assert ticks_to_react(HARD) == round(HARD.reaction_s * sim.TICK_RATE)


def test_better_bots_react_sooner():
    assert ticks_to_react(HARD) < ticks_to_react(SKILLS["normal"]) < ticks_to_react(EASY)


def hits_on_a_circling_target(skill, seconds=40):
    """Bullets a bot of ``skill`` lands on a target that flies in circles (the target is
    kept unhurt and unshielded, so every bullet that connects counts)."""
    world, bot, target = duel(distance=250.0)
    rules = Rules(world)
    hits = 0
    for _ in range(seconds * sim.TICK_RATE):
        target.keys = {"up", "left"}
        target.hp, target.shield_until = sim.MAX_HP, 0
        for event in keys_of(world, bot, target, skill):
            if rules.judge(bot.pid, event).legal:
                rules.execute(bot.pid, event)
        rules.apply_queued()
        hits += sum(e["kind"] == "hit" and e["pid"] == target.pid for e in sim.step(world))
    return hits


def test_hard_bots_hit_a_moving_target_more_often_than_easy_ones():
    hard, normal, easy = (hits_on_a_circling_target(SKILLS[k]) for k in ("hard", "normal", "easy"))
    assert hard > normal > easy > 0


def test_three_bots_alone_fight_and_someone_scores():
    world = sim.new_world(3)
    match = Match(MatchConfig(kills_to_win=50))
    match.begin(world)
    rules = Rules(world, match)
    crew = BotCrew(3, HARD, seats=8)
    crew.fill(world, humans=0)
    for _ in range(60 * sim.TICK_RATE):
        for pid, events in crew.plans(world):
            for event in events:
                assert rules.judge(pid, event).legal, event  # bots send only legal input
                rules.execute(pid, event)
        rules.apply_queued()
        match.step(world)
    assert sum(s.score for s in world.ships.values()) >= 3


def test_bots_fill_the_seats_humans_leave_and_give_them_up_newest_first():
    world = sim.new_world(1)
    crew = BotCrew(3, HARD, seats=4)
    added, _ = crew.fill(world, humans=0)
    assert len(added) == 3 and all(s.bot for s in world.ships.values())
    newest = crew.pids[-1]
    _, removed = crew.fill(world, humans=2)  # 2 humans + 3 bots > 4 seats
    assert [s.pid for s in removed] == [newest] and len(crew.pids) == 2
    added, _ = crew.fill(world, humans=1)
    assert len(added) == 1 and len(crew.pids) == 3


def test_a_bot_with_a_joining_humans_name_takes_another_one():
    world = sim.new_world(1)
    crew = BotCrew(1, HARD, seats=4)
    crew.fill(world, humans=0)
    bot = world.ships[crew.pids[0]]
    taken = bot.name
    crew.rename_if_taken(world, taken.upper())
    assert bot.name.casefold() != taken.casefold()


def test_bot_names_are_distinct():
    world = sim.new_world(1)
    BotCrew(40, EASY, seats=64).fill(world, humans=0)
    names = [s.name for s in world.ships.values()]
    assert len(set(names)) == 40
