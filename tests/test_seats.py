"""Seats and budgets, with fake time: who gets in, who is kept out, who pays for a flood."""


from starlane.net import ServerConfig, ServerProtocol
from starlane.net import messages as m
from starlane.net.link._ratelimit import Budget
from tests.helpers import Recorder, dgram, join, register, sent

IP = "10.0.0.2"
REAL = ("10.0.0.7", 7000)


def answers(server, cuuid, address, now=0.0, **extra):
    return [msg for msg, to in register(server, cuuid, address, now, **extra) if to == address]


def test_a_new_cuuid_from_the_same_address_replaces_its_pending_seat():
    server = ServerProtocol(Recorder())
    answers(server, "first", (IP, 5000))
    answers(server, "second", (IP, 5000))
    assert list(server.connections) == ["second"]


def test_an_address_with_a_confirmed_seat_cannot_take_a_second():
    server = ServerProtocol(Recorder())
    join(server, "first", (IP, 5000))
    [bye] = answers(server, "second", (IP, 5000))
    assert bye.reason == "this address already holds a seat"


def test_a_full_server_gives_its_oldest_pending_seat_to_a_newcomer():
    server = ServerProtocol(Recorder(), ServerConfig(max_players=2))
    answers(server, "old", (IP, 1), now=0.0)
    answers(server, "young", (IP, 2), now=0.1)
    [ok] = answers(server, "real", REAL, now=0.2)
    assert isinstance(ok, m.OkRegister)
    assert sorted(server.connections) == ["real", "young"] and server.stats.evicted == 1


def test_a_full_server_of_real_players_with_no_room_to_watch_refuses_with_the_counts():
    server = ServerProtocol(Recorder(), ServerConfig(max_players=2, max_spectators=0))
    join(server, "a", (IP, 1))
    join(server, "b", (IP, 2))
    [bye] = answers(server, "c", REAL)
    assert bye.reason == "server full (2/2 players, 0/0 spectators)"


def test_60_fake_registers_from_one_socket_hold_one_seat_and_a_real_player_joins_at_once():
    server = ServerProtocol(Recorder())
    for n in range(60):
        answers(server, f"fake-{n}", (IP, 5000), now=n * 0.001)
    assert len(server.connections) == 1
    assert isinstance(answers(server, "real", REAL, now=0.1)[0], m.OkRegister)


def test_60_fake_registers_from_60_sockets_on_one_ip_never_keep_a_real_player_out():
    server = ServerProtocol(Recorder())
    for n in range(60):
        answers(server, f"fake-{n}", (IP, 5000 + n), now=n * 0.001)
    assert len(server.connections) == 8
    join(server, "real", REAL, now=0.1, sync=3)
    for n in range(60, 120):  # the flood goes on: proven players are never evicted
        answers(server, f"fake-{n}", (IP, 5000 + n), now=0.1 + n * 0.001)
    assert server.connections["real"].state == "confirmed"


def test_32_players_on_one_ip_registering_within_one_second_all_get_in():
    server = ServerProtocol(Recorder(), ServerConfig(max_players=32))
    for n in range(32):
        join(server, f"p{n}", (IP, 5000 + n), now=n / 32, sync=3)
    assert sum(c.state == "confirmed" for c in server.connections.values()) == 32


def test_datagrams_from_a_confirmed_player_do_not_count_against_its_ips_limit():
    server = ServerProtocol(Recorder(), ServerConfig(unconfirmed_rate=10))
    join(server, "player", (IP, 5000))
    for n in range(500):
        server.receive(dgram(method="HEARTBEAT", cuuid="player", time=n), (IP, 5000), 0.1)
    assert server.stats.rate_limited == 0
    assert isinstance(answers(server, "friend", (IP, 5001), now=0.1)[0], m.OkRegister)


def test_a_flood_from_another_socket_on_a_players_ip_leaves_the_player_served():
    server = ServerProtocol(Recorder(), ServerConfig(unconfirmed_rate=100))
    join(server, "player", (IP, 5000))
    for n in range(25000):  # a second's worth at 25k datagrams/s
        server.receive(b"garbage", (IP, 6666), n / 25000)
    assert server.stats.rate_limited > 24000
    server.receive(dgram(method="EVENT", cuuid="player", euuid="e", event_data=1), (IP, 5000), 1.0)
    assert [msg.method for msg, _ in sent(server, 1.0)] == ["LEGAL"]


def test_a_pending_player_proves_its_address_while_a_socket_on_its_ip_floods():
    server = ServerProtocol(Recorder(), ServerConfig(unconfirmed_rate=100))
    [ok] = answers(server, "player", (IP, 5000), sync=3)
    for n in range(25000):  # the flood starts before the player's proof arrives
        server.receive(b"garbage", (IP, 6666), n / 25000)
    proof = dgram(method="ACK", cuuid="player", seq=1, ack=ok.seq, bits=0)
    server.receive(proof, (IP, 5000), 1.0)
    assert server.connections["player"].state == "confirmed"


def test_one_flooding_socket_does_not_keep_a_neighbour_on_its_ip_from_registering():
    server = ServerProtocol(Recorder())
    for n in range(25000):
        server.receive(b"garbage", (IP, 6666), n / 25000)
    assert isinstance(answers(server, "neighbour", (IP, 5000), now=1.0)[0], m.OkRegister)


def test_a_player_over_its_own_budget_loses_only_its_excess():
    server = ServerProtocol(Recorder(), ServerConfig(connection_rate=100))
    join(server, "greedy", (IP, 5000))
    join(server, "calm", (IP, 5001))
    for n in range(1000):
        server.receive(dgram(method="HEARTBEAT", cuuid="greedy", time=n), (IP, 5000), 0.5)
    assert 700 < server.stats.over_budget < 1000
    server.receive(dgram(method="EVENT", cuuid="calm", euuid="e", event_data=1), (IP, 5001), 0.5)
    assert "LEGAL" in [msg.method for msg, _ in sent(server, 0.5)]


def test_a_sustained_flooder_is_kicked_with_a_reason():
    server = ServerProtocol(Recorder(), ServerConfig(connection_rate=100))
    join(server, "flooder", (IP, 5000))
    for n in range(1, 7000):  # 1000 datagrams/s for 7 s, ten times its budget
        server.receive(dgram(method="HEARTBEAT", cuuid="flooder"), (IP, 5000), n / 1000)
    assert "flooder" not in server.connections
    byes = [msg for msg, _ in sent(server, 7.0) if isinstance(msg, m.ByeRegister)]
    assert byes[0].reason.startswith("flooding")


def test_a_budget_never_exceeded_never_reads_abusive():
    budget = Budget(rate=100, burst=200)
    assert all(budget.allow(n / 50) for n in range(1000))
    assert not budget.abusive(20.0) and budget.dropped == 0


def test_two_players_asking_for_the_same_name_are_told_apart():
    server = ServerProtocol(Recorder())
    [first] = answers(server, "a", (IP, 1), name="Vega")
    [second] = answers(server, "b", (IP, 2), name="vega")
    [third] = answers(server, "c", (IP, 3), name="Vega")
    assert (first.name, second.name, third.name) == ("Vega", "vega 2", "Vega 3")


def test_a_long_name_keeps_its_number_within_24_characters():
    server = ServerProtocol(Recorder())
    answers(server, "a", (IP, 1), name="X" * 24)
    [second] = answers(server, "b", (IP, 2), name="X" * 24)
    assert second.name == "X" * 22 + " 2"


def test_ohai_answers_count_humans_with_seats_and_the_bots_the_application_reports():
    server = ServerProtocol(Recorder())
    join(server, "human", (IP, 1))
    answers(server, "pending", (IP, 2))
    server.bots = 3
    probe = dgram(method="OHAI", cuuid="probe-0123456789abcdef", version="1.0.2", probe=1)
    server.receive(probe, REAL, 0.0)
    [(answer, _)] = sent(server)
    assert (answer.players, answer.bots) == (1, 3)


def test_an_ohai_answer_is_one_datagram_at_most_4x_the_probe_or_none():
    server = ServerProtocol(Recorder(), ServerConfig(server_name="S" * 200))
    big = dgram(method="OHAI", cuuid="c" * 64, version="1.0.2", probe=1)
    small = dgram(method="OHAI", cuuid="c", version="1")
    for probe in (big, small):
        server.receive(probe, REAL, 0.0)
        out = server.datagrams_to_send(0.0)
        print(f"OHAI of {len(probe)} bytes: answers {[len(d) for d, _ in out]} bytes")
        assert len(out) <= 1 and all(len(d) <= 4 * len(probe) for d, _ in out)
