"""The busy-poll gate: polls only while recent waits show a datagram would be caught."""

import socket

from starlane.net import ServerProtocol, ServerThread, UdpEndpoint
from starlane.net.io._polling import PollGate

WINDOW = 0.0002


def test_a_gate_opens_only_after_waits_that_ended_with_a_datagram_inside_the_window():
    gate = PollGate(WINDOW)
    assert not gate.open  # nothing seen yet: sleep
    for _ in range(5):
        gate.waited(0.00005, arrived=True, timeout=1.0)
    assert not gate.open  # 5 hits of 5 waits: 1 - (7/8)^5 = 0.49
    gate.waited(0.00005, arrived=True, timeout=1.0)
    assert gate.open


def test_late_datagrams_and_timeouts_close_it_but_a_short_timer_says_nothing():
    gate = PollGate(WINDOW, hit_share=1.0)
    for _ in range(20):
        gate.waited(0.0001, arrived=False, timeout=0.0001)  # a timer shorter than the window
    assert gate.hit_share == 1.0
    for _ in range(5):
        gate.waited(0.003, arrived=True, timeout=1.0)  # came, but a poll would have missed it
    assert gate.open  # (7/8)^5 = 0.51
    gate.waited(0.05, arrived=False, timeout=0.05)
    assert not gate.open


def test_a_window_of_zero_never_polls():
    gate = PollGate(0.0, hit_share=1.0)
    assert not gate.open


def send_to_self(endpoint: UdpEndpoint) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
        sender.sendto(b"{}", endpoint.address)


def test_an_endpoint_polls_during_ping_pong_and_sleeps_again_when_the_link_goes_quiet():
    endpoint = UdpEndpoint(ServerProtocol(None), bind=("127.0.0.1", 0), poll=WINDOW)
    try:
        for _ in range(8):  # every wait finds a datagram already there
            send_to_self(endpoint)
            endpoint.wait(1.0)
            endpoint.pump()
        assert endpoint.poll.open
        for _ in range(8):  # nothing comes: each wait times out
            endpoint.wait(0.002)
        assert not endpoint.poll.open
    finally:
        endpoint.close()


def test_a_server_thread_sharing_the_game_process_never_polls():
    endpoint = UdpEndpoint(ServerProtocol(None), bind=("127.0.0.1", 0))
    assert endpoint.poll.window > 0
    ServerThread(endpoint)
    assert endpoint.poll.window == 0
    endpoint.close()
