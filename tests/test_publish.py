"""publish_state(): diffs for sync clients, full states for plain ones, congestion avoidance."""

import json

from net import messages as m
from net import packing
from net.server import ServerProtocol
from net.sync import StateHistory
from tests.helpers import Recorder, sent

A = ("10.0.0.2", 5000)
B = ("10.0.0.3", 5000)


def joined(sync: bool):
    server = ServerProtocol(Recorder())
    fields = {"method": "REGISTER", "cuuid": "c1", "version": "1.0.2"}
    if sync:
        fields["sync"] = 1
    server.receive(json.dumps(fields).encode(), A, 0.0)
    [(ok, _)] = sent(server)
    assert ok.sync == (1 if sync else None)
    return server


def publish(server, history, tick, now, ack=None):
    history.root["n"] = tick
    history.commit(tick)
    server.publish_state(tick, history, now)
    out = [msg for msg, _ in sent(server)]
    if ack is not None:
        for msg in out:
            server.receive(json.dumps({"method": "ACK", "cuuid": "c1", "ack": msg.seq,
                                       "bits": 0}).encode(), A, now + ack)
    return out


def test_a_plain_client_gets_the_whole_state_each_tick_and_nothing_is_resent():
    server, history = joined(sync=False), StateHistory()
    [state] = publish(server, history, 1, 0.0)
    assert isinstance(state, m.Notify) and state.tick is None and state.event_data == {"n": 1}
    server.tick(5.0)
    assert [msg.method for msg, _ in sent(server)] == ["HEARTBEAT"]
    assert server.unacked == 0


def test_a_sync_client_gets_a_keyframe_then_diffs_against_what_it_acknowledged():
    server, history = joined(sync=True), StateHistory()
    [first] = publish(server, history, 1, 0.00, ack=0.001)
    assert (first.tick, first.base, first.event_data) == (1, None, {"n": 1})
    [second] = publish(server, history, 2, 0.03)  # its ack is lost
    [third] = publish(server, history, 3, 0.06, ack=0.001)
    assert (second.base, third.base, third.event_data) == (1, 1, {"n": 3})
    [fourth] = publish(server, history, 4, 0.09)
    assert (fourth.base, fourth.event_data) == (3, {"n": 4})


def test_while_the_round_trip_is_bad_a_sync_client_gets_every_second_state():
    server, history = joined(sync=True), StateHistory()
    sent_ticks = []
    for tick in range(1, 41):
        out = publish(server, history, tick, tick * 0.03, ack=0.4)  # 400 ms round trips
        sent_ticks += [msg.tick for msg in out if isinstance(msg, m.Notify)]
    gaps = {b - a for a, b in zip(sent_ticks[-10:], sent_ticks[-9:], strict=False)}
    assert gaps == {2}
    assert server.peers["c1"].acks.quality == "bad"


def test_a_packed_client_gets_packed_frames_and_its_packed_acks_move_its_baseline():
    server, history = ServerProtocol(Recorder()), StateHistory()
    server.receive(json.dumps({"method": "REGISTER", "cuuid": "c1", "sync": 2}).encode(), A, 0.0)
    [(ok, _)] = sent(server)
    assert ok.sync == 2
    token = packing.token("c1")
    frames = []
    for tick, ack_from, ack_token in ((1, A, token), (2, A, b"nope"), (3, B, token), (4, A, token)):
        history.root["n"] = tick
        history.commit(tick)
        server.publish_state(tick, history, tick * 0.03)
        [(datagram, _)] = server.datagrams_to_send()
        frames.append(packing.unpack_frame(datagram))
        server.receive(packing.pack_ack(1, frames[-1].seq, 0, ack_token), ack_from, tick * 0.03)
    assert [f.base for f in frames] == [None, 1, 1, 1]  # the forged acks moved nothing
    assert server.stats.not_registered == 2
    history.root["n"] = 5
    history.commit(5)
    server.publish_state(5, history, 0.15)
    [(datagram, _)] = server.datagrams_to_send()
    frame = packing.unpack_frame(datagram)
    assert frame.base == 4
    assert packing.decode(frame.body, {"n": 4}) == {"n": 5}


def test_a_new_client_on_an_address_keeps_its_packed_acks_when_the_old_one_times_out():
    server, history = ServerProtocol(Recorder()), StateHistory()
    for cuuid, now in (("old", 0.0), ("new", 5.0)):
        server.receive(json.dumps({"method": "REGISTER", "cuuid": cuuid, "sync": 2}).encode(),
                       A, now)
    server.tick(10.5)  # "old" has been silent for 10 s
    assert list(server.peers) == ["new"]
    history.root["n"] = 1
    history.commit(1)
    server.publish_state(1, history, 10.5)
    frame = packing.unpack_frame(server.datagrams_to_send()[-1][0])
    server.receive(packing.pack_ack(1, frame.seq, 0, packing.token("new")), A, 10.6)
    assert server.stats.not_registered == 0 and server.peers["new"].baseline.tick == 1
