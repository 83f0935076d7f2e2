"""bench/replay_seek.py runs end to end under Xvfb in a few seconds and prints its
figures."""

import os
import re

from tests.helpers import run_bench


def test_the_viewer_seek_bench_prints_the_median_and_max_from_click_to_frame(display,
                                                                            tmp_path):
    env = {**os.environ, "DISPLAY": display, "XDG_CONFIG_HOME": str(tmp_path)}
    result = run_bench("replay_seek.py", "--minutes", "0.2", "--seeks", "3", env=env,
                       timeout=120)
    assert result.returncode == 0, result.stderr
    assert re.search(r"seek in the viewer, 0\.2-min recording, \d+x\d+, 3 seeks: "
                     r"median [\d.]+ ms, max [\d.]+ ms", result.stdout), result.stdout
    assert "a frame with no seek" in result.stdout
