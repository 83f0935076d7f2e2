"""Spectators, with fake time: a full server lets a newcomer watch, and seats the one
waiting longest when a seat frees (net.seats)."""

import json

from starlane.net import ServerConfig, ServerProtocol
from starlane.net import messages as m
from tests.helpers import Recorder, dgram, join, register, sent

IP = "10.0.0.2"


def full_server(**config) -> tuple[ServerProtocol, Recorder]:
    app = Recorder()
    server = ServerProtocol(app, ServerConfig(max_players=2, **config))
    join(server, "a", (IP, 1), name="Orion")
    join(server, "b", (IP, 2), name="Vega")
    return server, app


def leave(server: ServerProtocol, cuuid: str, address: tuple[str, int], now: float) -> None:
    server.receive(dgram(method="BYE REGISTER", cuuid=cuuid), address, now)
    server.tick(now)
    sent(server, now)


def test_a_full_server_admits_a_newcomer_as_a_spectator_and_says_so():
    server, app = full_server()
    ok = join(server, "c", (IP, 3), name="Lyra")
    assert ok.spectator is True and ok.pid is not None
    assert server.connections["c"].spectator and server.players == 2
    assert ("joined", "Lyra") in app.hooks


def test_a_server_with_a_free_seat_seats_a_newcomer_without_the_spectator_field():
    server = ServerProtocol(Recorder(), ServerConfig(max_players=2))
    ok = join(server, "a", (IP, 1))
    assert ok.spectator is None and not server.connections["a"].spectator
    assert "spectator" not in json.loads(m.encode(ok))


def test_past_the_spectator_limit_a_newcomer_is_refused_with_the_counts():
    server, _ = full_server(max_spectators=1)
    join(server, "c", (IP, 3))
    server.receive(dgram(method="REGISTER", cuuid="d", version="1.0.2"), (IP, 4), 0.0)
    [(bye, _)] = sent(server)
    assert bye.reason == "server full (2/2 players, 1/1 spectators)"
    assert "d" not in server.connections


def test_a_freed_seat_goes_to_the_spectator_waiting_longest():
    server, app = full_server()
    join(server, "c", (IP, 3), now=1.0, name="Lyra")
    join(server, "d", (IP, 4), now=2.0, name="Deneb")
    leave(server, "a", (IP, 1), now=3.0)
    assert ("seated", "Lyra") in app.hooks and ("seated", "Deneb") not in app.hooks
    assert not server.connections["c"].spectator and server.connections["d"].spectator
    assert (server.players, server.spectators) == (2, 1)


def test_a_spectator_that_has_not_proven_its_address_is_not_seated():
    server, app = full_server()
    register(server, "c", (IP, 3), name="Lyra")
    leave(server, "a", (IP, 1), now=1.0)
    assert server.connections["c"].spectator and not any(h[0] == "seated" for h in app.hooks)


def test_a_seat_taken_by_a_pending_registrant_is_still_given_to_a_newcomer_as_before():
    server = ServerProtocol(Recorder(), ServerConfig(max_players=2))
    join(server, "a", (IP, 1))
    register(server, "pending", (IP, 2))
    ok = join(server, "c", (IP, 3), now=0.5)
    assert ok.spectator is None and "pending" not in server.connections


def test_a_spectators_events_are_judged_by_the_application():
    server, _ = full_server()
    join(server, "c", (IP, 3), name="Lyra")
    server.receive(dgram(method="EVENT", cuuid="c", euuid="e1",
                         event_data={"bad": "spectating"}), (IP, 3), 1.0)
    [(verdict, _)] = sent(server, 1.0)
    assert verdict.method == "ILLEGAL" and verdict.reason == "spectating"


def test_ohai_counts_seats_and_spectators_apart():
    server, _ = full_server()
    join(server, "c", (IP, 3))
    server.receive(dgram(method="OHAI", version="1.0.2", cuuid="probe", probe=1,
                         pad="x" * 64), (IP, 9), 1.0)
    [(answer, _)] = sent(server, 1.0)
    assert (answer.players, answer.max_players, answer.spectators) == (2, 2, 1)


def test_a_spectator_is_neither_in_the_successor_line_nor_handed_over():
    from starlane.net.ends.migration import Succession

    server, _ = full_server()
    join(server, "c", (IP, 3), follows=True, host_port=40081)
    succession = Succession("s" * 12, b"k" * 16)
    conns = list(server.connections.values())
    assert succession.line(conns) == []
    assert [seat[0] for seat in succession.package(conns, "e", "n", 2, None).seats] == [
        "a", "b"]


def test_a_seating_is_a_move_of_the_lifecycle_table_and_its_lost_timer_runs_on():
    server, _ = full_server()
    join(server, "c", (IP, 3), now=1.0, name="Lyra")
    leave(server, "a", (IP, 1), now=3.0)
    assert server.stats.transitions["confirmed->confirmed"] == 1  # ("confirmed", "seated")
    assert server.connections["c"].deadline(server.config.timeouts) == (5.0, "silent")
