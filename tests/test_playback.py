"""The replay viewer's clock on fake time: it plays at 0.25x to 8x, pauses, seeks, jumps
10 s and from kill to kill, and stops at the last tick recorded, a cut file's too."""

import pytest

from starlane.game.client.playback import KILL_LEAD_S, SPEEDS, Playback
from starlane.net import Replay
from tests.test_recording import recorded_match

RATE = 30


def clock(kills=(), first=0, last=18_000) -> Playback:
    """A 10-minute recording at 30 ticks a second, started at fake time 0."""
    return Playback(first, last, RATE, kills, now=0.0)


@pytest.mark.parametrize("speed", SPEEDS)
def test_playing_runs_speed_times_the_tick_rate(speed):
    playback = clock()
    playback.set_speed(speed, now=0.0)
    assert playback.position(2.0) == pytest.approx(2.0 * speed * RATE)


def test_a_speed_change_keeps_the_position_it_was_made_at():
    playback = clock()
    playback.set_speed(4.0, now=1.0)
    assert playback.position(2.0) == pytest.approx(RATE + 4 * RATE)


def test_faster_and_slower_step_through_the_speeds_and_stop_at_either_end():
    playback = clock()
    for _ in range(10):
        playback.faster(now=0.0)
    assert playback.speed == 8.0
    for _ in range(10):
        playback.slower(now=0.0)
    assert playback.speed == 0.25


def test_a_speed_not_offered_is_refused():
    with pytest.raises(ValueError):
        clock().set_speed(3.0, now=0.0)


def test_a_paused_clock_stands_still_and_plays_on_from_where_it_stood():
    playback = clock()
    playback.toggle_pause(now=1.0)
    assert playback.position(5.0) == pytest.approx(RATE)
    playback.toggle_pause(now=5.0)
    assert playback.position(6.0) == pytest.approx(2 * RATE)


def test_a_seek_lands_on_the_tick_asked_and_plays_on_from_it():
    playback = clock()
    playback.seek(9000, now=3.0)
    assert playback.position(3.0) == 9000
    assert playback.position(4.0) == pytest.approx(9000 + RATE)


def test_a_click_on_the_bar_seeks_to_that_fraction_of_the_recording():
    playback = clock(first=600, last=1800)
    playback.seek_fraction(0.25, now=0.0)
    assert playback.position(0.0) == 900
    assert playback.fraction(0.0) == pytest.approx(0.25)


def test_jumps_of_ten_seconds_either_way_stay_within_the_recording():
    playback = clock()
    playback.seek(6000, now=0.0)
    playback.jump(10.0, now=0.0)
    assert playback.position(0.0) == 6000 + 10 * RATE
    playback.jump(-10.0, now=0.0)
    playback.jump(-10.0, now=0.0)
    assert playback.position(0.0) == 6000 - 10 * RATE
    playback.seek(100, now=0.0)
    playback.jump(-10.0, now=0.0)
    assert playback.position(0.0) == 0


def test_next_kill_lands_just_before_each_kill_in_turn():
    playback = clock(kills=[3000, 900, 6000])
    lead = KILL_LEAD_S * RATE
    landed = []
    while playback.next_kill(now=0.0):
        landed.append(playback.position(0.0))
    assert landed == [900 - lead, 3000 - lead, 6000 - lead]


def test_previous_kill_goes_back_one_kill_at_a_time_even_just_after_landing():
    playback = clock(kills=[900, 3000, 6000])
    lead = KILL_LEAD_S * RATE
    playback.seek(6000 - lead, now=0.0)  # just landed on the last kill
    landed = []
    while playback.previous_kill(now=0.0):
        landed.append(playback.position(0.0))
    assert landed == [3000 - lead, 900 - lead]


def test_previous_kill_while_playing_past_a_kill_goes_back_to_it():
    playback = clock(kills=[900, 3000])
    playback.seek(3100, now=0.0)
    assert playback.previous_kill(now=0.0)
    assert playback.position(0.0) == 3000 - KILL_LEAD_S * RATE


def test_with_no_kill_ahead_the_clock_stays_where_it_is():
    playback = clock(kills=[900])
    playback.seek(5000, now=0.0)
    assert not playback.next_kill(now=0.0)
    assert playback.position(0.0) == 5000


def test_playing_stops_at_the_last_tick_and_play_there_starts_again():
    playback = clock(last=300)
    assert playback.ended(20.0) and playback.position(20.0) == 300
    playback.toggle_pause(now=20.0)  # the viewer pauses at the end
    playback.toggle_pause(now=21.0)  # play
    assert playback.position(21.0) == 0 and not playback.paused


def test_a_cut_recording_plays_to_its_cut_and_says_where_it_ends(tmp_path):
    game, _, _ = recorded_match(tmp_path, 12)
    data = game.recording.path.read_bytes()
    replay = Replay.from_bytes(data[:len(data) * 2 // 3])
    playback = Playback(replay.first_tick, replay.last_tick, replay.tick_rate, [], now=0.0)
    assert replay.last_tick < 12 * RATE
    assert playback.position(60.0) == replay.last_tick and playback.ended(60.0)
    assert replay.truncated.startswith("the recording ends at 0:0")
