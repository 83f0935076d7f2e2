"""The geometry bots aim and dodge by (game/core/flight.py): relative to the pilot's ship,
px and px/s, times in seconds."""

import math

from starlane.game.core import sim
from starlane.game.core.flight import closest_approach, contact_s, intercept_s


def test_a_bullet_reaches_a_still_target_in_its_distance_from_the_nose_over_its_speed():
    assert math.isclose(intercept_s(0.0, 300.0, 0.0, 0.0),
                        (300.0 - sim.SHIP_RADIUS) / sim.BULLET_SPEED)


def test_a_bullet_aimed_at_the_intercept_point_meets_a_crossing_target():
    dx, dy, vx, vy = 0.0, 400.0, 200.0, 0.0  # ahead, flying across
    t = intercept_s(dx, dy, vx, vy)
    where = (dx + vx * t, dy + vy * t)
    bullet = math.hypot(*where) - sim.SHIP_RADIUS  # how far the bullet flies to get there
    assert math.isclose(bullet, sim.BULLET_SPEED * t)


def test_a_body_heading_straight_in_makes_contact_at_its_gap_over_its_speed():
    assert math.isclose(contact_s(0.0, 200.0, 0.0, -50.0, reach=100.0), 2.0)


def test_a_body_that_passes_wide_or_moves_away_never_makes_contact():
    assert contact_s(150.0, 200.0, 0.0, -50.0, reach=100.0) is None
    assert contact_s(0.0, 200.0, 0.0, 50.0, reach=100.0) is None


def test_a_body_already_within_reach_and_closing_is_in_contact_now():
    assert contact_s(0.0, 80.0, 0.0, -10.0, reach=100.0) == 0.0


def test_the_closest_approach_is_bounded_by_the_time_looked_ahead():
    assert closest_approach(-100.0, 50.0, 100.0, 0.0, within_s=5.0) == (0.0, 50.0)
    assert closest_approach(-100.0, 50.0, 100.0, 0.0, within_s=0.5) == (-50.0, 50.0)
