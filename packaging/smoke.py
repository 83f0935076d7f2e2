"""Smoke check of a built Starlane program, the same on Linux, Windows and macOS: its
``--version`` names the version in ``src/starlane/__init__.py``, and its ``--server`` answers
an OHAI (Neteria discovery, plain socket + JSON) on loopback.

    python packaging/smoke.py dist/starlane
    python packaging/smoke.py dist/starlane.exe
    python packaging/smoke.py dist/Starlane.app/Contents/MacOS/starlane

Exit status 0 when both pass; otherwise a one-line reason and 1. Used by
.github/workflows/build.yml and by tests/test_packaging_smoke.py. Every wait is bounded.

A windowed build (Windows, macOS) may have no stdout: the game then appends to
``starlane.log`` in its config folder, which is where this looks when stdout is empty
(platformdirs, a runtime dependency of the game, locates the folder).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

from starlane_version import read_version

PROTOCOL_VERSION = "1.0.2"  # what a Neteria 1.0.2 client sends in its OHAI
START_TIMEOUT = 120.0  # seconds: a one-file build unpacks itself first, on a busy runner
PROBE_EVERY = 0.5  # seconds between OHAIs while the server starts


class SmokeFailure(Exception):
    """What went wrong, in one line."""


def log_file() -> Path | None:
    try:
        import platformdirs
    except ImportError:
        return None
    return Path(platformdirs.user_config_dir("starlane", appauthor=False)) / "starlane.log"


def check_version(program: str, version: str) -> str:
    """Runs ``program --version``; returns the line it printed (or logged)."""
    log = log_file()
    logged_before = log.read_text(encoding="utf-8") if log and log.exists() else ""
    done = subprocess.run([program, "--version"], capture_output=True, text=True,
                          timeout=START_TIMEOUT)
    if done.returncode != 0:
        raise SmokeFailure(f"--version exited {done.returncode}: {done.stderr.strip()}")
    line = done.stdout.strip()
    if not line and log and log.exists():  # a windowed build with no stdout
        line = log.read_text(encoding="utf-8")[len(logged_before):].strip()
    if not line.startswith(f"starlane {version} "):
        raise SmokeFailure(f"--version said {line!r}, expected 'starlane {version} ...'")
    return line


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def ask_ohai(port: int, deadline: float) -> dict:
    """Sends one OHAI every PROBE_EVERY s to 127.0.0.1:``port`` until a server answers or
    ``deadline`` (time.monotonic()) passes; returns the answer."""
    cuuid = str(uuid.uuid4())
    ohai = json.dumps({"method": "OHAI", "cuuid": cuuid, "version": PROTOCOL_VERSION})
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        while time.monotonic() < deadline:
            sock.sendto(ohai.encode(), ("127.0.0.1", port))
            sock.settimeout(PROBE_EVERY)
            try:
                datagram, _ = sock.recvfrom(65536)
            except (TimeoutError, ConnectionResetError):  # not up yet (Windows: ICMP reset)
                continue
            answer = json.loads(datagram)
            if answer.get("method") == "OHAI Client":
                return answer
    raise SmokeFailure(f"no OHAI answer from 127.0.0.1:{port} within {START_TIMEOUT:g} s")


def check_server(program: str) -> dict:
    """Starts ``program --server`` on loopback, returns its OHAI answer, stops it."""
    port = free_udp_port()
    server = subprocess.Popen([program, "--server", "--host", "127.0.0.1", "--port", str(port),
                               "--name", "Smoke test"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        answer = ask_ohai(port, time.monotonic() + START_TIMEOUT)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)
    if answer.get("server_name") != "Smoke test":
        raise SmokeFailure(f"the OHAI answer names another server: {answer}")
    return answer


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python packaging/smoke.py PROGRAM", file=sys.stderr)
        return 2
    program = str(Path(argv[0]).resolve())  # Windows runs "dist/x.exe" only as a full path
    try:
        print(f"{program} --version: {check_version(program, read_version())}", flush=True)
        answer = check_server(program)
        print(f"{program} --server answered OHAI: {answer}", flush=True)
    except (SmokeFailure, OSError, subprocess.SubprocessError, ValueError) as err:
        print(f"smoke check of {program} failed: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
