"""The ping a player sees: timed to the datagram's arrival, and the path's round trip."""

import socket
import struct
import sys
import time

import pytest

from starlane.game.client.session import NetSession
from starlane.net import UdpEndpoint
from starlane.net.io._stamps import SO_TIMESTAMPNS, KernelStamps
from tests.helpers import SERVER, Sink, dgram, registered_client


@pytest.mark.skipif(sys.platform != "linux", reason="kernel receive stamps are Linux's")
def test_a_datagram_read_late_is_stamped_with_when_it_arrived():
    sink = Sink()
    endpoint = UdpEndpoint(sink, bind=("127.0.0.1", 0))
    assert endpoint.kernel_stamps
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
        sent_at = time.monotonic()
        sender.sendto(b"hello", endpoint.address)
        time.sleep(0.3)  # the game reads once a frame: this read comes long after
        read_from = time.monotonic()
        assert endpoint.pump() == 1
    endpoint.close()
    # the kernel's wall-clock stamp is moved onto the monotonic clock by a measured offset:
    # allow that conversion a few ms, far less than the 300 ms the read came later
    assert sent_at - 0.005 <= sink.got[0][1] < read_from - 0.2


def test_with_an_injected_clock_the_read_time_stands_in():
    endpoint = UdpEndpoint(Sink(), bind=("127.0.0.1", 0), clock=lambda: 5.0)
    assert not endpoint.kernel_stamps
    endpoint.close()


class FakeClocks:
    """A wall clock and a monotonic clock 1000 s apart, moved by hand; counts their reads."""

    def __init__(self):
        self.wall, self.reads = 2000.0, 0

    def read_wall(self):
        self.reads += 1
        return self.wall

    def read_monotonic(self):
        return self.wall - 1000.0


def stamped(wall_seconds):
    seconds, fraction = divmod(round(wall_seconds * 1e9), 10**9)
    return [(socket.SOL_SOCKET, SO_TIMESTAMPNS, struct.pack("@ll", seconds, fraction))]


def test_kernel_stamps_are_dated_by_their_age_at_one_read_of_the_clocks_per_batch():
    clocks = FakeClocks()
    stamps = KernelStamps(clocks.read_monotonic, clocks.read_wall)
    stamps.read_clocks()
    clocks.wall += 0.5  # the batch takes time; the clocks are not read again
    arrivals = [stamps.arrival(stamped(wall)) for wall in (1999.75, 1999.5, 2000.0)]
    assert arrivals == pytest.approx([999.75, 999.5, 1000.0])
    assert clocks.reads == 1


def test_a_datagram_that_arrived_after_the_read_is_never_dated_after_its_own_read():
    clocks = FakeClocks()
    stamps = KernelStamps(clocks.read_monotonic, clocks.read_wall)
    stamps.read_clocks()
    clocks.wall += 0.5
    assert stamps.arrival(stamped(2000.25)) == pytest.approx(1000.25)  # read again: 1000.5
    assert clocks.reads == 2


@pytest.mark.parametrize("stamp", [1998.5, 2003.0], ids=["stepped forward", "stepped back"])
def test_after_a_step_of_the_wall_clock_the_read_time_stands_in(stamp):
    clocks = FakeClocks()
    stamps = KernelStamps(clocks.read_monotonic, clocks.read_wall)
    stamps.read_clocks()
    assert stamps.arrival(stamped(stamp)) == 1000.0


def test_without_a_stamp_the_read_time_stands_in():
    clocks = FakeClocks()
    stamps = KernelStamps(clocks.read_monotonic, clocks.read_wall)
    assert stamps.arrival([]) == 1000.0


def heartbeat_echo(client, sent, arrived):
    client.receive(dgram(method="HEARTBEAT", time=arrived, echo=sent), SERVER, arrived)


def test_the_client_keeps_its_newest_round_trips():
    client = registered_client()
    for n in range(7):
        heartbeat_echo(client, sent=float(n), arrived=n + 0.001 * (n + 1))
    assert [round(s * 1000) for s in client.round_trip.recent] == [3, 4, 5, 6, 7]


def test_the_displayed_ping_is_the_smallest_recent_round_trip():
    session = NetSession.__new__(NetSession)  # only its protocol matters here
    session.protocol = registered_client()
    session.clock, session.status = (lambda: 0.0), "playing"
    session.state_at = None  # no state yet: none is overdue, the ping stands
    assert session.ping_ms is None
    for sent, arrived in ((1.0, 1.009), (2.0, 2.0004), (3.0, 3.006)):
        heartbeat_echo(session.protocol, sent, arrived)
    assert session.ping_ms == pytest.approx(0.4)

