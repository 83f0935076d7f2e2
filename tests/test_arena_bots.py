"""Computer pilots in each arena, on fake time: they keep out of the sun and off the
walls, and hold their fire when a wall stands between them and their mark."""

import pytest

from starlane.game.core import arenas, bots, sim
from starlane.game.core.match import MatchConfig
from starlane.game.server.game_server import GameServer
from starlane.net import ServerConfig


def bot_minute(arena, seed, each=None):
    """Four normal bots fight for a minute of game time in ``arena``; ``each(world)`` is
    called after every tick. The server at the end."""
    game = GameServer(ServerConfig(), seed=seed, bots=4, skill="normal",
                      match=MatchConfig(kills_to_win=1000, arena=arena))
    for _ in range(60 * sim.TICK_RATE):
        game.on_tick(game.world.tick * sim.DT)
        if each is not None:
            each(game.world)
    return game


def test_bots_fight_a_minute_in_the_sun_arena_and_hardly_ever_burn():
    ships = [s for seed in (1, 2) for s in bot_minute("sun", seed).world.ships.values()]
    kills, deaths = sum(s.score for s in ships), sum(s.deaths for s in ships)
    assert kills >= 10  # they fight...
    assert deaths - kills <= 1  # ...and the sun takes (the only deaths nobody scores) rarely


def test_bots_keep_off_the_walls():
    touching, flying = [], []

    def watch(world):
        for ship in (s for s in world.ships.values() if s.alive):
            flying.append(ship.pid)
            if any(arenas.segments_gap((ship.x, ship.y, ship.x, ship.y), wall.at(world.tick))
                   < arenas.WALL_HALF + sim.SHIP_RADIUS + 0.5 for wall in arenas.WALLS):
                touching.append(ship.pid)

    bot_minute("walls", 1, watch)
    assert len(touching) < len(flying) / 200


def duel(arena, bot_at, target_at):
    world = sim.new_world(2, arena)
    world.asteroids.clear()
    bot, target = sim.add_ship(world, "Bot"), sim.add_ship(world, "Mark")
    bot.x, bot.y, bot.angle = bot_at
    target.x, target.y = target_at
    world.tick = 100
    bot.shield_until = target.shield_until = 0
    return world, bot, target


@pytest.mark.parametrize(("arena", "fires"), [("field", True), ("walls", False)])
def test_a_bot_lined_up_on_its_mark_fires_unless_a_wall_is_in_between(arena, fires):
    world, bot, target = duel(arena, (250.0, 360.0, 90.0), (420.0, 360.0))  # pillar: x 330
    events = bots.plan(world, bot.pid, bots.SKILLS["hard"], bots.Focus(target.pid, 0))
    assert ({"KEYDOWN": "fire"} in events) is fires


def test_a_bot_does_not_shoot_through_the_sun():
    world, bot, target = duel("sun", (360.0, 360.0, 90.0), (920.0, 360.0))
    events = bots.plan(world, bot.pid, bots.SKILLS["hard"], bots.Focus(target.pid, 0))
    assert {"KEYDOWN": "fire"} not in events


@pytest.mark.parametrize(("angle", "thrust"), [(0.0, "up"), (180.0, "down")])
def test_a_bot_falling_towards_the_sun_thrusts_away_from_it(angle, thrust):
    world, bot, _ = duel("sun", (640.0, 500.0, angle), (100.0, 100.0))  # above the sun
    bot.vy = -120.0  # falling in
    events = bots.plan(world, bot.pid, bots.SKILLS["normal"], bots.Focus())
    assert {"KEYDOWN": thrust} in events


def test_a_bot_goes_after_a_mark_in_the_open_before_a_nearer_one_behind_a_wall():
    world, bot, _ = duel("walls", (250.0, 360.0, 90.0), (420.0, 360.0))  # a pillar between
    open_mark = sim.add_ship(world, "Open")
    open_mark.x, open_mark.y, open_mark.shield_until = 250.0, 620.0, 0  # 260 px, in the open
    assert bots.notice(world, bot.pid, bots.Focus()).target == open_mark.pid
