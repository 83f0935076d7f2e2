"""Each network benchmark script runs for seconds against the shipped server and prints its
rows. Figures are never asserted here (they belong in bench/); only that the scripts work,
speak to both servers and report what they promise. That every event gets a verdict (with
a client's retries) is behaviour, so the 60 s soak asserts it; a verdict seen twice is not
asserted: the server resends one when the client's ack is late, which a busy machine makes
happen."""

import re

from tests.helpers import bench


def test_the_throughput_script_prints_ours_and_neterias_verdicts_for_each_client_mix():
    rows = bench("throughput.py", "--seconds", "1", "--rounds", "1", "--clients", "4")
    assert [row[0].split(",")[0].strip() for row in rows] == [
        "verdicts/s", "the same", "the same", "the same"]
    assert "--max-players 4" in rows[0][0] and "plain clients on one IP" in rows[0][0]
    assert rows[3][0] == "the same, sync-level clients on 4 IPs"
    for _, ours, neteria, ratio in rows:
        assert re.match(r"\d+/s, \d+ unanswered at most, p50 [\d.]+ ms, server CPU \d+%", ours)
        assert re.match(r"\d+/s, \d+ unanswered", neteria) and re.match(r"[\d.]+x", ratio)


def test_the_flood_script_prints_verdicts_drops_and_cpu_with_and_without_a_flood():
    rows = bench("flood.py", "--seconds", "1", "--rate", "2000", "--players", "2")
    labels = [row[0] for row in rows]
    assert "no flood" in labels[0]
    assert labels[1].startswith("flood from the players' IP")
    assert labels[3].startswith("flood from another IP")
    for row in (rows[0], rows[1], rows[3]):
        assert all(re.match(r"p50 ([\d.]+|nan) ms, \d+ of \d+ unanswered", cell)
                   for cell in row[1:3])
    for row in (rows[2], rows[4]):
        assert all(re.match(r"\d+ kernel drops, server CPU \d+%", cell) for cell in row[1:3])


def test_the_amplification_script_prints_what_a_silent_registrant_and_a_probe_get():
    rows = bench("amplification.py", "--seconds", "1")
    assert [row[0].split(":")[0] for row in rows] == [
        "one REGISTER, then silence", "the same, the REGISTER asking for sync level 3",
        "OHAI answer size / request size"]
    for row in rows[:2]:
        assert all(re.match(r"\d+ datagrams?, [\d.]+ k?B \([\d.]+x the \d+ B asked\)", cell)
                   for cell in row[1:3])
    assert all(re.match(r"\d+ B / \d+ B = [\d.]+x", cell) for cell in rows[2][1:3])


def soak_figures(seconds: str) -> dict[str, int]:
    rows = bench("soak.py", "--seconds", seconds, timeout=float(seconds) + 120)
    events, memory, ticks = rows
    assert events[0].startswith("soak: 32 players") and memory[0].startswith("server memory")
    assert re.match(r"[\d.]+ -> [\d.]+ MB \([\d.]+\): [+-][\d.]+ MB", memory[1])
    found = re.match(r"(\d+) of (\d+) ticks", ticks[1])
    counts = re.match(r"(\d+) events \((\d+) resends\): (\d+) lost, (\d+) doubled", events[1])
    assert found and counts
    return {"ticks": int(found.group(2)), "events": int(counts.group(1)),
            "lost": int(counts.group(3)), "doubled": int(counts.group(4))}


def test_the_soak_script_prints_events_memory_and_tick_overruns():
    figures = soak_figures("4")
    assert figures["ticks"] > 0 and figures["events"] > 0


def test_a_60_s_soak_gives_every_event_a_verdict():
    figures = soak_figures("60")
    assert figures["events"] > 0 and figures["lost"] == 0
