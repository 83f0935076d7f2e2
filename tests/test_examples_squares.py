"""examples/squares.py: two players on loopback (real sockets, the example's own classes),
then its real window under Xvfb, moved by a key press and looked at."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers import free_port, wait_until, x_key

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "examples"))
import squares  # noqa: E402

SHOTS = ROOT / "artifacts" / "screenshots" / "squares"


@pytest.fixture
def game():
    """A host on 127.0.0.1 and two joined clients, each shown the other's square."""
    server = squares.host(0, bind="127.0.0.1")
    left, right = (squares.SquaresClient(server.endpoint.address, name) for name in "AB")

    def pump():
        left.pump()
        right.pump()

    assert wait_until(lambda: left.mine and right.mine and left.others and right.others,
                      timeout=10, pump=pump)
    yield left, right, pump
    left.close()
    right.close()
    server.stop()


def judged(client, euuid, pump):
    """Pump until ``euuid`` is judged (it leaves ``pending``)."""
    assert wait_until(lambda: euuid not in client.protocol.pending, timeout=10, pump=pump)


def test_the_players_get_the_two_spawn_points(game):
    left, right, _ = game
    assert {left.mine, right.mine} == set(squares.SPAWNS)
    assert list(left.others.values()) == [right.mine]


def test_a_legal_move_is_shown_at_once_then_confirmed_and_seen_by_the_other(game):
    left, right, pump = game
    x, y = left.mine
    euuid = left.move(0, squares.STEP)
    assert left.mine == (x, y + squares.STEP)  # predicted: before any answer
    judged(left, euuid, pump)
    assert left.mine == (x, y + squares.STEP)
    assert left.protocol.stats.legal == 1
    assert wait_until(lambda: list(right.others.values()) == [(x, y + squares.STEP)],
                      timeout=10, pump=pump)


def test_a_move_off_the_arena_is_rolled_back(game):
    left, _, pump = game
    while left.mine[1] >= squares.STEP:  # down to the bottom edge, one legal move at a time
        judged(left, left.move(0, -squares.STEP), pump)
    at_the_edge = left.mine
    euuid = left.move(0, -squares.STEP)
    assert left.mine[1] < 0  # predicted
    judged(left, euuid, pump)
    assert left.mine == at_the_edge
    assert left.protocol.stats.illegal == 1 and "off the arena" in left.status


def test_a_move_into_the_other_square_is_rolled_back(game):
    left, right, pump = game
    mover = left if left.mine == squares.SPAWNS[0] else right
    gap = squares.SPAWNS[1][0] - squares.SPAWNS[0][0] - squares.SIDE  # px between them
    for _ in range(gap // squares.STEP):
        judged(mover, mover.move(squares.STEP, 0), pump)
    assert mover.protocol.stats.legal == gap // squares.STEP
    touching = mover.mine
    euuid = mover.move(squares.STEP, 0)
    assert mover.mine != touching  # predicted
    judged(mover, euuid, pump)
    assert mover.mine == touching
    assert mover.protocol.stats.illegal == 1 and "blocked" in mover.status


def test_a_hostile_event_is_illegal_and_moves_nothing():
    rules = squares.SquaresRules()
    conn = type("Conn", (), {"pid": 1})()
    rules.joined(conn)
    for junk in (None, "MOVE", {"MOVE": [100, 0]}, {"MOVE": [8]}, {"MOVE": {"x": 8}}):
        assert not rules.judge(conn, junk).legal
    assert rules.squares == {1: squares.SPAWNS[0]}


def colour_count(image: Image.Image, colour) -> int:
    return sum(1 for pixel in image.getdata() if pixel == colour)


def test_the_window_shows_both_squares_and_the_arrow_keys_move_mine(display, tmp_path):
    port = free_port()
    window = subprocess.Popen([sys.executable, str(ROOT / "examples" / "squares.py"), "host",
                               "--port", str(port)], env={**os.environ, "DISPLAY": display},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    guest = None
    try:
        assert "playing on" in window.stdout.readline()
        guest = squares.SquaresClient(("127.0.0.1", port), "Guest")
        assert wait_until(lambda: guest.others, timeout=20, pump=guest.pump)
        [(host_x, _)] = guest.others.values()
        x_key(display, 0xFF53, True)  # XK_Right, held
        assert wait_until(lambda: next(iter(guest.others.values()))[0] > host_x + 40,
                          timeout=20, pump=guest.pump)
        x_key(display, 0xFF53, False)
        SHOTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["import", "-display", display, "-window", "root", str(SHOTS / "host.png")],
                       check=True, timeout=30)
    finally:
        if guest is not None:
            guest.close()
        window.terminate()
        window.wait(timeout=10)
    shot = Image.open(SHOTS / "host.png").convert("RGB")
    assert colour_count(shot, squares.arcade.color.AZURE[:3]) > 1200  # mine: 40 x 40 px
    assert colour_count(shot, squares.arcade.color.ORANGE[:3]) > 1200  # the guest's


def test_a_bad_address_to_join_is_one_line_and_exit_2():
    result = subprocess.run([sys.executable, str(ROOT / "examples" / "squares.py"), "join",
                             "127.0.0.1:99999"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "1 to 65535" in result.stderr
