"""Interop with the real neteria 1.0.2 from PyPI, both directions, on loopback."""

import json

import pytest

from starlane.game.server.game_server import host
from starlane.net import (
    ClientConfig,
    ClientProtocol,
    EventJudged,
    Notified,
    Registered,
    UdpEndpoint,
    scan,
)
from tests.helpers import free_port, wait_until

neteria_client = pytest.importorskip("neteria.client")
neteria_server = pytest.importorskip("neteria.server")


@pytest.fixture
def our_server():
    hosted = host("Ours", "127.0.0.1", 0)
    thread = hosted.in_thread()
    thread.start()
    yield hosted.address, hosted.game.protocol
    thread.stop()


@pytest.fixture
def real_client(our_server):
    address, _ = our_server
    client = neteria_client.NeteriaClient(server_port=address[1], client_address="127.0.0.1",
                                          client_port=free_port())
    client.listen()
    return client


def test_the_real_neteria_client_discovers_our_server_by_unicast_ohai(our_server, real_client):
    address, _ = our_server
    probe = {"method": "OHAI", "version": real_client.version, "cuuid": str(real_client.cuuid)}
    real_client.listener.send_datagram(json.dumps(probe).encode(), address)
    assert wait_until(lambda: address in real_client.discovered_servers)
    assert real_client.discovered_servers[address] == ["1.0.2", "Ours"]


def test_the_real_neteria_client_registers_gets_verdicts_and_notifies(our_server, real_client):
    address, protocol = our_server
    real_client.register(address)
    assert wait_until(lambda: real_client.registered)
    assert [c.name for c in list(protocol.connections.values())] == ["Pilot"]

    legal = str(real_client.event({"KEYDOWN": "up"}))
    illegal = str(real_client.event({"KEYDOWN": "jump"}, priority="high"))
    assert wait_until(lambda: not real_client.event_uuids)
    assert list(real_client.event_rollbacks) == [illegal]
    assert legal not in real_client.event_rollbacks

    assert wait_until(lambda: any(ship["name"] == "Pilot" and ship["keys"] == 1  # bit 0: up
                                  for state in list(real_client.event_notifies.values())
                                  for ship in state["ships"].values()))
    # a plain neteria client gets the whole state each tick; its OK NOTIFYs are accepted
    assert wait_until(lambda: len(real_client.event_notifies) > 10)
    assert protocol.unacked == 0 and protocol.stats.not_registered == 0


def test_the_real_neteria_client_is_sent_no_channel_message_and_still_gets_notifies(
        our_server, real_client):
    address, protocol = our_server  # the game's server: it declares the chat channel
    real_client.register(address)
    assert wait_until(lambda: real_client.registered)
    [conn] = list(protocol.connections.values())
    assert protocol.send(conn.cuuid, "chat", {"refused": "a test"}, 0.0) is False
    assert wait_until(lambda: len(real_client.event_notifies) > 3)


class Judge:
    """neteria's middleware interface: event_legal / event_execute."""

    def __init__(self):
        self.executed = []
        self.server = None

    def event_legal(self, cuuid, euuid, event_data):
        return event_data != "cheat"

    def event_execute(self, cuuid, euuid, event_data):
        self.executed.append(event_data)


def test_the_real_neteria_client_is_refused_by_a_private_server_with_a_reason():
    hosted = host("Private", "127.0.0.1", 0, password="swordfish")
    thread = hosted.in_thread()
    thread.start()
    try:
        client = neteria_client.NeteriaClient(server_port=hosted.address[1],
                                              client_address="127.0.0.1", client_port=free_port())
        client.listen()
        client.register(hosted.address)
        stats = hosted.game.protocol.stats
        assert wait_until(lambda: stats.refused >= 1)
        assert not client.registered and not hosted.game.protocol.connections
    finally:
        thread.stop()


def test_our_client_registers_with_the_real_neteria_server_and_gets_its_verdicts():
    judge = Judge()
    port = free_port()
    server = neteria_server.NeteriaServer(judge, server_address="127.0.0.1", server_port=port)
    server.listen()
    client = ClientProtocol(("127.0.0.1", port), name="Vega",
                            config=ClientConfig(server_timeout=30.0))
    endpoint = UdpEndpoint(client, bind=("127.0.0.1", 0))
    events = []

    def pump():
        endpoint.pump()
        events.extend(client.events())

    client.register(endpoint.clock())
    assert wait_until(lambda: Registered(None) in events, pump=pump)
    assert client.cuuid in server.registry

    ok = client.event({"KEYDOWN": "up"}, endpoint.clock())
    bad = client.event("cheat", endpoint.clock(), priority="high")
    assert wait_until(lambda: not client.pending, pump=pump)
    outcomes = {e.euuid: e.outcome for e in events if isinstance(e, EventJudged)}
    assert outcomes == {ok: "legal", bad: "illegal"}
    assert wait_until(lambda: judge.executed == [{"KEYDOWN": "up"}])

    server.notify(client.cuuid, {"HEALTH": 40})
    assert wait_until(lambda: any(isinstance(e, Notified) and e.event_data == {"HEALTH": 40}
                                  for e in events), pump=pump)
    assert wait_until(lambda: not server.event_uuids, pump=pump)  # our OKs were accepted
    endpoint.close()


def test_the_real_neteria_client_talks_to_python_m_game_server():
    import subprocess
    import sys

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "starlane", "--server", "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.PIPE, text=True)
    try:
        assert "listening" in proc.stdout.readline()
        client = neteria_client.NeteriaClient(server_port=port, client_address="127.0.0.1",
                                              client_port=free_port())
        client.listen()
        client.register(("127.0.0.1", port))
        assert wait_until(lambda: client.registered)
        client.event({"KEYDOWN": "fire"})
        assert wait_until(lambda: any(str(bullet[0]) in state["ships"]  # owner: the pilot
                                      for state in list(client.event_notifies.values())
                                      for bullet in state["bullets"].values()))
        assert not client.event_rollbacks
    finally:
        proc.terminate()
        proc.wait(timeout=5)


def test_our_lan_scan_lists_a_real_neteria_server():
    port = free_port()
    server = neteria_server.NeteriaServer(Judge(), server_address="127.0.0.1", server_port=port,
                                          server_name="Plain neteria")
    server.listen()
    [found] = scan([("127.0.0.1", port)], timeout=0.5)
    assert (found.name, found.port, found.version, found.players) == (
        "Plain neteria", port, "1.0.2", None)


def test_the_real_neteria_client_admitted_as_a_spectator_watches_chats_and_gets_the_seat():
    from starlane.game.client.session import NetSession

    hosted = host("Full", "127.0.0.1", 0, max_players=1, hosted=False)
    thread = hosted.in_thread()
    thread.start()
    vega = NetSession(hosted.address, "Vega")
    try:
        assert wait_until(lambda: vega.status == "playing", pump=vega.pump)
        client = neteria_client.NeteriaClient(server_port=hosted.address[1],
                                              client_address="127.0.0.1",
                                              client_port=free_port())
        client.listen()
        client.register(hosted.address)
        assert wait_until(lambda: client.registered, pump=vega.pump)
        [spectator] = [c for c in list(hosted.game.protocol.connections.values())
                       if c.name == "Pilot"]
        assert spectator.spectator

        def ships_seen():
            return [{s["name"] for s in state["ships"].values()}
                    for state in list(client.event_notifies.values())]

        assert wait_until(lambda: {"Vega"} in ships_seen(), pump=vega.pump)
        key = str(client.event({"KEYDOWN": "up"}, priority="high"))
        chat = str(client.event({"CHAT": "hello from the stands"}))
        assert wait_until(lambda: not client.event_uuids, pump=vega.pump)
        assert key in client.event_rollbacks and chat not in client.event_rollbacks
        assert wait_until(lambda: {"kind": "chat", "name": "Pilot", "text": "hello from the "
                                   "stands"} in [entry for state in list(
                                       client.event_notifies.values())
                                       for entry in state.get("feed", {}).values()],
                          pump=vega.pump)
    finally:
        vega.close()
    try:
        assert wait_until(lambda: {"Pilot"} in ships_seen())  # Vega's seat is the client's
    finally:
        thread.stop()
