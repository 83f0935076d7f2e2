"""examples/lan_chat.py on loopback: a host and two joiners, each its own process fed
through stdin; every wait is bounded. Discovery probes loopback only (``--no-broadcast``)."""

import queue
import signal
import subprocess
import sys
import threading

import pytest

from tests.helpers import ROOT, free_port, next_line

CHAT = ROOT / "examples" / "lan_chat.py"


class Chat:
    """One lan_chat.py process; its stdout lines are collected by a reader thread."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen([sys.executable, str(CHAT), *args], cwd=ROOT, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def expect(self, text: str, timeout: float = 15.0) -> str:
        """The first line from now on containing ``text``; fails after ``timeout`` s."""
        found = next_line(self.lines, lambda line: text in line, timeout, self.seen)
        if found is not None:
            return found
        pytest.fail(f"no line with {text!r} in {timeout} s; saw {self.seen}")

    def type(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def end_input(self) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        return self.proc.wait(timeout=15)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=5)


@pytest.fixture
def room():
    port = str(free_port())
    chats = [Chat("host", "--name", "Alice", "--port", port)]
    chats[0].expect(f"Chat room 'Alice' on UDP 0.0.0.0:{port}")

    def join(name: str) -> Chat:
        chat = Chat("join", "--name", name, "--no-broadcast", "--port", port)
        chats.append(chat)
        chat.expect(f"Joined as {name}.")
        return chat
    yield chats[0], join
    for chat in chats:
        chat.kill()


def test_a_line_typed_by_one_joiner_shows_at_the_other(room):
    host, join = room
    bob, carol = join("Bob"), join("Carol")
    bob.expect("Carol: (joined)")
    carol.type("hello from Carol")
    assert bob.expect("Carol: hello") == "Carol: hello from Carol"
    assert carol.expect("Carol: hello") == "Carol: hello from Carol"  # pushed to all
    assert host.expect("Carol: hello") == "Carol: hello from Carol"


def test_the_host_judges_empty_and_over_long_lines_illegal_and_pushes_neither(room):
    _, join = room
    bob, carol = join("Bob"), join("Carol")
    bob.expect("Carol: (joined)")
    carol.type("")
    carol.expect("(not sent: empty line)")
    carol.type("x" * 201)
    carol.expect("(not sent: over 200 characters)")
    carol.type("after those")
    bob.expect("Carol: after those")
    assert not any(line.startswith("Carol: x") or line == "Carol: " for line in bob.seen)


def test_a_joiner_leaves_at_end_of_input_and_the_others_are_told(room):
    _, join = room
    bob, carol = join("Bob"), join("Carol")
    assert carol.end_input() == 0
    bob.expect("Carol: (left: left)")


def test_stopping_the_host_with_ctrl_c_disconnects_the_joiners(room):
    host, join = room
    bob = join("Bob")
    host.proc.send_signal(signal.SIGINT)
    assert host.proc.wait(timeout=15) == 0
    bob.expect("(disconnected: server shutting down)")


def test_join_with_no_room_answering_says_so_and_fails():
    chat = Chat("join", "--no-broadcast", "--port", str(free_port()), "--timeout", "0.2")
    chat.expect("no chat room answered within 0.2 s")
    assert chat.proc.wait(timeout=15) == 1
