"""Benchmark servers as the user runs them, each in its own process, watched through /proc.

``ServerProcess("game", ...)`` is ``python -m starlane --server`` with its shipped defaults
(plus the flags a row names); ``"neteria"``, ``"echo"``, ``"bare"`` are ``bench/servers.py``
and ``"world-..."`` ``bench/worlds.py``. Nothing here imports the server's code: the
figures come from the wire and from /proc (CPU, RSS, the socket's kernel drops), so the
scripts keep working whatever the protocol core looks like inside. Loopback only.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TICKS = os.sysconf("SC_CLK_TCK")
# servers on one core, clients on the other: as across a LAN, every datagram wakes a
# process on another CPU (where the scheduler would put them varies from run to run)
CLIENT_CPU, SERVER_CPU = 0, 1
ALL_CPUS = os.sched_getaffinity(0)
PINNABLE = {CLIENT_CPU, SERVER_CPU} <= ALL_CPUS
GAME = "python -m starlane --server"
Row = tuple[str, str, str, str]  # measure, ours, peer, ratio


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    """One server process on 127.0.0.1. ``kind`` "game" takes extra ``python -m starlane``
    flags; the others take ``bench/servers.py`` / ``bench/worlds.py`` arguments.
    ``pinned``: the server runs on ``SERVER_CPU`` only (when this machine has it)."""

    def __init__(self, kind: str, *extra: str, pinned: bool = False) -> None:
        self.kind = kind
        self.port = free_port()
        if kind == "game":
            command = [sys.executable, "-m", "starlane", "--server", "--host", "127.0.0.1",
                       "--port", str(self.port), *extra]
        elif kind.startswith("world-"):
            command = [sys.executable, str(HERE / "worlds.py"), "serve", kind[6:],
                       str(self.port)]
        else:
            command = [sys.executable, str(HERE / "servers.py"), kind, str(self.port), *extra]
        self.log = tempfile.TemporaryFile("w+")  # the server's stderr (its logging)
        self.proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, text=True, cwd=ROOT, stderr=self.log,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            preexec_fn=(lambda: os.sched_setaffinity(0, {SERVER_CPU}))
            if PINNABLE and pinned else None)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if "ready" not in line and "listening" not in line:
            self.stop()
            raise SystemExit(f"{kind} server did not start: {line!r} {self.log_text()}")
        self.address = ("127.0.0.1", self.port)

    def cpu(self) -> float:
        """CPU seconds used so far (user + system)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def rss(self) -> int:
        """Resident memory now, bytes."""
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) * 1024  # type: ignore[union-attr]

    def drops(self) -> int:
        """Datagrams the kernel dropped on the server's socket (this namespace's
        /proc/net/udp, the last column), e.g. because its receive queue was full."""
        local = f"0100007F:{self.port:04X}"
        for line in Path("/proc/net/udp").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[1] == local:
                return int(fields[-1])
        return 0

    def log_text(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def stop(self) -> str:
        """End the server: the game by Ctrl-C (SIGINT), as a user would, the others by
        SIGKILL. Returns what it printed after its first line."""
        if self.proc.poll() is None:
            if self.kind == "game":
                self.proc.send_signal(signal.SIGINT)
            else:
                self.proc.kill()
        try:
            out, _ = self.proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        self.log.close()
        return out or ""


def tick_overruns(printed: str) -> tuple[int, int]:
    """(ticks, overruns) from the game server's last line, "Server stopped after ..."."""
    found = re.search(r"Server stopped after (\d+) ticks, (\d+)", printed)
    if found is None:
        raise SystemExit(f"the game server did not say how it stopped: {printed!r}")
    return int(found.group(1)), int(found.group(2))


@contextlib.contextmanager
def clients_pinned() -> Iterator[None]:
    """This process (the clients) on ``CLIENT_CPU`` while the block runs, when this machine
    has it: pinned servers (``SERVER_CPU``) then never share a core with it."""
    if PINNABLE:
        os.sched_setaffinity(0, {CLIENT_CPU})
    try:
        yield
    finally:
        if PINNABLE:
            os.sched_setaffinity(0, ALL_CPUS)


def cpu_while(server: ServerProcess, work: Callable[[], Any]) -> tuple[Any, float]:
    """``work()``'s result and the fraction of a core the server used while it ran."""
    cpu, start = server.cpu(), time.monotonic()
    result = work()
    return result, (server.cpu() - cpu) / (time.monotonic() - start)


def measure(kind: str, work: Callable[[tuple[str, int]], Any], *extra: str,
            pinned: bool = False) -> tuple[Any, float]:
    """``work(address)`` against a fresh ``kind`` server, and the server's CPU share
    meanwhile. ``pinned``: server on one core, this process on the other."""
    if PINNABLE and pinned:
        os.sched_setaffinity(0, {CLIENT_CPU})
    server = ServerProcess(kind, *extra, pinned=pinned)
    try:
        return cpu_while(server, lambda: work(server.address))
    finally:
        server.stop()
        os.sched_setaffinity(0, ALL_CPUS)


def loopback_ips(count: int, first: int = 10) -> tuple[str, ...]:
    """``count`` loopback addresses standing for as many machines: 127.0.0.10, .11, ..."""
    if first + count > 255:
        raise ValueError(f"{count} addresses from 127.0.0.{first} run past 127.0.0.254")
    return tuple(f"127.0.0.{first + n}" for n in range(count))


def table(rows: Sequence[Row]) -> str:
    """The rows as the README's markdown table."""
    lines = ["| measure | Starlane | peer | ratio |", "|---|---|---|---|"]
    return "\n".join(lines + [f"| {' | '.join(row)} |" for row in rows])
