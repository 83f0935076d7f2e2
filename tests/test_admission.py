"""Admission (net.ends._admission): a private server's password is proven by an HMAC of
its challenge, never sent; wrong tries are limited per IP; the middleware's ``admit``
hook sees the client's build and refuses with a reason. Fake time, in-memory wire."""

import json

import pytest

from starlane.net import (
    Admission,
    ClientConfig,
    ClientProtocol,
    Registered,
    RegisterFailed,
    ServerConfig,
    ServerProtocol,
)
from starlane.net.ends._admission import derive_key, prove
from tests.helpers import SERVER, Recorder, Wire, dgram, register, seeded_ids, sent

PASSWORD = "swordfish"
PLAYER = ("10.0.0.2", 5000)


def private_server(middleware=None, password=PASSWORD) -> ServerProtocol:
    return ServerProtocol(middleware or Recorder(), ServerConfig(password=password),
                          new_id=seeded_ids(1), new_token=seeded_ids(2))


def joining(server, password, address=PLAYER, build=None, seed=3):
    """A wire with one client at ``address`` registering; returns (wire, client)."""
    wire = Wire(server)
    client = wire.add(address, ClientProtocol(SERVER, name="Vega", password=password,
                                              config=ClientConfig(build=build),
                                              new_id=seeded_ids(seed)))
    client.register(wire.now)
    wire.run(0.5)
    return wire, client


def outcome(client):
    [event] = [e for e in client.events() if isinstance(e, (Registered, RegisterFailed))]
    return event


def test_the_right_password_is_admitted():
    server = private_server()
    _, client = joining(server, PASSWORD)
    assert isinstance(outcome(client), Registered)
    assert [c.name for c in server.connections.values()] == ["Vega"]


def test_the_password_never_crosses_the_wire():
    server = private_server()
    wire, client = Wire(server), ClientProtocol(SERVER, password=PASSWORD)
    wire.add(PLAYER, client)
    seen: list[bytes] = []
    receive = server.receive
    server.receive = lambda d, a, now: (seen.append(d), receive(d, a, now))[1]
    client.register(0.0)
    wire.run(0.5)
    assert client.status == "registered" and seen
    assert not any(PASSWORD.encode() in d for d in seen)
    assert PASSWORD not in repr(server.config) and PASSWORD not in repr(vars(client))


def test_a_wrong_password_is_refused_with_a_reason():
    server = private_server()
    _, client = joining(server, "sword fish")
    assert outcome(client) == RegisterFailed(
        "wrong password (4 more tries from this address within 60 s)")
    assert not server.connections and server.stats.wrong_passwords == 1


def test_a_client_without_a_password_is_told_the_server_needs_one():
    _, client = joining(private_server(), None)
    assert outcome(client) == RegisterFailed("this server needs a password")


def plain_register(server):
    """neteria 1.0.2's REGISTER: its cuuid alone; returns what the server answers."""
    server.receive(dgram(method="REGISTER", cuuid="c1"), PLAYER, 0.0)
    return sent(server)


def test_a_plain_client_is_refused_by_a_private_server_with_a_reason():
    server = private_server()
    [(bye, to)] = plain_register(server)
    assert to == PLAYER and bye.method == "BYE REGISTER"
    assert bye.reason == "this server needs a password" and bye.challenge and bye.salt
    assert not server.connections


def test_a_plain_client_is_admitted_by_a_public_server_and_asked_nothing():
    server = ServerProtocol(Recorder(), new_token=seeded_ids(2))
    [(ok, _)] = plain_register(server)
    assert ok.method == "OK REGISTER"
    assert b"challenge" not in json.dumps(ok.model_dump()).encode()


def wrong_try(server, now, port=5000):
    """One wrong answer from 10.0.0.2:``port`` at ``now``; returns the server's reason."""
    client = ClientProtocol(SERVER, password="guess", new_id=seeded_ids(port))
    address = ("10.0.0.2", port)
    client.register(now)
    for _ in range(3):  # REGISTER, challenge, answer, verdict
        for datagram, _ in client.datagrams_to_send(now):
            server.receive(datagram, address, now)
        for datagram, _ in server.datagrams_to_send(now):
            client.receive(datagram, SERVER, now)
    return outcome(client).reason


def test_five_wrong_tries_a_minute_from_one_address_block_it_and_say_so():
    server = private_server()
    reasons = [wrong_try(server, now=10.0 * n, port=5000 + n) for n in range(6)]
    assert reasons[3] == "wrong password (1 more try from this address within 60 s)"
    assert reasons[4] == "wrong password: no more tries from this address for 60 s"
    assert reasons[5] == "too many wrong passwords from 10.0.0.2: 5 in 60 s; try again in 10 s"
    assert server.stats.wrong_passwords == 5  # the blocked try was not even checked


def test_the_right_password_is_refused_too_while_the_address_is_blocked():
    server = private_server()
    for n in range(5):
        wrong_try(server, now=0.0, port=5000 + n)
    _, client = joining(server, PASSWORD)
    assert outcome(client).reason.startswith("too many wrong passwords from 10.0.0.2")


def test_a_blocked_address_may_try_again_a_minute_after_its_first_wrong_try():
    server = private_server()
    for n in range(5):
        wrong_try(server, now=0.0, port=5000 + n)
    still = ClientProtocol(SERVER, password=PASSWORD, new_id=seeded_ids(8))
    wire = Wire(server)
    wire.add(PLAYER, still)
    wire.now = 59.5
    still.register(wire.now)
    wire.run(0.2)
    assert outcome(still).reason == ("too many wrong passwords from 10.0.0.2: 5 in 60 s; "
                                     "try again in 1 s")
    wire.run(0.5)  # now past 60 s since the first wrong try
    still.register(wire.now)
    wire.run(0.5)
    assert isinstance(outcome(still), Registered)


def test_another_address_is_not_blocked_by_ones_wrong_tries():
    server = private_server()
    for n in range(5):
        wrong_try(server, now=0.0, port=5000 + n)
    _, client = joining(server, PASSWORD, address=("10.0.0.3", 5000))
    assert isinstance(outcome(client), Registered)


def test_an_answer_to_an_expired_challenge_gets_a_new_one_and_the_client_answers_it():
    server = private_server()
    [(bye, _)] = register(server)
    late = register(server, now=31.0, nonce=bye.challenge, proof="0" * 64)
    [(again, _)] = late
    assert again.challenge and again.challenge != bye.challenge
    assert again.reason == "this server needs a password"
    assert server.stats.wrong_passwords == 0


def test_a_lost_challenge_is_repeated_not_replaced():
    server = private_server()
    [(first, _)] = register(server)
    [(second, _)] = register(server, now=1.0)
    assert second.challenge == first.challenge


def test_the_proof_holds_only_for_the_client_it_was_made_for():
    server = private_server()
    [(bye, _)] = register(server, cuuid="thief", address=("10.0.0.9", 1))
    right_for_other = prove(derive_key(PASSWORD, bye.salt), bye.challenge, "someone-else")
    [(refusal, _)] = register(server, cuuid="thief", address=("10.0.0.9", 1),
                              nonce=bye.challenge, proof=right_for_other)
    assert refusal.reason.startswith("wrong password")


# ---- the middleware's admit hook ----------------------------------------------------------


class BuildGate(Recorder):
    """Admits only clients of one build; records what each presented."""

    def __init__(self) -> None:
        super().__init__()
        self.hellos: list[Admission] = []

    def admit(self, hello: Admission) -> str | None:
        self.hellos.append(hello)
        return None if hello.build == "starlane 1.0" else f"this server runs starlane 1.0, " \
                                                          f"not {hello.build}"


def test_the_admit_hook_sees_the_build_and_whether_the_password_was_proven():
    gate = BuildGate()
    _, client = joining(private_server(gate), PASSWORD, build="starlane 1.0")
    assert isinstance(outcome(client), Registered)
    [hello] = gate.hellos
    assert (hello.name, hello.build, hello.password, hello.address) == \
        ("Vega", "starlane 1.0", True, PLAYER)


def test_the_admit_hooks_refusal_reaches_the_client_as_its_reason():
    server = ServerProtocol(BuildGate(), new_token=seeded_ids(2))
    _, client = joining(server, None, build="starlane 0.9")
    assert outcome(client) == RegisterFailed("this server runs starlane 1.0, not starlane 0.9")
    assert not server.connections


def test_an_admit_hook_that_raises_refuses_the_client_and_the_server_goes_on():
    class Broken(Recorder):
        def admit(self, hello):
            raise RuntimeError("bug")

    server = ServerProtocol(Broken(), new_token=seeded_ids(2))
    [(bye, _)] = register(server)
    assert bye.reason == "server error while admitting this client"
    assert server.stats.refused == 1 and server.app.errors == 1


def test_a_misspelt_admit_hook_is_a_type_error_when_the_server_is_built():
    class Misspelt(Recorder):
        def admitt(self, hello):
            return None

    with pytest.raises(TypeError, match=r"did you mean admit"):
        ServerProtocol(Misspelt())


def test_a_seat_taken_back_with_its_token_is_not_asked_again():
    server = private_server()
    _, client = joining(server, PASSWORD)
    ok = outcome(client)
    again = register(server, cuuid=client.cuuid, address=("10.0.0.7", 7000), resume=ok.resume,
                     sync=1)
    assert [msg.method for msg, _ in again] == ["OK REGISTER"]  # no challenge


def test_a_server_given_another_servers_lock_admits_the_same_password():
    successor = ServerProtocol(Recorder(), ServerConfig(
        password_lock=private_server().gate.lock), new_id=seeded_ids(9))
    _, client = joining(successor, PASSWORD)
    assert isinstance(outcome(client), Registered)


def test_a_server_given_another_servers_lock_refuses_a_wrong_password():
    successor = ServerProtocol(Recorder(), ServerConfig(
        password_lock=private_server().gate.lock), new_id=seeded_ids(9))
    _, client = joining(successor, "not it")
    assert isinstance(outcome(client), RegisterFailed)
