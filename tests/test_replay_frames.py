"""What the replay viewer draws at a moment of a recording: the recorded world, ships
interpolated between two ticks, and the feed as a player saw it then."""

import pytest

from starlane.game.client.replay_frames import FEED_SECONDS, ReplayFrames
from starlane.game.core import sim
from starlane.game.core.netstate import read_world
from starlane.net import Replay
from tests.test_recording import recorded_match


@pytest.fixture(scope="module")
def replay(tmp_path_factory):
    game, _, _ = recorded_match(tmp_path_factory.mktemp("frames"), 40)
    return Replay.open(game.recording.path)


def lonely_kill(replay):
    """A kill and its feed line, with no other marked line in the ``FEED_SECONDS`` after
    it (none pushes it out of the feed's rows)."""
    keep = round(FEED_SECONDS * replay.tick_rate)
    marked = [t for t, _, _ in replay.marks]
    tick, kill = next((t, d) for t, kind, d in replay.marks
                      if kind == "kill" and sum(t <= m <= t + keep for m in marked) == 1)
    return tick, f"{kill['killer'] or 'An asteroid'} destroyed {kill['victim']}"


def test_a_frame_at_a_recorded_tick_shows_the_world_recorded(replay):
    frame = ReplayFrames(replay).frame(300)
    recorded = read_world(replay.state_at(300), 300)
    assert frame.tick == 300
    assert {p: (s.x, s.y, s.score) for p, s in frame.world.ships.items()} == \
        {p: (s.x, s.y, s.score) for p, s in recorded.ships.items()}


def test_between_two_ticks_a_flying_ship_is_drawn_between_them(replay):
    before, after = (read_world(replay.state_at(t), t) for t in (300, 301))
    pid = next(p for p, s in before.ships.items()
               if s.alive and after.ships[p].alive and abs(after.ships[p].x - s.x) > 0.5
               and abs(after.ships[p].x - s.x) < sim.WIDTH / 2)
    x = ReplayFrames(replay).frame(300.5).world.ships[pid].x
    assert x == pytest.approx((before.ships[pid].x + after.ships[pid].x) / 2)


def test_a_kill_stays_in_the_feed_for_as_long_as_the_game_shows_it(replay):
    keep = round(FEED_SECONDS * replay.tick_rate)
    tick, line = lonely_kill(replay)
    frames = ReplayFrames(replay)
    shown = [t for t in range(tick - 1, tick + keep + 30) if line in frames.frame(t).feed]
    assert (shown[0], shown[-1]) == (tick, tick + keep - 1)


def test_a_seek_shows_the_feed_of_the_seconds_before_it(replay):
    tick, line = lonely_kill(replay)
    frames = ReplayFrames(replay)
    frames.frame(replay.last_tick)
    landed = tick + round(4.5 * replay.tick_rate)  # past what a state carries (3 s)
    assert line in frames.frame(landed).feed
