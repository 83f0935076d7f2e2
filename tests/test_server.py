"""The server protocol, driven with fake time: registry, verdicts, NOTIFY, timeouts, abuse."""

import json

import pytest

from starlane.net import RetrySchedule, ServerConfig, ServerProtocol, Timeouts
from starlane.net import messages as m
from tests.helpers import Recorder, dgram, join, methods, register, seeded_ids, sent

A = ("10.0.0.2", 5000)
B = ("10.0.0.3", 5000)


def event(server, euuid="e1", data=None, cuuid="c1", address=A, now=0.0, retry=0):
    server.receive(dgram(method="EVENT", cuuid=cuuid, euuid=euuid, event_data=data,
                         timestamp="t", retry=retry, priority="high"), address, now)
    return sent(server)


@pytest.fixture
def rec():
    return Recorder()


@pytest.fixture
def server(rec):
    return ServerProtocol(rec, ServerConfig(max_players=2), new_id=seeded_ids())


def test_register_answers_ok_with_the_given_name_and_the_join_waits_for_the_proof(server, rec):
    [(ok, to)] = register(server, name="  Vega   Star ")
    assert isinstance(ok, m.OkRegister) and ok.name == "Vega Star" and to == A
    assert rec.hooks == []
    event(server)  # a plain client's EVENT proves its address (no state is streamed)
    assert rec.hooks == [("joined", "Vega Star")]


def test_a_client_without_a_name_gets_pilot_and_the_next_one_pilot_2(server):
    register(server, "c1", A)
    [(ok, _)] = register(server, "c2", B)
    assert ok.name == "Pilot 2"


def test_a_repeated_register_from_the_same_address_is_answered_again_without_a_second_join(
        server, rec):
    join(server)
    [(ok, _)] = register(server, now=1.0)
    assert isinstance(ok, m.OkRegister)
    assert rec.hooks == [("joined", "Pilot")] and len(server.connections) == 1


@pytest.mark.parametrize("setup,extra,reason", [
    (lambda s: None, {"version": "2.0"}, "incompatible version 2.0"),
    (lambda s: [setattr(s.config, "max_spectators", 0), join(s, "x", B),
                join(s, "y", ("10.0.0.4", 1))], {}, "server full (2/2"),
    (lambda s: setattr(s, "accepting", False), {}, "game already started"),
    (lambda s: s.banned_ips.add(A[0]), {}, "banned"),
    (lambda s: register(s, "c1", B), {}, "already registered from another address"),
], ids=["version", "full", "started", "banned", "cuuid-elsewhere"])
def test_refused_registrations_get_bye_register_with_a_reason(server, setup, extra, reason):
    setup(server)
    sent(server)
    fields = {"method": "REGISTER", "cuuid": "c1", "version": "1.0.2", **extra}
    server.receive(json.dumps(fields).encode(), A, 0.0)
    [(bye, to)] = sent(server)
    assert isinstance(bye, m.ByeRegister) and reason in bye.reason and to == A
    assert server.stats.refused == 1


def test_a_legal_event_is_judged_executed_and_answered(server, rec):
    register(server)
    [(verdict, to)] = event(server, data={"KEYDOWN": "up"})
    assert isinstance(verdict, m.Legal) and verdict.priority == "high" and to == A
    assert rec.executed == [("Pilot", {"KEYDOWN": "up"})]


def test_an_illegal_event_is_answered_with_the_reason_and_never_executed(server, rec):
    register(server)
    [(verdict, _)] = event(server, data={"bad": "cooldown"})
    assert isinstance(verdict, m.Illegal) and verdict.reason == "cooldown"
    assert rec.executed == []


def test_a_reason_too_long_for_the_wire_is_clipped_not_a_crash(server, rec):
    register(server)
    [(verdict, _)] = event(server, data={"bad": "x" * 500})
    assert verdict.reason == "x" * (m.TEXT_MAX - 3) + "..."


@pytest.mark.parametrize("level, datagrams", [(3, 1), (2, 3), (None, 3)])
def test_verdicts_for_one_client_leave_together_only_as_a_batch_to_level_3(rec, level, datagrams):
    server = ServerProtocol(rec)
    ok = join(server, sync=level)
    assert ok.sync == level
    for n in range(3):
        server.receive(dgram(method="EVENT", cuuid="c1", euuid=f"e{n}", event_data=n), A, 0.1)
    out = server.datagrams_to_send(0.1)
    assert len(out) == datagrams
    verdicts = [msg for datagram, _ in out for msg in m.decode_all(datagram)]
    assert [(v.method, v.euuid) for v in verdicts] == [("LEGAL", f"e{n}") for n in range(3)]
    if level:  # each message keeps its own header: acks see three datagrams' worth
        assert [v.seq for v in verdicts] == [ok.seq + 1, ok.seq + 2, ok.seq + 3]


def test_beside_a_plain_client_a_level_3_client_still_gets_its_verdicts_batched(rec):
    server = ServerProtocol(rec)
    join(server, "plain", A)
    join(server, "batching", B, sync=3)
    for n in range(2):
        for cuuid, address in (("plain", A), ("batching", B)):
            server.receive(dgram(method="EVENT", cuuid=cuuid, euuid=f"{cuuid}{n}"), address, 0.1)
    out = server.datagrams_to_send(0.1)
    assert sorted((to, len(m.decode_all(datagram))) for datagram, to in out) == [
        (A, 1), (A, 1), (B, 2)]


def test_a_retried_event_gets_the_cached_verdict_and_is_executed_once(server, rec):
    register(server)
    first = event(server, data={"n": 1})
    again = event(server, data={"n": 1}, retry=1, now=0.3)
    assert again == first
    assert rec.judged == [{"n": 1}] and len(rec.executed) == 1
    assert server.stats.duplicate_events == 1


def test_an_event_with_a_registered_cuuid_from_another_address_gets_bye_event(server, rec):
    register(server)
    [(bye, to)] = event(server, address=B)
    assert isinstance(bye, m.ByeEvent) and bye.euuid == "e1" and to == B
    assert rec.judged == [] and server.stats.wrong_address == 1


def test_an_event_from_an_unregistered_client_gets_bye_event(server, rec):
    [(bye, _)] = event(server, cuuid="stranger")
    assert bye.data == "Not registered" and rec.judged == []


def test_verdicts_are_resent_with_backoff_until_ok_event(rec):
    server = ServerProtocol(rec, ServerConfig(schedule=RetrySchedule(first=0.25, attempts=8)))
    join(server)
    event(server)
    resent_at = []
    for step in range(1, 200):
        now = step * 0.01
        server.tick(now)
        if "LEGAL" in methods(server, now):
            resent_at.append(round(now, 2))
        if now >= 0.8:
            server.receive(dgram(method="OK EVENT", cuuid="c1", euuid="e1"), A, now)
    assert resent_at == [0.25, 0.75]


def test_a_sync_clients_packet_header_acknowledges_a_verdict_each_resend_numbered_anew(rec):
    server = ServerProtocol(rec, ServerConfig(schedule=RetrySchedule(first=0.25, attempts=8)))
    join(server, sync=2)
    [(legal, _)] = event(server)
    server.tick(0.25)
    [(resent, _)] = sent(server)
    assert (legal.method, resent.method) == ("LEGAL", "LEGAL") and resent.seq != legal.seq
    server.receive(dgram(method="ACK", cuuid="c1", seq=2, ack=resent.seq, bits=0), A, 0.3)
    server.tick(5.0)
    assert "LEGAL" not in methods(server) and server.unacked == 0


def test_a_verdict_never_acknowledged_is_given_up_after_the_retry_cap(rec):
    schedule = RetrySchedule(first=0.1, factor=1, attempts=4)
    server = ServerProtocol(rec, ServerConfig(schedule=schedule))
    join(server)
    event(server)
    count = 0
    for step in range(1, 300):
        server.receive(dgram(method="HEARTBEAT", cuuid="c1"), A, step * 0.01)
        server.tick(step * 0.01)
        count += methods(server, step * 0.01).count("LEGAL")
    assert count == 3 and server.stats.unanswered == 1


def test_notify_is_resent_until_ok_notify_and_broadcast_reaches_everyone(server):
    join(server, "c1", A)
    join(server, "c2", B)
    euuids = server.notify_all({"HEALTH": 40}, now=0.0)
    out = sent(server)
    assert {a for _, a in out} == {A, B}
    assert all(isinstance(n, m.Notify) and n.event_data == {"HEALTH": 40} for n, _ in out)
    server.receive(dgram(method="OK NOTIFY", cuuid="c1", euuid=euuids[0]), A, 0.1)
    server.tick(0.3)
    assert [(msg.method, a) for msg, a in sent(server)] == [("NOTIFY", B)]


def test_heartbeats_keep_a_client_and_are_answered_with_an_echo(rec):
    server = ServerProtocol(rec, ServerConfig(timeouts=Timeouts(lost_after=5.0)))
    join(server)
    for t in range(1, 20):
        server.receive(dgram(method="HEARTBEAT", cuuid="c1", time=t * 1.0), A, t * 1.0)
    echoes = [msg.echo for msg, _ in sent(server) if isinstance(msg, m.Heartbeat)]
    assert echoes == [float(t) for t in range(1, 20)]
    server.tick(20.0)
    assert server.connections["c1"].state == "confirmed"


def test_the_server_heartbeats_a_client_it_has_nothing_to_send_to(server):
    join(server)
    server.tick(0.5)
    assert methods(server, 0.5) == ["HEARTBEAT"]
    server.tick(0.9)
    assert methods(server, 0.9) == []
    server.tick(1.0)
    assert methods(server, 1.0) == ["HEARTBEAT"]


def test_a_client_saying_bye_register_leaves_at_once(server, rec):
    join(server)
    server.receive(dgram(method="BYE REGISTER", cuuid="c1", reason="left"), A, 0.1)
    assert not server.connections and rec.hooks[-1] == ("left", "Pilot", "left")


def test_a_forged_bye_from_another_address_is_ignored(server):
    join(server)
    server.receive(dgram(method="BYE REGISTER", cuuid="c1"), B, 0.1)
    assert "c1" in server.connections


def test_a_flooding_address_is_limited_while_others_are_still_served(rec):
    server = ServerProtocol(rec, ServerConfig(unconfirmed_rate=100))
    join(server, "victim", B)
    for i in range(5000):
        server.receive(b"garbage", A, 0.0 + i * 1e-5)
    assert server.stats.rate_limited > 4000
    [(verdict, _)] = event(server, cuuid="victim", address=B, now=0.05)
    assert isinstance(verdict, m.Legal)


def test_a_middleware_that_raises_makes_the_event_illegal_and_the_server_survives():
    class Broken:
        def judge(self, peer, data):
            raise ZeroDivisionError

        def execute(self, peer, data):
            raise AssertionError("never executed")

    server = ServerProtocol(Broken())
    register(server)
    [(verdict, _)] = event(server)  # it proves the address too: no state is streamed
    assert isinstance(verdict, m.Illegal) and "server error" in verdict.reason
    assert server.stats.middleware_errors == 1


def test_ohai_is_answered_with_our_extensions_echoing_the_probe(server):
    join(server)
    server.receive(dgram(method="OHAI", cuuid="probe-1", version="1.0.2", probe=7), B, 0.0)
    [(answer, to)] = sent(server)
    assert to == B and isinstance(answer, m.OhaiClient)
    assert (answer.cuuid, answer.probe, answer.players, answer.max_players) == (
        "probe-1", 7, 1, 2)
    assert answer.server_name == "Starlane server"
    assert answer.port is None  # none configured: a LAN list takes the socket's, it came from


def test_ohai_answers_advertise_the_port_the_config_sets():
    server = ServerProtocol(Recorder(), ServerConfig(port=40125))
    server.receive(dgram(method="OHAI", cuuid="probe-1", version="1.0.2", probe=0), B, 0.0)
    [(answer, _)] = sent(server)
    assert answer.port == 40125


def test_ohai_is_answered_with_the_server_id_its_host_gave_it():
    server = ServerProtocol(Recorder(), ServerConfig(server_id="one-of-a-kind"))
    server.receive(dgram(method="OHAI", cuuid="probe-1", version="1.0.2", probe=0), B, 0.0)
    [(answer, _)] = sent(server)
    assert answer.server_id == "one-of-a-kind"


def test_ohai_from_an_incompatible_version_gets_bye_register_with_a_reason(server):
    server.receive(dgram(method="OHAI", cuuid="p", version="3.1"), B, 0.0)
    [(bye, _)] = sent(server)
    assert isinstance(bye, m.ByeRegister) and "incompatible version 3.1" in bye.reason


def test_close_says_goodbye_to_every_client_with_a_reason(server):
    join(server, "c1", A)
    join(server, "c2", B)
    server.close(1.0)
    out = sent(server)
    assert sorted(a for _, a in out) == [A, B]
    assert all(msg.reason == "server shutting down" for msg, _ in out)
    assert not server.connections


def test_kick_with_ban_refuses_that_address_later(server):
    join(server)
    server.kick("c1", "cheating", 1.0, ban=True)
    [(bye, _)] = sent(server)
    assert bye.reason == "cheating"
    [(again, _)] = register(server, now=2.0)
    assert again.reason == "banned from this server"


def test_malformed_datagrams_are_counted_by_kind_and_dropped(server):
    for datagram in [b"nope", b"[]", b"{}", b'{"method": "X"}', b'{"method": "EVENT"}']:
        server.receive(datagram, A, 0.0)
    assert sent(server) == []
    assert server.stats.malformed == {"not json": 1, "not an object": 1, "no method": 1,
                                      "unknown method": 1, "invalid field": 1}
    assert "10.0.0.2:5000" in server.stats.last_malformed
