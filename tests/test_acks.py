"""Packet acks: sequence numbers that wrap, the 32-bit bitfield, RTT, loss, queueing."""

import pytest

from starlane.net.link._acks import AckState, next_seq, seq_back, seq_newer


def test_sequence_numbers_wrap_and_compare_safely_across_the_wrap():
    assert next_seq(65535) == 1 and next_seq(0) == 1
    assert seq_newer(2, 65530) and not seq_newer(65530, 2)
    assert seq_newer(100, 99) and not seq_newer(99, 100)
    assert seq_back(3, 5) == 65533



def test_the_bitfield_reports_exactly_which_datagrams_arrived_even_across_the_wrap():
    a, b = AckState(local=65520), AckState()
    delivered = []
    for n in range(40):
        seq, ack, bits = a.stamp(n * 0.01)
        if n % 3 != 1:  # lose every third
            b.receive(seq, ack, bits, n * 0.01)
            delivered.append(seq)
    ack, bits = b.remote, b.bits
    assert ack == delivered[-1]
    assert b.incoming_loss == pytest.approx(11 / 32, abs=0.04)  # a third lost
    reported = {ack} | {seq_back(ack, i + 1) for i in range(32) if bits >> i & 1}
    window = {seq_back(ack, i) for i in range(33)}
    assert reported == set(delivered) & window


def test_acks_give_rtt_and_loss_without_resending_anything():
    a, b = AckState(), AckState()
    for n in range(64):
        seq, ack, bits = a.stamp(n * 0.1)
        if n % 4:  # a quarter lost
            b.receive(seq, ack, bits, n * 0.1 + 0.02)
        _, back_ack, back_bits = b.stamp(n * 0.1 + 0.02)
        a.receive(None, back_ack, back_bits, n * 0.1 + 0.04)
    assert a.rtt == pytest.approx(0.04)
    assert a.loss == pytest.approx(0.25, abs=0.03)
    assert a.quality == "good"  # random loss is not congestion


def test_quality_turns_bad_when_the_round_trip_rises_above_its_recent_minimum():
    a, b = AckState(), AckState()
    for n in range(8):
        rtt = 0.4 if n >= 5 else 0.2  # a long path first, then a queue of 200 ms on it
        seq, ack, bits = a.stamp(n * 1.0)
        b.receive(seq, ack, bits, n * 1.0 + rtt / 2)
        a.receive(None, b.remote, b.bits, n * 1.0 + rtt)
        assert a.quality == ("bad" if n >= 5 else "good")


def test_a_repeated_datagram_is_counted_as_a_duplicate():
    a, b = AckState(), AckState()
    header = a.stamp(0.0)
    b.receive(*header, 0.0)
    b.receive(*header, 0.1)
    assert b.duplicates == 1
