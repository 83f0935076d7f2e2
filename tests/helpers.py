"""Test doubles and shared steps: deterministic ids, a recording middleware, an in-memory
lossy wire, a registered client, two scripted players, a bench script's run, a table of
scripted players at a game server, a plain neteria client. Test modules
import from here, never from each other."""

from __future__ import annotations

import contextlib
import ctypes
import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from starlane.game.client.session import NetSession
from starlane.game.core import sim
from starlane.game.server.game_server import GameServer
from starlane.net import (
    LEGAL,
    ClientConfig,
    ClientProtocol,
    Connection,
    LanBrowser,
    Middleware,
    Registered,
    RetrySchedule,
    ServerConfig,
    ServerInfo,
    ServerProtocol,
    UdpClient,
    UdpEndpoint,
    Verdict,
    illegal,
)
from starlane.net import messages as m

ROOT = Path(__file__).resolve().parent.parent
SERVER = ("10.0.0.1", 40080)


def seeded_ids(seed: int = 1):
    rng = random.Random(seed)
    return lambda: f"{rng.getrandbits(64):016x}"


class Recorder(Middleware):
    """Middleware: LEGAL unless the data says {"bad": ...}; records executions and the
    lifecycle hooks as ("joined", name), ("left", name, reason), ..."""

    def __init__(self) -> None:
        self.judged: list[Any] = []
        self.executed: list[tuple[str, Any]] = []
        self.hooks: list[tuple[Any, ...]] = []

    def judge(self, conn: Connection, event_data: Any) -> Verdict:
        self.judged.append(event_data)
        if isinstance(event_data, dict) and "bad" in event_data:
            return illegal(str(event_data["bad"]))
        return LEGAL

    def execute(self, conn: Connection, event_data: Any) -> None:
        self.executed.append((conn.name, event_data))

    def joined(self, conn: Connection) -> None:
        self.hooks.append(("joined", conn.name))

    def lost(self, conn: Connection) -> None:
        self.hooks.append(("lost", conn.name))

    def resumed(self, conn: Connection) -> None:
        self.hooks.append(("resumed", conn.name))

    def left(self, conn: Connection, reason: str) -> None:
        self.hooks.append(("left", conn.name, reason))

    def seated(self, conn: Connection) -> None:
        self.hooks.append(("seated", conn.name))


class Sink:
    """A protocol object that records what reaches it and sends what it is told."""

    def __init__(self):
        self.got = []
        self.out = []

    def receive(self, datagram, address, now):
        self.got.append((datagram, now))

    def tick(self, now):
        pass

    def next_deadline(self):
        return None

    def datagrams_to_send(self, now):
        out, self.out = self.out, []
        return out


def sent(protocol, now: float = 0.0) -> list[tuple[m.Message, tuple[str, int]]]:
    """Drain and decode what a protocol sends at ``now`` (each message of a batch)."""
    return [(msg, a) for d, a in protocol.datagrams_to_send(now) for msg in m.decode_all(d)]


def methods(protocol, now: float = 0.0) -> list[str]:
    return [msg.method for msg, _ in sent(protocol, now)]


def dgram(**fields: Any) -> bytes:
    return json.dumps(fields).encode()


def register(server: ServerProtocol, cuuid: str = "c1",
             address: tuple[str, int] = ("10.0.0.2", 5000), now: float = 0.0, **extra: Any
             ) -> list[tuple[m.Message, tuple[str, int]]]:
    """Send a REGISTER; returns everything the server sends at ``now``, with addresses."""
    server.receive(dgram(method="REGISTER", cuuid=cuuid, version="1.0.2", **extra), address, now)
    return sent(server, now)


def make_client(attempts=4, **config):
    schedule = RetrySchedule(first=0.25, factor=2, longest=2, attempts=attempts)
    return ClientProtocol(SERVER, name="Vega", config=ClientConfig(
        schedule=schedule, register_schedule=schedule, **config), new_id=seeded_ids())


def registered_client(**config):
    client = make_client(**config)
    client.register(0.0)
    sent(client)
    client.receive(dgram(method="OK REGISTER", name="Vega"), SERVER, 0.01)
    client.events()
    return client


@contextlib.contextmanager
def headless_server(*flags: str, starlane: tuple[str, ...] = (sys.executable, "-m", "starlane")):
    """``python -m starlane --server`` (or the command ``starlane``) on 127.0.0.1 (shipped
    defaults but ``flags``); yields (port, process)."""
    port = free_port()
    proc = subprocess.Popen([*starlane, "--server", "--host", "127.0.0.1",
                             "--port", str(port), *flags], stdout=subprocess.PIPE, text=True)
    try:
        assert "listening" in (proc.stdout.readline() if proc.stdout else "")
        yield port, proc
    finally:
        proc.kill()
        proc.wait(timeout=5)


def phases_into_round_two(sessions: list[NetSession], seconds: float) -> set[tuple[int, str]]:
    """Pump ``sessions`` until one of them sees round 2 under way, for ``seconds`` at most:
    every (round, phase) they saw."""
    import time

    phases: set[tuple[int, str]] = set()
    end = time.monotonic() + seconds
    while time.monotonic() < end and (2, "playing") not in phases:
        for session in sessions:
            session.pump()
            if session.match is not None:
                phases.add((session.match.round, session.match.phase))
        time.sleep(0.005)
    return phases


def join(server: ServerProtocol, cuuid: str = "c1", address: tuple[str, int] = ("10.0.0.2", 5000),
         now: float = 0.0, **extra: Any) -> m.OkRegister:
    """Register ``cuuid`` and prove its address as its client would: a sync client
    acknowledges OK REGISTER's sequence number; a plain one sends OK NOTIFY for the state
    it was sent, or its first EVENT when the server streams none. Returns the OK REGISTER."""
    fields = {"method": "REGISTER", "cuuid": cuuid, "version": "1.0.2", **extra}
    server.receive(json.dumps(fields).encode(), address, now)
    [ok] = [msg for msg, to in sent(server, now) if to == address and msg.method == "OK REGISTER"]
    if ok.seq:
        proof = {"method": "ACK", "cuuid": cuuid, "seq": 1, "ack": ok.seq, "bits": 0}
    elif server.connections[cuuid].stream.challenges:
        proof = {"method": "OK NOTIFY", "cuuid": cuuid,
                 "euuid": server.connections[cuuid].stream.challenges[-1]}
    else:
        proof = {"method": "EVENT", "cuuid": cuuid, "euuid": f"proof-{cuuid}",
                 "event_data": {"proof": True}}
    server.receive(json.dumps(proof).encode(), address, now)
    if proof["method"] == "EVENT":  # its verdict is acknowledged as the client would
        server.receive(json.dumps({"method": "OK EVENT", "cuuid": cuuid,
                                   "euuid": proof["euuid"]}).encode(), address, now)
    sent(server, now)
    assert server.connections[cuuid].state == "confirmed"
    return ok


class Wire:
    """Joins one server and several clients in memory, with seeded loss and fake time."""

    def __init__(self, server: ServerProtocol, loss: float = 0.0, seed: int = 7,
                 duplicate: float = 0.0, reorder: float = 0.0) -> None:
        self.server = server
        self.clients: dict[tuple[str, int], ClientProtocol] = {}
        self.loss, self.duplicate, self.reorder = loss, duplicate, reorder
        self.rng = random.Random(seed)
        self.now = 0.0
        self.delivered = 0
        self.dropped = 0
        self._held: list[tuple[str, bytes, tuple[str, int]]] = []  # reordered: next step

    def add(self, address: tuple[str, int], client: ClientProtocol) -> ClientProtocol:
        self.clients[address] = client
        return client

    def step(self, dt: float = 0.01) -> None:
        """Advance time, run timers, then deliver everything in flight (each hop may be lost)."""
        self.now += dt
        self.server.tick(self.now)
        for client in self.clients.values():
            client.tick(self.now)
        held, self._held = self._held, []
        for direction, datagram, address in held:
            self._deliver(direction, datagram, address)
        moved = True
        while moved:
            moved = False
            for address, client in self.clients.items():
                for datagram, _ in client.datagrams_to_send(self.now):
                    moved = True
                    self._impair("up", datagram, address)
            for datagram, address in self.server.datagrams_to_send(self.now):
                moved = True
                self._impair("down", datagram, address)

    def _impair(self, direction: str, datagram: bytes, address: tuple[str, int]) -> None:
        if self._lost():
            return
        copies = 2 if self.rng.random() < self.duplicate else 1
        for _ in range(copies):
            if self.rng.random() < self.reorder:
                self._held.append((direction, datagram, address))  # arrives after later ones
            else:
                self._deliver(direction, datagram, address)

    def _deliver(self, direction: str, datagram: bytes, address: tuple[str, int]) -> None:
        if direction == "up":
            self.server.receive(datagram, address, self.now)
        elif address in self.clients:
            self.clients[address].receive(datagram, SERVER, self.now)

    def run(self, seconds: float, dt: float = 0.01) -> None:
        for _ in range(round(seconds / dt)):
            self.step(dt)

    def _lost(self) -> bool:
        lost = self.rng.random() < self.loss
        self.dropped += lost
        self.delivered += not lost
        return lost


def free_port() -> int:
    """A UDP port on 127.0.0.1 that was free a moment ago."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def udp_joined(address: tuple[str, int], name: str = "Vega") -> tuple[UdpClient, list[Any]]:
    """A ``UdpClient`` on loopback registered at ``address``, and the list its events are
    collected in: pump it with ``lambda: events.extend(client.pump())``."""
    client = UdpClient(ClientProtocol(address, name=name), bind=("127.0.0.1", 0))
    client.register()
    events: list[Any] = []
    assert wait_until(lambda: any(isinstance(e, Registered) for e in events),
                      pump=lambda: events.extend(client.pump()))
    return client, events


def listed_from(bind: tuple[str, int], targets: list[tuple[str, int]], timeout: float = 1.0,
                pump=None) -> list[ServerInfo]:
    """What a LAN browser bound at ``bind`` (another machine: 127.0.0.2, say) lists after
    one probe of ``targets``, waiting ``timeout`` s at most for a first answer (``pump``:
    the servers' loops, when the test runs them itself)."""
    browser = LanBrowser(targets)
    endpoint = UdpEndpoint(browser, bind=bind)
    try:
        browser.scan(endpoint.clock())
        endpoint.flush()
        wait_until(lambda: browser.servers(endpoint.clock()), timeout,
                   lambda: (pump and pump(), endpoint.pump()))
        return browser.servers(endpoint.clock())
    finally:
        endpoint.close()


def wait_until(condition, timeout: float = 3.0, pump=None) -> bool:
    """Poll ``condition`` (pumping ``pump`` each time) for at most ``timeout`` seconds."""
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pump is not None:
            pump()
        if condition():
            return True
        time.sleep(0.005)
    return condition()


def next_line(lines, test, timeout: float, seen: list | None = None, on_line=None):
    """The first item taken from the queue ``lines`` (a process's output, filled by a reader
    thread) for which ``test`` holds, or None after ``timeout`` s. Every item taken is
    appended to ``seen`` and passed to ``on_line`` first."""
    import queue
    import time

    end = time.monotonic() + timeout
    while (left := end - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if seen is not None:
            seen.append(line)
        if on_line is not None:
            on_line(line)
        if test(line):
            return line
    return None


def x_key(display: str, keysym: int, down: bool) -> None:
    """A key (X keysym) pressed or released as if typed on the X server's keyboard
    (XTEST), the pointer put at (320, 240) first: over a window at the screen's corner, as
    windows open without a window manager, which then has the focus."""
    xlib, xtst = ctypes.CDLL("libX11.so.6"), ctypes.CDLL("libXtst.so.6")
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    dpy = ctypes.c_void_p(xlib.XOpenDisplay(display.encode()))
    assert dpy.value, f"cannot open {display}"
    xtst.XTestFakeMotionEvent(dpy, -1, 320, 240, 0)
    xtst.XTestFakeKeyEvent(dpy, xlib.XKeysymToKeycode(dpy, keysym), down, 0)
    xlib.XCloseDisplay(dpy)


def read_until(stream, text: str) -> list[str]:
    """The lines read from ``stream`` (a process's output pipe) up to the first holding
    ``text``; the test fails with them if the stream ends first (the process quit)."""
    seen: list[str] = []
    while not seen or text not in seen[-1]:
        line = stream.readline()
        assert line, f"{text!r} never came: {''.join(seen)}"
        seen.append(line)
    return seen


class NoLink:
    """The wire moves the datagrams; the session needs nothing more."""

    bytes_in = bytes_out = 0

    def pump(self):
        return 0

    def flush(self):
        pass

    def close(self):
        pass


def hunt(bot: NetSession, prey: str, now: float) -> None:
    """Turn toward ``prey``, close in, fire when lined up."""
    me = bot.world.own_ship(now)
    target = next((s for s in bot.world.remote_ships(now) if s.name == prey and s.alive), None)
    if me is None or target is None or not me.alive:
        return
    dx = sim.wrapped_delta(me.x, target.x, sim.WIDTH)
    dy = sim.wrapped_delta(me.y, target.y, sim.HEIGHT)
    off = (math.degrees(math.atan2(dx, dy)) - me.angle + 180) % 360 - 180
    wanted = {"right"} if off > 8 else {"left"} if off < -8 else set()
    if abs(off) < 20 and math.hypot(dx, dy) > 250:
        wanted.add("up")
    for key in ("left", "right", "up"):
        if key in wanted and key not in bot.world.keys:
            bot.press(key)
        elif key not in wanted and key in bot.world.keys:
            bot.release(key)
    if abs(off) < 8:
        bot.press("fire")


def duel(seed: int = 7) -> tuple[GameServer, Wire, NetSession, NetSession]:
    """A game server with no asteroids, and Vega and Orion joined to it on a fake-time wire."""
    game = GameServer(ServerConfig(), seed=seed)
    game.world.asteroids.clear()
    wire = Wire(game.protocol)
    clock = lambda: wire.now  # noqa: E731
    vega = NetSession(SERVER, "Vega", clock=clock, link=lambda *_: NoLink())
    orion = NetSession(SERVER, "Orion", clock=clock, link=lambda *_: NoLink())
    wire.add(("10.0.0.2", 5000), vega.protocol)
    wire.add(("10.0.0.3", 5000), orion.protocol)
    return game, wire, vega, orion


def run_bench(script: str, *args: str, env: dict[str, str] | None = None,
              timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """Run ``bench/<script>`` from the repository root, its output captured as text."""
    return subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=timeout)


def bench(script: str, *args: str, timeout: float = 240) -> list[list[str]]:
    """Run ``bench/<script>`` and return its table rows, each a list of 4 cells."""
    result = run_bench(script, *args, timeout=timeout)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert lines[0] == "| measure | Starlane | peer | ratio |"
    rows = [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines[1:]]
    assert rows and all(len(row) == 4 for row in rows)
    return rows


def drive_window(script: str, display: str, config: Path, *args: str,
                 timeout: float = 150) -> dict[str, str]:
    """Run the window driver ``tests/<script>`` on ``display`` with its settings in
    ``config``, to its closing ``done``; what it said, one ``what: value`` line each."""
    env = {**os.environ, "DISPLAY": display, "XDG_CONFIG_HOME": str(config)}
    result = subprocess.run([sys.executable, str(ROOT / "tests" / script), *args],
                            env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0 and result.stdout.endswith("done\n"), \
        result.stdout + result.stderr
    return dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)


class Table:
    """A game server and scripted players joined by a fake-time wire. ``close`` it (the
    ``tables`` fixture of tests/conftest.py does): each player's session reserved a real UDP
    port, 40080 if free, to take the match over on."""

    def __init__(self, game: GameServer) -> None:
        self.game = game
        self.wire = Wire(game.protocol)
        self.sessions: list[NetSession] = []
        self.feeds: dict[NetSession, list[str]] = {}  # what each player's feed showed
        self.sounds: dict[NetSession, list[str]] = {}  # and the sounds it played

    def close(self) -> None:
        """Close every player's session, freeing the port it reserved."""
        for session in self.sessions:
            session.close()

    def join(self, name: str) -> NetSession:
        session = NetSession(SERVER, name, clock=lambda: self.wire.now,
                             link=lambda *_: NoLink())
        self.wire.add((f"10.0.0.{len(self.sessions) + 2}", 5000), session.protocol)
        self.sessions.append(session)
        self.feeds[session], self.sounds[session] = [], []
        return session

    def tick(self) -> None:
        self.game.on_tick(self.wire.now)
        self.wire.step(sim.DT)
        for session in self.sessions:
            happened = session.pump()
            self.feeds[session] += happened.feed
            self.sounds[session] += happened.sounds

    def run_until(self, condition, seconds: float, each=None) -> bool:
        for _ in range(round(seconds * sim.TICK_RATE)):
            self.tick()
            if each is not None:
                each()
            if condition():
                return True
        return False


@contextlib.contextmanager
def plain_neteria_client(hosted: Any) -> Any:
    """A plain neteria 1.0.2 client registered with ``hosted`` (a ``HostedServer`` on
    loopback, run in a thread until the block ends); skips when neteria is missing."""
    import pytest

    neteria_client = pytest.importorskip("neteria.client")
    thread = hosted.in_thread()
    thread.start()
    try:
        client = neteria_client.NeteriaClient(server_port=hosted.address[1],
                                              client_address="127.0.0.1",
                                              client_port=free_port())
        client.listen()
        client.register(hosted.address)
        assert wait_until(lambda: client.registered)
        yield client
    finally:
        thread.stop()


def tour_fixture(script: str, out: Path) -> Any:
    """A module fixture ``tour``: what the window tour ``tests/<script> out`` said under
    Xvfb (``display``, see ``drive_window``); it runs once for the module, with settings
    of its own."""
    import pytest

    @pytest.fixture(scope="module")
    def tour(display: str, tmp_path_factory: Any) -> dict[str, str]:
        return drive_window(script, display, tmp_path_factory.mktemp("config"), str(out))
    return tour
