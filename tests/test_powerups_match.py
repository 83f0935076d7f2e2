"""Power-ups in a match: bots go for them and take them, players see who has what, and a
server started without them has none (the headless server on a fake-time wire)."""

from starlane.game.core import powerups, sim
from starlane.game.core.bots import SKILLS, Focus, notice, plan
from starlane.game.core.match import MatchConfig
from starlane.game.server.game_server import GameServer
from starlane.net import ServerConfig
from tests.helpers import hunt

MINUTE = 60.0


def bot_and_powerup(powerup_px=None, target_px=None):
    """A still bot at the centre facing up (0 degrees), if given a power-up ``powerup_px``
    to its right and a target ``target_px`` below it."""
    world = sim.new_world(4)
    world.asteroids.clear()
    bot = sim.add_ship(world, "Bot")
    bot.x, bot.y, bot.angle = 640.0, 360.0, 0.0
    if powerup_px is not None:
        world.powerups[90] = sim.PowerUp(90, "rapid", 640.0 + powerup_px, 360.0)
    target = None
    if target_px is not None:
        target = sim.add_ship(world, "Target")
        target.x, target.y = 640.0, 360.0 - target_px
    world.tick = 1000  # spawn shields long gone
    return world, bot, target


def keys(world, bot, target, skill="normal"):
    focus = Focus(target.pid if target is not None else None, 0)
    return plan(world, bot.pid, SKILLS[skill], focus)


def test_a_bot_with_no_target_turns_toward_a_power_up_it_sees():
    world, bot, _ = bot_and_powerup(200.0)
    assert {"KEYDOWN": "right"} in keys(world, bot, None)


def test_a_bot_goes_for_a_power_up_nearer_than_its_target():
    world, bot, target = bot_and_powerup(150.0, target_px=400.0)
    assert {"KEYDOWN": "right"} in keys(world, bot, target)


def test_a_bot_fights_a_target_nearer_than_the_power_up():
    world, bot, target = bot_and_powerup(400.0, target_px=150.0)
    assert {"KEYDOWN": "right"} not in keys(world, bot, target)


def test_a_careless_bot_does_not_see_a_power_up_a_sharp_one_does():
    world, bot, _ = bot_and_powerup(600.0)
    assert {"KEYDOWN": "right"} not in keys(world, bot, None, "easy")
    assert {"KEYDOWN": "right"} in keys(world, bot, None, "hard")


def test_a_bot_turns_on_a_target_it_can_hurt_before_a_nearer_one_in_a_shield():
    world, bot, shielded = bot_and_powerup(target_px=200.0)
    shielded.power, shielded.power_until = "shield", world.tick + powerups.POWER_TICKS
    open_target = sim.add_ship(world, "Open")
    open_target.x, open_target.y, open_target.shield_until = 640.0, 660.0, 0
    assert notice(world, bot.pid, Focus()).target == open_target.pid


def test_bots_take_power_ups_and_every_player_sees_who_carries_what(tables):
    game = GameServer(ServerConfig(), seed=5, match=MatchConfig(), bots=3)
    table = tables(game)
    vega = table.join("Vega")
    carriers: set[str] = set()
    fields: list[int] = []

    def watch():
        hunt(vega, "Kestrel", table.wire.now)
        latest = vega.world.latest
        if latest is not None:
            carriers.update(s.name for s in latest.ships.values() if s.bot and s.power)
            fields.append(len(vega.world.powerups()))

    table.run_until(lambda: len(carriers) >= 2, MINUTE, watch)
    assert len(carriers) >= 2, "bots took no power-ups"
    assert any(f"{name} took " in line for line in table.feeds[vega] for name in carriers)
    assert max(fields) >= 1


def test_a_player_hears_a_power_up_taken(tables):
    game = GameServer(ServerConfig(), seed=5, match=MatchConfig())
    table = tables(game)
    vega = table.join("Vega")
    assert table.run_until(lambda: vega.world.me() is not None, 3.0)
    ship = game.world.ships[vega.world.my_pid]
    uid = game.world.new_id()
    game.world.powerups[uid] = sim.PowerUp(uid, "rapid", ship.x, ship.y)
    assert table.run_until(lambda: "powerup" in table.sounds[vega], 2.0)
    assert any("Vega took " in line for line in table.feeds[vega])


def test_a_server_without_power_ups_has_none_on_the_field_nor_on_any_ship(tables):
    game = GameServer(ServerConfig(), seed=5, match=MatchConfig(powerups=False), bots=3)
    table = tables(game)
    vega = table.join("Vega")
    table.run_until(lambda: False, 3 * powerups.PERIOD_TICKS / sim.TICK_RATE)
    latest = vega.world.latest
    assert latest.powerups == {} and not any(s.power for s in latest.ships.values())


def test_a_plain_neteria_client_reads_the_power_ups_waiting_on_the_field():
    from starlane.game.server.game_server import host
    from tests.helpers import plain_neteria_client, wait_until

    with plain_neteria_client(host("Ours", "127.0.0.1", 0, bots=1)) as client:
        def waiting():
            states = list(client.event_notifies.values())
            return states[-1].get("powerups") if states else None
        assert wait_until(waiting, timeout=3 * powerups.PERIOD_TICKS / sim.TICK_RATE)  # busy CI
        kind, x, y = next(iter(waiting().values()))
        assert kind in sim.POWER_KINDS and 0 <= x < sim.WIDTH and 0 <= y < sim.HEIGHT
