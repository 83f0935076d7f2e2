"""Both adapters (threads: net/io/udp.py and net/io/serving.py; asyncio: net/aio.py,
net/io/_aio_endpoint.py) and the socket set-up they share stay thin: no wire, no protocol
state, only the protocol objects' declared calls. Proven by reading their source, and by a
recording fake run through the asyncio endpoint."""

import ast
import asyncio
import pathlib
import socket

import pydantic
import pytest

from starlane.net import messages as m
from starlane.net.aio import ClientSansIO, ServerSansIO
from starlane.net.io._aio_endpoint import AsyncEndpoint
from starlane.net.io.udp import SansIO

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADAPTERS = ["net/io/udp.py", "net/io/serving.py", "net/aio.py", "net/io/_aio_endpoint.py",
            "net/io/_sockets.py", "net/io/_stamps.py"]
# the modules that know the wire or hold protocol state
PROTOCOL_MODULES = {"messages", "seats", "channels", "server", "client", "connection",
                    "packing", "sync", "acks", "middleware", "migration", "handover",
                    "ratelimit", "serverconfig"}
WIRE_METHODS = {model.model_fields["method"].default for model in vars(m).values()
                if isinstance(model, type) and issubclass(model, pydantic.BaseModel)
                and "method" in model.model_fields
                and isinstance(model.model_fields["method"].default, str)}
LAN_BROWSER_CALLS = {"scan", "servers"}  # discover's, on a LanBrowser
DECLARED = {name for kind in (SansIO, ServerSansIO, ClientSansIO) for name in vars(kind)
            if not name.startswith("_")}


def tree(module: str) -> ast.Module:
    return ast.parse((ROOT / module).read_text())


def test_the_wire_methods_are_known_to_this_test():
    assert {"OHAI", "REGISTER", "EVENT", "LEGAL", "ILLEGAL", "NOTIFY", "BYE REGISTER",
            "HEARTBEAT", "ACK", "MESSAGE"} <= WIRE_METHODS
    assert DECLARED == {"receive", "tick", "next_deadline", "datagrams_to_send", "close",
                        "register", "event", "events", "send", "send_all"}


@pytest.mark.parametrize("module", ADAPTERS)
def test_an_adapter_imports_no_protocol_module_and_no_codec(module):
    imported = set()  # every module path component and imported name, "_" prefix dropped
    for node in ast.walk(tree(module)):
        if isinstance(node, ast.ImportFrom):
            imported |= set((node.module or "").split("."))
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            imported |= {part for alias in node.names for part in alias.name.split(".")}
    imported = {name.lstrip("_") for name in imported}
    assert imported & PROTOCOL_MODULES == set()
    assert imported & {"json", "pydantic"} == set()


def docstrings(node: ast.Module) -> set[int]:
    """ids of the bare string statements: docstrings, of modules, classes, functions and
    attributes, may name wire methods, for that is prose."""
    return {id(expr.value) for expr in ast.walk(node)
            if isinstance(expr, ast.Expr) and isinstance(expr.value, ast.Constant)}


@pytest.mark.parametrize("module", ADAPTERS)
def test_an_adapter_spells_no_wire_string(module):
    parsed = tree(module)
    prose = docstrings(parsed)
    strings = [node.value for node in ast.walk(parsed) if isinstance(node, ast.Constant)
               and isinstance(node.value, str) and id(node) not in prose]
    assert [s for s in strings if any(method in s for method in WIRE_METHODS)] == []


def protocol_calls(module: str) -> set[str]:
    """Attributes used on the protocol objects: ``protocol.x``, ``self.protocol.x``,
    ``browser.x``."""
    used = set()
    for node in ast.walk(tree(module)):
        if not isinstance(node, ast.Attribute):
            continue
        owner = node.value
        if (isinstance(owner, ast.Name) and owner.id in ("protocol", "browser")) or (
                isinstance(owner, ast.Attribute) and owner.attr == "protocol"):
            used.add(node.attr)
    return used


@pytest.mark.parametrize("module", ["net/io/udp.py", "net/aio.py", "net/io/_aio_endpoint.py"])
def test_an_adapter_calls_only_what_its_protocol_types_declare(module):
    assert protocol_calls(module) <= DECLARED | LAN_BROWSER_CALLS
    assert protocol_calls(module)  # the check reads the real attribute uses


def test_the_thread_endpoint_calls_only_the_sans_io_methods():
    assert protocol_calls("net/io/udp.py") == {"receive", "tick", "next_deadline",
                                            "datagrams_to_send"}


class RecordingProtocol:
    """A SansIO fake: records what the adapter hands it; sends what a test queues."""

    def __init__(self) -> None:
        self.received: list[tuple[bytes, tuple[str, int], float]] = []
        self.ticks: list[float] = []
        self.deadline: float | None = None
        self.outbox: list[tuple[bytes, tuple[str, int]]] = []
        self.on_tick: list[tuple[bytes, tuple[str, int]]] = []  # queued by the next tick

    def receive(self, datagram, address, now):
        self.received.append((datagram, address, now))

    def tick(self, now):
        self.ticks.append(now)
        self.deadline = None
        self.outbox += self.on_tick

    def next_deadline(self):
        return self.deadline

    def datagrams_to_send(self, now):
        out, self.outbox = self.outbox, []
        return out


def test_the_asyncio_endpoint_forwards_each_datagram_and_sends_exactly_what_it_is_given():
    fake = RecordingProtocol()
    peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    peer.bind(("127.0.0.1", 0))
    peer.settimeout(5)
    address = peer.getsockname()

    async def scenario():
        endpoint = await AsyncEndpoint.open(fake, ("127.0.0.1", 0))
        loop = asyncio.get_running_loop()
        before = loop.time()
        fake.outbox = [(b"answer one", address), (b"answer two", address)]
        peer.sendto(b"anything \x00 at all", endpoint.address)
        while not fake.received:
            await asyncio.sleep(0.005)
        answers = [peer.recvfrom(100)[0] for _ in range(2)]
        fake.on_tick = [(b"from the tick", address)]
        fake.deadline = loop.time() + 0.05  # armed by the next flush
        endpoint.flush()
        while not fake.ticks:
            await asyncio.sleep(0.005)
        ticked = peer.recvfrom(100)[0]
        await endpoint.close()
        return before, loop.time(), answers, ticked, endpoint.bytes_out
    before, after, answers, ticked, bytes_out = asyncio.run(asyncio.wait_for(scenario(), 10))
    [(datagram, sender, now)] = fake.received
    assert (datagram, sender) == (b"anything \x00 at all", address)
    assert before <= now <= after  # the loop's clock
    assert answers == [b"answer one", b"answer two"]
    assert ticked == b"from the tick" and len(fake.ticks) == 1
    assert bytes_out == len(b"answer one" + b"answer two" + b"from the tick")
    peer.settimeout(0.05)
    with pytest.raises(TimeoutError):  # nothing else was sent
        peer.recvfrom(100)
    peer.close()


def test_the_asyncio_endpoint_ticks_at_the_deadline_not_before_and_never_without_one():
    fake = RecordingProtocol()

    async def scenario():
        endpoint = await AsyncEndpoint.open(fake, ("127.0.0.1", 0))
        await asyncio.sleep(0.1)  # no deadline: no tick
        idle_ticks = list(fake.ticks)
        deadline = fake.deadline = endpoint.clock() + 0.05
        endpoint.flush()
        while not fake.ticks:
            await asyncio.sleep(0.005)
        await endpoint.close()
        return idle_ticks, deadline
    idle_ticks, deadline = asyncio.run(asyncio.wait_for(scenario(), 10))
    assert idle_ticks == []
    [ticked_at] = fake.ticks
    assert ticked_at >= deadline
