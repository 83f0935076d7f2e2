"""The fragment layer alone (net/link/_fragments.py): split, reassemble, resend only what is
missing, and stay bounded against hostile fragments. Fake time, no sockets."""

import random

from hypothesis import given
from hypothesis import strategies as st

from starlane.net.link._fragments import (
    DATAGRAM_LIMIT,
    FRAGMENT,
    PAYLOAD,
    FragmentSender,
    FragmentStats,
    Reassembler,
    pack_ack,
    pack_fragment,
    unpack_ack,
)
from starlane.net.wire._bytes import PackingError

TOKEN = b"\x01\x02\x03\x04"


def payload(size: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(size)


def ends(max_message: int = 1 << 20):
    sent, got = FragmentStats(), FragmentStats()
    return FragmentSender(sent), Reassembler(got, max_message), sent, got


def deliver(receiver, pieces, now=0.0):
    wholes = [w for piece in pieces if (w := receiver.add(piece, now)) is not None]
    return wholes


def ack(sender, receiver, now):
    for datagram in receiver.acks(TOKEN, now):
        token, ident, count, held = unpack_ack(datagram)
        assert token == TOKEN
        sender.acked(ident, count, held)


def test_a_message_of_100_kB_goes_in_datagrams_of_at_most_1200_bytes_and_comes_back_whole():
    sender, receiver, _, got = ends()
    message = payload(100_000)
    pieces = sender.split(message, 0.0)
    assert len(pieces) == -(-100_000 // PAYLOAD)
    assert max(map(len, pieces)) <= DATAGRAM_LIMIT
    assert deliver(receiver, reversed(pieces)) == [message]  # in any order
    assert got.reassembled == 1


def test_only_the_fragments_the_peer_lacks_are_resent():
    sender, receiver, stats, _ = ends()
    pieces = sender.split(payload(20_000), 0.0)
    lost = {2, 7, 11}
    deliver(receiver, [p for i, p in enumerate(pieces) if i not in lost])
    ack(sender, receiver, 0.05)
    resent = sender.due(sender.next_deadline())
    assert resent == [pieces[i] for i in sorted(lost)]
    assert stats.resent == 3
    deliver(receiver, resent, 0.2)
    ack(sender, receiver, 0.2)
    assert not sender.busy and stats.delivered == 1


def test_acks_never_make_the_sender_send_more_only_its_timer_does():
    sender, _, stats, _ = ends()
    pieces = sender.split(payload(5_000), 0.0)
    for _ in range(100):
        sender.acked(0, len(pieces), 0)  # "I hold nothing", over and over
    assert sender.due(0.05) == []
    assert len(sender.due(0.1)) == len(pieces)
    assert sender.due(0.15) == []  # once per interval, however many acks came
    assert stats.resent == len(pieces)


def test_a_message_nobody_acknowledges_is_given_up_after_its_attempts():
    sender, _, stats, _ = ends()
    sender.split(payload(3_000), 0.0)
    now = 0.0
    while sender.busy:
        now = sender.next_deadline()
        sender.due(now)
    assert stats.expired == 1 and stats.resent == 3 * (sender.attempts - 1)


def test_a_whole_message_whose_ack_was_lost_is_acknowledged_again_when_a_fragment_repeats():
    sender, receiver, _, got = ends()
    pieces = sender.split(payload(3_000), 0.0)
    deliver(receiver, pieces)
    receiver.acks(TOKEN, 0.0)  # lost on the way
    assert deliver(receiver, sender.due(0.1), 0.1) == []
    ack(sender, receiver, 0.2)
    assert not sender.busy and got.duplicates == 3


def test_fragments_claiming_more_than_the_message_limit_are_dropped():
    _, receiver, _, got = ends(max_message=10_000)
    assert receiver.add(pack_fragment(1, 0, 10_000, b"x" * PAYLOAD), 0.0) is None
    assert receiver.add(pack_fragment(1, 8, 9, b"x" * PAYLOAD), 0.0) is None  # 9 full ones
    assert got.dropped == {"fragment count over the message limit": 1,
                           "message over the size limit": 1}
    assert receiver.held_bytes == 0


def test_fragments_that_do_not_add_up_are_dropped_and_counted():
    _, receiver, _, got = ends()
    full = b"a" * PAYLOAD
    receiver.add(pack_fragment(5, 0, 3, full), 0.0)
    for hostile in (pack_fragment(5, 1, 4, full),  # another count for the same message
                    pack_fragment(5, 0, 3, b"b" * PAYLOAD),  # overlaps the held fragment 0
                    pack_fragment(5, 3, 3, b"c"),  # index past the count
                    pack_fragment(5, 1, 3, b"short"),  # only the last may be short
                    pack_fragment(5, 2, 3, b""),  # nor empty
                    FRAGMENT + b"\x00"):  # truncated
        assert receiver.add(hostile, 0.0) is None
    assert sum(got.dropped.values()) == 6
    receiver.add(pack_fragment(5, 0, 3, full), 0.0)  # the same again: a duplicate
    assert got.duplicates == 1 and receiver.held_bytes == PAYLOAD


def test_a_fragment_inside_fragments_is_dropped():
    sender, receiver, _, got = ends()
    inner = pack_fragment(9, 0, 1, b"x") + b"y" * 2000
    assert deliver(receiver, sender.split(inner, 0.0)) == []
    assert got.dropped == {"a fragment inside fragments": 1}


def test_partial_messages_are_bounded_in_number_and_forgotten_after_their_timeout():
    _, receiver, _, got = ends()
    for ident in range(10):
        receiver.add(pack_fragment(ident, 0, 2, b"x" * PAYLOAD), 0.0)
    assert receiver.held_bytes == receiver.partial * PAYLOAD
    assert got.timed_out == 10 - receiver.partial
    receiver.expire(receiver.timeout + 0.01)
    assert receiver.held_bytes == 0 and got.timed_out == 10


def test_an_ack_that_does_not_match_its_message_is_dropped():
    sender, _, stats, _ = ends()
    pieces = sender.split(payload(3_000), 0.0)
    sender.acked(0, len(pieces) + 1, 0b1)
    sender.acked(42, 1, 0b1)
    assert stats.dropped == {"ack with a wrong count": 1, "ack of no message in flight": 1}
    assert sender.busy


def test_an_ack_round_trips_and_a_malformed_one_raises_only_packing_error():
    assert unpack_ack(pack_ack(TOKEN, 7, 10, 0b1011)) == (TOKEN, 7, 10, 0b1011)
    for bad in (b"\x02", pack_ack(TOKEN, 7, 3, 0b111) + b"x",
                b"\x02" + TOKEN + b"\x00\x07\x02\x07"):
        try:
            unpack_ack(bad)
        except PackingError:
            continue
        raise AssertionError(f"{bad!r} was read as an ack")


@given(st.binary(max_size=64))
def test_no_fragment_raises_whatever_its_bytes(tail):
    _, receiver, _, got = ends(max_message=50_000)
    receiver.add(FRAGMENT + tail, 0.0)
    assert got.received == 1 and receiver.held_bytes <= PAYLOAD
