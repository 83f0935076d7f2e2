"""A short match end to end: the game server and two scripted players, on a fake-time wire."""

import math

from game import sim
from game.server import GameServer
from game.session import NetSession
from net.server import ServerConfig
from tests.helpers import SERVER, Wire


class NoLink:
    """The wire moves the datagrams; the session needs nothing more."""

    def pump(self):
        return 0

    def flush(self):
        pass

    def close(self):
        pass


def hunt(bot: NetSession, prey: str, now: float) -> None:
    """Turn toward ``prey``, close in, fire when lined up."""
    me = bot.world.own_ship(now)
    target = next((s for s in bot.world.remote_ships(now) if s.name == prey and s.alive), None)
    if me is None or target is None or not me.alive:
        return
    dx = sim.wrapped_delta(me.x, target.x, sim.WIDTH)
    dy = sim.wrapped_delta(me.y, target.y, sim.HEIGHT)
    off = (math.degrees(math.atan2(dx, dy)) - me.angle + 180) % 360 - 180
    wanted = {"right"} if off > 8 else {"left"} if off < -8 else set()
    if abs(off) < 20 and math.hypot(dx, dy) > 250:
        wanted.add("up")
    for key in ("left", "right", "up"):
        if key in wanted and key not in bot.world.keys:
            bot.press(key)
        elif key not in wanted and key in bot.world.keys:
            bot.release(key)
    if abs(off) < 8:
        bot.press("fire")


def test_two_scripted_players_fight_and_the_score_changes_for_everyone():
    game = GameServer(ServerConfig(), seed=7)
    game.world.asteroids.clear()
    wire = Wire(game.protocol)
    clock = lambda: wire.now  # noqa: E731
    vega = NetSession(SERVER, "Vega", clock=clock, link=lambda *_: NoLink())
    orion = NetSession(SERVER, "Orion", clock=clock, link=lambda *_: NoLink())
    wire.add(("10.0.0.2", 5000), vega.protocol)
    wire.add(("10.0.0.3", 5000), orion.protocol)
    feeds = {"Vega": [], "Orion": []}
    sounds = set()
    for _ in range(40 * sim.TICK_RATE):
        game.on_tick(wire.now)
        wire.step(sim.DT)
        for session in (vega, orion):
            happened = session.pump()
            feeds[session.world.my_name] += happened.feed
            sounds |= set(happened.sounds)
        hunt(vega, "Orion", wire.now)
        if "Vega destroyed Orion" in feeds["Orion"]:
            break
    assert vega.status == orion.status == "playing"
    assert "Vega destroyed Orion" in feeds["Vega"] and "Vega destroyed Orion" in feeds["Orion"]
    scores = {s.name: s.score for s in game.world.ships.values()}
    assert scores == {"Vega": 1, "Orion": 0}
    assert orion.world.me().alive is False and orion.world.me().deaths == 1
    assert {"hit", "explosion", "laser"} <= sounds


def test_two_scripted_players_fight_on_the_headless_server_over_real_sockets():
    import subprocess
    import sys
    import time

    from tests.helpers import free_port

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "game", "--server", "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.PIPE, text=True)
    sessions = []
    try:
        assert "listening" in proc.stdout.readline()
        vega = NetSession(("127.0.0.1", port), "Vega")
        orion = NetSession(("127.0.0.1", port), "Orion")
        sessions = [vega, orion]
        feed = []
        end = time.monotonic() + 60
        while time.monotonic() < end and "Vega destroyed Orion" not in feed:
            for session in sessions:
                feed += session.pump().feed
            hunt(vega, "Orion", vega.clock())
            time.sleep(0.005)
        assert "Vega destroyed Orion" in feed
        assert {s.name: s.score for s in orion.world.latest.ships.values()}["Vega"] >= 1
    finally:
        for session in sessions:
            session.close()
        proc.terminate()
        proc.wait(timeout=5)
