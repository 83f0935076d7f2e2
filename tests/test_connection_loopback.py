"""The connection layer on real sockets, with the hosted game's shipped defaults: what a
silent registrant draws, seats under fake REGISTERs, failures seen, seats resumed.
Waits are bounded; figures are printed, never asserted against the clock."""

import json
import socket
import time

import pytest

from starlane.game.client import resume
from starlane.game.client.session import NetSession
from starlane.game.server.game_server import host
from starlane.net import ClientProtocol, Disconnected, Registered, UdpEndpoint
from tests.helpers import headless_server, wait_until


@pytest.fixture
def hosted():
    hosted = host("Loop", "127.0.0.1", 0)
    thread = hosted.in_thread()
    thread.start()
    yield hosted.address, hosted.game
    thread.stop()


def raw_socket(address=("127.0.0.1", 0)):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(address)
    sock.settimeout(0.2)
    return sock


def register_datagram(cuuid, **extra):
    return json.dumps({"method": "REGISTER", "cuuid": cuuid, "version": "1.0.2",
                       **extra}).encode()


@pytest.mark.parametrize("sync", [None, 3], ids=["plain", "sync-3"])
def test_a_silent_registrant_draws_a_few_datagrams_and_is_forgotten(hosted, sync):
    address, game = hosted
    sock = raw_socket()
    request = register_datagram("silent", name="Nobody", **({"sync": sync} if sync else {}))
    sock.sendto(request, address)
    count = size = 0
    end = time.monotonic() + 4.0  # the seat goes after 2.5 s; count a little longer
    while time.monotonic() < end:
        try:
            datagram = sock.recv(65536)
        except TimeoutError:
            continue
        count, size = count + 1, size + len(datagram)
    sock.close()
    print(f"one REGISTER (sync {sync}) of {len(request)} bytes drew {count} datagrams, "
          f"{size} bytes")
    assert 1 <= count <= 10 and size <= 16000
    assert wait_until(lambda: "silent" not in game.protocol.connections)


def test_60_fake_registers_from_60_sockets_on_one_ip_do_not_keep_a_player_out(hosted):
    address, game = hosted
    fakes = [raw_socket() for _ in range(60)]
    for n, sock in enumerate(fakes):
        sock.sendto(register_datagram(f"fake-{n}", sync=3), address)
    assert wait_until(lambda: game.protocol.stats.received >= 60)
    player = NetSession(address, "Vega")
    try:
        assert wait_until(lambda: player.status == "playing", pump=player.pump)
        print(f"joined past {game.protocol.stats.evicted} evicted fake seats")
    finally:
        player.close()
        for sock in fakes:
            sock.close()


def test_a_killed_players_ship_leaves_everyones_state_with_a_feed_line(hosted):
    address, _ = hosted
    watcher, doomed = NetSession(address, "Orion"), NetSession(address, "Vega")
    both = lambda: [watcher.pump(), doomed.pump()]  # noqa: E731
    assert wait_until(lambda: watcher.world.latest is not None and len(
        watcher.world.latest.ships) == 2, pump=both)
    doomed.endpoint.close()  # killed: no goodbye, and its sockets gone with the process
    doomed.follower.close()  # (the port it reserved to take a match over on too)
    killed_at, feed = time.monotonic(), []
    assert wait_until(lambda: len(watcher.world.latest.ships) == 1,
                      timeout=10, pump=lambda: feed.extend(watcher.pump().feed))
    print(f"ship left the state {time.monotonic() - killed_at:.2f} s after the kill")
    assert wait_until(lambda: "Vega lost connection" in feed, timeout=3,
                      pump=lambda: feed.extend(watcher.pump().feed))
    watcher.close()


def test_a_client_sees_a_killed_server_and_the_session_tries_to_resume():
    with headless_server() as (port, proc):
        client = ClientProtocol(("127.0.0.1", port), name="Vega")
        endpoint = UdpEndpoint(client, bind=("127.0.0.1", 0))
        session = NetSession(("127.0.0.1", port), "Orion")
        events = []

        def pump():
            endpoint.pump()
            events.extend(client.events())
            session.pump()
        client.register(endpoint.clock())
        assert wait_until(lambda: Registered in map(type, events) and session.status ==
                          "playing", pump=pump)
        proc.kill()
        proc.wait(timeout=5)
        killed_at = time.monotonic()
        assert wait_until(lambda: Disconnected in map(type, events), timeout=10, pump=pump)
        print(f"client said so {time.monotonic() - killed_at:.2f} s after the server died")
        assert events[-1] == Disconnected("connection lost: the server stopped answering",
                                          link_lost=True)
        assert wait_until(lambda: session.status == "reconnecting", pump=pump)
        assert session.message == "reconnecting…"
        endpoint.close()
        session.close()


def test_a_game_killed_and_started_again_resumes_its_seat_from_a_new_port(hosted):
    address, game = hosted
    first = NetSession(address, "Vega")
    assert wait_until(lambda: first.world.me() is not None, pump=first.pump)
    pid, old_port = first.protocol.pid, first.endpoint.address[1]
    first.endpoint.close()  # killed: its token stays in the config dir, and the process
    first.follower.close()  # with its sockets (the port reserved for a takeover too)
    resume.release(first.protocol.cuuid)  # and its sessions is gone
    again = NetSession(address, "Vega")
    try:
        assert wait_until(lambda: again.world.me() is not None, timeout=10, pump=again.pump)
        assert again.protocol.pid == pid and again.endpoint.address[1] != old_port
        conn = game.protocol.connections[again.protocol.cuuid]
        assert conn.state == "confirmed" and conn.address[1] == again.endpoint.address[1]
        print(f"resumed pid {pid} from port {again.endpoint.address[1]} (was {old_port})")
    finally:
        again.close()


def test_a_second_session_of_the_same_process_gets_a_seat_of_its_own(hosted):
    address, _ = hosted
    first = NetSession(address, "Vega")
    assert wait_until(lambda: first.world.me() is not None, pump=first.pump)
    second = NetSession(address, "Orion")  # the first's saved seat is in use: not taken
    try:
        assert wait_until(lambda: second.world.me() is not None, timeout=10,
                          pump=lambda: [first.pump(), second.pump()])
        assert second.protocol.cuuid != first.protocol.cuuid
        assert second.protocol.pid != first.protocol.pid and first.status == "playing"
    finally:
        first.close()
        second.close()
