"""The thread adapter and the asyncio one behave alike: a server says goodbye to its clients
when it stops unless told otherwise, and a client's ``event()`` takes the same arguments and
sends at once (``UdpClient`` / ``AsyncClient``), with no ``now`` and no ``flush()``. Real
sockets on loopback, bounded waits."""

import inspect
import threading

from starlane.net import (
    Disconnected,
    ServerProtocol,
    ServerThread,
    UdpClient,
    UdpEndpoint,
    serve_and_close,
)
from starlane.net.aio import AsyncClient
from tests.helpers import Recorder, udp_joined, wait_until

LOCAL = ("127.0.0.1", 0)


def test_a_server_thread_says_goodbye_to_its_clients_by_default():
    thread = ServerThread(UdpEndpoint(ServerProtocol(Recorder()), bind=LOCAL))
    thread.start()
    client, events = udp_joined(thread.endpoint.address)
    thread.stop()
    assert wait_until(lambda: Disconnected("server shutting down") in events,
                      pump=lambda: events.extend(client.pump()))
    client.endpoint.close()


def test_serve_and_close_says_goodbye_to_its_clients_by_default():
    endpoint = UdpEndpoint(ServerProtocol(Recorder()), bind=LOCAL)
    stop = threading.Event()
    loop = threading.Thread(target=serve_and_close, args=(endpoint, stop), daemon=True)
    loop.start()
    client, events = udp_joined(endpoint.address)
    stop.set()
    loop.join(5)
    assert wait_until(lambda: Disconnected("server shutting down") in events,
                      pump=lambda: events.extend(client.pump()))
    client.endpoint.close()


def test_a_udp_client_event_is_sent_at_once_without_a_pump_or_flush():
    rules = Recorder()
    thread = ServerThread(UdpEndpoint(ServerProtocol(rules), bind=LOCAL))
    thread.start()
    client, _ = udp_joined(thread.endpoint.address)
    client.event({"move": 1})
    assert wait_until(lambda: {"move": 1} in rules.judged)  # the client is not pumped
    client.close()
    thread.stop()


def test_both_clients_take_the_same_arguments_to_event():
    def parameters(method):
        return list(inspect.signature(method).parameters.items())
    assert parameters(UdpClient.event) == parameters(AsyncClient.event)
