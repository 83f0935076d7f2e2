"""Does the ping the HUD shows tell the truth? The displayed figure beside a raw UDP echo.

    tools/in-private-netns .venv/bin/python bench/ping.py [--seconds 10] [--render-ms 8]

Everything runs on loopback. Three rows, measured in the same run:
  raw echo   a bare UDP echo process answering a blocking pinger: the round trip the
             machine gives, with nothing of ours on the path
  --server   ``python -m game --server`` (shipped defaults) in its own process; a
             ``NetSession`` pumped once per 60 Hz frame, as the game view does
  hosted     the embedded server thread of Host Game (``HostedServer.in_thread``) beside
             that same session in this process, sharing its interpreter lock
Each frame holds the interpreter for ``--render-ms`` of pure-Python work, standing in for
drawing (the game view's frame costs a few ms on llvmpipe, see bench/fps.py). The
displayed figure is ``NetSession.ping_ms``, which the HUD prints, sampled every frame once
two heartbeats have come back.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.server import host  # noqa: E402
from game.session import NetSession  # noqa: E402

FRAME = 1 / 60


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def echo_server(port: int, seconds: float) -> None:
    """Answer every datagram with itself, for ``seconds`` at most."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", port))
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            sock.settimeout(left)
            try:
                data, address = sock.recvfrom(2048)
            except TimeoutError:
                break
            sock.sendto(data, address)


def raw_echo_ms(port: int, count: int) -> list[float]:
    """``count`` blocking round trips to the echo process, 20 ms apart (ms each)."""
    samples = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(1.0)
        for n in range(count):
            start = time.monotonic()
            sock.sendto(n.to_bytes(8, "big"), ("127.0.0.1", port))
            try:
                sock.recvfrom(64)
            except TimeoutError:
                continue
            samples.append((time.monotonic() - start) * 1000)
            time.sleep(0.02)
    return samples


def render(ms: float) -> None:
    """Hold the interpreter like a frame's drawing does."""
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        pass


def displayed_ping_ms(port: int, seconds: float, render_ms: float) -> list[float]:
    """Run a session at 60 frames a second; the ping it would display, every frame."""
    session = NetSession(("127.0.0.1", port), "Bench")
    shown: list[float] = []
    try:
        end = time.monotonic() + seconds
        next_frame = time.monotonic()
        while time.monotonic() < end:
            session.pump()
            if session.status in ("failed", "disconnected"):
                raise SystemExit(f"session ended: {session.message}")
            if session.ping_ms is not None and session.protocol.stats.received > 2:
                shown.append(session.ping_ms)
            render(render_ms)
            next_frame += FRAME
            time.sleep(max(0.0, next_frame - time.monotonic()))
    finally:
        session.close()
    return shown


def headless_server(port: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "game", "--server", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    if "listening" not in proc.stdout.readline():
        proc.kill()
        raise SystemExit("the headless server did not start")
    return proc


def row(name: str, samples: list[float], raw: float) -> str:
    if not samples:
        return f"{name:10} no samples"
    median = statistics.median(samples)
    p95 = sorted(samples)[int(len(samples) * 0.95)]
    return (f"{name:10} median {median:6.2f} ms   p95 {p95:6.2f} ms   "
            f"minus raw echo {median - raw:+6.2f} ms   ({len(samples)} samples)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per game row")
    parser.add_argument("--render-ms", type=float, default=8.0,
                        help="interpreter time each frame spends drawing (ms)")
    args = parser.parse_args(argv)

    echo_port = free_port()
    echo = subprocess.Popen([sys.executable, __file__, "--echo", str(echo_port),
                             str(2 * args.seconds + 10)], cwd=ROOT)
    try:
        time.sleep(0.3)
        raw_before = raw_echo_ms(echo_port, 50)
        server_port = free_port()
        server = headless_server(server_port)
        try:
            shown_server = displayed_ping_ms(server_port, args.seconds, args.render_ms)
        finally:
            server.terminate()
            server.wait(timeout=10)
        hosted = host("Bench host", "127.0.0.1", free_port()).in_thread()
        hosted.start()
        try:
            shown_hosted = displayed_ping_ms(hosted.endpoint.address[1], args.seconds,
                                             args.render_ms)
        finally:
            hosted.stop()
        raw = raw_before + raw_echo_ms(echo_port, 50)
    finally:
        echo.kill()
        echo.wait()
    raw_median = statistics.median(raw)
    print(f"ping on loopback, 60 frames/s, {args.render_ms:g} ms of drawing per frame")
    print(row("raw echo", raw, raw_median))
    print(row("--server", shown_server, raw_median))
    print(row("hosted", shown_hosted, raw_median))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--echo":
        echo_server(int(sys.argv[2]), float(sys.argv[3]))
    else:
        raise SystemExit(main())
