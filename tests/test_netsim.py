"""The network condition simulator: what it does to datagrams, and play through it."""

import itertools
import time

import pytest

from starlane.game.client.session import NetSession, udp_link
from starlane.game.core import sim
from starlane.game.server.game_server import host
from starlane.net import Impaired, NetSim, netsim
from tests.helpers import Sink, wait_until


def drain(impaired, clock, until):
    sent = []
    while clock[0] < until:
        clock[0] += 0.001
        impaired.tick(clock[0])
        sent += [(d, round(clock[0], 3)) for d, _ in impaired.datagrams_to_send(clock[0])]
    return sent


def test_parse_reads_the_cli_form_and_refuses_nonsense():
    assert netsim.parse("loss=20,delay=80,jitter=20,dup=5,reorder=5") == NetSim(20, 80, 20, 5, 5)
    assert str(netsim.parse("loss=10,delay=100")) == "loss=10,delay=100"
    for bad, why in [("loss=abc", "must be a number"), ("lag=5", "bad netsim setting"),
                     ("loss=150", "out of range"), ("delay", "bad netsim setting")]:
        with pytest.raises(ValueError, match=why):
            netsim.parse(bad)


def test_delay_and_jitter_hold_datagrams_back_each_way():
    clock = [0.0]
    impaired = Impaired(Sink(), NetSim(delay=50, jitter=10, seed=3))
    impaired.inner.out = [(b"x%d" % i, ("h", 1)) for i in range(50)]
    sent = drain(impaired, clock, 0.2)
    assert len(sent) == 50 and all(0.039 <= t <= 0.061 for _, t in sent)
    impaired.receive(b"in", ("h", 1), 1.0)
    assert impaired.inner.got == []
    impaired.tick(1.07)
    assert [d for d, _ in impaired.inner.got] == [b"in"]


def test_loss_duplication_and_reordering_happen_at_about_the_asked_rates():
    clock = [0.0]
    impaired = Impaired(Sink(), NetSim(loss=20, dup=10, reorder=10, delay=5, seed=9))
    sent = []
    for i in range(2000):  # one datagram a millisecond
        clock[0] = i / 1000
        impaired.inner.out = [(str(i).encode(), ("h", 1))]
        sent += [int(d) for d, _ in impaired.datagrams_to_send(clock[0])]
    sent += [int(d) for d, _ in drain(impaired, clock, 3.0)]
    assert 350 < impaired.dropped < 450
    assert 100 < len(sent) - len(set(sent)) < 220  # duplicates
    overtaken = sum(1 for a, b in itertools.pairwise(sent) if b < a)
    assert 80 < overtaken < 250


def test_a_player_on_a_bad_link_still_plays_with_a_responsive_ship_and_smooth_others():
    hosted = host("Netsim", "127.0.0.1", 0)
    thread = hosted.in_thread()
    thread.start()
    sessions = []
    try:
        bad = NetSession(hosted.address, "Far", link=lambda p, c: udp_link(
            p, c, NetSim(loss=10, delay=100, jitter=10, seed=4)))
        good = NetSession(hosted.address, "Near")
        sessions = [bad, good]
        pump = lambda: [s.pump() for s in sessions]  # noqa: E731
        assert wait_until(lambda: all(s.world.me() for s in sessions), timeout=10, pump=pump)
        good.press("right")
        good.press("up")
        before = bad.world.own_ship(bad.clock()).angle
        assert bad.press("left")  # applied at once, whatever the latency
        assert bad.world.own_ship(bad.clock() + 0.1).angle != before
        wait_until(lambda: False, timeout=1.0, pump=pump)
        positions = []
        for _ in range(30):  # the far player's view of the near ship, frame by frame
            pump()
            [near] = [s for s in bad.world.remote_ships(bad.clock()) if s.name == "Near"]
            positions.append((near.x, near.y))
            time.sleep(1 / 60)
        steps = [sim.distance(*a, *b) for a, b in itertools.pairwise(positions)]
        assert max(steps) < 20  # no jumps at the state rate, no freezes of a whole second
        assert sum(1 for s in steps if s > 0) > 20
    finally:
        for session in sessions:
            session.close()
        thread.stop()
