"""The wire format: neteria's documented examples decode; bad datagrams become reasons."""

import json

import pytest

from net import messages as m

NETERIA_EXAMPLES = [
    {"method": "OHAI", "cuuid": "adca9750-67e3-11e4-9803-0800200c9a66", "version": "1.0"},
    {"method": "OHAI Client", "version": "1.0"},
    {"method": "REGISTER", "cuuid": "adca9750-67e3-11e4-9803-0800200c9a66", "version": "1.0"},
    {"method": "OK REGISTER"},
    {"method": "BYE REGISTER"},
    {"method": "EVENT", "cuuid": "adca9750-67e3-11e4-9803-0800200c9a66",
     "euuid": "2377d640-67e7-11e4-9803-0800200c9a66", "event_data": {"KDOWN": "UP"},
     "timestamp": "2014-11-09 00:06:37.011000", "retry": 0, "priority": "normal"},
    {"method": "LEGAL", "euuid": "2377d640-67e7-11e4-9803-0800200c9a66", "priority": "normal"},
    {"method": "ILLEGAL", "euuid": "2377d640-67e7-11e4-9803-0800200c9a66", "priority": "normal"},
    {"method": "BYE EVENT", "data": "Not registered"},
    {"cuuid": "adca9750-67e3-11e4-9803-0800200c9a66", "method": "OK EVENT",
     "euuid": "2377d640-67e7-11e4-9803-0800200c9a66"},
    {"method": "NOTIFY", "event_data": {"YOU ARE DEAD": True},
     "euuid": "7f1d43b0-67ea-11e4-9803-0800200c9a66"},
    {"method": "OK NOTIFY", "euuid": "7f1d43b0-67ea-11e4-9803-0800200c9a66",
     "cuuid": "adca9750-67e3-11e4-9803-0800200c9a66"},
]


@pytest.mark.parametrize("example", NETERIA_EXAMPLES, ids=lambda e: e["method"])
def test_every_documented_neteria_example_decodes_and_round_trips(example):
    msg = m.decode(json.dumps(example).encode())
    assert not isinstance(msg, m.DecodeError), msg
    assert msg.method == example["method"]
    again = json.loads(m.encode(msg))
    assert {k: v for k, v in example.items() if k in again} == {
        k: v for k, v in again.items() if k in example}


def test_neteria_register_without_version_is_accepted_as_1x():
    msg = m.decode(b'{"method": "REGISTER", "cuuid": "c", "encryption": [1, 2]}')
    assert isinstance(msg, m.Register) and msg.version is None
    assert m.version_compatible(msg.version)


@pytest.mark.parametrize("version,ok", [
    ("1", True), ("1.0", True), ("1.0.2", True), ("1.7.13", True), (None, True),
    ("2.0", False), ("0.9", False), ("1.0.2.1", False), ("1.x", False), ("", False)])
def test_versions_of_the_1x_family_are_compatible(version, ok):
    assert m.version_compatible(version) is ok


@pytest.mark.parametrize("datagram,kind", [
    (b"hello", "not json"),
    (b"\xff\xfe\x00", "not json"),
    (b"[1, 2]", "not an object"),
    (b'"OHAI"', "not an object"),
    (b"{}", "no method"),
    (b'{"method": "PING"}', "unknown method"),
    (b'{"method": 5}', "unknown method"),
    (b'{"method": "EVENT", "cuuid": "c"}', "invalid field"),
    (b'{"method": "EVENT", "cuuid": "c", "euuid": "e", "priority": "urgent"}', "invalid field"),
    (b'{"method": "OK EVENT", "cuuid": "", "euuid": "e"}', "invalid field"),
    (b'{"method": "NOTIFY", "euuid": "e", "event_data": ' + b"[" * 400 + b"]" * 400 + b"}",
     "not json"),
    (b" " * (m.MAX_DATAGRAM + 1), "too large"),
])
def test_bad_datagrams_decode_to_a_reason_not_an_exception(datagram, kind):
    result = m.decode(datagram)
    assert isinstance(result, m.DecodeError)
    assert result.kind == kind and result.detail


def test_encode_leaves_unset_extensions_out_for_old_peers():
    assert json.loads(m.encode(m.OhaiClient(version="1.0.2", server_name="x"))) == {
        "method": "OHAI Client", "version": "1.0.2", "server_name": "x"}
    assert json.loads(m.encode(m.Legal(euuid="e"))) == {
        "method": "LEGAL", "euuid": "e", "priority": "normal"}


def test_encode_keeps_null_event_data_because_neteria_reads_it():
    assert json.loads(m.encode(m.Notify(euuid="e", event_data=None))) == {
        "method": "NOTIFY", "euuid": "e", "event_data": None}


def test_encode_refuses_a_datagram_over_the_limit():
    with pytest.raises(ValueError, match="exceeds"):
        m.encode(m.Notify(euuid="e", event_data="x" * m.MAX_DATAGRAM))
