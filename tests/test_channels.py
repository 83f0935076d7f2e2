"""Message channels both ways (net.messaging): the guarantees of each mode, under the network
simulator's loss, duplication and reordering, with fake time."""

from __future__ import annotations

import json
from typing import Any

import pytest

from starlane.net import (
    LEGAL,
    Channel,
    ClientConfig,
    ClientProtocol,
    Connection,
    Impaired,
    MessageReceived,
    Middleware,
    NetSim,
    ServerConfig,
    ServerProtocol,
    Verdict,
)
from starlane.net import messages as m
from starlane.net.wire import _fast as fast
from tests.helpers import join, seeded_ids, sent

SERVER = ("10.0.0.1", 40080)
CLIENT = ("10.0.0.2", 5000)
CHANNELS = (Channel("chat"), Channel("aim", "latest"))
BAD = NetSim(loss=20, dup=10, reorder=20, delay=5, jitter=3, seed=4)


class Inbox(Middleware):
    """Keeps what clients send on channels, in the order the server hands it over."""

    def __init__(self) -> None:
        self.got: list[tuple[str, Any]] = []

    def judge(self, conn: Connection, event_data: Any) -> Verdict:
        return LEGAL

    def execute(self, conn: Connection, event_data: Any) -> None:
        pass

    def message(self, conn: Connection, channel: str, data: Any) -> None:
        self.got.append((channel, data))


class Tap:
    """The server, with a record of every datagram it sends (before the network's harm)."""

    def __init__(self, server: ServerProtocol) -> None:
        self.server, self.sent = server, []

    def receive(self, datagram: bytes, address, now: float) -> None:
        self.server.receive(datagram, address, now)

    def tick(self, now: float) -> None:
        self.server.tick(now)

    def next_deadline(self) -> float | None:
        return self.server.next_deadline()

    def datagrams_to_send(self, now: float):
        out = self.server.datagrams_to_send(now)
        self.sent += [d for d, _ in out]
        return out


class Pair:
    """A server behind a simulated network and one client, on fake time."""

    def __init__(self, spec: NetSim | None = None, server_channels=CHANNELS,
                 client_channels=CHANNELS) -> None:
        self.inbox = Inbox()
        self.server = ServerProtocol(self.inbox, ServerConfig(channels=server_channels),
                                     new_id=seeded_ids(1))
        self.tap = Tap(self.server)
        self.net = Impaired(self.tap, spec or NetSim())
        self.client = ClientProtocol(SERVER, name="Vega", new_id=seeded_ids(2),
                                     config=ClientConfig(channels=client_channels))
        self.now = 0.0
        self.received: list[MessageReceived] = []
        self.client.register(self.now)
        for _ in range(1000):  # 5 s at most
            if self.client.cuuid in self.server.connections and \
                    self.conn.state == "confirmed" and self.client.status == "registered":
                break
            self.step()
        assert self.conn.state == "confirmed"

    @property
    def conn(self) -> Connection:
        return self.server.connections[self.client.cuuid]

    def step(self, dt: float = 0.005) -> None:
        self.now += dt
        for end in (self.net, self.client):
            deadline = end.next_deadline()
            if deadline is not None and deadline <= self.now:
                end.tick(self.now)
        for datagram, _ in self.client.datagrams_to_send(self.now):
            self.net.receive(datagram, CLIENT, self.now)
        for datagram, _ in self.net.datagrams_to_send(self.now):
            self.client.receive(datagram, SERVER, self.now)
        self.received += [e for e in self.client.events() if isinstance(e, MessageReceived)]

    def run(self, seconds: float) -> None:
        for _ in range(round(seconds / 0.005)):
            self.step()


def wire_messages(datagrams: list[bytes]) -> list[m.ChannelMessage]:
    return [msg for d in datagrams for msg in m.decode_all(d) if isinstance(msg, m.ChannelMessage)]


# ---- reliable-ordered ----------------------------------------------------------------------

def test_reliable_messages_from_a_client_reach_the_middleware_once_each_in_order_on_a_bad_network():
    pair = Pair(BAD)
    for i in range(200):
        pair.client.send("chat", i, pair.now)
        pair.step()
    pair.run(3.0)
    assert pair.inbox.got == [("chat", i) for i in range(200)]


def test_reliable_messages_from_the_server_reach_the_client_once_each_in_order_on_a_bad_network():
    pair = Pair(BAD)
    for i in range(200):
        assert pair.server.send(pair.client.cuuid, "chat", {"line": i}, pair.now)
        pair.step()
    pair.run(3.0)
    assert pair.received == [MessageReceived("chat", {"line": i}) for i in range(200)]


def test_a_reliable_channel_keeps_at_most_its_window_in_flight_while_unacknowledged():
    pair = Pair()
    pair.net.spec = NetSim(loss=100)  # nothing comes back: no acknowledgement
    for i in range(100):
        pair.server.send(pair.client.cuuid, "chat", i, pair.now)
    pair.run(1.0)
    assert {msg.n for msg in wire_messages(pair.tap.sent)} == set(range(64))


def test_a_reliable_channel_refuses_more_once_its_backlog_is_full():
    pair = Pair()
    pair.net.spec = NetSim(loss=100)
    with pytest.raises(OverflowError, match="wait for the peer"):
        for i in range(64 + 1024 + 1):
            pair.server.send(pair.client.cuuid, "chat", i, pair.now)


def test_messages_past_the_window_go_as_acknowledgements_free_it():
    pair = Pair()
    for i in range(300):
        pair.server.send(pair.client.cuuid, "chat", i, pair.now)
    pair.run(1.0)
    assert [e.data for e in pair.received] == list(range(300))


# ---- latest-wins -----------------------------------------------------------------------

def test_latest_wins_never_hands_over_an_older_message_after_a_newer_one():
    pair = Pair(NetSim(dup=20, reorder=30, delay=5, jitter=4, seed=2))
    for i in range(200):
        pair.server.send(pair.client.cuuid, "aim", i, pair.now)
        pair.step()
    pair.run(0.5)
    got = [e.data for e in pair.received]
    assert got == sorted(set(got)) and got[-1] == 199 and len(got) < 200


def test_latest_wins_is_never_resent():
    pair = Pair()
    pair.net.spec = NetSim(loss=100)
    for i in range(10):
        pair.server.send(pair.client.cuuid, "aim", i, pair.now)
    pair.run(2.0)
    assert sorted(msg.n for msg in wire_messages(pair.tap.sent)) == list(range(10))


def test_latest_wins_from_a_client_reaches_the_middleware_newest_only():
    pair = Pair(NetSim(reorder=50, delay=5, seed=3))
    for i in range(50):
        pair.client.send("aim", i, pair.now)
    pair.run(0.5)
    got = [data for _, data in pair.inbox.got]
    assert got == sorted(set(got)) and got[-1] == 49


# ---- agreement and misuse ----------------------------------------------------------------

def test_channels_are_used_only_where_both_ends_declare_the_same_name_and_mode():
    pair = Pair(client_channels=(Channel("chat", "latest"), Channel("aim", "latest")))
    assert not pair.server.send(pair.client.cuuid, "chat", "hi", pair.now)
    assert pair.server.send(pair.client.cuuid, "aim", 1, pair.now)
    with pytest.raises(ValueError, match="not agreed"):
        pair.client.send("chat", "hi", pair.now)


def test_a_client_that_announced_no_channels_is_never_sent_a_message():
    server = ServerProtocol(Inbox(), ServerConfig(channels=CHANNELS), new_id=seeded_ids(1))
    join(server, "plain", CLIENT)  # a REGISTER as neteria 1.0.2 sends it: no channels
    assert server.send_all("chat", "hello", 1.0) == 0
    server.notify_all({"still": "notified"}, 1.0)
    assert [msg.method for msg, _ in sent(server, 1.0)] == ["NOTIFY"]


def test_sending_on_a_channel_the_server_did_not_declare_is_a_value_error():
    pair = Pair()
    with pytest.raises(ValueError, match="not declared"):
        pair.server.send(pair.client.cuuid, "voice", "hi", pair.now)


@pytest.mark.parametrize("end", ["server", "client"])
def test_a_message_larger_than_one_datagram_is_refused_on_send(end):
    pair = Pair()
    big = "x" * m.MESSAGE_MAX
    with pytest.raises(ValueError, match=f"exceeds {m.MESSAGE_MAX}"):
        if end == "server":
            pair.server.send(pair.client.cuuid, "chat", big, pair.now)
        else:
            pair.client.send("chat", big, pair.now)


def test_a_message_of_exactly_one_datagram_goes():
    pair = Pair()
    probe = fast.encode_message(0, 0, b'""', pair.client.cuuid)
    pair.client.send("chat", "x" * (m.MESSAGE_MAX - len(probe)), pair.now)
    pair.run(0.1)
    assert len(pair.inbox.got) == 1


def test_a_middleware_that_raises_on_a_message_is_contained_and_counted():
    pair = Pair()

    def broken(conn: Connection, channel: str, data: Any) -> None:
        raise RuntimeError("bug")

    pair.inbox.message = broken  # type: ignore[method-assign]
    pair.server.app = type(pair.server.app)(pair.inbox)
    pair.server.channels.app = pair.server.app
    pair.client.send("chat", "hi", pair.now)
    pair.run(0.1)
    assert pair.server.app.errors == 1


@pytest.mark.parametrize("fields", [
    {"ch": 63, "n": 0, "data": 1},  # a channel not agreed
    {"ch": 0, "n": 10**9, "data": 1},  # far beyond the window
    {"ch": 0, "n": -1, "data": 1},  # not a number the wire allows
    {"ch": 1, "next": 5, "got": 7},  # an acknowledgement on a latest-wins channel
])
def test_a_hostile_message_is_dropped_without_raising_or_delivering(fields):
    pair = Pair()
    method = "OK MESSAGE" if "next" in fields else "MESSAGE"
    datagram = json.dumps({"method": method, "cuuid": pair.client.cuuid, **fields}).encode()
    pair.server.receive(datagram, CLIENT, pair.now)
    pair.run(0.1)
    assert pair.inbox.got == []


def test_an_oversized_message_from_a_client_is_counted_and_never_reaches_the_middleware():
    pair = Pair()
    datagram = json.dumps({"method": "MESSAGE", "cuuid": pair.client.cuuid, "ch": 0, "n": 0,
                           "data": "x" * (2 * m.MESSAGE_MAX)}).encode()
    pair.server.receive(datagram, CLIENT, pair.now)
    pair.run(0.2)
    assert pair.inbox.got == []
    assert pair.server.stats.malformed["too large"] == 1
    assert "too large" in pair.server.stats.last_malformed


def test_a_client_that_starts_over_starts_its_channels_afresh_at_the_server():
    pair = Pair()
    for line in ("a", "b"):
        pair.client.send("chat", line, pair.now)
    pair.run(0.2)
    old = pair.client
    pair.client = ClientProtocol(SERVER, name="Vega", cuuid=old.cuuid, resume=old.resume,
                                 new_id=seeded_ids(3), config=ClientConfig(channels=CHANNELS))
    pair.client.register(pair.now)
    pair.run(0.3)
    pair.client.send("chat", "c", pair.now)  # number 0 of the new session
    pair.run(0.2)
    assert pair.inbox.got == [("chat", "a"), ("chat", "b"), ("chat", "c")]
