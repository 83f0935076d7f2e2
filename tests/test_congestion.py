"""Congestion control: a long, jittery or lossy path keeps the full state rate; a filling
queue (round trips rising above their recent minimum) or loss rising above its own level
lowers it, and it climbs back smoothly. Fake time throughout."""

import heapq
import itertools
import random

import pytest

from starlane.net.link._acks import AckState
from starlane.net.link._congestion import Congestion, QueueingDelay, WindowMin

TICK = 1 / 30  # s: a 30 Hz state stream


def drive(rtt_at, seconds, loss=0.0, seed=1, congestion=None):
    """A state stream of ``seconds`` at 30 Hz: each datagram is lost with probability
    ``loss``, else acknowledged ``rtt_at(sent_at)`` s after it was sent. Returns
    (the sender's AckState, its Congestion, [(time, rate, quality) at each tick])."""
    rng = random.Random(seed)
    acks, congestion = AckState(), congestion or Congestion()
    events = [(n * TICK, 0, n) for n in range(round(seconds / TICK))]  # (time, kind, n)
    heapq.heapify(events)
    seen = []
    while events:
        now, kind, number = heapq.heappop(events)
        if kind == 1:  # an acknowledgement of ``number`` arrives
            acks.receive(None, number, 0, now)
            continue
        rate = congestion.update(acks.quality, acks.measured_loss, now)
        seen.append((now, rate, acks.quality))
        seq, _, _ = acks.stamp(now)
        if rng.random() >= loss:
            heapq.heappush(events, (now + rtt_at(now), 1, seq))
    return acks, congestion, seen


def rates(seen, after=0.0, before=float("inf")):
    return [rate for now, rate, _ in seen if after <= now < before]


def test_a_steady_300_ms_round_trip_with_10_percent_random_loss_keeps_the_full_rate():
    acks, _, seen = drive(lambda _: 0.3, 60.0, loss=0.1)
    assert acks.loss == pytest.approx(0.1, abs=0.08)
    assert set(rates(seen, after=0.5)) == {1.0}


def test_jitter_of_20_ms_each_way_around_a_long_round_trip_is_not_queueing():
    jitter = random.Random(5)
    _, _, seen = drive(lambda _: 0.3 + jitter.uniform(-0.02, 0.02)
                       + jitter.uniform(-0.02, 0.02), 60.0, loss=0.1)
    assert {quality for now, _, quality in seen if now > 0.5} == {"good"}
    assert set(rates(seen, after=0.5)) == {1.0}


def test_a_growing_queue_halves_the_rate_once_a_second_down_to_the_floor():
    _, _, seen = drive(lambda t: 0.05 if t < 10 else 0.05 + 0.2 * (t - 10), 20.0)
    assert set(rates(seen, after=0.5, before=10.0)) == {1.0}
    falling = rates(seen, after=10.0)
    assert sorted(set(falling), reverse=True)[:4] == [1.0, 0.5, 0.25, 0.125]
    assert falling[-1] == 0.125


def test_the_rate_climbs_back_smoothly_once_the_queue_has_drained():
    def rtt(t):  # a queue builds for 3 s from t=10, then is gone
        return 0.05 + (0.3 * (t - 10) if 10 <= t < 13 else 0.0)

    _, _, seen = drive(rtt, 25.0)
    after = rates(seen, after=13.0)
    assert min(after) < 0.5
    steps = [b - a for a, b in itertools.pairwise(after)]
    assert max(steps) <= 0.25 * TICK + 1e-9  # no jumps: 0.25 of the full rate per second
    assert after[-1] == 1.0


def test_loss_rising_well_above_its_own_level_backs_off():
    congestion = Congestion()
    for n in range(300):  # 10 s at a steady 10 % loss
        assert congestion.update("good", 0.1, n * TICK) == 1.0
    assert congestion.update("good", 0.45, 10.0) == 0.5


def test_before_any_round_trip_the_quality_is_unknown_and_the_rate_cautious():
    acks, congestion = AckState(), Congestion()
    assert acks.quality == "unknown" and acks.measured_loss is None
    assert congestion.update(acks.quality, acks.measured_loss, 0.0) == 0.25
    acks.receive(None, acks.stamp(0.0)[0], 0, 0.3)
    assert congestion.update(acks.quality, acks.measured_loss, 0.3) == 1.0


def test_loss_is_not_judged_until_enough_datagrams_have_met_their_fate():
    acks = AckState(lost_after=1.0)
    for n in range(31):
        acks.stamp(n * 0.1)
    acks.receive(None, None, None, 5.0)  # all 31 lost
    assert acks.loss == 1.0 and acks.measured_loss is None
    acks.stamp(5.0)
    acks.receive(None, None, None, 7.0)
    assert acks.measured_loss == 1.0


def test_queueing_delay_is_the_recent_minimum_above_the_base_minimum():
    queue = QueueingDelay(target=0.1, recent_window=0.5, base_window=10.0)
    for n, rtt in enumerate((0.30, 0.32, 0.31)):
        queue.sample(rtt, n * 0.1)
    assert queue.delay == pytest.approx(0.0)
    for n, rtt in enumerate((0.45, 0.47, 0.46, 0.48, 0.45, 0.46, 0.47)):
        queue.sample(rtt, 1.0 + n * 0.1)
    assert queue.delay == pytest.approx(0.15) and queue.quality == "bad"


def test_a_window_minimum_forgets_values_older_than_its_window():
    low = WindowMin(window=1.0)
    low.add(0.2, 0.0)
    low.add(0.5, 0.5)
    assert low.value == 0.2
    low.add(0.4, 1.2)
    assert low.value == 0.4
