"""Issue 20's look at smoothness: a window watching a ship fly circles while the server
runs over the README's bad network (``--netsim loss=10,delay=100,jitter=20``). Ten
screenshots 0.1 s apart land in artifacts/screenshots/smooth/ to be looked at: the other
ship a like distance further on in each, the F3 graph saying the interpolation delay in
use. The frames after them are counted for a ship standing still or jumping."""

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import headless_server

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "artifacts" / "screenshots" / "smooth"
BAD = "loss=10,delay=100,jitter=20"


def test_over_a_bad_network_the_other_ship_moves_on_in_every_screenshot(display, tmp_path):
    env = {**os.environ, "DISPLAY": display, "XDG_CONFIG_HOME": str(tmp_path)}
    with headless_server("--netsim", BAD, "--bots", "0") as (port, _server):
        result = subprocess.run(
            [sys.executable, str(ROOT / "tests" / "smooth_watch.py"), str(port), str(OUT)],
            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.endswith("done\n"), \
        result.stdout + result.stderr
    said = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    shots = [said[f"shot {n}"] for n in range(10)]
    assert all("none" not in shot for shot in shots), shots
    positions = [tuple(map(float, shot.split(" | ")[0].split()[:2])) for shot in shots]
    assert len(set(positions)) == 10, shots  # it moved on between every two screenshots
    assert all("interpolation" in shot and "late" in shot for shot in shots)
    assert int(said["frames"]) > 100 and int(said["jumps"]) == 0, said
