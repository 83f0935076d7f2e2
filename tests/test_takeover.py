"""The successor's server, built from the state it held and the host's handover (fake time
for the protocol; a loopback socket only to be bound, never read)."""

from __future__ import annotations

import socket
from dataclasses import replace

from starlane.game.core import sim
from starlane.game.core.match import MatchConfig
from starlane.game.server.game_server import GameServer
from starlane.game.server.recording import RecordingPlan
from starlane.game.server.takeover import continued_world, listed_name, serve_match
from starlane.net import Replay, ServerConfig
from starlane.net import messages as m
from tests.helpers import join, sent

HOST = ("127.0.0.1", 6000)
ORION = ("10.0.0.3", 5003)
LYRA = ("10.0.0.4", 5004)


def hosted_match() -> tuple[GameServer, dict[str, int]]:
    """Vega hosts a round-2 match with a bot; Orion (3 kills, 1 death) is the successor."""
    game = GameServer(ServerConfig(server_name="Vega's game"), bots=1, hosted=True)
    join(game.protocol, "vega", HOST, name="Vega", follows=True, hosting=True, sync=3)
    join(game.protocol, "orion", ORION, name="Orion", follows=True, host_port=40080, sync=3)
    join(game.protocol, "lyra", LYRA, name="Lyra", follows=True, host_port=40081, sync=3)
    pids = {c.name: c.pid for c in game.protocol.connections.values()}
    game.match.round = 2
    orion = game.world.ships[pids["Orion"]]
    orion.score, orion.deaths = 3, 1
    game.on_tick(1.0)
    return game, pids


def handed_to_orion(game: GameServer) -> m.Handover:
    [package] = [msg for msg, to in sent(game.protocol, 1.0)
                 if to == ORION and isinstance(msg, m.Handover)]
    return package


def newest_state(game: GameServer) -> tuple[int, dict]:
    return game.world.tick, game.history.state_at(game.world.tick)


def test_the_continued_world_keeps_scores_deaths_and_the_round():
    game, pids = hosted_match()
    tick, state = newest_state(game)
    world, progress, _ = continued_world(state, tick, {pids["Orion"], pids["Lyra"]})
    orion = world.ships[pids["Orion"]]
    assert (orion.score, orion.deaths, progress.round) == (3, 1, 2)
    assert progress.phase_ends - tick == game.match.ends_in(game.world) * sim.TICK_RATE


def test_the_successor_plays_the_mode_arena_lives_and_power_ups_the_host_chose():
    chosen = MatchConfig(kills_to_win=4, mode="lms", lives=5, arena="sun", powerups=False)
    game = GameServer(ServerConfig(server_name="Vega's game"), match=chosen, hosted=True)
    join(game.protocol, "vega", HOST, name="Vega", follows=True, hosting=True, sync=3)
    join(game.protocol, "orion", ORION, name="Orion", follows=True, host_port=40080, sync=3)
    game.on_tick(1.0)
    new = serve_for_orion(game)
    assert new.match.config == replace(chosen, time_limit_s=300.0)
    assert new.world.arena == "sun"


def test_a_package_naming_an_unknown_mode_leaves_the_successor_on_the_defaults():
    game, pids = hosted_match()
    tick, state = newest_state(game)
    _, progress, _ = continued_world(state, tick, {pids["Orion"]}, {"mode": "ctf", "lives": 2})
    assert (progress.config.mode, progress.config.lives) == ("ffa", 3)


def test_the_old_hosts_ship_is_gone_from_the_continued_world():
    game, pids = hosted_match()
    tick, state = newest_state(game)
    world, _, gone = continued_world(state, tick, {pids["Orion"], pids["Lyra"]})
    assert [s.name for s in gone] == ["Vega"] and pids["Vega"] not in world.ships


def test_new_ids_never_collide_with_a_held_seat():
    game, pids = hosted_match()
    tick, state = newest_state(game)
    world, _, _ = continued_world(state, tick, {pids["Orion"], pids["Lyra"], 999})
    assert world.new_id() == 1000


def serve_for_orion(game: GameServer, record: RecordingPlan | None = None) -> GameServer:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    tick, state = newest_state(game)
    hosted = serve_match(handed_to_orion(game), state, tick, sock, "Orion", "left",
                         record=record)
    hosted.endpoint.close()
    return hosted.game


def test_the_successor_serves_the_same_match_with_the_players_seats_held():
    game, _ = hosted_match()
    new = serve_for_orion(game)
    assert {c.name: c.state for c in new.protocol.connections.values()} == {
        "Orion": "lost", "Lyra": "lost"}
    assert new.protocol.config.server_id == game.protocol.config.server_id  # one LAN row
    assert [s.name for s in new.world.ships.values()] == ["Kestrel"]  # the bot flies on


def test_the_successor_records_the_rest_of_the_match_from_the_tick_it_took_it_over(tmp_path):
    game, _ = hosted_match()
    new = serve_for_orion(game, RecordingPlan(tmp_path))
    for n in range(3):
        new.on_tick(2.0 + n * sim.DT)
    new.recording.close()
    replay = Replay.open(new.recording.path)
    assert replay.first_tick == game.world.tick + 1
    assert replay.state_at(replay.last_tick) == new.history.state_at(new.world.tick)
    assert replay.header["server_name"] == "Orion's game"


def test_lan_lists_name_the_match_after_its_new_host_not_the_gone_one():
    game, _ = hosted_match()
    assert serve_for_orion(game).protocol.config.server_name == "Orion's game"


def test_a_name_the_host_chose_for_the_match_stays_with_it():
    assert listed_name("Friday night", "Vega", "Orion") == "Friday night"
    assert listed_name("Vega's game", "Vega", "Orion") == "Orion's game"


def test_everyone_reads_who_hosts_now_in_the_feed():
    game, _ = hosted_match()
    new = serve_for_orion(game)
    new.on_tick(2.0)
    feed = new.history.state_at(new.world.tick)["feed"].values()
    assert {"kind": "host", "left": "Vega", "host": "Orion", "how": "left"} in feed


def test_a_player_back_at_the_successor_has_its_ship_score_and_deaths():
    game, pids = hosted_match()
    token = game.protocol.connections["orion"].token
    new = serve_for_orion(game)
    join(new.protocol, "orion", ("127.0.0.1", 7000), now=3.0, resume=token, follows=True,
         hosting=True)
    ship = new.world.ships[pids["Orion"]]
    assert (ship.score, ship.deaths) == (3, 1)


def test_during_the_results_no_ship_comes_back_before_the_next_round():
    game, pids = hosted_match()
    game.match._end_round(game.world)
    game.on_tick(1.1)
    tick, state = newest_state(game)
    world, progress, _ = continued_world(state, tick, {pids["Orion"], pids["Lyra"]})
    assert progress.phase == "results"
    assert {s.respawn_tick for s in world.ships.values()} == {progress.phase_ends}


def test_a_private_match_hands_its_lock_never_its_password_to_the_successor():
    game = GameServer(ServerConfig(password="swordfish"), hosted=True)
    needs = game.successor_needs()
    assert needs["lock"] == list(game.protocol.gate.lock)
    assert "swordfish" not in str(needs)


def test_the_successor_of_a_private_match_asks_for_the_same_password():
    game, _ = hosted_match()
    private = GameServer(ServerConfig(password="swordfish"), hosted=True)
    package = handed_to_orion(game)
    package = package.model_copy(update={"game": {**package.game,
                                                  **private.successor_needs()}})
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    tick, state = newest_state(game)
    hosted = serve_match(package, state, tick, sock, "Orion", "left")
    hosted.endpoint.close()
    assert hosted.game.protocol.gate.lock == private.protocol.gate.lock


def test_a_malformed_lock_in_a_package_leaves_the_match_open():
    game, _ = hosted_match()
    package = handed_to_orion(game)
    package = package.model_copy(update={"game": {**package.game, "lock": ["salt", "zz"]}})
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    tick, state = newest_state(game)
    hosted = serve_match(package, state, tick, sock, "Orion", "left")
    hosted.endpoint.close()
    assert hosted.game.protocol.gate.lock is None
