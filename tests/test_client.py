"""The client protocol, driven with fake time: register, verdicts, rollback, NOTIFY."""


import pytest

from starlane.net import (
    ClientProtocol,
    Disconnected,
    EventJudged,
    Notified,
    Registered,
    RegisterFailed,
)
from starlane.net import messages as m
from starlane.net.wire import _framing as framing
from tests.helpers import SERVER, dgram, make_client, methods, registered_client, sent


def verdict(client, euuid, method="LEGAL", now=0.1, **extra):
    client.receive(dgram(method=method, euuid=euuid, priority="high", **extra), SERVER, now)


def test_register_sends_our_name_and_version_and_reports_success():
    client = make_client()
    client.register(0.0)
    [(reg, to)] = sent(client)
    assert isinstance(reg, m.Register) and (reg.name, reg.version, to) == ("Vega", "1.0.2", SERVER)
    client.receive(dgram(method="OK REGISTER", name="Vega"), SERVER, 0.01)
    assert client.events() == [Registered("Vega")] and client.status == "registered"


def test_register_is_retried_then_fails_with_a_clear_reason():
    client = make_client(attempts=4)
    client.register(0.0)
    tries = len(sent(client))
    for step in range(1, 1000):
        client.tick(step * 0.01)
        tries += methods(client).count("REGISTER")
    assert tries == 4
    [failed] = client.events()
    assert isinstance(failed, RegisterFailed)
    assert failed.reason == "no answer from 10.0.0.1:40080 after 4 tries"
    assert client.status == "idle" and client.next_deadline() is None


def test_by_default_a_dead_address_is_reported_within_seven_seconds():
    """8 tries: on a 400 ms path losing 10 % each way at both ends, fewer lose joins."""
    client = ClientProtocol(SERVER)
    client.register(0.0)
    step = 0
    while not client.events() and step < 2000:
        step += 1
        client.tick(step * 0.01)
    assert client.status == "idle" and 6.7 <= step * 0.01 <= 6.8


def test_a_refusal_reports_the_servers_reason():
    client = make_client()
    client.register(0.0)
    client.receive(dgram(method="BYE REGISTER", reason="server full (8/8 players)"), SERVER, 0.1)
    assert client.events() == [RegisterFailed("server full (8/8 players)")]


def test_a_normal_event_is_applied_only_when_judged_legal():
    client = registered_client()
    applied = []
    euuid = client.event({"KEYDOWN": "up"}, 0.0, apply=lambda: applied.append(1))
    assert applied == []
    verdict(client, euuid)
    [judged] = client.events()  # the verdict is handed over, and ``apply`` runs with it
    assert applied == [1]
    assert (judged.outcome, judged.event_data) == ("legal", {"KEYDOWN": "up"})


def test_a_high_event_is_applied_at_once_and_rolled_back_on_illegal():
    client = registered_client()
    world = []
    euuid = client.event({"KEYDOWN": "fire"}, 0.0, priority="high",
                         apply=lambda: world.append("shot"), undo=lambda: world.remove("shot"))
    assert world == ["shot"]
    verdict(client, euuid, "ILLEGAL", reason="cooldown")
    events = client.events()  # the verdict is handed over, and ``undo`` runs with it
    assert world == []
    assert events == [EventJudged(euuid, {"KEYDOWN": "fire"}, "high", "illegal", "cooldown")]


def test_a_high_event_the_server_never_judges_is_rolled_back_after_the_last_retry():
    client = registered_client(attempts=3, server_timeout=100)
    undone = []
    euuid = client.event("x", 0.0, priority="high", undo=lambda: undone.append(1))
    for step in range(1, 500):
        client.tick(step * 0.01)
    judged = [e for e in client.events() if isinstance(e, EventJudged)]
    assert undone == [1] and euuid not in client.pending
    assert [(e.outcome, e.reason) for e in judged] == [("timeout", "no verdict from the server")]


def test_a_verdicts_undo_runs_when_events_hands_it_over_not_inside_receive():
    client = registered_client()
    undone = []
    euuid = client.event("x", 0.0, priority="high", undo=lambda: undone.append(1))
    verdict(client, euuid, "ILLEGAL", reason="no")
    assert undone == [] and euuid not in client.pending
    [judged] = client.events()
    assert undone == [1] and judged.outcome == "illegal"


def test_an_event_is_retransmitted_with_an_incremented_retry_until_judged():
    client = registered_client(attempts=8)
    euuid = client.event("x", 0.0)
    retries = [msg.retry for msg, _ in sent(client)]
    for step in range(1, 100):
        client.tick(step * 0.01)
        retries += [msg.retry for msg, _ in sent(client) if isinstance(msg, m.Event)]
    verdict(client, euuid, now=1.0)
    for step in range(100, 400):
        client.tick(step * 0.01)
        retries += [msg.retry for msg, _ in sent(client) if isinstance(msg, m.Event)]
    assert retries == [0, 1, 2]  # sent at 0, 0.25, 0.75; judged at 1.0


def test_every_verdict_is_acknowledged_even_a_duplicate():
    client = registered_client()
    euuid = client.event("x", 0.0)
    sent(client)
    verdict(client, euuid)
    verdict(client, euuid, now=0.3)
    assert [(msg.method, msg.euuid) for msg, _ in sent(client)] == [("OK EVENT", euuid)] * 2
    assert len([e for e in client.events() if isinstance(e, EventJudged)]) == 1


def test_with_sync_a_verdict_is_acknowledged_by_the_next_header_or_an_ack_soon_after():
    client = make_client(ack_delay=0.02)
    client.register(0.0)
    sent(client)
    client.receive(dgram(method="OK REGISTER", name="Vega", sync=2, seq=1), SERVER, 0.01)
    first, second = client.event("x", 0.02), client.event("y", 0.02)
    sent(client)
    client.receive(dgram(method="LEGAL", euuid=first, seq=2), SERVER, 0.03)
    third = client.event("z", 0.031)
    [(carrier, _)] = sent(client)  # no OK EVENT: this EVENT's header says seq 2 arrived
    assert (carrier.method, carrier.euuid, carrier.ack) == ("EVENT", third, 2)
    client.receive(dgram(method="ILLEGAL", euuid=second, seq=3), SERVER, 0.04)
    client.tick(0.05)
    assert sent(client) == []
    assert client.next_deadline() == pytest.approx(0.06)
    client.tick(0.06)
    [(ack, _)] = client.datagrams_to_send(0.0)  # packed at sync level 2: 10-14 bytes
    _, acked, bits, token = framing.unpack_ack(ack)
    assert (acked, bits & 1, token) == (3, 1, framing.token(client.cuuid)) and len(ack) <= 14


def test_a_duplicate_notify_is_delivered_once_and_acknowledged_each_time():
    client = registered_client()
    for now in (0.1, 0.4):
        client.receive(dgram(method="NOTIFY", euuid="n1", event_data={"HEALTH": 40}), SERVER, now)
    assert client.events() == [Notified("n1", {"HEALTH": 40})]
    assert methods(client) == ["OK NOTIFY", "OK NOTIFY"]
    assert client.stats.duplicate_notifies == 1


def test_a_notify_from_another_address_is_ignored():
    client = registered_client()
    client.receive(dgram(method="NOTIFY", euuid="n1", event_data=1), ("6.6.6.6", 40080), 0.1)
    assert client.events() == [] and client.stats.stray == 1


def test_a_silent_server_means_connection_lost_and_pending_high_events_roll_back():
    client = registered_client(server_timeout=3.0, attempts=50)
    undone = []
    client.event("x", 0.5, priority="high", undo=lambda: undone.append(1))
    for step in range(1, 400):
        client.tick(step * 0.01)
    events = client.events()
    assert undone == [1]
    assert events[-1] == Disconnected("connection lost: the server stopped answering",
                                      link_lost=True)


def test_a_kick_reports_the_reason():
    client = registered_client()
    client.receive(dgram(method="BYE REGISTER", reason="server shutting down"), SERVER, 1.0)
    assert client.events() == [Disconnected("server shutting down")]


def test_an_idle_client_heartbeats_and_measures_rtt_from_the_echo():
    client = registered_client()
    client.tick(1.01)
    [(beat, _)] = sent(client)
    assert isinstance(beat, m.Heartbeat) and beat.time == 1.01
    client.receive(dgram(method="HEARTBEAT", echo=1.01), SERVER, 1.05)
    assert client.round_trip.smoothed == pytest.approx(0.04)


def test_close_says_goodbye_once():
    client = registered_client()
    client.close(1.0)
    [(bye, _)] = sent(client)
    assert isinstance(bye, m.ByeRegister) and bye.cuuid == client.cuuid
    client.tick(50.0)
    assert sent(client) == []


def test_sending_an_event_before_registering_is_our_own_misuse():
    with pytest.raises(RuntimeError, match=r"event\(\) while idle: wait for Registered"):
        make_client().event("x", 0.0)


def test_a_batch_from_the_server_is_handled_message_by_message():
    client = registered_client()
    first, second = client.event("x", 0.0), client.event("y", 0.0)
    sent(client)
    client.receive(b"[" + dgram(method="LEGAL", euuid=first) + b"," + dgram(method="PING")
                   + b"," + dgram(method="ILLEGAL", euuid=second, reason="no") + b"]", SERVER, 0.1)
    judged = [(e.euuid, e.outcome) for e in client.events() if isinstance(e, EventJudged)]
    assert judged == [(first, "legal"), (second, "illegal")]
    assert client.stats.malformed == 1 and client.stats.received == 2  # + the OK REGISTER


def test_a_batch_stops_at_the_message_that_ends_the_session():
    client = registered_client()
    euuid = client.event("x", 0.0)
    client.receive(b"[" + dgram(method="BYE REGISTER", reason="kicked") + b","
                   + dgram(method="LEGAL", euuid=euuid) + b"]", SERVER, 0.1)
    assert client.status == "idle"
    assert not [e for e in client.events() if isinstance(e, EventJudged) and e.outcome == "legal"]


def test_ok_register_tells_the_client_its_pid_and_resume_token():
    client = make_client()
    client.register(0.0)
    sent(client)
    client.receive(dgram(method="OK REGISTER", name="Vega 2", pid=7, resume="ab" * 16), SERVER,
                   0.01)
    assert client.events() == [Registered("Vega 2", 7, "ab" * 16)]
    assert (client.pid, client.resume, client.name) == (7, "ab" * 16, "Vega 2")


def test_registering_again_after_a_lost_link_carries_the_same_cuuid_and_the_token():
    client = make_client(server_timeout=2.5)
    client.register(0.0)
    sent(client)
    client.receive(dgram(method="OK REGISTER", pid=7, resume="ab" * 16), SERVER, 0.01)
    client.tick(2.51)
    assert client.events()[-1].link_lost and client.status == "idle"
    client.register(2.6)
    [(again, _)] = sent(client, 2.6)
    assert (again.cuuid, again.resume) == (client.cuuid, "ab" * 16)


def test_a_sync_client_acknowledges_ok_register_at_once_and_repeats_it_until_heard():
    client = make_client()
    client.register(0.0)
    sent(client)
    client.receive(dgram(method="OK REGISTER", sync=1, seq=40000, ack=0, bits=0), SERVER, 0.01)
    proofs = [msg.ack for msg, _ in sent(client, 0.01)]
    for step in range(2, 60):
        client.tick(step * 0.01)
        proofs += [msg.ack for msg, _ in sent(client, step * 0.01) if msg.method == "ACK"]
    assert proofs[:3] == [40000, 40000, 40000]  # at 0.01, 0.26, 0.51 s
    client.receive(dgram(method="HEARTBEAT", time=0.6, seq=40001, ack=1, bits=0), SERVER, 0.6)
    sent(client, 0.6)
    client.tick(1.5)
    assert "ACK" not in methods(client, 1.5)


def test_a_sync_client_repeats_its_proof_while_it_hears_only_keyframes():
    """An unproven address gets a few keyframes too: one can reach us though every ACK so
    far was lost, and the server forgets a seat whose proof never comes."""
    client = make_client()
    client.register(0.0)
    sent(client)
    client.receive(dgram(method="OK REGISTER", sync=1, seq=40000, ack=0, bits=0), SERVER, 0.01)
    client.receive(dgram(method="NOTIFY", euuid="k1", event_data={"n": 1}, tick=1,
                         seq=40001, ack=1, bits=0), SERVER, 0.02)
    proof_times = []
    for step in range(3, 60):
        client.tick(step * 0.01)
        proof_times += [step * 0.01 for msg, _ in sent(client, step * 0.01)
                        if msg.method == "ACK"]
    assert len(proof_times) >= 2 and proof_times[-1] >= 0.5


def test_a_client_notices_a_silent_server_within_3_s_by_default():
    client = registered_client()  # last heard at 0.01 s
    client.tick(2.5)
    assert client.status == "registered"
    client.tick(2.51)
    assert client.events()[-1] == Disconnected("connection lost: the server stopped answering",
                                               link_lost=True)


def test_an_undo_that_raises_is_logged_and_contained(caplog):
    client = registered_client()

    def broken():
        raise RuntimeError("bug in undo")
    euuid = client.event("x", 0.1, priority="high", undo=broken)
    with caplog.at_level("ERROR", logger="starlane.net"):
        verdict(client, euuid, "ILLEGAL", now=0.2)
        events = client.events()
    assert client.stats.hook_errors == 1 and "bug in undo" in caplog.text
    assert [e.outcome for e in events if isinstance(e, EventJudged)] == ["illegal"]
