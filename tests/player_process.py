"""``tests.lan_player`` processes seen from a test or a bench: their JSON lines, read by a
thread; ``Party``: a hosted match of such players on loopback."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.helpers import free_port, next_line

ROOT = Path(__file__).resolve().parent.parent


class PlayerProcess:
    """``proc`` runs ``tests.lan_player`` with stdin and stdout as text pipes."""

    def __init__(self, name: str, proc: subprocess.Popen[str]) -> None:
        self.name = name
        self.proc = proc
        self.lines: queue.Queue[dict] = queue.Queue()
        self.last: dict[str, dict] = {}
        self.seen: list[dict] = []  # every line read so far, in order
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout or ():
            self.lines.put(json.loads(line))

    def wait_for(self, test, timeout: float = 20.0) -> dict:
        """The first line (or the latest already seen) for which ``test`` holds."""
        for line in self.last.values():
            if test(line):
                return line
        def remember(line: dict) -> None:
            self.last[next(k for k in ("status", "ships", "hosting") if k in line)] = line
        found = next_line(self.lines, test, timeout, self.seen, remember)
        if found is not None:
            return found
        raise AssertionError(f"{self.name}: nothing matched within {timeout} s; "
                             f"last lines {self.last}")

    def sees(self, names: set[str], timeout: float = 20.0) -> dict:
        return self.wait_for(lambda line: set(line.get("ships", ())) == names, timeout)

    def send(self, command: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate(timeout=10)


def spawn(name: str, *args: str) -> PlayerProcess:
    return PlayerProcess(name, subprocess.Popen(
        [sys.executable, "-m", "tests.lan_player", "--name", name, "--seconds", "90", *args],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True))


class Party:
    """Vega hosting with one bot, and ``names`` joined; ``everyone`` includes the bot."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self.vega = spawn("Vega", "--join", f"127.0.0.1:{free_port()}", "--host-game",
                          "--bots", "1")
        port = self.vega.wait_for(lambda line: "hosting" in line)["hosting"]
        self.old = f"127.0.0.1:{port}"
        self.players = {}
        for name in names:  # one after the other: the line's order is the joining order
            self.players[name] = spawn(name, "--join", self.old)
            self.players[name].wait_for(lambda line: line.get("status") == "playing")
        self.everyone = {"Vega", "Kestrel", *names}
        for player in [self.vega, *self.players.values()]:
            player.sees(self.everyone)
        time.sleep(0.5)  # a few states: the line's members hold the handover

    def stop(self) -> None:
        for player in [self.vega, *self.players.values()]:
            player.stop()

    def resumed(self, name: str, timeout: float = 15.0) -> dict:
        """The first ships line ``name`` got from a server other than Vega's."""
        return self.players[name].wait_for(
            lambda line: "ships" in line and line["server"] != self.old, timeout)
