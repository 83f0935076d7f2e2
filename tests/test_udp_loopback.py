"""Real UDP sockets on loopback: the embedded server thread, a pumped client, a LAN scan."""

import logging
import socket
import threading

import pytest

from starlane.game.server.game_server import host
from starlane.net import (
    ClientProtocol,
    Disconnected,
    EventJudged,
    LanScanner,
    Registered,
    ServerProtocol,
    ServerThread,
    StateUpdated,
    UdpEndpoint,
    probe_targets,
    resolve,
    scan,
    serve,
    serve_and_close,
)
from tests.helpers import Recorder, free_port, wait_until

LOCAL = ("127.0.0.1", 0)


@pytest.fixture
def hosted():
    """A game server in a background thread, as Host Game runs it."""
    hosted = host("Loop", "127.0.0.1", 0, max_players=3)
    thread = hosted.in_thread()
    thread.start()
    yield hosted.address, hosted.game.protocol, thread
    thread.stop()


def join(address, name):
    client = ClientProtocol(address, name=name)
    endpoint = UdpEndpoint(client, bind=LOCAL)
    client.register(endpoint.clock())
    events = []

    def pump():
        endpoint.pump()
        events.extend(client.events())
    assert wait_until(lambda: any(isinstance(e, Registered) for e in events), pump=pump)
    return client, endpoint, events, pump


def test_a_client_registers_plays_and_sees_state_pushes_on_real_sockets(hosted):
    address, _, _ = hosted
    client, endpoint, events, pump = join(address, "Vega")
    legal = client.event({"KEYDOWN": "up"}, endpoint.clock())
    bad = client.event({"KEYDOWN": "jump"}, endpoint.clock(), priority="high")
    assert wait_until(lambda: not client.pending, pump=pump)
    outcomes = {e.euuid: (e.outcome, e.reason) for e in events if isinstance(e, EventJudged)}
    assert outcomes == {legal: ("legal", None), bad: ("illegal", "unknown key 'jump'")}

    def vega_thrusts():  # bit 0 of "keys" is "up"
        states = [e.state for e in events if isinstance(e, StateUpdated)]
        return any(s["name"] == "Vega" and s["keys"] == 1
                   for state in states for s in state["ships"].values())
    assert wait_until(vega_thrusts, pump=pump)
    assert client.stats.unusable_states == 0 and client.link.acks is not None
    rtt = client.round_trip.smoothed
    assert rtt is not None and rtt < 0.5
    endpoint.close()


def test_stopping_the_embedded_server_tells_clients_why(hosted):
    address, _, thread = hosted
    _, endpoint, events, pump = join(address, "Vega")
    thread.stop()
    assert not thread.running
    assert wait_until(lambda: Disconnected("server shutting down") in events, pump=pump)
    endpoint.close()


def test_garbage_sent_to_the_server_socket_is_counted_and_service_continues(hosted):
    address, protocol, thread = hosted
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as raw:
        for junk in (b"\x00" * 70000, b"{", b"[]", b'{"method": "EVENT"}'):
            raw.sendto(junk[:65000], address)
    _, endpoint, _, _ = join(address, "Vega")
    assert sum(protocol.stats.malformed.values()) == 4
    assert thread.running and thread.crashed is None
    endpoint.close()


class BrokenProtocol(ServerProtocol):
    """A bug outside the application's callbacks: the protocol object itself raises."""

    def next_deadline(self):
        raise RuntimeError("bug in the protocol object")


def test_a_server_loop_that_crashes_outside_the_callbacks_is_logged_and_kept(caplog):
    thread = ServerThread(UdpEndpoint(BrokenProtocol(None), bind=LOCAL))
    thread.start()
    assert wait_until(lambda: not thread.running)
    assert isinstance(thread.crashed, RuntimeError)
    [record] = [r for r in caplog.records if r.name == "starlane.net.udp"]
    assert record.exc_info is not None and record.exc_info[1] is thread.crashed


def test_serve_and_close_says_goodbye_and_closes_the_socket_when_the_loop_raises():
    endpoint = UdpEndpoint(BrokenProtocol(None), bind=LOCAL)
    stopped = []
    with pytest.raises(RuntimeError):
        serve_and_close(endpoint, threading.Event(), on_stop=stopped.append)
    assert len(stopped) == 1 and endpoint.sock.fileno() == -1


def test_scan_finds_the_server_by_unicast_target(hosted):
    address, _, _ = hosted
    join(address, "Orion")
    [found] = scan([address], timeout=0.3)
    assert (found.name, found.host, found.port, found.players, found.max_players) == (
        "Loop", "127.0.0.1", address[1], 1, 3)
    assert 0 < found.ping_ms < 300


def test_a_server_with_a_default_config_is_listed_at_the_port_its_socket_is_bound_to():
    port = free_port()
    thread = ServerThread(UdpEndpoint(ServerProtocol(Recorder()), bind=("127.0.0.1", port)))
    thread.start()
    [found] = scan(probe_targets(port, broadcast=False), timeout=0.3)
    thread.stop()
    assert (found.host, found.port) == ("127.0.0.1", port)


def test_a_server_bound_to_port_0_is_listed_at_the_port_the_os_picked():
    thread = ServerThread(UdpEndpoint(ServerProtocol(Recorder()), bind=LOCAL))
    thread.start()
    address = thread.endpoint.address
    [found] = scan([address], timeout=0.3)
    thread.stop()
    assert found.port == address[1] != 0


def test_probe_targets_include_this_machine_unless_told_not_to():
    assert probe_targets(40123, broadcast=False) == [("127.0.0.1", 40123)]
    assert probe_targets(40123, broadcast=False, loopback=False) == []
    assert probe_targets(40123, broadcast=False, unicast=(("127.0.0.1", 40123),
                                                          ("10.0.0.9", 40080))) == [
        ("127.0.0.1", 40123), ("10.0.0.9", 40080)]  # each address once


def test_the_live_scanner_refreshes_and_stops_sending_after_its_budget(hosted):
    address, _, _ = hosted
    scanner = LanScanner([address], interval=0.05, max_scans=3)
    assert wait_until(lambda: [s.name for s in scanner.pump()] == ["Loop"])
    wait_until(lambda: scanner.scans == 3, pump=scanner.pump)
    wait_until(lambda: False, timeout=0.1, pump=scanner.pump)  # the last probe's second copy
    sent_before = scanner.endpoint.bytes_out
    wait_until(lambda: False, timeout=0.2, pump=scanner.pump)
    assert scanner.scans == 3 and scanner.endpoint.bytes_out == sent_before
    scanner.close()


def test_a_busy_port_is_a_clear_oserror(hosted):
    address, _, _ = hosted
    with pytest.raises(OSError):
        UdpEndpoint(ServerProtocol(None), bind=address)


def test_resolve_gives_a_readable_reason():
    assert resolve("127.0.0.1", 9) == ("127.0.0.1", 9)
    with pytest.raises(ValueError, match=r"^Cannot look up 'no\.such\.host\.invalid': no name "
                                         r"server answered\. Check the network") as raised:
        resolve("no.such.host.invalid", 9)
    assert "Errno" not in str(raised.value)


def test_a_name_no_resolver_knows_is_said_in_words(monkeypatch):
    def unknown(*args):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    with pytest.raises(ValueError, match=r"^No computer called 'nowhere' is known\."):
        resolve("nowhere", 9)


def test_an_idle_server_loop_without_a_tick_callback_sleeps_instead_of_spinning():
    import time

    endpoint = UdpEndpoint(ServerProtocol(None), bind=LOCAL)
    stop = threading.Event()
    pumps = 0
    real_pump = endpoint.pump

    def counting_pump():
        nonlocal pumps
        pumps += 1
        return real_pump()

    endpoint.pump = counting_pump
    threading.Timer(0.5, stop.set).start()
    started = time.process_time()
    serve(endpoint, stop)
    assert pumps <= 10  # woke about every 0.1 s, not thousands of times
    assert time.process_time() - started < 0.2
    endpoint.close()


def test_two_players_with_the_same_name_both_get_in_and_the_second_is_told_its_name(hosted):
    from starlane.game.client.session import NetSession

    address, _, _ = hosted
    first, second = NetSession(address, "Vega"), NetSession(address, "vega")
    assert wait_until(lambda: first.status == second.status == "playing",
                      pump=lambda: [first.pump(), second.pump()])
    assert (first.protocol.name, second.protocol.name) == ("Vega", "vega 2")
    first.close()
    second.close()


def test_the_live_scanner_pauses_after_its_budget_and_restart_resumes_it(hosted):
    address, _, _ = hosted
    scanner = LanScanner([address], interval=0.02, max_scans=2)
    wait_until(lambda: scanner.paused, pump=scanner.pump)
    # paused, it sends no more probes: the last answers age out and the list empties
    assert wait_until(lambda: scanner.pump() == [], timeout=10)
    assert scanner.paused
    scanner.restart()
    assert not scanner.paused
    assert wait_until(lambda: [s.name for s in scanner.pump()] == ["Loop"])
    scanner.close()


def serve_20_ticks(stall_at: int | None = None):
    """``serve`` on a fake clock, ticking every 1/64 s until 20 ticks have run: its waits
    move the clock instead of sleeping, and tick number ``stall_at`` takes 1/8 s (binary
    fractions, so that the clock's sums are exact). Returns its stats."""
    now = [0.0]
    endpoint = UdpEndpoint(ServerProtocol(None), bind=LOCAL, clock=lambda: now[0])
    endpoint.wait = lambda timeout: now.__setitem__(0, now[0] + timeout)
    stop = threading.Event()
    ticks = []

    def on_tick(at):
        ticks.append(at)
        if len(ticks) == stall_at:
            now[0] += 1 / 8
        if len(ticks) == 20:
            stop.set()

    stats = serve(endpoint, stop, on_tick=on_tick, tick_interval=1 / 64)
    endpoint.close()
    return stats


def test_serve_counts_ticks_and_no_overrun_while_it_keeps_up():
    stats = serve_20_ticks()
    assert (stats.ticks, stats.overruns) == (20, 0)


def test_serve_counts_a_tick_that_starts_more_than_an_interval_late_as_an_overrun():
    stats = serve_20_ticks(stall_at=5)
    assert (stats.ticks, stats.overruns) == (20, 1)  # the one after it catches up at once


def test_a_server_socket_asks_for_a_large_receive_queue_and_logs_what_it_got(caplog):
    endpoint = UdpEndpoint(ServerProtocol(None), bind=LOCAL)
    default = endpoint.sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
    with caplog.at_level(logging.INFO, logger="starlane.net.udp"):
        granted = endpoint.enlarge_receive_buffer()
    assert granted == endpoint.sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
    assert granted >= default
    assert f"the OS granted {granted // 1024} kB" in caplog.text
    endpoint.close()
