"""Joining over the README's bad network (``--netsim loss=10,delay=100,jitter=20``) at both
ends, in fake time: a 400 ms round trip losing about 19 % each way. Each seed draws other
losses; a lost OK REGISTER or a lost proof must not cost the join."""

import pytest

from starlane.net import NetSim
from tests.test_congestion_netsim import SimulatedMatch

JOIN_WITHIN = 8.0  # s of fake time: the client's 8 REGISTERs span 5.75 s, then its proof


def bad_network(seed: int) -> NetSim:
    return NetSim(loss=10, delay=100, jitter=20, seed=seed)


@pytest.mark.parametrize("seed", range(1, 31))
def test_a_client_joins_over_a_bad_network_at_both_ends(seed):
    match = SimulatedMatch(30, bad_network(seed), bad_network(seed + 1000))
    match.run(JOIN_WITHIN)
    assert match.client.inner.status == "registered"
    assert [conn.state for conn in match.server.inner.connections.values()] == ["confirmed"]
