"""Run every benchmark side by side in one run and print (and optionally record) a table.

    bench/run.sh            installs the peers (neteria, pygase) into .venv, then runs this
    bench/run.sh --readme   also writes the table into README.md

Our rows run what users run: ``python -m game --server`` with its defaults (a row that
changes a flag names it). Servers run in their own processes on 127.0.0.1; their CPU, memory
and socket drops are read from /proc. This machine is shared and noisy: compare ratios
taken in the same run, not absolute figures. Each part also runs alone: ``bench/
throughput.py``, ``flood.py``, ``amplification.py``, ``soak.py`` (see their docstrings).
"""

from __future__ import annotations

import functools
import random
import re
import statistics
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench import (  # noqa: E402
    amplification,
    flood,
    game_load,
    interest,
    load,
    soak,
    state_bytes,
    throughput,
)
from bench.procs import GAME, Row, ServerProcess, cpu_while, measure, table  # noqa: E402
from bench.relay import Relay  # noqa: E402

SOAK_SECONDS = 60.0


def world_figures(kind: str, seconds: float = 5.0, sync: int = 2) -> dict[str, float]:
    """One client's downstream bytes/s through a counting relay, then server CPU with 8.
    Our clients ask for state-sync level ``sync`` (1: JSON diffs, 2: packed frames)."""
    server = ServerProcess(f"world-{kind}", pinned=True)
    stop = threading.Event()
    relays = [Relay(server.address) for _ in range(8)]
    threads = [threading.Thread(target=world_client, args=(kind, relay.address, stop, sync),
                                daemon=True) for relay in relays]
    try:
        threads[0].start()
        time.sleep(2.0)
        relays[0].reset()
        time.sleep(seconds)
        down, datagrams = relays[0].down / seconds, relays[0].datagrams_down / seconds
        for thread in threads[1:]:
            thread.start()
        time.sleep(2.0)
        _, cpu = cpu_while(server, lambda: time.sleep(seconds))
    finally:
        stop.set()
        for thread in threads:
            thread.join(3) if thread.ident else None
        for relay in relays:
            relay.close()
        server.stop()
    return {"bytes_per_s": down, "datagrams_per_s": datagrams, "cpu8": cpu}


def world_client(kind: str, address: tuple[str, int], stop: threading.Event, sync: int) -> None:
    if kind == "pygase":
        from pygase import Client

        client = Client()
        client.connect_in_thread(address[1], address[0])
        stop.wait()
        client.disconnect()
        return
    from net.client import ClientConfig, ClientProtocol
    from net.udp import UdpEndpoint

    protocol = ClientProtocol(address, name=f"w{address[1]}", config=ClientConfig(sync=sync))
    endpoint = UdpEndpoint(protocol, bind=("127.0.0.1", 0))
    protocol.register(endpoint.clock())
    while not stop.is_set():
        endpoint.wait(0.05)
        endpoint.pump()
        protocol.events()
    endpoint.close()


def round_trip_rows() -> list[Row]:
    """Round trips swing with where the scheduler puts things: 3 interleaved rounds,
    medians; servers pinned to one core, the client to the other."""
    rounds: dict[str, list[tuple[float, float]]] = {}
    for _ in range(3):
        for name, kind, what in (
                ("echo", "echo", load.echo_rtt), ("bare", "bare", load.bare_rtt),
                ("ours", "game", load.event_rtt), ("neteria", "neteria", load.event_rtt),
                ("sleep", "game", functools.partial(load.event_rtt, poll=0.0))):
            result, cpu = measure(kind, what, pinned=True)
            rounds.setdefault(name, []).append((result["p50_us"], cpu))
    echo, bare, ours_rtt, neteria_rtt, sleep_rtt = (
        statistics.median(p50 for p50, _ in rounds[name])
        for name in ("echo", "bare", "ours", "neteria", "sleep"))
    rtt_cpu = {name: statistics.median(cpu for _, cpu in rounds[name]) for name in rounds}
    return [
        ("raw UDP echo RTT p50 (floor)", f"{echo:.0f} us", "",
         "rounds: " + ", ".join(f"{p50:.0f}" for p50, _ in rounds["echo"])),
        ("  bare JSON EVENT -> LEGAL, no protocol at either end", f"{bare:.0f} us", "",
         f"{bare / echo:.2f}x floor"),
        (f"EVENT -> verdict RTT p50, {GAME} (defaults: busy-polls while it pays)",
         f"{ours_rtt:.0f} us", f"{neteria_rtt:.0f} us",
         f"ours = {ours_rtt / echo:.2f}x floor, "
         f"{neteria_rtt / ours_rtt:.1f}x faster than neteria"),
        ("  the same, the client never polling (client poll=0)", f"{sleep_rtt:.0f} us", "",
         f"{sleep_rtt / echo:.2f}x floor"),
        ("  server CPU during those round trips (client polling / not)",
         f"{rtt_cpu['ours']:.0%} / {rtt_cpu['sleep']:.0%} of a core",
         f"{rtt_cpu['neteria']:.0%} of a core", f"echo server: {rtt_cpu['echo']:.0%}"),
    ]


def main() -> None:
    rows = round_trip_rows()
    rows += throughput.rows()
    rows += flood.rows()
    rows += amplification.rows()
    rows += soak.rows(SOAK_SECONDS)
    game = ServerProcess("game", "--max-players", "32", pinned=True)
    try:
        sessions = game_load.join(game.address, 8)
        visible = game_load.event_to_visible(sessions)
        _, cpu8 = cpu_while(game, lambda: game_load.pump_all(sessions, 5.0, random.Random(1)))
        sessions += game_load.join(game.address, 24, first=8)
        _, cpu32 = cpu_while(game, lambda: game_load.pump_all(sessions, 5.0, random.Random(2)))
        for session in sessions:
            session.close()
    finally:
        game.stop()
    rows.append(("game: key press -> visible in all 8 clients' state, p50 "
                 "(--max-players 32)",
                 f"{visible['p50_ms']:.1f} ms (p95 {visible['p95_ms']:.1f})", "",
                 f"tick is {1000 / 30:.1f} ms"))
    rows.append(("game server CPU, 8 / 32 playing clients",
                 f"{cpu8:.0%} / {cpu32:.0%} of a core", "", ""))
    pygase_world = world_figures("pygase")
    our_world = world_figures("ours")
    json_world = world_figures("ours", sync=1)
    for label, world in (("16 players' x/y/hp, bytes per client per second", our_world),
                         ("  the same, JSON diffs (sync level 1)", json_world)):
        rows.append((label, f"{world['bytes_per_s'] / 1000:.2f} kB/s at "
                            f"{world['datagrams_per_s']:.0f} datagrams/s",
                     f"pygase 0.3.1: {pygase_world['bytes_per_s'] / 1000:.2f} kB/s at "
                     f"{pygase_world['datagrams_per_s']:.0f} datagrams/s",
                     f"{world['bytes_per_s'] / pygase_world['bytes_per_s']:.0%} of pygase"))
    rows.append(("that world's server CPU with 8 clients", f"{our_world['cpu8']:.0%} of a core",
                 f"pygase: {pygase_world['cpu8']:.0%} of a core",
                 f"{our_world['cpu8'] / max(pygase_world['cpu8'], 1e-9):.0%} of pygase"))
    for level, label in ((2, "packed diffs"), (1, "JSON diffs")):
        state = state_bytes.measure(sync=level)
        rows.append((f"game state per client, 8 players + 100 bullets, sync level {level}",
                     f"{state['diff_bytes_per_client_s'] / 1000:.1f} kB/s ({label})",
                     f"{state['full_bytes_per_client_s'] / 1000:.1f} kB/s (full JSON snapshots)",
                     f"{state['ratio']:.1%} of full"))
    whole, near = interest.measure(False), interest.measure(True)
    rows.append(("arena of 4 screens, 8 ships + 200 rocks: each client sees its screen + 100 px",
                 f"{near / 1000:.1f} kB/s (interest=True)", f"{whole / 1000:.1f} kB/s (whole)",
                 f"{near / whole:.0%} of whole"))
    text = table(rows)
    print(text)
    if "--readme" in sys.argv:
        readme = ROOT / "README.md"
        stamp = time.strftime("%Y-%m-%d")
        block = (f"<!-- bench:start -->\nMeasured {stamp} with `bench/run.sh --readme` on this "
                 f"2-core machine (loopback, servers in their own processes; peers: "
                 f"neteria 1.0.2, pygase 0.3.1):\n\n{text}\n"
                 f"<!-- bench:end -->")
        content = readme.read_text()
        readme.write_text(re.sub(r"<!-- bench:start -->.*<!-- bench:end -->", block, content,
                                 flags=re.S))


if __name__ == "__main__":
    main()
