"""The per-peer link (``net.link``): the one type both ends keep, driven with fake time."""

import pytest

from starlane.net import ClientProtocol, ServerProtocol
from starlane.net.link.peer import Link, RoundTrip
from tests.helpers import SERVER, Recorder, register, seeded_ids


def test_the_client_and_the_server_keep_the_same_link_type():
    server = ServerProtocol(Recorder(), new_id=seeded_ids(), new_token=seeded_ids(9))
    register(server, "c1", ("10.0.0.2", 5000), 0.0, sync=3)
    client = ClientProtocol(SERVER, new_id=seeded_ids())
    assert type(client.link) is type(server.connections["c1"].link) is Link


def test_a_servers_link_shares_its_packet_acks_between_its_channels():
    server = ServerProtocol(Recorder(), new_id=seeded_ids(), new_token=seeded_ids(9))
    register(server, "c1", ("10.0.0.2", 5000), 0.0, sync=2)
    link = server.connections["c1"].link
    assert link.acks is not None and link.stream.acks is link.acks and link.packed


def test_a_round_trip_is_smoothed_and_keeps_the_newest_five_samples():
    trip = RoundTrip()
    for ms in (10, 20, 30, 40, 50, 60):
        trip.sample(ms / 1000)
    trip.sample(-1.0)  # a clock that stepped back: ignored
    assert [round(s * 1000) for s in trip.recent] == [20, 30, 40, 50, 60]
    expected = 0.010
    for ms in (20, 30, 40, 50, 60):
        expected = 0.875 * expected + 0.125 * ms / 1000  # TCP's smoothing (RFC 6298)
    assert trip.smoothed == pytest.approx(expected)
