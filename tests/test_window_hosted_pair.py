"""Issue 22's friends at one keyboard, joined to another window's game: window A hosts (as
``--host-game`` does), window B's P1 and P2 join it from B's LAN list, and B's two keyboard
halves (WASD + Space, arrows + Right Ctrl), typed through XTEST, each steer one pilot
alone, while A sees both of B's ships move (tests/hosted_pair_drive.py). Screenshots of
both windows land in artifacts/screenshots/local/pair-*.png, to be looked at."""

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.helpers import free_port, next_line

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "artifacts" / "screenshots" / "local"
WAIT = 60.0  # s: the longest a window may take to say its next line


class Driven:
    """One window of tests/hosted_pair_drive.py in ``role``, its lines read on a thread."""

    def __init__(self, role: str, display: str, config: Path, port: int) -> None:
        env = {**os.environ, "DISPLAY": display, "XDG_CONFIG_HOME": str(config)}
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "hosted_pair_drive.py"), role, str(OUT),
             str(port)], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def said(self, what: str) -> str:
        """The value of the next ``what: value`` line (fails with all it said if none)."""
        line = next_line(self.lines, lambda text: text.startswith(f"{what}: ") or text == what,
                         WAIT, self.seen)
        assert line is not None, "\n".join(self.seen)
        return line.removeprefix(f"{what}: ")

    def tell(self, word: str) -> None:
        self.proc.stdin.write(word + "\n")
        self.proc.stdin.flush()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def pair(display, tmp_path_factory):
    """What each window said as B's pilots joined A's game, then P1, then P2 steered:
    A's ``seen`` and ``at`` (before, after P1, after P2) and ``shots``; B's holds."""
    port = free_port()
    host = Driven("host", display, tmp_path_factory.mktemp("host-config"), port)
    guest = None
    said: dict = {}
    try:
        host.said("hosting")
        guest = Driven("guest", display, tmp_path_factory.mktemp("guest-config"), port)
        said["joined"] = guest.said("joined")
        said["seen"] = host.said("seen")
        said["before"] = json.loads(host.said("at"))
        for pilot, name in (("p1", "Vega"), ("p2", "Vega 2")):
            guest.tell(pilot)
            said[f"{pilot} holds"] = (guest.said("P1 holds"), guest.said("P2 holds"))
            host.tell(f"look {name}")
            said[f"after {pilot}"] = json.loads(host.said("at"))
            said[f"{pilot} shots"] = host.said("shots")
        for window in (guest, host):
            window.tell("quit")
            window.said("done")
    finally:
        for window in (guest, host):
            if window is not None:
                window.stop()
    return said


def test_window_bs_two_local_pilots_join_window_as_hosted_game_from_the_lan_list(pair):
    assert pair["joined"] == "['Vega', 'Vega 2']"
    assert pair["seen"] == "['Vega', 'Vega 2']"


def test_wasd_and_space_steer_p1_alone_and_the_arrows_and_right_ctrl_p2_alone(pair):
    assert pair["p1 holds"] == ("['fire', 'right', 'up']", "[]")
    assert pair["p2 holds"] == ("[]", "['fire', 'left', 'up']")


def moved(before, after) -> float:
    return abs(after[0] - before[0]) + abs(after[1] - before[1])


def test_the_host_window_sees_p1_fly_and_fire_while_p2_stays_put(pair):
    before, after = pair["before"], pair["after p1"]
    assert moved(before["Vega"], after["Vega"]) > 20 and after["Vega"][2] != before["Vega"][2]
    assert after["Vega 2"] == before["Vega 2"]
    assert pair["p1 shots"] == "['Vega']"


def test_the_host_window_sees_p2_fly_and_fire_while_p1_holds_its_heading(pair):
    before, after = pair["after p1"], pair["after p2"]
    assert moved(before["Vega 2"], after["Vega 2"]) > 20
    assert after["Vega 2"][2] != before["Vega 2"][2]
    assert after["Vega"][2] == before["Vega"][2]
    assert pair["p2 shots"] == "['Vega 2']"
