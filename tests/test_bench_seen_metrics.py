"""What bench/seen.py counts, on made-up recordings: when a drawn heading responds to a
press, where the server had a ship, what a visible step and an own-ship correction are.
(Frames: [time s, newest tick, own row, remote rows, {pid: angle in the newest state}];
rows: [pid, x, y, angle, vx, vy, alive].)"""

import math

import pytest

from bench.seen_metrics import (
    Truth,
    corrections,
    drawn_angle,
    reaction,
    visible_steps,
)
from starlane.game.core import sim

FRAME = 1 / 60


def remote_frames(angles, start=10.0, pid=2):
    """One remote ship, still at (100, 100), drawn with these headings one frame apart."""
    return [[start + n * FRAME, n, None, [[pid, 100.0, 100.0, a, 0.0, 0.0, True]], {}]
            for n, a in enumerate(angles)]


def still_truth(pid=2, ticks=600):
    """An observer's record of ship ``pid`` standing still from time 10 s (tick 0 then)."""
    return Truth([[10.0 + tick * sim.DT, tick, [[pid, 100.0, 100.0, True]]]
                  for tick in range(ticks)])


def timed(frames):
    return frames, [frame[0] for frame in frames]


def test_the_reaction_is_the_first_frame_whose_heading_leaves_its_steady_trend():
    frames, times = timed(remote_frames([90.0] * 10 + [90.05, 92.0, 96.0]))
    pressed = times[3] + 0.001
    assert reaction(frames, times, 2, pressed, drawn_angle) == pytest.approx(
        times[11] - pressed)


def test_a_ship_drawn_turning_before_the_press_gives_no_reaction():
    frames, times = timed(remote_frames([float(4 * n) for n in range(12)]))
    assert reaction(frames, times, 2, times[5] + 0.001, drawn_angle) is None


def test_no_departure_within_the_window_is_a_reaction_that_never_comes():
    frames, times = timed(remote_frames([90.0] * 200))
    assert reaction(frames, times, 2, times[5] + 0.001, drawn_angle) == math.inf


def test_the_truth_puts_tick_k_at_the_earliest_arrival_offset_plus_k_ticks():
    late = 0.004  # every arrival but the first comes this much after its tick
    truth = Truth([[10.0 + tick * sim.DT + (late if tick else 0.0), tick,
                    [[1, 100.0 + 30.0 * tick, 50.0, True]]] for tick in range(10)])
    assert truth.offset == pytest.approx(10.0)
    x, y = truth.position(1, 10.0 + 2.5 * sim.DT)
    assert (x, y) == (pytest.approx(175.0), pytest.approx(50.0))


def test_the_truth_knows_no_position_before_its_record_or_of_a_dead_ship():
    truth = Truth([[10.0 + tick * sim.DT, tick, [[1, 100.0, 50.0, tick < 5]]]
                   for tick in range(10)])
    assert truth.position(1, 9.0) is None
    assert truth.position(1, 10.0 + 6 * sim.DT) is None


def dies_and_comes_back():
    """Ship 1 dies at 12 s (tick 60) and comes back at 17 s (tick 210)."""
    return Truth([[10.0 + tick * sim.DT, tick, [[1, 100.0, 50.0, not 60 <= tick < 210]]]
                  for tick in range(400)])


def test_the_moments_around_a_death_or_respawn_are_unsettled():
    truth = dies_and_comes_back()
    assert not truth.settled(1, 12.0 - 0.4) and not truth.settled(1, 17.0 + 1.4)
    assert truth.settled(1, 12.0 - 0.6) and truth.settled(1, 17.0 + 1.6)


def test_a_dead_ship_is_never_settled():
    assert not dies_and_comes_back().settled(1, 14.5)


def test_a_remote_ship_jumping_further_than_three_frames_of_its_speed_is_a_visible_step():
    frames = remote_frames([0.0] * 4)
    for n, frame in enumerate(frames):  # 120 px/s: 2 px a frame, then a 20 px jump
        frame[3][0][1] = 100.0 + 2.0 * n + (20.0 if n == 3 else 0.0)
        frame[3][0][4] = 120.0
    assert visible_steps(frames, still_truth()) == 1


def test_a_remote_ship_moving_at_its_speed_makes_no_step():
    frames = remote_frames([0.0] * 30)
    for n, frame in enumerate(frames):
        frame[3][0][1], frame[3][0][4] = 100.0 + 6.0 * n, 360.0
    assert visible_steps(frames, still_truth()) == 0


def test_an_own_correction_is_the_jump_beyond_velocity_when_a_state_arrives():
    frames = [[10.0 + n * FRAME, n // 2, [2, 100.0 + 3.0 * n, 100.0, 0.0, 180.0, 0.0, True],
               [], {}] for n in range(6)]
    frames[4][2][1] += 5.0  # the state of frame 4 moved the ship 5 px on
    assert corrections(frames, still_truth(), 2) == [
        pytest.approx(0.0), pytest.approx(5.0)]
