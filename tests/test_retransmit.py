"""The resend schedule: backoff, cap, expiry, acknowledgement."""

from itertools import count

from hypothesis import given
from hypothesis import strategies as st

from starlane.net.link._retransmit import Outbox, RetrySchedule


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


def test_a_datagram_given_as_bytes_is_sent_and_resent_as_it_is():
    outbox = Outbox(RetrySchedule(first=1, attempts=3))
    assert outbox.add("k", ("h", 1), b"verdict", now=0.0) == b"verdict"
    assert outbox.due(1.0)[0] == [(b"verdict", ("h", 1))]
    assert outbox.due(3.0)[0] == [(b"verdict", ("h", 1))]


def test_an_acknowledged_entry_is_never_resent():
    outbox = Outbox()
    outbox.add("k", ("h", 1), b"x", now=0.0)
    assert outbox.ack("k") is not None
    assert outbox.ack("k") is None
    assert drive(outbox, 30) == ([], [])
    assert outbox.next_deadline() is None




OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("add"), st.floats(0, 3), st.booleans()),
    st.tuples(st.just("ack"), st.integers(0, 30)),
    st.tuples(st.just("due"), st.floats(0, 10))), max_size=40)


@given(OPERATIONS)
def test_resends_and_expiries_come_in_due_order_however_entries_were_added(operations):
    """Against a model that sorts the pending entries by (due, when scheduled): first
    sends added out of time order or under another schedule, some acknowledged."""
    quick = RetrySchedule(first=0.1, factor=3, longest=0.5, attempts=3)
    outbox = Outbox(RetrySchedule(first=0.25, factor=2, longest=1.0, attempts=4))
    model: dict[int, list] = {}  # key -> [due, order, sent, schedule]
    keys = count()
    order = count()
    for operation in operations:
        if operation[0] == "add":
            _, now, other = operation
            key, schedule = next(keys), quick if other else outbox.schedule
            outbox.add(key, ("h", 1), lambda retry, now, key=key: b"%d:%d" % (key, retry), now,
                       schedule=quick if other else None)
            model[key] = [now + schedule.delay(1), next(order), 1, schedule]
        elif operation[0] == "ack":
            outbox.ack(operation[1])
            model.pop(operation[1], None)
        else:
            now, expected, gone = operation[1], [], []
            while model and (key := min(model, key=lambda k: model[k][:2])) is not None \
                    and model[key][0] <= now:
                _, _, sent, schedule = model[key]
                if sent >= schedule.attempts:
                    gone.append(key)
                    del model[key]
                    continue
                expected.append(b"%d:%d" % (key, sent))
                model[key] = [now + schedule.delay(sent + 1), next(order), sent + 1, schedule]
            resend, expired = outbox.due(now)
            assert [datagram for datagram, _ in resend] == expected
            assert [entry.key for entry in expired] == gone
        assert outbox.next_deadline() == min((v[0] for v in model.values()), default=None)
