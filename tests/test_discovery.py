"""The LAN browser: probes twice, matches answers to its probes, times them, ages servers out."""

import json

import pytest

from starlane.net import LanBrowser, ServerConfig, ServerInfo, ServerProtocol
from starlane.net import messages as m
from tests.helpers import Recorder, sent

BCAST = ("10.0.0.255", 40080)
LOOP = ("127.0.0.1", 40080)


def answer(browser, address, now, **fields):
    base = {"method": "OHAI Client", "version": "1.0.2", "server_name": "Nebula",
            "cuuid": browser.cuuid, "probe": 0, "players": 1, "max_players": 8, "port": 40080}
    browser.receive(json.dumps({**base, **fields}).encode(), address, now)


def test_each_target_is_probed_twice():
    browser = LanBrowser([BCAST, LOOP], resend_gap=0.05)
    browser.scan(0.0)
    first = sent(browser)
    browser.tick(0.04)
    assert sent(browser) == []
    browser.tick(0.05)
    second = sent(browser)
    assert [a for _, a in first] == [a for _, a in second] == [BCAST, LOOP]
    assert all(isinstance(p, m.Ohai) and p.cuuid == browser.cuuid for p, _ in first + second)
    assert [p.probe for p, _ in first + second] == [0, 0, 1, 1]


def test_an_answer_becomes_a_server_with_its_ping():
    browser = LanBrowser([BCAST])
    browser.scan(10.0)
    answer(browser, ("10.0.0.7", 40080), 10.0125)
    [server] = browser.servers(10.1)
    assert server.as_dict() == {"name": "Nebula", "host": "10.0.0.7", "port": 40080,
                                "protocol_version": "1.0.2", "players": 1, "max_players": 8,
                                "spectators": 0, "password": False,
                                "ping_ms": 12.5}


def test_one_server_reached_by_two_addresses_is_one_row_at_the_first_address():
    browser = LanBrowser([BCAST, LOOP])
    browser.scan(0.0)
    answer(browser, ("10.0.0.7", 40080), 0.002, server_id="s-1")
    answer(browser, ("127.0.0.1", 40080), 0.001, server_id="s-1")
    [server] = browser.servers(0.1)
    assert (server.host, server.key) == ("10.0.0.7", "s-1")


def test_a_row_moves_to_another_address_when_its_first_stops_answering():
    browser = LanBrowser([BCAST, LOOP], max_age=5.0)
    browser.scan(0.0)
    answer(browser, ("10.0.0.7", 40080), 0.002, server_id="s-1")
    browser.scan(6.0)
    answer(browser, ("127.0.0.1", 40080), 6.001, probe=1, server_id="s-1")
    [server] = browser.servers(6.1)
    assert server.host == "127.0.0.1"


def test_two_servers_without_ids_at_two_addresses_are_two_rows():
    browser = LanBrowser([BCAST])
    browser.scan(0.0)
    answer(browser, ("10.0.0.7", 40080), 0.002)
    answer(browser, ("10.0.0.8", 40080), 0.002)
    assert [s.host for s in browser.servers(0.1)] == ["10.0.0.7", "10.0.0.8"]


def test_forged_or_stray_answers_are_ignored():
    browser = LanBrowser([BCAST])
    browser.scan(0.0)
    answer(browser, ("10.0.0.6", 40080), 0.01, cuuid="someone-else")
    answer(browser, ("10.0.0.6", 40080), 0.01, probe=99)
    answer(browser, ("10.0.0.6", 40080), 0.01, version="2.0")
    browser.receive(b'{"method": "OHAI Client", "version": "1.0.2"}', ("10.0.0.6", 1), 1.5)
    browser.receive(b"junk", ("10.0.0.6", 1), 0.01)
    assert browser.servers(1.6) == [] and browser.ignored == 5


def test_a_plain_neteria_server_is_listed_when_it_answers_soon_after_a_probe():
    browser = LanBrowser([BCAST], plain_window=1.0)
    browser.scan(0.0)
    browser.tick(0.05)  # the second copy of the probe
    browser.receive(b'{"method": "OHAI Client", "version": "1.0.2", "server_name": "Old"}',
                    ("10.0.0.9", 40080), 0.06)
    [server] = browser.servers(0.1)
    assert (server.name, server.host, server.players) == ("Old", "10.0.0.9", None)
    assert server.ping_ms == pytest.approx(10.0)  # from the newest probe: it may read low


def test_servers_that_stop_answering_age_out_and_others_stay():
    browser = LanBrowser([BCAST], max_age=5.0)
    browser.scan(0.0)
    answer(browser, ("10.0.0.7", 40080), 0.01, server_name="Old")
    browser.scan(4.0)
    answer(browser, ("10.0.0.8", 40080), 4.01, server_name="New", probe=1)
    assert [s.name for s in browser.servers(4.5)] == ["New", "Old"]
    assert [s.name for s in browser.servers(5.5)] == ["New"]


def test_a_real_server_protocol_answers_a_browser_probe():
    browser = LanBrowser([LOOP])
    server = ServerProtocol(Recorder(), ServerConfig(server_name="Here", max_players=4))
    browser.scan(0.0)
    for datagram, _ in browser.datagrams_to_send(0.0):
        server.receive(datagram, ("127.0.0.1", 50000), 0.001)
    for datagram, _ in server.datagrams_to_send(0.0):
        browser.receive(datagram, LOOP, 0.002)
    [found] = browser.servers(0.01)
    assert (found.name, found.players, found.max_players) == ("Here", 0, 4)


@pytest.mark.parametrize("password", [None, "swordfish"])
def test_a_private_server_says_so_in_its_answer_and_the_list_shows_it(password):
    browser = LanBrowser([LOOP])
    server = ServerProtocol(Recorder(), ServerConfig(server_name="Here", password=password))
    browser.scan(0.0)
    for datagram, _ in browser.datagrams_to_send(0.0):
        server.receive(datagram, ("127.0.0.1", 50000), 0.001)
    [(datagram, _)] = server.datagrams_to_send(0.0)
    assert json.loads(datagram).get("password") is (True if password else None)
    assert b"swordfish" not in datagram
    browser.receive(datagram, LOOP, 0.002)
    [found] = browser.servers(0.01)
    assert found.password is bool(password)
    assert found.as_dict()["password"] is bool(password)


def test_the_ping_shown_is_the_smallest_of_the_recent_round_trips():
    browser = LanBrowser([BCAST])
    for probe, (start, late) in enumerate([(0.0, 0.030), (2.0, 0.004), (4.0, 0.020)]):
        browser.scan(start)
        answer(browser, ("10.0.0.7", 40080), start + late, probe=probe)
    [server] = browser.servers(4.1)
    assert server.ping_ms == pytest.approx(4.0)


def test_a_full_game_with_spectators_reads_as_joinable_to_watch():
    full = ServerInfo("Nebula", "10.0.0.7", 40080, "1.0.2", 8, 8, 1.0, 0.0, spectators=2)
    assert full.occupancy == "8/8 +2 watching"
    assert ServerInfo("Nebula", "10.0.0.7", 40080, "1.0.2", 3, 8, 1.0, 0.0).occupancy == "3/8"
