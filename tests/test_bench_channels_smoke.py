"""A seconds-long run of ``bench/channels.py``: a reliable-ordered channel beside EVENTs."""

import re

from tests.helpers import bench


def test_the_channels_script_prints_messages_and_events_per_second():
    rows = bench("channels.py", "--seconds", "0.3", "--rounds", "1", "--in-flight", "1,8")
    assert [row[0].split(",")[2].strip() for row in rows] == ["1 in flight", "8 in flight"]
    for _, channel, event, ratio in rows:
        assert re.fullmatch(r"\d+/s", channel) and re.fullmatch(r"\d+/s", event)
        assert int(channel[:-2]) > 0 and int(event[:-2]) > 0 and ratio.endswith("x")
