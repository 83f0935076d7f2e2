"""Does the ping the HUD shows tell the truth? The displayed figure beside a raw UDP echo.

    tools/in-private-netns .venv/bin/python bench/ping.py [--seconds 10] [--render-ms 8]

Everything runs on loopback. The rows, measured in the same run:
  raw echo   a bare UDP echo process answering a blocking pinger: the round trip the
             machine gives, with nothing of ours on the path
  --server   ``python -m starlane --server`` (shipped defaults) in its own process; a
             ``NetSession`` pumped once per 60 Hz frame, as the game view does
  hosted     the embedded server thread of Host Game (``HostedServer.in_thread``) beside
             that same session in this process, sharing its interpreter lock
  window     with a display (e.g. under Xvfb): the real game window hosting, its game view
             drawing every frame at 60 Hz, the ping its HUD shows
In the first two game rows each frame holds the interpreter for ``--render-ms`` of
pure-Python work, standing in for drawing. The displayed figure is ``NetSession.ping_ms``,
which the HUD prints, sampled every frame once two datagrams have come back.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.procs import ServerProcess, free_port  # noqa: E402
from bench.stats import p50_p95  # noqa: E402
from starlane.game.client.session import NetSession  # noqa: E402
from starlane.game.server.game_server import host  # noqa: E402

FRAME = 1 / 60


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


def at_60_hz(session: NetSession, seconds: float, frame: Callable[[], None]) -> list[float]:
    """Run ``frame()`` (which pumps ``session``) 60 times a second for ``seconds``; the
    ping the HUD would show, every frame."""
    shown: list[float] = []
    end = time.monotonic() + seconds
    next_frame = time.monotonic()
    while time.monotonic() < end:
        frame()
        if session.status in ("failed", "disconnected"):
            raise SystemExit(f"session ended: {session.message}")
        if session.ping_ms is not None and session.protocol.stats.received > 2:
            shown.append(session.ping_ms)
        next_frame += FRAME
        time.sleep(max(0.0, next_frame - time.monotonic()))
    return shown


def displayed_ping_ms(port: int, seconds: float, render_ms: float) -> list[float]:
    """A session without a window, each frame's drawing stood in by ``render``."""
    session = NetSession(("127.0.0.1", port), "Bench")

    def frame() -> None:
        session.pump()
        render(render_ms)
    try:
        return at_60_hz(session, seconds, frame)
    finally:
        session.close()


def displayed_in_window(seconds: float) -> list[float]:
    """The real window hosting (Host Game) and drawing its game view; needs a display."""
    from starlane.game.settings import Settings
    from starlane.game.ui.window import StarlaneWindow

    window = StarlaneWindow([], Settings(name="Bench"), port=free_port())
    session = window.host("Bench host", "Bench")
    try:
        end = time.monotonic() + 5
        while session.status == "connecting" and time.monotonic() < end:
            session.pump()
            time.sleep(0.005)
        window.show_game(session, session.pump())
        view = window.current_view
        assert view is not None

        def frame() -> None:
            window.dispatch_events()
            view.on_update(FRAME)
            window.dispatch_event("on_draw")
            window.flip()
        return at_60_hz(session, seconds, frame)
    finally:
        window.on_close()


def row(name: str, samples: list[float], raw: float) -> str:
    if not samples:
        return f"{name:10} no samples"
    median, p95 = p50_p95(samples)
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
                             str(4 * args.seconds + 30)], cwd=ROOT)
    try:
        time.sleep(0.3)
        raw_before = raw_echo_ms(echo_port, 50)
        server = ServerProcess("game")
        try:
            shown_server = displayed_ping_ms(server.port, args.seconds, args.render_ms)
        finally:
            server.stop()
        hosted = host("Bench host", "127.0.0.1", free_port()).in_thread()
        hosted.start()
        try:
            shown_hosted = displayed_ping_ms(hosted.endpoint.address[1], args.seconds,
                                             args.render_ms)
        finally:
            hosted.stop()
        shown_window = displayed_in_window(args.seconds) if os.environ.get("DISPLAY") else []
        raw = raw_before + raw_echo_ms(echo_port, 50)
    finally:
        echo.kill()
        echo.wait()
    raw_median = statistics.median(raw)
    print(f"ping on loopback, 60 frames/s, {args.render_ms:g} ms of drawing per frame")
    print(row("raw echo", raw, raw_median))
    print(row("--server", shown_server, raw_median))
    print(row("hosted", shown_hosted, raw_median))
    if os.environ.get("DISPLAY"):
        print(row("window", shown_window, raw_median))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--echo":
        echo_server(int(sys.argv[2]), float(sys.argv[3]))
    else:
        raise SystemExit(main())
