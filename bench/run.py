"""Run every benchmark side by side in one run and print (and optionally record) a table.

    bench/run.sh            installs the peers (neteria, pygase) into .venv, then runs this
    bench/run.sh --readme   also writes the table into README.md

Servers run in their own processes on 127.0.0.1; server CPU is read from /proc. This
machine is shared and noisy: compare ratios taken in the same run, not absolute figures.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench import flood, game_load, interest, load, state_bytes  # noqa: E402
from bench.relay import Relay  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
# servers on one core, clients on the other: as across a LAN, every datagram wakes a
# process on another CPU (where the scheduler would put them varies from run to run)
CLIENT_CPU, SERVER_CPU = 0, 1
ALL_CPUS = os.sched_getaffinity(0)
PINNED = {CLIENT_CPU, SERVER_CPU} <= ALL_CPUS


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One benchmark server process; ``cpu()`` is its CPU seconds so far."""

    def __init__(self, kind: str, *extra: str, pinned: bool = True) -> None:
        self.port = free_port()
        if kind == "game":
            command = [sys.executable, "-m", "game", "--server", "--host", "127.0.0.1",
                       "--port", str(self.port), "--max-players", "64", *extra]
        elif kind.startswith("world-"):
            command = [sys.executable, str(HERE / "worlds.py"), kind[6:], str(self.port)]
        else:
            command = [sys.executable, str(HERE / "servers.py"), kind, str(self.port), *extra]
        self.proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, text=True, cwd=ROOT, stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            preexec_fn=(lambda: os.sched_setaffinity(0, {SERVER_CPU}))
            if PINNED and pinned else None)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert "ready" in line or "listening" in line, line
        self.address = ("127.0.0.1", self.port)

    def cpu(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()


def measure(kind: str, what, *extra: str,  # type: ignore[no-untyped-def]
            pinned: bool = True) -> tuple[dict, float]:
    """``what(address)`` against a fresh ``kind`` server, and the server's CPU share.
    ``pinned=False``: server and clients may run on any core."""
    if PINNED and not pinned:
        os.sched_setaffinity(0, ALL_CPUS)
    server = Server(kind, *extra, pinned=pinned)
    try:
        cpu, start = server.cpu(), time.monotonic()
        result = what(server.address)
        return result, (server.cpu() - cpu) / (time.monotonic() - start)
    finally:
        server.stop()
        if PINNED:
            os.sched_setaffinity(0, {CLIENT_CPU})


def cpu_while(server: Server, work) -> float:  # type: ignore[no-untyped-def]
    """Fraction of a core the server used while ``work()`` ran."""
    cpu, start = server.cpu(), time.monotonic()
    work()
    return (server.cpu() - cpu) / (time.monotonic() - start)


@dataclasses.dataclass
class Throughput:
    """One server's rounds of ``flood.throughput``."""

    rates: list[float] = dataclasses.field(default_factory=list)
    unanswered: list[int] = dataclasses.field(default_factory=list)
    cpus: list[float] = dataclasses.field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.rates)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    @property
    def text(self) -> str:
        return f"{self.median:.0f} ({max(self.unanswered)} unanswered at most)"


def throughput_rounds(pinned: bool, rounds: int = 3) -> tuple[Throughput, Throughput]:
    """Ours and neteria's verdicts/s, interleaved: this machine's speed drifts by tens of
    percent over a minute, so one run of each could compare two different machines."""
    ours, neteria = Throughput(), Throughput()
    for _ in range(rounds):
        for kind, figures in (("ours", ours), ("neteria", neteria)):
            result, cpu = measure(kind, flood.throughput, pinned=pinned)
            figures.rates.append(result["verdicts_per_s"])
            figures.unanswered.append(result["unanswered"])
            figures.cpus.append(cpu)
    return ours, neteria


def world_figures(kind: str, seconds: float = 5.0, sync: int = 2) -> dict[str, float]:
    """One client's downstream bytes/s through a counting relay, then server CPU with 8.
    Our clients ask for state-sync level ``sync`` (1: JSON diffs, 2: packed frames)."""
    server = Server(f"world-{kind}")
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
        cpu = cpu_while(server, lambda: time.sleep(seconds))
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


def main() -> None:
    if PINNED:
        os.sched_setaffinity(0, {CLIENT_CPU})
    rows = []
    # round trips swing with where the scheduler puts things: 3 interleaved rounds, medians
    rounds: dict[str, list[tuple[float, float]]] = {}
    for _ in range(3):
        for name, kind, what, extra in (
                ("echo", "echo", load.echo_rtt, ()), ("bare", "bare", load.bare_rtt, ()),
                ("ours", "ours", load.event_rtt, ()),
                ("neteria", "neteria", load.event_rtt, ()),
                ("sleep", "ours", functools.partial(load.event_rtt, poll=0.0), ("0",))):
            result, cpu = measure(kind, what, *extra)
            rounds.setdefault(name, []).append((result["p50_us"], cpu))
    echo, bare, ours_rtt, neteria_rtt, sleep_rtt = (
        statistics.median(p50 for p50, _ in rounds[name])
        for name in ("echo", "bare", "ours", "neteria", "sleep"))
    rtt_cpu = {name: statistics.median(cpu for _, cpu in rounds[name]) for name in rounds}
    rows.append(("raw UDP echo RTT p50 (floor)", f"{echo:.0f} us", "",
                 "rounds: " + ", ".join(f"{p50:.0f}" for p50, _ in rounds["echo"])))
    rows.append(("  bare JSON EVENT -> LEGAL, no protocol at either end",
                 f"{bare:.0f} us", "", f"{bare / echo:.2f}x floor"))
    rows.append(("EVENT -> verdict RTT p50 (default: busy-poll while it pays)",
                 f"{ours_rtt:.0f} us", f"{neteria_rtt:.0f} us",
                 f"ours = {ours_rtt / echo:.2f}x floor, "
                 f"{neteria_rtt / ours_rtt:.1f}x faster than neteria"))
    rows.append(("  the same, never polling (poll=0 at both ends)", f"{sleep_rtt:.0f} us", "",
                 f"{sleep_rtt / echo:.2f}x floor"))
    rows.append(("  server CPU during those round trips (polling / never polling)",
                 f"{rtt_cpu['ours']:.0%} / {rtt_cpu['sleep']:.0%} of a core",
                 f"{rtt_cpu['neteria']:.0%} of a core",
                 f"echo server: {rtt_cpu['echo']:.0%}"))
    for pinned, label in ((True, "verdicts/s, 32 clients x 4 in flight, 5 s (median of 3)"),
                          (False, "  the same, nothing pinned to a core")):
        ours_tp, neteria_tp = throughput_rounds(pinned)
        ratios = ", ".join(f"{o / max(n, 1):.1f}"
                           for o, n in zip(ours_tp.rates, neteria_tp.rates, strict=True))
        rows.append((label, ours_tp.text, neteria_tp.text,
                     f"{ours_tp.median / max(neteria_tp.median, 1):.1f}x (rounds: {ratios})"))
        if pinned:
            rows.append(("server CPU during that load", f"{ours_tp.cpu:.0%} of a core",
                         f"{neteria_tp.cpu:.0%} of a core", ""))
    game = Server("game")
    try:
        sessions = game_load.join(game.address, 8)
        visible = game_load.event_to_visible(sessions)
        cpu8 = cpu_while(game, lambda: game_load.pump_all(sessions, 5.0, random.Random(1)))
        sessions += game_load.join(game.address, 24, first=8)
        cpu32 = cpu_while(game, lambda: game_load.pump_all(sessions, 5.0, random.Random(2)))
        for session in sessions:
            session.close()
    finally:
        game.stop()
    rows.append(("game: key press -> visible in all 8 clients' state, p50",
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
    table = ["| measure | Starlane net | peer | ratio |", "|---|---|---|---|"]
    table += [f"| {' | '.join(row)} |" for row in rows]
    text = "\n".join(table)
    print(text)
    if "--readme" in sys.argv:
        readme = ROOT / "README.md"
        stamp = time.strftime("%Y-%m-%d")
        block = (f"<!-- bench:start -->\nMeasured {stamp} with `bench/run.sh --readme` on this "
                 f"2-core machine (loopback, servers in their own processes on one core, "
                 f"clients on the other; peers: neteria 1.0.2, pygase 0.3.1):\n\n{text}\n"
                 f"<!-- bench:end -->")
        content = readme.read_text()
        readme.write_text(re.sub(r"<!-- bench:start -->.*<!-- bench:end -->", block, content,
                                 flags=re.S))


if __name__ == "__main__":
    main()
