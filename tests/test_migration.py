"""Host migration with fake time: the line of succession, the handover, token hashes, the
epoch rule and the walk every client takes down the line (net.migration, net.handover)."""

from __future__ import annotations

from starlane.net import (
    ClientProtocol,
    Disconnected,
    HandedDown,
    Registered,
    ServerConfig,
    ServerProtocol,
    handover,
)
from starlane.net import messages as m
from starlane.net.ends.migration import Candidate, HostInfo, Succession, Walk, token_hash
from tests.helpers import Recorder, join, register, seeded_ids, sent

HOST = ("127.0.0.1", 6000)
ORION = ("10.0.0.3", 5003)
LYRA = ("10.0.0.4", 5004)
DENEB = ("10.0.0.5", 5005)
KEY = bytes(range(16))


def hosted() -> ServerProtocol:
    server = ServerProtocol(Recorder(), ServerConfig(server_id="match-1"), new_id=seeded_ids(1),
                            new_token=seeded_ids(2))
    server.succession = Succession("match-1", KEY)  # a hosted game's session is its server_id
    return server


def match_of_three() -> ServerProtocol:
    """Vega hosts (her own seat), Orion then Lyra joined from games that can host."""
    server = hosted()
    join(server, "vega", HOST, name="Vega", follows=True, hosting=True)
    join(server, "orion", ORION, name="Orion", follows=True, host_port=40080)
    join(server, "lyra", LYRA, name="Lyra", follows=True, host_port=40081)
    return server


def line(server: ServerProtocol) -> list[str]:
    assert server.succession is not None
    return [c.name for c in server.succession.line(server.connections.values())]


# ---- the line of succession ------------------------------------------------------------

def test_the_successor_is_the_longest_connected_player_whose_game_can_host():
    assert line(match_of_three()) == ["Orion", "Lyra"]


def test_the_hosting_players_own_seat_and_plain_clients_are_never_on_the_line():
    server = match_of_three()
    join(server, "plain", DENEB, name="Plain")  # a neteria client: no follows, no host_port
    assert "Vega" not in line(server) and "Plain" not in line(server)


def test_the_successor_is_replaced_when_that_player_leaves():
    server = match_of_three()
    server.kick("orion", "left", 1.0)
    assert line(server) == ["Lyra"]


def test_a_lost_player_leaves_the_line_until_it_is_back():
    server = match_of_three()
    server.tick(10.0)  # everyone silent: lost
    assert line(server) == []


def test_every_client_is_told_the_line_and_epoch_with_the_successors_address_as_seen():
    server = match_of_three()
    public = handover.share(server, 1.0)
    orion, lyra = server.connections["orion"], server.connections["lyra"]
    assert public == {"epoch": 0, "line": [[orion.pid, ORION[0], 40080],
                                           [lyra.pid, LYRA[0], 40081]]}


def test_a_dedicated_server_names_no_successor_and_never_hands_over():
    server = ServerProtocol(Recorder())
    join(server, "orion", ORION, name="Orion", follows=True, host_port=40080)
    assert handover.share(server, 1.0) is None
    assert handover.hand_over(server, 1.0) is False


# ---- the handover: what the line gets --------------------------------------------------

def handovers(server: ServerProtocol, now: float = 1.0) -> dict[tuple[str, int], m.Handover]:
    return {to: msg for msg, to in sent(server, now) if isinstance(msg, m.Handover)}


def test_only_the_lines_members_get_the_handover():
    server = match_of_three()
    handover.share(server, 1.0, {"bots": 2})
    got = handovers(server)
    assert set(got) == {ORION, LYRA} and got[ORION].game == {"bots": 2}


def test_the_handover_holds_each_seats_token_hash_not_the_token():
    server = match_of_three()
    handover.share(server, 1.0)
    package = handovers(server)[ORION]
    lyra = server.connections["lyra"]
    seat = next(s for s in package.seats if s[0] == "lyra")
    assert seat[3] == token_hash(KEY, lyra.token) and lyra.token not in m.encode(package).decode()
    assert "vega" not in {s[0] for s in package.seats}  # the host goes with its server


def test_the_handover_is_sent_again_only_when_the_seats_change():
    server = match_of_three()
    handover.share(server, 1.0)
    handovers(server)
    handover.share(server, 1.1)
    assert handovers(server, 1.1) == {}
    join(server, "deneb", DENEB, now=1.2, name="Deneb", follows=True)
    handover.share(server, 1.3)
    assert set(handovers(server, 1.3)) == {ORION, LYRA}


def test_an_announced_leave_names_the_successor_and_the_next_epoch():
    server = match_of_three()
    assert handover.hand_over(server, 2.0)
    byes = {to: msg for msg, to in sent(server, 2.0) if isinstance(msg, m.ByeRegister)}
    assert byes[LYRA].reason == "Vega left; Orion is now hosting"
    assert byes[LYRA].epoch == 1 and byes[LYRA].successor == byes[ORION].successor
    assert server.connections == {}


def test_a_client_that_cannot_follow_gets_a_clear_bye():
    server = match_of_three()
    join(server, "plain", DENEB, name="Plain")
    handover.hand_over(server, 2.0)
    [bye] = [msg for msg, to in sent(server, 2.0) if to == DENEB]
    assert bye.reason == handover.CANNOT_FOLLOW and bye.epoch is None


# ---- the successor's server: seats taken back with their own tokens -------------------

def package_of(server: ServerProtocol) -> m.Handover:
    handover.share(server, 1.0, {"bots": 1})
    return handovers(server)[ORION]


def successor_of(server: ServerProtocol) -> ServerProtocol:
    new = ServerProtocol(Recorder(), new_id=seeded_ids(3), new_token=seeded_ids(4))
    handover.adopt(new, package_of(server), 5.0)
    return new


def test_the_successors_server_holds_every_old_seat_as_lost_at_the_next_epoch():
    old = match_of_three()
    new = successor_of(old)
    assert {c: conn.state for c, conn in new.connections.items()} == {"orion": "lost",
                                                                       "lyra": "lost"}
    assert new.succession is not None and new.succession.epoch == 1
    assert new.succession.session == "match-1"


def test_a_player_takes_its_seat_back_with_its_own_token_from_a_new_address():
    old = match_of_three()
    token, pid = old.connections["lyra"].token, old.connections["lyra"].pid
    new = successor_of(old)
    ok = join(new, "lyra", ("10.0.0.4", 6100), now=5.1, resume=token, follows=True)
    assert (ok.pid, ok.resume, ok.session, ok.epoch) == (pid, token, "match-1", 1)
    assert ("resumed", "Lyra") in new.app.middleware.hooks  # type: ignore[attr-defined]


def test_another_players_token_does_not_take_a_seat():
    old = match_of_three()
    new = successor_of(old)
    [(bye, _)] = register(new, "lyra", ("10.0.0.9", 1), 5.1,
                          resume=old.connections["orion"].token)
    assert isinstance(bye, m.ByeRegister) and new.connections["lyra"].state == "lost"


def test_a_seat_is_not_taken_back_from_its_old_address_without_the_token():
    old = match_of_three()
    new = successor_of(old)
    [(bye, _)] = register(new, "lyra", LYRA, 5.1)
    assert isinstance(bye, m.ByeRegister) and new.connections["lyra"].state == "lost"


def test_a_stranger_gets_a_new_seat_never_an_old_one():
    old = match_of_three()
    new = successor_of(old)
    held = {c.pid for c in new.connections.values()}
    ok = join(new, "stranger", DENEB, now=5.1, resume="0" * 32)
    assert ok.pid not in held and new.connections["lyra"].state == "lost"


# ---- the client side: the walk and the epoch rule -------------------------------------

def three_line() -> HostInfo:
    return HostInfo(4, (Candidate(7, ORION), Candidate(8, LYRA), Candidate(9, DENEB)))


def test_every_client_walks_the_line_in_the_same_order_and_time():
    host = three_line()
    lyra, deneb = Walk(host, 8, 10.0), Walk(host, 9, 10.02)
    for now in (10.1, 11.3, 12.5):
        assert lyra.step(now) == deneb.step(now + 0.02)
    assert [lyra.step(t) for t in (10.1, 11.3, 12.5, 13.7)] == [*host.line, None]


def test_double_failure_the_second_in_line_serves_once_the_first_failed_to_answer():
    host = three_line()
    lyra = Walk(host, 8, 0.0)
    assert not lyra.serves(lyra.step(1.0))  # Orion first: it may be alive
    assert lyra.serves(lyra.step(1.3))  # Orion gave no answer for TRY_FOR s: Lyra serves


def test_only_one_candidate_serves_at_any_moment_of_the_walk():
    host = three_line()
    walks = [Walk(host, pid, 0.0) for pid in (7, 8, 9)]
    for t in (0.1 + 0.3 * n for n in range(12)):
        assert sum(w.serves(c) for w in walks if (c := w.step(t)) is not None) <= 1


def test_an_announced_successor_is_tried_first():
    walk = Walk(three_line(), 9, 0.0, first=8)
    assert walk.step(0.1) == Candidate(8, LYRA)


def test_only_an_ok_register_of_the_same_session_and_a_newer_epoch_is_the_match():
    walk = Walk(three_line(), 9, 0.0)
    assert walk.accepts("match-1", "match-1", 5)
    assert not walk.accepts("match-1", "match-1", 4)  # the old host, or a stale one
    assert not walk.accepts("other", "match-1", 5)  # another game at that address
    assert not walk.accepts(None, "match-1", None)  # a plain server


def test_a_client_says_it_can_follow_and_serve_and_hears_the_handover():
    server = match_of_three()
    client = ClientProtocol(HOST, name="Deneb", cuuid="deneb", follows=True, host_port=41000)
    client.register(0.0)
    [(datagram, _)] = client.datagrams_to_send(0.0)
    msg = m.decode(datagram)
    assert isinstance(msg, m.Register) and (msg.follows, msg.host_port) == (True, 41000)
    client.receive(m.encode(m.OkRegister(pid=3, session="match-1", epoch=0)), HOST, 0.1)
    client.receive(m.encode(package_of(server)), HOST, 0.2)
    registered, handed = client.events()
    assert isinstance(registered, Registered) and registered.session == "match-1"
    assert isinstance(handed, HandedDown) and handed.package.session == "match-1"


def test_a_bye_naming_a_successor_tells_the_application_whom_to_follow():
    client = ClientProtocol(HOST, cuuid="deneb", follows=True)
    client.register(0.0)
    client.receive(m.encode(m.OkRegister(pid=3)), HOST, 0.1)
    client.receive(m.encode(m.ByeRegister(reason="Vega left; Orion is now hosting", epoch=1,
                                          successor=7)), HOST, 0.2)
    assert client.events()[-1] == Disconnected("Vega left; Orion is now hosting", False, 7,
                                               epoch=1)


def test_a_plain_clients_seat_is_not_taken_over_and_it_is_told_why_once():
    old = match_of_three()
    join(old, "plain", DENEB, name="Plain")
    new = successor_of(old)
    assert [(msg.reason, to) for msg, to in sent(new, 5.0)] == [(handover.CANNOT_FOLLOW, DENEB)]
    assert "plain" not in new.connections


def test_a_hosted_games_ohai_answer_names_its_match():
    server = match_of_three()
    server.receive(m.encode(m.Ohai(cuuid="browser-1", version="1.0.2", probe=1)), DENEB, 1.0)
    [(answer, _)] = sent(server, 1.0)
    assert isinstance(answer, m.OhaiClient) and (answer.server_id, answer.epoch) == ("match-1", 0)


def test_a_spectator_is_not_handed_over_and_registers_afresh_at_the_successor():
    old = match_of_three()
    old.config.max_players = 3
    ok = join(old, "deneb", DENEB, name="Deneb", follows=True, host_port=40082)
    assert ok.spectator and line(old) == ["Orion", "Lyra"]
    package = package_of(old)
    new = ServerProtocol(Recorder(), ServerConfig(max_players=package.max_players),
                         new_id=seeded_ids(3), new_token=seeded_ids(4))  # as game.takeover
    handover.adopt(new, package, 5.0)
    assert "deneb" not in new.connections
    again = join(new, "deneb", ("10.0.0.5", 6100), now=5.1, resume=ok.resume, follows=True)
    assert again.spectator is None  # the old host's seat is free there: Deneb plays
    assert (again.session, again.epoch) == ("match-1", 1) and again.resume != ok.resume
