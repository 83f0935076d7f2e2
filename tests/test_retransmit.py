"""The resend schedule: backoff, cap, expiry, acknowledgement."""

from starlane.net.retransmit import Outbox, RetrySchedule


def drive(outbox, until, step=0.05):
    times, expired = [], []
    for i in range(round(until / step) + 1):
        resend, gone = outbox.due(i * step)
        times += [round(i * step, 2)] * len(resend)
        expired += gone
    return times, expired


def test_resends_back_off_exponentially_up_to_the_cap_then_expire():
    outbox = Outbox(RetrySchedule(first=0.25, factor=2, longest=1.0, attempts=5))
    first = outbox.add("k", ("h", 1), lambda retry, now: str(retry).encode(), now=0.0)
    assert first == b"0"
    times, expired = drive(outbox, 10)
    assert times == [0.25, 0.75, 1.75, 2.75]  # gaps 0.25, 0.5, 1.0, 1.0 (capped)
    assert [e.key for e in expired] == ["k"] and len(outbox) == 0


def test_each_resend_is_built_with_its_retry_number():
    outbox = Outbox(RetrySchedule(first=1, attempts=3))
    outbox.add("k", ("h", 1), lambda retry, now: str(retry).encode(), now=0.0)
    assert outbox.due(1.0)[0] == [(b"1", ("h", 1))]
    assert outbox.due(3.0)[0] == [(b"2", ("h", 1))]


def test_an_acknowledged_entry_is_never_resent():
    outbox = Outbox()
    outbox.add("k", ("h", 1), lambda *_: b"x", now=0.0)
    assert outbox.ack("k") is not None
    assert outbox.ack("k") is None
    assert drive(outbox, 30) == ([], [])
    assert outbox.next_deadline() is None

