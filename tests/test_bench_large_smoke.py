"""bench/large_state.py runs for seconds and reports what it promises: arrival times, bytes
sent, the largest datagram and the fragments resent, clean and at 10 % loss. Figures are
not asserted here (they belong in bench/), except the 1200-byte limit, which is behaviour."""

import re

from tests.helpers import bench


def test_the_large_state_script_prints_arrival_bytes_and_the_largest_datagram():
    rows = bench("large_state.py", "--clients", "2", "--kb", "30", "--rounds", "1",
                 "--timeout", "8", timeout=60)
    assert [row[0] for row in rows] == [
        "30 kB state to 2 sync clients, clean (1 rounds)",
        "30 kB state to 2 sync clients, 10 % loss each way (1 rounds)"]
    for _, arrival, sent, resent in rows:
        assert re.fullmatch(r"arrives p50 \d+ ms, max \d+ ms", arrival)
        largest = re.fullmatch(r"\d+ kB sent a client, largest datagram (\d+) B", sent)
        assert largest and int(largest.group(1)) <= 1200
        assert re.fullmatch(r"\d+ of \d+ fragments resent", resent)
