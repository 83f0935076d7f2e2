"""A match on the headless game server with bots: scripted humans and computer pilots
through rounds, results and round 2, on a fake-time wire."""

from starlane.game.client.session import NetSession
from starlane.game.core import sim
from starlane.game.core.match import RESULTS_TICKS, MatchConfig
from starlane.game.server.game_server import GameServer
from starlane.net import ServerConfig
from tests.helpers import headless_server, hunt, phases_into_round_two


def test_two_scripted_humans_and_three_bots_reach_the_results_and_round_two(tables):
    game = GameServer(ServerConfig(), seed=3, match=MatchConfig(kills_to_win=3), bots=3,
                      skill="hard")
    table = tables(game)
    vega, orion = table.join("Vega"), table.join("Orion")
    seen = []

    def watch():
        hunt(vega, "Orion", table.wire.now)
        for session in (vega, orion):
            if session.match is not None:
                seen.append((session.match.round, session.match.phase))

    assert table.run_until(lambda: vega.match is not None and vega.match.phase == "results",
                           180, watch)
    assert all(s.match.round == 1 for s in (vega, orion))
    table.run_until(lambda: False, 1.0, watch)
    assert orion.match.phase == "results" and orion.match.winners  # someone got 3 kills
    winner = vega.world.latest.ships[orion.match.winners[0]]
    assert winner.score == 3
    assert any(line.startswith("Round 1 over: ") for line in table.feeds[orion])
    assert table.run_until(lambda: (vega.match.round, orion.match.round) == (2, 2),
                           RESULTS_TICKS / sim.TICK_RATE + 1, watch)
    table.run_until(lambda: False, 0.5, watch)
    for session in (vega, orion):
        assert "Round 2: fight!" in table.feeds[session]
        ships = session.world.latest.ships.values()
        assert sorted(s.name for s in ships if not s.bot) == ["Orion", "Vega"]
        assert len([s for s in ships if s.bot]) == 3
        assert all(s.alive for s in ships) and sum(s.score for s in ships) <= 1
    assert seen.index((1, "results")) < seen.index((2, "playing"))
    assert vega.status == orion.status == "playing"


def test_the_state_carries_the_match_object_and_marks_bots(tables):
    game = GameServer(ServerConfig(), match=MatchConfig(kills_to_win=7, time_limit_s=120),
                      bots=1)
    table = tables(game)
    vega = table.join("Vega")
    assert table.run_until(lambda: vega.protocol.latest_state is not None, 2.0)
    _, state = vega.protocol.latest_state
    match = state["match"]
    assert {k: v for k, v in match.items() if k != "ends_in"} == {
        "mode": "ffa", "arena": "field", "round": 1, "phase": "playing", "kills_to_win": 7,
        "time_limit": 120, "winners": [], "spectators": []}
    assert match["ends_in"] in (119, 120)
    ships = state["ships"].values()
    assert {(s["name"], s.get("bot")) for s in ships} == {("Vega", None), ("Kestrel", 1)}
    assert all({"name", "score", "deaths"} <= set(s) for s in ships)


def test_a_human_joining_a_full_game_takes_a_bots_seat_and_gets_it_back_on_leaving(tables):
    game = GameServer(ServerConfig(max_players=2), bots=2)
    table = tables(game)
    assert len(game.crew.pids) == 2
    vega = table.join("Vega")
    assert table.run_until(lambda: vega.status == "playing", 2.0)
    table.run_until(lambda: False, 0.2)
    assert len(game.crew.pids) == 1 and len(game.world.ships) == 2
    assert any(line.endswith("(bot) left (a player took the seat)")
               for line in table.feeds[vega])
    vega.close()
    table.run_until(lambda: False, 0.2)
    assert len(game.crew.pids) == 2 and not game.humans


def test_bots_input_goes_through_the_same_judge_as_a_humans():
    game = GameServer(ServerConfig(), bots=2, skill="hard")
    judged: list[int] = []
    judge = game.rules.judge

    def watching(pid, event_data):
        judged.append(pid)
        return judge(pid, event_data)

    game.rules.judge = watching
    for _ in range(3 * sim.TICK_RATE):
        game.on_tick(0.0)
    assert set(judged) == set(game.crew.pids)
    assert any(s.keys for s in game.world.ships.values())


def test_the_headless_server_with_three_bots_plays_a_round_over_real_sockets():
    with headless_server("--bots", "3", "--bot-skill", "hard", "--kills", "1") as (port, _):
        sessions = [NetSession(("127.0.0.1", port), name) for name in ("Vega", "Orion")]
        try:
            phases = phases_into_round_two(sessions, 90)
            assert {(1, "playing"), (1, "results"), (2, "playing")} <= phases
            assert all(s.status == "playing" for s in sessions)
        finally:
            for session in sessions:
                session.close()


def test_a_plain_neteria_client_gets_the_match_and_bots_in_the_whole_state_and_can_chat():
    from starlane.game.server.game_server import host
    from tests.helpers import plain_neteria_client, wait_until

    with plain_neteria_client(host("Ours", "127.0.0.1", 0, bots=1)) as client:
        client.event({"CHAT": "hello\x07 from neteria"})

        def said(state):
            return any(e.get("text") == "hello from neteria" for e in state["feed"].values())
        assert wait_until(lambda: any(said(s) for s in list(client.event_notifies.values())))
        state = list(client.event_notifies.values())[-1]
        assert state["match"]["round"] == 1 and state["match"]["phase"] == "playing"
        assert sorted((s["name"], s.get("bot", 0)) for s in state["ships"].values()) \
            == [("Kestrel", 1), ("Pilot", 0)]


def test_a_second_vega_plays_as_vega_2_and_is_told_so(tables):
    table = tables(GameServer(ServerConfig()))
    first, second = table.join("Vega"), table.join("Vega")
    assert table.run_until(lambda: first.status == second.status == "playing", 2.0)
    table.run_until(lambda: False, 0.2)
    assert (first.name, second.name) == ("Vega", "Vega 2")
    assert '"Vega" is taken here: you play as "Vega 2"' in table.feeds[second]
    assert not any("taken" in line for line in table.feeds[first])
    assert second.world.me().name == "Vega 2"


def test_a_player_named_like_a_bot_keeps_the_name_and_the_bot_takes_another(tables):
    game = GameServer(ServerConfig(), bots=1)
    table = tables(game)
    kestrel = table.join("Kestrel")
    assert table.run_until(lambda: kestrel.status == "playing", 2.0)
    names = sorted(s.name for s in game.world.ships.values())
    assert kestrel.name == "Kestrel" and names == ["Kestrel", "Talon"]


def test_the_lan_answer_counts_humans_as_players_and_bots_apart(tables):
    from starlane.net import messages as m

    game = GameServer(ServerConfig(max_players=4), bots=3)
    table = tables(game)
    vega = table.join("Vega")
    assert table.run_until(lambda: vega.status == "playing", 2.0)
    probe = m.encode(m.Ohai(cuuid="c0ffee", version=m.PROTOCOL_VERSION, probe=1))
    game.protocol.receive(probe, ("10.0.0.9", 6000), table.wire.now)
    [answer] = [msg for datagram, _ in game.protocol.datagrams_to_send(table.wire.now)
                for msg in m.decode_all(datagram) if msg.method == "OHAI Client"]
    assert (answer.players, answer.bots, answer.max_players) == (1, 3, 4)


def test_a_player_lost_in_one_round_and_back_in_the_next_starts_it_fresh_and_in_play():
    from types import SimpleNamespace

    game = GameServer(ServerConfig(), match=MatchConfig(kills_to_win=1))
    vega = SimpleNamespace(pid=game.world.new_id(), name="Vega", address=("10.0.0.2", 1),
                           spectator=False)
    game.joined(vega)
    game.world.ships[vega.pid].score = 1
    game.lost(vega)
    other = SimpleNamespace(pid=game.world.new_id(), name="Orion", address=("10.0.0.3", 1),
                           spectator=False)
    game.joined(other)
    game.world.ships[other.pid].score = 1
    while game.match.round == 1:
        game.on_tick(0.0)
    game.resumed(vega)
    ship = game.world.ships[vega.pid]
    assert (ship.score, ship.alive, game.match.phase) == (0, True, "playing")


def test_a_player_back_during_the_results_waits_for_the_next_round():
    from types import SimpleNamespace

    game = GameServer(ServerConfig(), match=MatchConfig(kills_to_win=1))
    vega = SimpleNamespace(pid=game.world.new_id(), name="Vega", address=("10.0.0.2", 1),
                           spectator=False)
    game.joined(vega)
    game.lost(vega)
    other = SimpleNamespace(pid=game.world.new_id(), name="Orion", address=("10.0.0.3", 1),
                           spectator=False)
    game.joined(other)
    game.world.ships[other.pid].score = 1
    game.on_tick(0.0)
    assert game.match.phase == "results"
    game.resumed(vega)
    assert not game.world.ships[vega.pid].alive


def test_a_table_closed_frees_the_port_each_session_reserved(tables):
    import socket

    table = tables(GameServer(ServerConfig()))
    port = table.join("Vega").follower.host_port
    table.close()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as again:
        again.bind(("0.0.0.0", port))
