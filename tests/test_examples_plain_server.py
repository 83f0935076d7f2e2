"""examples/plain_server.py, spoken to as a game in another language would: a UDP socket and
JSON, nothing of starlane; then by the real neteria 1.0.2 client."""

import itertools
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import free_port, wait_until

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "plain_server.py"


@pytest.fixture
def port():
    """The example serving on a free port (on every address; the tests use loopback)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(EXAMPLE), "--port", str(port)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert "listening" in (proc.stdout.readline() if proc.stdout else "")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=5)


class RawClient:
    """The whole client side of the plain wire: JSON in UDP datagrams."""

    def __init__(self, port: int) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.5)
        self.server = ("127.0.0.1", port)
        self.cuuid = f"raw-{self.sock.getsockname()[1]}"
        self.states: list[dict] = []
        self.euuids = itertools.count(1)

    def send(self, method: str, **fields) -> None:
        message = {"method": method, "cuuid": self.cuuid, **fields}
        self.sock.sendto(json.dumps(message).encode(), self.server)

    def event(self, event_data) -> str:
        euuid = f"move-{next(self.euuids)}"
        self.send("EVENT", euuid=euuid, event_data=event_data, priority="normal", retry=0,
                  timestamp=str(time.time()))
        return euuid

    def expect(self, *methods: str, timeout: float = 10.0) -> dict:
        """The next message of one of ``methods``; each NOTIFY on the way is kept and answered
        with OK NOTIFY, each verdict with OK EVENT."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                message = json.loads(self.sock.recv(65536))
            except TimeoutError:
                continue
            if message["method"] == "NOTIFY":
                self.states.append(message["event_data"])
                self.send("OK NOTIFY", euuid=message["euuid"])
            elif message["method"] in ("LEGAL", "ILLEGAL"):
                self.send("OK EVENT", euuid=message["euuid"])
            if message["method"] in methods:
                return message
        raise AssertionError(f"no {methods} in {timeout} s")

    def board_until(self, condition, timeout: float = 10.0) -> dict:
        """Read state NOTIFYs until the board in one meets ``condition``."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if condition(self.expect("NOTIFY", timeout=timeout)["event_data"]["board"]):
                return self.states[-1]["board"]
        raise AssertionError(f"no such board in {timeout} s: {self.states[-1:]}")


def test_a_raw_json_client_registers_and_gets_the_state_pushed(port):
    client = RawClient(port)
    client.send("REGISTER")
    pid = str(client.expect("OK REGISTER")["pid"])
    assert client.states == []  # none before OK REGISTER
    # the first NOTIFYs come before our answer proved our address: we are not on the board
    assert client.board_until(lambda board: board) == {pid: [0, 0]}


def test_a_raw_json_client_gets_legal_then_sees_its_move_in_the_state(port):
    client = RawClient(port)
    client.send("REGISTER")
    pid = str(client.expect("OK REGISTER")["pid"])
    client.expect("NOTIFY")  # answered: our address is proven, our EVENTs are judged
    euuid = client.event({"GOTO": [3, 4]})
    assert client.expect("LEGAL", "ILLEGAL") == {"method": "LEGAL", "euuid": euuid,
                                                  "priority": "normal"}
    client.board_until(lambda board: board.get(pid) == [3, 4])


@pytest.mark.parametrize(("event_data", "reason"), [
    ({"GOTO": [300, 4]}, "off the board"),
    ({"GOTO": "home"}, 'expected {"GOTO": [x, y]}'),
    ("anything at all", 'expected {"GOTO": [x, y]}'),
])
def test_a_raw_json_client_gets_illegal_with_the_reason(port, event_data, reason):
    client = RawClient(port)
    client.send("REGISTER")
    client.expect("OK REGISTER")
    client.expect("NOTIFY")
    euuid = client.event(event_data)
    verdict = client.expect("LEGAL", "ILLEGAL")
    assert (verdict["method"], verdict["euuid"], verdict["reason"]) == ("ILLEGAL", euuid, reason)


def test_a_raw_json_client_that_never_answered_a_notify_is_judged_after_it_does(port):
    client = RawClient(port)
    client.send("REGISTER")
    client.expect("OK REGISTER")
    euuid = client.event({"GOTO": [1, 1]})  # waits: the address is not proven yet
    assert client.expect("LEGAL", "ILLEGAL")["euuid"] == euuid  # the NOTIFY's OK proved it


def test_the_real_neteria_client_plays_on_the_plain_server(port):
    neteria_client = pytest.importorskip("neteria.client")
    client = neteria_client.NeteriaClient(server_port=port, client_address="127.0.0.1",
                                          client_port=free_port())
    client.listen()
    client.register(("127.0.0.1", port))
    assert wait_until(lambda: client.registered, timeout=10)
    legal = str(client.event({"GOTO": [7, 7]}))
    illegal = str(client.event({"GOTO": [-1, 7]}, priority="high"))
    assert wait_until(lambda: not client.event_uuids, timeout=10)
    assert list(client.event_rollbacks) == [illegal] and legal not in client.event_rollbacks
    assert wait_until(lambda: any([7, 7] in state["board"].values()
                                  for state in list(client.event_notifies.values())),
                      timeout=10)


def test_a_bad_port_is_one_line_and_exit_2():
    result = subprocess.run([sys.executable, str(EXAMPLE), "--port", "99999"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "cannot listen there" in result.stderr
