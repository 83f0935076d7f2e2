"""A seconds-long run of ``bench/aio.py``: it serves the game middleware over both adapters
and prints RTT and verdicts/s rows for each. Figures are never asserted (they come from full
runs); only that both servers answered and the rows say what they promise."""

import re

from tests.helpers import bench


def test_the_aio_script_prints_rtt_and_verdicts_for_the_asyncio_and_the_thread_server():
    rows = bench("aio.py", "--rounds", "1", "--count", "50", "--seconds", "0.5",
                 "--clients", "2")
    rtt_endpoint, rtt_aio, verdicts, note = rows
    assert rtt_endpoint[0].startswith("EVENT -> verdict RTT p50, UdpEndpoint client")
    assert rtt_aio[0].startswith("EVENT -> verdict RTT p50, AsyncClient")
    for row in (rtt_endpoint, rtt_aio):
        assert re.fullmatch(r"asyncio \d+ us / thread \d+ us", row[1])
        assert re.match(r"asyncio = [\d.]+x thread", row[3])
    assert verdicts[0].startswith("verdicts/s, 2 sync clients on one IP x 4 in flight")
    found = re.fullmatch(r"asyncio (\d+)/s \(\d+ unanswered at most, server CPU \d+%\) / "
                         r"thread (\d+)/s \(\d+ unanswered at most, server CPU \d+%\)",
                         verdicts[1])
    assert found and int(found.group(1)) > 0 and int(found.group(2)) > 0
    assert "net.aio.AsyncServer" in note[0]
