"""The remote ships' jitter buffer and playhead, with fake time (``game.client.playout``)."""

import copy
import itertools
import math
import random

import pytest

from starlane.game.client import playout
from starlane.game.client.playout import PlayoutClock
from starlane.game.client.prediction import ClientWorld
from starlane.game.core import sim

FRAME = 1 / 60  # s: the window's frame


def run(clock, seconds, start, late=lambda tick: 0.0, lost=lambda tick: False):
    """Feed ``clock`` one state per tick from ``start`` (s) for ``seconds``, tick ``k`` sent
    at ``k * DT`` and arriving ``late(k)`` s after; the playhead asked every frame. Returns
    ``(now, playhead)`` of every frame."""
    arrivals = sorted((k * sim.DT + late(k), k) for k in range(
        round(start / sim.DT), round((start + seconds) / sim.DT)) if not lost(k))
    frames, pending = [], iter(arrivals)
    arrival = next(pending, None)
    for n in range(round(seconds / FRAME)):
        now = start + n * FRAME
        while arrival is not None and arrival[0] <= now:
            clock.arrived(arrival[1], arrival[0])
            arrival = next(pending, None)
        frames.append((now, clock.playhead(now)))
    return frames


def jitter(seed, most):
    rng = random.Random(seed)
    return lambda tick: rng.uniform(0.0, most)


def test_on_clean_arrivals_the_delay_is_about_one_tick():
    clock = PlayoutClock()
    run(clock, 3.0, 0.0, late=lambda tick: 0.001)
    assert 1.0 <= clock.delay_ticks <= 1.3


def test_jittery_arrivals_grow_the_delay_to_cover_them():
    clock = PlayoutClock()
    run(clock, 2.0, 0.0)
    clean = clock.delay_ticks
    run(clock, 4.0, 2.0, late=jitter(1, 0.060))
    assert clock.delay_ticks >= clean + 0.8 * 0.060 / sim.DT
    before = clock.late_frames
    run(clock, 1.0, 6.0, late=jitter(4, 0.060))
    assert clock.late_frames - before <= 6  # nearly every frame finds a state after it


def test_when_the_jitter_stops_the_delay_shrinks_back_gradually():
    clock = PlayoutClock()
    run(clock, 4.0, 0.0, late=jitter(2, 0.060))
    grown = clock.delay_ticks
    frames = run(clock, 8.0, 4.0)
    delays = [now / sim.DT - head for now, head in frames]
    assert clock.delay_ticks < grown - 1.0  # back towards one tick
    shrink_per_frame = max(a - b for a, b in itertools.pairwise(delays))
    assert shrink_per_frame <= playout.MAX_FAST * FRAME / sim.DT + 1e-9  # no jump


def test_the_playhead_never_runs_backwards():
    clock = PlayoutClock()
    frames = run(clock, 3.0, 0.0, late=jitter(3, 0.080), lost=lambda tick: tick % 7 == 3)
    heads = [head for _, head in frames if head is not None]
    assert all(b >= a for a, b in itertools.pairwise(heads))


def test_asking_twice_in_one_frame_gives_one_answer():
    clock = PlayoutClock()
    run(clock, 1.0, 0.0)
    assert clock.playhead(1.0) == clock.playhead(1.0)


def server_with_a_flyer():
    world = sim.new_world(5)
    world.asteroids.clear()
    sim.add_ship(world, "Vega")
    flyer = sim.add_ship(world, "Orion")
    flyer.x, flyer.y, flyer.angle, flyer.keys = 200.0, 300.0, 90.0, {"up"}
    for _ in range(60):  # up to speed
        sim.step(world)
    return world, flyer


def drawn_path(world, flyer, seconds, late=lambda tick: 0.0, lost=lambda tick: False,
               turn_at=None):
    """Where a client draws ``flyer`` each frame for ``seconds`` while the server steps
    ``world``: its ``n``-th tick from now arrives ``late(n)`` s after it is made (unless
    ``lost(n)``); from tick ``turn_at`` on the flyer turns left."""
    client = ClientWorld(my_pid=next(p for p in world.ships if p != flyer.pid))
    start, in_flight, path = world.tick, [], []
    for frame in range(round(seconds / FRAME)):
        now = frame * FRAME
        while (world.tick - start) * sim.DT <= now:
            flyer.keys |= {"left"} if world.tick - start == turn_at else set()
            sim.step(world)
            if not lost(world.tick - start):
                in_flight.append((now + late(world.tick - start), copy.deepcopy(world)))
        for due, state in sorted(in_flight, key=lambda item: item[0]):
            if due <= now:
                client.on_state(state, due)
        in_flight = [(due, state) for due, state in in_flight if due > now]
        path += [(ship.x, ship.y) for ship in client.remote_ships(now)]  # once states come
    return path, client


def steps_of(path):
    """How far the drawn ship moved each frame (px), once the first states are in."""
    return [math.hypot(sim.wrapped_delta(a[0], b[0], sim.WIDTH),
                       sim.wrapped_delta(a[1], b[1], sim.HEIGHT))
            for a, b in itertools.pairwise(path)][30:]


def median(values):
    return sorted(values)[len(values) // 2]


def stalled(first, count):
    """Ticks ``first`` .. ``first + count - 1`` held up, arriving with the one after them."""
    return lambda n: (first + count - n) * sim.DT if first <= n < first + count else 0.0


def test_a_late_state_is_bridged_by_carrying_the_ship_on():
    world, flyer = server_with_a_flyer()
    path, client = drawn_path(world, flyer, 3.0, late=stalled(40, 3))
    assert client.playout.late_frames > 0
    assert min(steps_of(path)) > 0.5 * median(steps_of(path))  # never stopping


def test_after_a_late_state_the_ship_glides_back_onto_its_path_without_a_jump():
    world, flyer = server_with_a_flyer()
    # it starts turning just before 4 ticks are held up: carried on straight, it strays
    path, _ = drawn_path(world, flyer, 3.0, late=stalled(40, 4), turn_at=38)
    steps = steps_of(path)
    assert max(steps) < 1.4 * median(steps)


def test_a_lost_state_does_not_stop_the_ship():
    world, flyer = server_with_a_flyer()
    path, _ = drawn_path(world, flyer, 3.0, lost=lambda n: n in (40, 60, 61))
    steps = steps_of(path)
    assert min(steps) > 0.5 * median(steps) and max(steps) < 1.5 * median(steps)


def test_extrapolation_is_bounded():
    world, flyer = server_with_a_flyer()
    path, client = drawn_path(world, flyer, 2.0, lost=lambda n: n > 30)  # the states stop
    newest = client.latest.ships[flyer.pid]
    most = newest.vx * playout.MAX_EXTRAPOLATION_TICKS * sim.DT
    assert path[-1][0] == pytest.approx((newest.x + most) % sim.WIDTH)  # carried on, held
