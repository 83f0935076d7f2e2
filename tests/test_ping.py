"""The ping a player sees: timed to the datagram's arrival, and the path's round trip."""

import socket
import sys
import time

import pytest
from starlane.game.session import NetSession
from starlane.net.udp import UdpEndpoint

from tests.helpers import SERVER
from tests.test_client import dgram, registered_client


class Recorder:
    """A protocol that only notes when each datagram arrived."""

    def __init__(self):
        self.arrivals = []

    def receive(self, datagram, address, now):
        self.arrivals.append(now)

    def tick(self, now):
        pass

    def next_deadline(self):
        return None

    def datagrams_to_send(self, now):
        return []


@pytest.mark.skipif(sys.platform != "linux", reason="kernel receive stamps are Linux's")
def test_a_datagram_read_late_is_stamped_with_when_it_arrived():
    recorder = Recorder()
    endpoint = UdpEndpoint(recorder, bind=("127.0.0.1", 0))
    assert endpoint.kernel_stamps
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
        sent_at = time.monotonic()
        sender.sendto(b"hello", endpoint.address)
        time.sleep(0.3)  # the game reads once a frame: this read comes long after
        read_from = time.monotonic()
        assert endpoint.pump() == 1
    endpoint.close()
    assert sent_at <= recorder.arrivals[0] < read_from


def test_with_an_injected_clock_the_read_time_stands_in():
    endpoint = UdpEndpoint(Recorder(), bind=("127.0.0.1", 0), clock=lambda: 5.0)
    assert not endpoint.kernel_stamps
    endpoint.close()


def heartbeat_echo(client, sent, arrived):
    client.receive(dgram(method="HEARTBEAT", time=arrived, echo=sent), SERVER, arrived)


def test_the_client_keeps_its_newest_round_trips():
    client = registered_client()
    for n in range(7):
        heartbeat_echo(client, sent=float(n), arrived=n + 0.001 * (n + 1))
    assert [round(s * 1000) for s in client.recent_rtts] == [3, 4, 5, 6, 7]


def test_the_displayed_ping_is_the_smallest_recent_round_trip():
    session = NetSession.__new__(NetSession)  # only its protocol matters here
    session.protocol = registered_client()
    assert session.ping_ms is None
    for sent, arrived in ((1.0, 1.009), (2.0, 2.0004), (3.0, 3.006)):
        heartbeat_echo(session.protocol, sent, arrived)
    assert session.ping_ms == pytest.approx(0.4)

