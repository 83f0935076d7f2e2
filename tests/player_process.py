"""A ``tests.lan_player`` process seen from a test: its JSON lines, read by a thread."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time


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
        end = time.monotonic() + timeout
        while (left := end - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(line)
            self.last[next(k for k in ("status", "ships", "hosting") if k in line)] = line
            if test(line):
                return line
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
