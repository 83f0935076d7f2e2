"""The connection lifecycle, driven with fake time: one transition or proof per test."""

import logging

import pytest

from starlane.net import ServerProtocol, StateHistory
from starlane.net import messages as m
from starlane.net.link.connection import TRANSITIONS
from tests.helpers import Recorder, dgram, join, register, seeded_ids, sent

A = ("10.0.0.2", 5000)
B = ("10.0.0.9", 6000)


def answers(server, cuuid="c1", address=A, now=0.0, **extra):
    return [msg for msg, _ in register(server, cuuid, address, now, **extra)]


@pytest.fixture
def rec():
    return Recorder()


@pytest.fixture
def server(rec):
    return ServerProtocol(rec, new_id=seeded_ids(), new_token=seeded_ids(9))


def streaming(server, tick, now):
    """Publish a state of ``tick`` (a plain client proves itself by acknowledging one)."""
    history = StateHistory()
    history.root["n"] = tick
    history.commit(tick)
    server.publish_state(tick, history, now)


def test_every_state_but_closed_has_a_way_out():
    states = {state for state, _ in TRANSITIONS}
    assert states == {"pending", "confirmed", "lost", "resuming"}
    assert all((state, "closed") in TRANSITIONS for state in states)


def test_a_registrant_is_pending_and_the_application_hears_nothing(server, rec):
    answers(server, sync=3)
    assert server.connections["c1"].state == "pending" and rec.hooks == []


def test_a_sync_ack_of_ok_registers_sequence_number_confirms_it(server, rec):
    [ok] = answers(server, sync=3)
    server.receive(dgram(method="ACK", cuuid="c1", seq=1, ack=ok.seq, bits=0), A, 0.01)
    assert server.connections["c1"].state == "confirmed"
    assert rec.hooks == [("joined", "Pilot")]


def test_the_sequence_numbers_start_at_a_random_number_so_a_blind_ack_proves_nothing(server):
    [ok] = answers(server, sync=3)
    assert ok.seq not in (0, 1)
    server.receive(dgram(method="ACK", cuuid="c1", seq=1, ack=1, bits=0), A, 0.01)
    assert server.connections["c1"].state == "pending"


def test_a_plain_clients_ok_notify_of_a_state_it_was_sent_confirms_it(server, rec):
    answers(server)
    streaming(server, 1, 0.03)
    [state] = [msg for msg, _ in sent(server, 0.03)]
    server.receive(dgram(method="OK NOTIFY", cuuid="c1", euuid="made-up"), A, 0.04)
    assert server.connections["c1"].state == "pending"
    server.receive(dgram(method="OK NOTIFY", cuuid="c1", euuid=state.euuid), A, 0.05)
    assert server.connections["c1"].state == "confirmed"


def test_heartbeats_from_a_pending_client_are_not_life_and_get_no_answer(server):
    answers(server, sync=3)
    for t in (0.5, 1.0, 1.5, 2.0):
        server.receive(dgram(method="HEARTBEAT", cuuid="c1", time=t), A, t)
        server.tick(t)
        assert sent(server, t) == []
    server.tick(2.5)
    assert "c1" not in server.connections and server.stats.unproven == 4


def test_events_from_a_pending_client_wait_for_its_proof_then_are_judged(server, rec):
    [ok] = answers(server, sync=3)
    server.receive(dgram(method="EVENT", cuuid="c1", euuid="e1", event_data=1), A, 0.01)
    assert rec.judged == [] and sent(server, 0.01) == []
    server.receive(dgram(method="ACK", cuuid="c1", seq=1, ack=ok.seq, bits=0), A, 0.02)
    assert rec.judged == [1]
    assert [(msg.method, msg.euuid) for msg, _ in sent(server, 0.02)] == [("LEGAL", "e1")]


def test_a_silent_pending_registrant_is_forgotten_after_the_proof_timeout(server, rec):
    answers(server, sync=3)
    server.tick(2.49)
    assert "c1" in server.connections
    server.tick(2.5)
    assert "c1" not in server.connections and rec.hooks == []


def test_a_repeated_register_restarts_the_proof_wait_of_a_pending_registrant(server):
    """Its OK REGISTER was lost: the proof can only come after the answer to this one."""
    answers(server, sync=3)
    answers(server, now=2.0, sync=3)
    server.tick(4.49)
    assert server.connections["c1"].state == "pending"
    server.tick(4.5)
    assert "c1" not in server.connections


def test_repeated_registers_keep_a_pending_registrant_10_s_at_most(server):
    for now in range(10):
        answers(server, now=float(now), sync=3)
        server.tick(float(now))
    server.tick(9.99)
    assert server.connections["c1"].state == "pending"
    server.tick(10.0)
    assert "c1" not in server.connections


def test_a_repeated_register_from_a_claimed_address_restarts_its_proof_wait_too(server, rec):
    join(server, sync=3)
    token = server.connections["c1"].token
    answers(server, address=B, now=1.0, sync=3, resume=token)
    answers(server, address=B, now=3.0, sync=3, resume=token)
    server.tick(5.49)
    assert server.connections["c1"].state == "resuming"
    server.tick(5.5)
    assert server.connections["c1"].state == "lost"


def test_a_spoofed_register_flood_holds_one_seat_and_draws_fewer_bytes_than_it_sends(server):
    """REGISTERs forged from B's address, 10 a second for 60 s, while the server streams
    states: each entry lives 10 s at most and gets its 10 datagrams at most."""
    history, flood, drawn, datagrams = StateHistory(), 0, 0, 0
    for step in range(1, 601):
        now = step / 10
        history.root["n"] = step
        history.commit(step)
        server.publish_state(step, history, now)
        register_datagram = dgram(method="REGISTER", cuuid="forged", version="1.0.2", sync=3)
        server.receive(register_datagram, B, now)
        server.tick(now)
        flood += len(register_datagram)
        out = server.datagrams_to_send(now)
        datagrams += len(out)
        drawn += sum(len(d) for d, _ in out)
        assert len(server.connections) <= 1
    print(f"a 60 s flood of {flood} bytes drew {datagrams} datagrams, {drawn} bytes")
    assert datagrams <= 60 and drawn < flood


def test_a_silent_pending_registrant_gets_at_most_10_datagrams_and_16_kb(server):
    """What a forged REGISTER can draw to its victim: OK REGISTER, a few keyframes."""
    server.receive(dgram(method="REGISTER", cuuid="c1", sync=3), A, 0.0)
    history, count, size = StateHistory(), 0, 0
    history.root["big"] = "x" * 6000  # keyframes of 6 kB: the byte cap bites first
    for tick in range(1, 100):
        now = tick / 30
        history.root["n"] = tick
        history.commit(tick)
        server.publish_state(tick, history, now)
        server.tick(now)
        out = server.datagrams_to_send(now)
        count += len(out)
        size += sum(len(d) for d, _ in out)
    print(f"to a silent registrant: {count} datagrams, {size} bytes")
    assert count <= 10 and size <= 16000 and "c1" not in server.connections


def test_a_silent_player_is_lost_after_4_s_and_the_application_told(server, rec):
    join(server, sync=3)
    server.tick(3.99)
    assert server.connections["c1"].state == "confirmed"
    server.tick(4.0)
    assert server.connections["c1"].state == "lost"
    assert rec.hooks == [("joined", "Pilot"), ("lost", "Pilot")]
    print("time to lost on fake time: 4.0 s after the last datagram")


def test_a_lost_player_gets_nothing_sent(server):
    join(server)
    server.tick(4.0)
    streaming(server, 1, 4.1)
    server.tick(5.0)
    assert sent(server, 5.0) == [] and server.notify("c1", 1, 5.0) is None


def test_a_lost_seat_is_freed_after_the_hold_time(server, rec):
    join(server)
    server.tick(4.0)
    server.tick(33.99)
    assert "c1" in server.connections
    server.tick(34.0)
    assert "c1" not in server.connections and rec.hooks[-1] == ("left", "Pilot", "timed out")


def test_a_lost_player_heard_again_from_its_address_is_back(server, rec):
    join(server)
    server.tick(4.0)
    server.receive(dgram(method="HEARTBEAT", cuuid="c1", time=5.0), A, 5.0)
    assert server.connections["c1"].state == "confirmed" and rec.hooks[-1] == ("resumed", "Pilot")


def test_ok_register_carries_the_pid_and_a_128_bit_resume_token(rec):
    server = ServerProtocol(rec)  # the real token source
    [ok] = answers(server)
    assert ok.pid == server.connections["c1"].pid and len(bytes.fromhex(ok.resume)) >= 16


def test_the_resume_token_from_a_new_address_takes_the_seat_back_with_the_same_pid(server, rec):
    ok = join(server, sync=3)
    server.tick(4.0)
    [again] = answers(server, address=B, now=10.0, resume=ok.resume, sync=3)
    assert (again.pid, again.resume) == (ok.pid, ok.resume)
    assert server.connections["c1"].state == "resuming"
    server.receive(dgram(method="ACK", cuuid="c1", seq=1, ack=again.seq, bits=0), B, 10.01)
    assert server.connections["c1"].state == "confirmed"
    assert rec.hooks[-1] == ("resumed", "Pilot") and server.connections["c1"].address == B


def test_a_live_seat_moves_to_the_new_address_of_its_token(server, rec):
    ok = join(server, sync=3)
    [again] = answers(server, address=B, now=1.0, resume=ok.resume, sync=3)
    assert again.pid == ok.pid and server.connections["c1"].state == "resuming"
    assert rec.hooks[-1] == ("lost", "Pilot")


def test_a_resume_that_never_proves_its_address_leaves_the_seat_held(server):
    ok = join(server, sync=3)
    server.tick(4.0)
    answers(server, address=B, now=10.0, resume=ok.resume, sync=3)
    server.tick(12.5)
    assert server.connections["c1"].state == "lost"


@pytest.mark.parametrize("token", [None, "0" * 32], ids=["missing", "wrong"])
def test_the_same_cuuid_from_another_address_without_its_token_is_refused(server, token):
    join(server)
    [bye] = answers(server, address=B, now=1.0, **({"resume": token} if token else {}))
    assert isinstance(bye, m.ByeRegister) and "resume token" in bye.reason
    assert server.connections["c1"].address == A


def test_a_resume_token_for_a_seat_the_server_never_had_gets_a_new_seat(server):
    [ok] = answers(server, resume="f" * 32)
    assert isinstance(ok, m.OkRegister) and ok.resume != "f" * 32


def test_a_client_leaving_frees_its_seat_with_the_reason(server, rec):
    join(server)
    server.receive(dgram(method="BYE REGISTER", cuuid="c1", reason="quit"), A, 1.0)
    assert "c1" not in server.connections and rec.hooks[-1] == ("left", "Pilot", "quit")


def test_hooks_that_raise_are_logged_with_the_traceback_and_contained(caplog):
    class Fragile(Recorder):
        def joined(self, conn):
            raise RuntimeError("bug in joined")

        def execute(self, conn, data):
            raise RuntimeError("bug in execute")

    server = ServerProtocol(Fragile())
    with caplog.at_level(logging.ERROR, logger="starlane.net"):
        join(server)  # its EVENT proves it (joined raises), then is judged and executed
    assert server.stats.middleware_errors == 2
    assert "bug in joined" in caplog.text and "bug in execute" in caplog.text
    assert "Traceback" in caplog.text
    assert server.connections["c1"].state == "confirmed"


def test_a_lost_client_registering_again_from_its_own_address_gets_its_seat_back(server, rec):
    ok = join(server)
    server.tick(4.0)
    [again] = answers(server, now=6.0)  # a plain client has no token: its address vouches
    assert again.pid == ok.pid and server.connections["c1"].state == "confirmed"
    assert rec.hooks[-1] == ("resumed", "Pilot")
