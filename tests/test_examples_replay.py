"""examples/replay_bounce.py: a game recorded as it runs is shown again at any second, as
it was then; a file that is no replay gets one line and exit status 2."""

import importlib.util
import subprocess
import sys

from tests.helpers import ROOT

BOUNCE = ROOT / "examples" / "replay_bounce.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BOUNCE), *args], capture_output=True,
                          text=True, timeout=60, check=False)


def balls_after(ticks: int) -> dict[str, list[float]]:
    """The balls as the example's own ``step`` leaves them after ``ticks`` ticks."""
    spec = importlib.util.spec_from_file_location("replay_bounce", BOUNCE)
    assert spec is not None and spec.loader is not None
    bounce = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bounce)
    balls = {"red": [10.0, 20.0, 1.5, 0.5], "blue": [70.0, 40.0, -0.75, 1.25]}
    for _ in range(ticks):
        bounce.step(balls)
    return balls


def test_a_recorded_game_is_shown_as_it_was_at_the_second_asked(tmp_path):
    path = str(tmp_path / "bounce.slr")
    assert run("record", path, "--seconds", "30").returncode == 0
    shown = run("show", path, "--at", "12.5")
    assert shown.returncode == 0, shown.stderr
    balls = balls_after(251)  # tick 250 (12.5 s) is the 251st
    assert shown.stdout.splitlines()[1:] == [
        f"at 12.5 s {name} is at ({x}, {y})" for name, (x, y, _, _) in balls.items()]
    assert shown.stdout.startswith("bounce: 29.95 s")


def test_a_file_that_is_no_replay_gets_one_line_and_status_2(tmp_path):
    junk = tmp_path / "junk.slr"
    junk.write_bytes(b"no replay here")
    shown = run("show", str(junk))
    assert (shown.returncode, shown.stderr) == (
        2, f"replay_bounce: {junk}: not a Starlane replay\n")
