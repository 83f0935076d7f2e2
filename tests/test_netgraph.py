"""The net graph's figures, from a session's counters."""

from types import SimpleNamespace

import pytest

from starlane.game.client.netgraph import NetGraph, ping_text
from starlane.net.link._acks import AckState


def counted_session(state_at: float | None = None) -> SimpleNamespace:
    """What the graph reads of a session: its endpoint's and protocol's counters, and the
    playout's delay and late frames."""
    return SimpleNamespace(
        endpoint=SimpleNamespace(bytes_in=0, bytes_out=0), ping_ms=12.0, state_at=state_at,
        protocol=SimpleNamespace(stats=SimpleNamespace(states=0),
                                 link=SimpleNamespace(acks=AckState())),
        world=SimpleNamespace(latest=SimpleNamespace(tick=300),
                              playout=SimpleNamespace(delay_ticks=1.5, late_frames=0)))


def test_rates_come_from_counters_sampled_over_the_period():
    session = counted_session()
    graph = NetGraph(period=0.5)
    graph.sample(session, 10.0)
    session.endpoint.bytes_in, session.endpoint.bytes_out = 5000, 1000
    session.protocol.stats.states = 15
    session.world.playout.late_frames = 3
    figures = graph.sample(session, 10.5)
    assert figures.kbps_in == pytest.approx(80.0) and figures.kbps_out == pytest.approx(16.0)
    assert figures.states_per_s == pytest.approx(30.0) and figures.server_tick == 300
    assert figures.lines()[0].startswith("ping 12 ms")
    assert "interpolation 50 ms (late 6/s)" in figures.lines()[2]  # the playout's, in use


def test_a_stalled_host_shows_as_the_age_of_the_newest_state():
    session = counted_session(state_at=10.0)
    graph = NetGraph(period=0.5)
    graph.sample(session, 10.0)
    assert graph.sample(session, 11.25).lines()[0].endswith("last state 1250 ms ago")


def test_a_lan_ping_is_written_in_tenths_of_a_millisecond():
    assert [ping_text(ms) for ms in (0.34, 9.94, 12.4, None)] == [
        "0.3 ms", "9.9 ms", "12 ms", "--"]
