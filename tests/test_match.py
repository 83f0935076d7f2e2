"""A short match end to end: the game server and two scripted players, on a fake-time wire."""


from starlane.game.client.session import NetSession
from starlane.game.core import sim
from starlane.game.core.netstate import own_ship_view
from starlane.game.server.game_server import GameServer
from starlane.net import ServerConfig
from tests.helpers import SERVER, NoLink, Wire, duel, hunt


def test_two_scripted_players_fight_and_the_score_changes_for_everyone():
    game, wire, vega, orion = duel()
    feeds = {"Vega": [], "Orion": []}
    sounds = set()
    for _ in range(40 * sim.TICK_RATE):
        game.on_tick(wire.now)
        wire.step(sim.DT)
        for session in (vega, orion):
            happened = session.pump()
            feeds[session.protocol.name] += happened.feed
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
    proc = subprocess.Popen([sys.executable, "-m", "starlane", "--server", "--host", "127.0.0.1",
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


class CountingServer(GameServer):
    """Counts executions per player, to check that none is lost or doubled."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.executed: dict[str, int] = {}

    def execute(self, conn, event_data):
        self.executed[conn.name] = self.executed.get(conn.name, 0) + 1
        super().execute(conn, event_data)


def test_under_loss_duplication_and_reordering_nothing_is_lost_or_doubled_and_states_converge(
        closing):
    game = CountingServer(ServerConfig(), seed=11)
    wire = Wire(game.protocol, loss=0.2, duplicate=0.05, reorder=0.1, seed=5)
    clock = lambda: wire.now  # noqa: E731
    players = []
    for n in range(4):
        session = closing(NetSession(SERVER, f"P{n}", clock=clock, link=lambda *_: NoLink()))
        wire.add((f"10.0.0.{n + 2}", 5000), session.protocol)
        players.append(session)
    keys = ["up", "left", "right", "fire"]

    def run(ticks, record=None):
        for step in range(ticks):
            game.on_tick(wire.now)
            if record is not None:
                record[game.world.tick] = game.history.keyframe()
            wire.step(sim.DT)
            for n, session in enumerate(players):
                session.pump()
                if record is None and step % 15 == n:
                    key = keys[(step // 15 + n) % len(keys)]
                    if key in session.world.keys:
                        session.release(key)
                    else:
                        session.press(key)

    run(60 * sim.TICK_RATE)  # 60 s of impaired play with 4 players pressing keys
    assert wire.dropped > 1000
    wire.loss = wire.duplicate = wire.reorder = 0.0
    server_states: dict[int, dict] = {}
    run(sim.TICK_RATE, server_states)  # then 1 s of a clean network
    for session in players:
        assert session.status == "playing"
        stats = session.protocol.stats
        assert stats.legal + stats.illegal > 30 and stats.timed_out == 0
        assert stats.legal == game.executed[session.protocol.name]  # none lost, none doubled
        tick, state = session.protocol.latest_state
        assert game.world.tick - tick <= 1
        own = str(session.protocol.pid)
        assert game.protocol.connections[session.protocol.cuuid].pid == session.protocol.pid
        # exactly the server's state of that tick, as this client is shown it
        assert state == own_ship_view(server_states[tick], own)
        assert "keys" in state["ships"][own]
        assert all("keys" not in s for k, s in state["ships"].items() if k != own)


def test_a_player_whose_link_drops_reconnects_by_itself_and_keeps_its_ship_and_score(closing):
    game = GameServer(ServerConfig(), seed=3)
    wire = Wire(game.protocol)
    clock = lambda: wire.now  # noqa: E731
    vega = closing(NetSession(SERVER, "Vega", clock=clock, link=lambda *_: NoLink()))
    wire.add(("10.0.0.2", 5000), vega.protocol)

    def play(seconds):
        statuses = set()
        for _ in range(round(seconds * sim.TICK_RATE)):
            game.on_tick(wire.now)
            wire.step(sim.DT)
            vega.pump()
            statuses.add(vega.status)
        return statuses

    play(1.0)
    pid = vega.protocol.pid
    game.world.ships[pid].score = 3
    wire.loss = 1.0  # the link drops for 6 s: the server holds the seat, the client waits
    assert "reconnecting" in play(6.0) and pid not in game.world.ships
    assert vega.message == "reconnecting…"
    wire.loss = 0.0
    assert play(3.0) >= {"playing"} and vega.status == "playing"
    assert vega.protocol.pid == pid and game.world.ships[pid].score == 3
    assert vega.world.me() is not None and vega.world.me().score == 3


def test_a_ship_that_comes_back_has_no_keys_held_and_may_fire():
    game = GameServer(ServerConfig(), seed=3)
    ship = sim.add_ship(game.world, "Vega", game.world.new_id())
    conn = type("Conn", (), {"pid": ship.pid, "name": "Vega", "address": ("10.0.0.2", 1)})()
    game.execute(conn, {"KEYDOWN": "up"})
    game.on_tick(0.0)  # the ship thrusts
    game.execute(conn, {"KEYDOWN": "fire"})  # judged, queued, then the link is lost
    game.lost(conn)
    game.on_tick(0.0)
    game.resumed(conn)
    assert game.world.ships[ship.pid].keys == set()
    assert game.judge(conn, {"KEYDOWN": "fire"}).legal
