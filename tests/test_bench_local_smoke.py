"""A seconds-long run of bench/local_pilots.py: it runs to the end and prints a row for each
number of local pilots, never how many bytes (figures come from full runs, quoted in the
README's How to play)."""

import re

from tests.helpers import bench


def test_the_local_pilots_script_prints_a_machines_traffic_with_each_pilot_added():
    rows = bench("local_pilots.py", "--seconds", "0.5", "--pilots", "3", "--bots", "0")
    assert [row[0] for row in rows] == [
        "one machine's traffic, 2 local pilots vs 1 (0 bots)",
        "one machine's traffic, 3 local pilots vs 1 (0 bots)"]
    for count, (_, together, alone, extra) in zip((2, 3), rows, strict=True):
        assert re.fullmatch(rf"[\d.]+ kB/s \({count} pilots\)", together)
        assert re.fullmatch(r"[\d.]+ kB/s \(1 pilot\)", alone)
        assert re.fullmatch(r"\+[\d.]+ kB/s a pilot", extra)
