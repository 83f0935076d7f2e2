"""A starlane.net server and client joined through the network simulator, in fake time: a
slow or lossy but steady path keeps the state stream at its full rate (issue 20)."""

import pytest

from starlane.net import (
    ClientProtocol,
    Impaired,
    NetSim,
    ServerProtocol,
    StateHistory,
    StateUpdated,
)
from tests.helpers import SERVER, Recorder

CLIENT = ("10.0.0.2", 5000)
BAD = NetSim(loss=10, delay=100, jitter=20)  # the README's example of a bad network
STEP = 0.002  # s of fake time per step


class SimulatedMatch:
    """A server publishing a counter at ``tick_rate`` Hz and one client, each behind its
    own ``NetSim`` (the network between them is the two simulators in a row)."""

    def __init__(self, tick_rate: float, server_net: NetSim, client_net: NetSim) -> None:
        self.tick_rate = tick_rate
        self.server = Impaired(ServerProtocol(Recorder()), server_net)
        self.client = Impaired(ClientProtocol(SERVER, name="Vega"), client_net)
        self.history = StateHistory()
        self.now = 0.0
        self.tick = 0
        self.applied: list[float] = []  # when the client applied a state
        self.rates: list[tuple[float, float]] = []  # (time, the client's congestion rate)

    def run(self, seconds: float) -> None:
        self.client.inner.register(self.now)
        for _ in range(round(seconds / STEP)):
            self.now += STEP
            if self.now * self.tick_rate >= self.tick + 1:
                self.tick += 1
                self.history.root["n"] = self.tick
                self.history.commit(self.tick)
                self.server.inner.publish_state(self.tick, self.history, self.now)
                self.rates += [(self.now, conn.stream.congestion.rate)
                               for conn in self.server.inner.connections.values()]
            for end in (self.server, self.client):
                end.tick(self.now)
            for datagram, _ in self.server.datagrams_to_send(self.now):
                self.client.receive(datagram, SERVER, self.now)
            for datagram, _ in self.client.datagrams_to_send(self.now):
                self.server.receive(datagram, CLIENT, self.now)
            self.applied += [self.now for event in self.client.inner.events()
                             if isinstance(event, StateUpdated)]

    def states_per_second(self, after: float) -> float:
        return len([t for t in self.applied if t >= after]) / (self.now - after)


@pytest.mark.parametrize("client_net", [BAD, NetSim(delay=150)],
                         ids=["bad", "steady-300ms-round-trip"])
@pytest.mark.parametrize("tick_rate", [30, 60])
def test_a_client_on_a_lossy_or_slow_but_steady_path_applies_25_states_a_second_or_more(
        client_net, tick_rate):
    match = SimulatedMatch(tick_rate, NetSim(), client_net)
    match.run(20.0)
    assert match.client.inner.status == "registered"
    assert match.states_per_second(after=5.0) >= 25


@pytest.mark.parametrize("tick_rate", [30, 60])
def test_with_both_ends_on_a_bad_network_the_server_still_sends_every_tick(tick_rate):
    """Two lossy simulators in a row deliver 81 % of the states (24 of 30 a second at
    most): what the server can do is not to send fewer."""
    match = SimulatedMatch(tick_rate, BAD, BAD)
    match.run(20.0)
    assert match.client.inner.status == "registered"
    assert {rate for now, rate in match.rates if now >= 5.0} == {1.0}
