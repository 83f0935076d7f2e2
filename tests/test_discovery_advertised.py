"""What an application advertises in its OHAI answers (``ServerConfig.advertised``): short
top-level fields a LAN list shows (``ServerInfo.advertised``), within the answer's budget."""

import json

from starlane.net import LanBrowser, ServerConfig, ServerProtocol
from tests.helpers import Recorder

LOOP = ("127.0.0.1", 40080)


def probed(config: ServerConfig) -> tuple[LanBrowser, bytes]:
    """A browser that probed a server of ``config``, and the server's answer."""
    browser = LanBrowser([LOOP])
    server = ServerProtocol(Recorder(), config)
    browser.scan(0.0)
    for datagram, _ in browser.datagrams_to_send(0.0):
        server.receive(datagram, ("127.0.0.1", 50000), 0.001)
    [(answer, _)] = server.datagrams_to_send(0.0)
    return browser, answer


def test_advertised_fields_are_top_level_fields_of_the_answer():
    _, answer = probed(ServerConfig(advertised={"mode": "tdm", "arena": "sun"}))
    fields = json.loads(answer)
    assert (fields["mode"], fields["arena"]) == ("tdm", "sun")


def test_the_lan_list_shows_what_a_server_advertises():
    browser, answer = probed(ServerConfig(advertised={"mode": "lms", "arena": "walls"}))
    browser.receive(answer, LOOP, 0.002)
    [found] = browser.servers(0.01)
    assert found.advertised == {"mode": "lms", "arena": "walls"}
    assert (found.as_dict()["mode"], found.as_dict()["arena"]) == ("lms", "walls")


def test_an_advertised_field_never_replaces_one_of_the_answers_own():
    _, answer = probed(ServerConfig(server_name="Real", advertised={"server_name": "Fake"}))
    assert json.loads(answer)["server_name"] == "Real"


def test_a_server_advertising_nothing_lists_with_nothing_advertised():
    browser, answer = probed(ServerConfig())
    browser.receive(answer, LOOP, 0.002)
    [found] = browser.servers(0.01)
    assert found.advertised == {}


def test_only_short_text_fields_of_an_answer_are_taken_as_advertised():
    browser = LanBrowser([LOOP])
    browser.scan(0.0)
    answer = {"method": "OHAI Client", "version": "1.0.2", "server_name": "Nebula",
              "cuuid": browser.cuuid, "probe": 0, "mode": "ffa", "lives": 3,
              "note": "x" * 100, "nested": {"a": "b"}}
    browser.receive(json.dumps(answer).encode(), LOOP, 0.001)
    [found] = browser.servers(0.01)
    assert found.advertised == {"mode": "ffa"}
