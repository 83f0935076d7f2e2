"""Property tests: no datagram, however odd, escapes the decoder or the protocols."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from starlane.net import ClientProtocol, LanBrowser, ServerProtocol, packing
from starlane.net import messages as m
from starlane.net.wire import _framing as framing
from tests.helpers import SERVER, Recorder

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                  max_size=4),
    max_leaves=20)
FIELDS = ["cuuid", "euuid", "version", "event_data", "timestamp", "retry", "priority", "name",
          "reason", "probe", "players", "port", "time", "echo", "data", "server_name",
          "tick", "base", "sync", "seq", "ack", "bits"]
method_names = st.sampled_from(
    ["OHAI", "OHAI Client", "REGISTER", "OK REGISTER", "BYE REGISTER", "EVENT", "LEGAL",
     "ILLEGAL", "BYE EVENT", "OK EVENT", "NOTIFY", "OK NOTIFY", "HEARTBEAT", "ACK", "NOPE"])
messages_ish = st.builds(
    lambda method, fields: json.dumps({"method": method, **fields}).encode(),
    method_names, st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=8))
datagrams_json = json_values.map(lambda v: json.dumps(v).encode())
datagrams = st.binary(max_size=300) | messages_ish | datagrams_json \
    | st.binary(max_size=60).map(lambda b: b"\x00" + b) \
    | st.builds(framing.pack_ack, st.integers(0, 65535), st.integers(0, 65535),
                st.integers(0, 2 ** 32 - 1), st.binary(min_size=4, max_size=4)) \
    | st.lists(messages_ish | datagrams_json, max_size=4).map(  # batches, good and bad
        lambda items: b"[" + b",".join(items) + b"]")


def readable_ack(datagram: bytes) -> bool:
    try:
        framing.unpack_ack(datagram)
    except packing.PackingError:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=2000))
def test_decode_never_raises_on_arbitrary_bytes(data):
    result = m.decode(data)
    assert isinstance(result, m.DecodeError) or result.method


@settings(max_examples=400, deadline=None)
@given(st.lists(datagrams, max_size=30))
def test_the_server_counts_and_drops_whatever_it_cannot_use(batch):
    server = ServerProtocol(Recorder())
    for i, datagram in enumerate(batch):
        server.receive(datagram, ("10.0.0.2", 5000 + i % 3), i * 0.1)
        server.tick(i * 0.1)
    stats = server.stats
    assert stats.received == len(batch)
    decoded = [d for d in batch if not isinstance(m.decode(d), m.DecodeError)]
    acks = [d for d in batch if readable_ack(d)]
    assert sum(stats.malformed.values()) == len(batch) - len(decoded) - len(acks)
    for datagram, _ in server.datagrams_to_send(30.0):
        assert not any(isinstance(msg, m.DecodeError) for msg in m.decode_all(datagram))


@settings(max_examples=300, deadline=None)
@given(st.lists(datagrams, max_size=30))
def test_the_client_and_browser_survive_any_datagram_from_the_server(batch):
    client = ClientProtocol(SERVER)
    client.register(0.0)
    client.receive(b'{"method": "OK REGISTER", "sync": 3}', SERVER, 0.0)  # sync paths too
    assert client.link.acks is not None and client.link.packed
    browser = LanBrowser([SERVER])
    browser.scan(0.0)
    for i, datagram in enumerate(batch):
        client.receive(datagram, SERVER, i * 0.1)
        client.tick(i * 0.1)
        browser.receive(datagram, SERVER, i * 0.1)
    assert client.stats.received == len(batch) + 1  # + the OK REGISTER above
