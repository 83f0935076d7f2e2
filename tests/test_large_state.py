"""Large states and messages end to end: in fragments of at most 1200 bytes to a sync client
(fake time, the in-memory Wire), never over 10 240 bytes to a plain one, and one large
state on real loopback sockets."""

import json
import logging
import random

import pytest

from starlane.net import (
    ClientConfig,
    ClientProtocol,
    Notified,
    ServerConfig,
    ServerProtocol,
    StateHistory,
    UdpEndpoint,
)
from starlane.net import messages as m
from starlane.net.link._fragments import FRAGMENT, pack_ack
from tests.helpers import SERVER, Recorder, Wire, seeded_ids, wait_until

A = ("10.0.0.2", 5000)
PLAIN_LIMIT = 10240


def big_state(kb: int, seed: int = 1) -> dict:
    """About ``kb`` kB once packed or as JSON: numbers and tags that do not compress."""
    rng = random.Random(seed)
    return {"rocks": {str(i): {"x": rng.random(), "tag": f"{rng.getrandbits(64):016x}"}
                      for i in range(kb * 1000 // 40)}}


class Spy:
    """Wraps a protocol: every datagram it sends, as sent."""

    def __init__(self, inner):
        self.inner, self.out = inner, []

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def datagrams_to_send(self, now):
        out = self.inner.datagrams_to_send(now)
        self.out += out
        return out


def joined(sync: int, loss: float = 0.0, config: ServerConfig | None = None):
    server = Spy(ServerProtocol(Recorder(), config, new_id=seeded_ids(2)))
    wire = Wire(server, loss=loss, seed=3)
    client = wire.add(A, ClientProtocol(SERVER, name="Vega", config=ClientConfig(sync=sync),
                                        new_id=seeded_ids(5)))
    client.register(wire.now)
    wire.run(1.0)
    assert client.status == "registered" and client.link.level == sync
    return server, wire, client


def publish_once(server, wire, state, tick: int) -> list:
    """Publish ``state`` as ``tick`` once and step the wire: what the client was notified."""
    history = StateHistory()
    history.root.update(state)
    history.commit(tick)
    server.publish_state(tick, history, wire.now)
    wire.step(0.01)
    return [e.event_data for e in wire.clients[A].events() if isinstance(e, Notified)]


def stream(server, wire, client, state, seconds: float = 3.0) -> float:
    """Publish ``state`` every 10 ms tick until the client holds it; returns how long that took."""
    history, start = StateHistory(), wire.now
    history.root.update(state)
    for tick in range(1, round(seconds / 0.01)):
        history.commit(tick)
        server.publish_state(tick, history, wire.now)
        wire.step(0.01)
        if client.latest_state is not None:
            assert client.latest_state[1] == state
            return wire.now - start
    raise AssertionError("the state never arrived")


@pytest.mark.parametrize("sync", [1, 3])
def test_a_100_kB_state_reaches_a_sync_client_in_datagrams_of_at_most_1200_bytes(sync):
    server, wire, client = joined(sync)
    stream(server, wire, client, big_state(100))
    assert max(len(d) for d, _ in server.out) <= 1200
    assert server.stats.fragments.sent >= 80 and server.stats.fragments.resent == 0
    assert client.stats.fragments.reassembled == 1


def test_at_10_percent_loss_a_100_kB_state_still_arrives():
    server, wire, client = joined(3, loss=0.1)
    assert stream(server, wire, client, big_state(100)) < 2.0
    assert max(len(d) for d, _ in server.out) <= 1200
    assert server.stats.fragments.resent > 0 and server.stats.fragments.expired == 0


def test_only_the_fragments_that_were_lost_are_sent_again():
    server, wire, client = joined(3)
    lost = []
    receive = client.receive

    def lossy(datagram, address, now):  # every 10th fragment of the first send is lost
        if datagram[:1] == FRAGMENT and server.stats.fragments.resent == 0:
            lost.append(datagram)
            if len(lost) % 10 == 0:
                return
        receive(datagram, address, now)
    client.receive = lossy
    stream(server, wire, client, big_state(100))
    assert server.stats.fragments.resent == len(lost) // 10 > 0


def test_a_large_reliable_notify_reaches_a_sync_client_in_fragments():
    server, wire, client = joined(2)
    news = {"log": "x" * 50_000}
    assert server.notify(client.cuuid, news, wire.now) is not None
    wire.run(0.5)
    assert [e.event_data for e in client.events() if isinstance(e, Notified)] == [news]
    assert server.unacked == 0 and max(len(d) for d, _ in server.out) <= 1200


def test_a_plain_client_never_gets_a_datagram_over_10240_bytes_and_it_is_logged_once(caplog):
    server, wire, client = joined(0)
    history = StateHistory()
    history.root.update(big_state(48))
    with caplog.at_level(logging.WARNING, logger="starlane.net"):
        for tick in range(1, 6):
            history.commit(tick)
            server.publish_state(tick, history, wire.now)  # never raises
            wire.step(0.01)
        assert server.notify(client.cuuid, big_state(20), wire.now) is None
    assert max(len(d) for d, _ in server.out) <= PLAIN_LIMIT
    assert server.stats.oversized == 6
    assert len([r for r in caplog.records if "was not sent" in r.message]) == 1


def test_in_place_of_a_state_too_large_for_it_a_plain_client_gets_a_notify_saying_so():
    server, wire, client = joined(0)
    [note] = publish_once(server, wire, big_state(48), 7)
    assert note["state_not_sent"]["tick"] == 7 and note["state_not_sent"]["limit"] == 10240
    assert note["state_not_sent"]["bytes"] > 10240
    assert server.inner.connections[client.cuuid].state == "confirmed"  # its OK NOTIFY proves


def test_a_plain_client_still_gets_the_states_that_fit():
    server, wire, _ = joined(0)
    assert [len(data["rocks"]) for data in publish_once(server, wire, big_state(5), 1)] == [125]


def test_a_state_over_the_configured_limit_is_not_sent_to_a_sync_client():
    server, wire, client = joined(3, config=ServerConfig(max_message_bytes=50_000))
    history = StateHistory()
    history.root.update(big_state(100))
    history.commit(1)
    for _ in range(5):
        server.publish_state(1, history, wire.now)
        wire.step(0.01)
    assert server.stats.oversized > 0 and server.stats.fragments.sent == 0
    assert client.latest_state is None


def test_a_client_that_has_not_proven_its_address_gets_no_fragments():
    server = ServerProtocol(Recorder())
    server.receive(json.dumps({"method": "REGISTER", "cuuid": "c1", "sync": 3}).encode(), A, 0.0)
    history = StateHistory()
    history.root.update(big_state(6))
    history.commit(1)
    server.publish_state(1, history, 0.0)
    assert all(len(d) <= 1200 for d, _ in server.datagrams_to_send(0.0))
    assert server.stats.fragments.sent == 0 and server.stats.capped == 1


def test_a_fragment_ack_from_another_address_or_with_another_token_is_dropped():
    server, wire, client = joined(3)
    server.notify(client.cuuid, {"log": "x" * 5_000}, wire.now)
    server.datagrams_to_send(wire.now)
    forged = pack_ack(b"\x00" * 4, 0, 5, 0b11111)
    server.receive(forged, A, wire.now)
    server.receive(forged, ("10.0.0.9", 5000), wire.now)
    server.receive(b"\x02\x00", A, wire.now)
    assert server.stats.not_registered == 2 and server.stats.malformed["bad fragment ack"] == 1
    assert server.inner.connections[client.cuuid].link.fragments.busy


def test_a_datagram_over_32_kB_from_a_client_is_refused_with_its_size_and_never_raises():
    server, wire, _ = joined(3)
    server.receive(b'{"method":"EVENT"' + b" " * m.MAX_DATAGRAM + b"}", A, wire.now)
    assert server.stats.malformed["too large"] == 1
    assert f"> {m.MAX_DATAGRAM}" in server.stats.last_malformed


def test_a_client_refuses_to_send_an_event_the_server_would_not_read():
    _, wire, client = joined(3)
    with pytest.raises(ValueError, match="EVENT of over"):
        client.event({"blob": "x" * m.MAX_DATAGRAM}, wire.now)
    assert not client.pending


def test_a_large_state_crosses_real_loopback_sockets_in_datagrams_of_at_most_1200_bytes():
    server = Spy(ServerProtocol(Recorder()))
    server_end = UdpEndpoint(server, bind=("127.0.0.1", 0))
    client = ClientProtocol(server_end.address, name="Vega")
    client_end = UdpEndpoint(client, bind=("127.0.0.1", 0))
    state, history, ticks = big_state(100), StateHistory(), iter(range(1, 10_000))
    history.root.update(state)

    def pump():
        client_end.pump()
        server_end.pump()
        if client.status == "registered":
            history.commit(tick := next(ticks))
            server.publish_state(tick, history, server_end.clock())
    try:
        client.register(client_end.clock())
        assert wait_until(lambda: client.latest_state is not None, timeout=5.0, pump=pump)
        assert client.latest_state[1] == state
        assert max(len(d) for d, _ in server.out) <= 1200
        assert json.dumps(state).__len__() > 100_000
    finally:
        client_end.close()
        server_end.close()
