"""The wire format: neteria's documented examples decode; bad datagrams become reasons."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from starlane.net import messages as m
from starlane.net.wire import _batching as batching
from starlane.net.wire import _fast as fast

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
        m.encode(m.Notify(euuid="e", event_data="x" * m.MAX_MESSAGE))


def test_with_header_stamps_an_encoded_message_and_leaves_a_plain_one_alone():
    body = m.encode(m.Legal(euuid="e"))
    assert batching.with_header(body, None) == body
    stamped = m.decode(batching.with_header(body, (7, 65535, 2 ** 32 - 1)))
    assert stamped == m.Legal(euuid="e", seq=7, ack=65535, bits=2 ** 32 - 1)


@given(euuid=st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=64),
       priority=st.sampled_from(["normal", "high"]))
def test_encode_legal_is_the_legal_models_encoding_for_any_accepted_event(euuid, priority):
    event = m.decode(json.dumps({"method": "EVENT", "cuuid": "c", "euuid": euuid,
                                 "event_data": None, "priority": priority}).encode())
    assert isinstance(event, m.Event)
    assert fast.encode_legal(event.euuid, event.priority) == m.encode(
        m.Legal(euuid=event.euuid, priority=event.priority))


A, B = ("10.0.0.2", 5000), ("10.0.0.3", 5000)


def test_coalesce_batches_json_to_batching_addresses_in_order_and_nothing_else():
    legal = [m.encode(m.Legal(euuid=f"e{n}")) for n in range(3)]
    frame = b"\x00packed"
    out = batching.coalesce(
        [(legal[0], A), (legal[1], B), (frame, A), (legal[1], A), (legal[2], A)],
        batches=lambda address: address == A)
    assert sorted(out) == sorted([(legal[1], B), (frame, A),
                                  (b"[" + b",".join(legal) + b"]", A)])
    [batch] = [datagram for datagram, _ in out if datagram[:1] == b"["]
    assert [msg.euuid for msg in m.decode_all(batch)] == ["e0", "e1", "e2"]


def test_coalesce_starts_a_new_batch_before_the_size_limit():
    item = m.encode(m.Notify(euuid="n", event_data="x" * 500))
    out = batching.coalesce([(item, A)] * 5, batches=lambda address: True)
    assert [len(m.decode_all(datagram)) for datagram, _ in out] == [2, 2, 1]
    assert all(len(datagram) <= batching.BATCH_LIMIT for datagram, _ in out)


@pytest.mark.parametrize("datagram, kinds", [
    (b'[{"method": "LEGAL", "euuid": "e"}, {"method": "PING"}, 5, {"method": "ACK"}]',
     ["LEGAL", "unknown method", "not an object", "invalid field"]),
    (b"[]", ["not an object"]),
    (b'[{"method": "LEGAL", "euuid": "e"}', ["not json"]),
    (b"[" * 5000 + b"]" * 5000, ["not json"]),
    (b"[" + b" " * m.MAX_DATAGRAM + b"]", ["too large"]),
    (b'{"method": "LEGAL", "euuid": "e"}', ["LEGAL"]),
])
def test_decode_all_reads_each_message_of_a_batch_on_its_own(datagram, kinds):
    results = m.decode_all(datagram)
    assert [r.kind if isinstance(r, m.DecodeError) else r.method for r in results] == kinds


ids = st.text(alphabet="0123456789abcdef-", min_size=1, max_size=64)


@settings(max_examples=200, deadline=None)
@given(pid=st.none() | st.integers(0, 2 ** 31), resume=st.none() | ids,
       name=st.none() | st.text(min_size=1, max_size=24))
def test_ok_register_round_trips_pid_and_resume_and_omits_them_when_unset(pid, resume, name):
    ok = m.OkRegister(name=name, pid=pid, resume=resume)
    datagram = m.encode(ok)
    assert m.decode(datagram) == ok
    assert (b'"pid"' in datagram) == (pid is not None)
    assert (b'"resume"' in datagram) == (resume is not None)


@settings(max_examples=200, deadline=None)
@given(resume=st.none() | ids, bots=st.none() | st.integers(0, 1000))
def test_register_resume_and_ohai_bots_round_trip(resume, bots):
    register = m.Register(cuuid="c1", resume=resume)
    answer = m.OhaiClient(version="1.0.2", server_name="S", bots=bots)
    assert m.decode(m.encode(register)) == register and m.decode(m.encode(answer)) == answer


@pytest.mark.parametrize("method,field,value", [
    ("OK REGISTER", "pid", -1), ("OK REGISTER", "pid", "Vega"), ("OHAI Client", "bots", -2),
    ("OHAI Client", "bots", [1]), ("OK REGISTER", "resume", ""), ("REGISTER", "resume", 7)])
def test_bad_new_fields_decode_to_invalid_field(method, field, value):
    datagram = json.dumps({"method": method, "version": "1.0.2", "cuuid": "c", field: value})
    assert m.decode(datagram.encode()).kind == "invalid field"


def test_a_resume_token_longer_than_an_id_is_refused():
    datagram = json.dumps({"method": "REGISTER", "cuuid": "c", "resume": "x" * 65}).encode()
    assert m.decode(datagram).kind == "invalid field"


def test_clean_name_makes_each_run_of_white_space_one_space_and_trims_the_ends():
    assert (m.clean_name("  Vega \t  2 "), m.clean_name(" \n ")) == ("Vega 2", "")
