"""No exception of the application's stops a server, on any adapter: one raised by
``on_tick``, ``on_stop`` or the middleware is logged with its traceback the first time
(per kind and place), then only counted, and the server goes on serving. ``serve``,
``serve_and_close``, ``ServerThread`` and ``AsyncServer`` say it in the same words.
Real sockets on loopback, bounded waits."""

import asyncio
import logging
import threading

from starlane.net import EventJudged, ServerProtocol, ServerThread, UdpEndpoint, serve_and_close
from starlane.net.aio import AsyncServer
from tests.helpers import Recorder, dgram, join, udp_joined, wait_until

LOCAL = ("127.0.0.1", 0)
CONTAINED = "on_tick raised RuntimeError; contained, the server goes on"


def contained_records(caplog):
    return [r for r in caplog.records if "contained, the server goes on" in r.getMessage()]


def always_failing(calls):
    def on_tick(now):
        calls.append(now)
        raise RuntimeError("bug in the game step")
    return on_tick


def test_serve_contains_each_on_tick_exception_logging_the_first_and_counting_all(caplog):
    endpoint = UdpEndpoint(ServerProtocol(Recorder()), bind=LOCAL)
    stop, calls = threading.Event(), []

    def on_tick(now):
        if len(calls) == 4:
            stop.set()
        always_failing(calls)(now)
    stats = serve_and_close(endpoint, stop, on_tick, tick_interval=0.001)
    assert stats.ticks == len(calls) == 5 and stats.app_errors == 5
    [record] = contained_records(caplog)
    assert record.getMessage().startswith(CONTAINED)
    assert isinstance(record.exc_info[1], RuntimeError)  # with its traceback


def test_a_server_thread_whose_on_tick_always_raises_keeps_judging_events(caplog):
    calls = []
    thread = ServerThread(UdpEndpoint(ServerProtocol(Recorder()), bind=LOCAL),
                          on_tick=always_failing(calls), tick_interval=0.01)
    thread.start()
    client, events = udp_joined(thread.endpoint.address)
    client.event({"move": 1})
    assert wait_until(lambda: any(isinstance(e, EventJudged) for e in events),
                      pump=lambda: events.extend(client.pump()))
    client.close()
    thread.stop()
    assert thread.crashed is None and thread.stats.app_errors == len(calls) > 1
    [record] = contained_records(caplog)
    assert record.getMessage().startswith(CONTAINED)


def test_an_on_stop_that_raises_is_contained_and_the_socket_still_closes(caplog):
    def on_stop(now):
        raise ValueError("bug in the goodbye")
    endpoint = UdpEndpoint(ServerProtocol(Recorder()), bind=LOCAL)
    stop = threading.Event()
    stop.set()
    stats = serve_and_close(endpoint, stop, on_stop=on_stop)
    assert stats.app_errors == 1 and endpoint.sock.fileno() == -1
    [record] = contained_records(caplog)
    assert record.getMessage().startswith("on_stop raised ValueError; contained")


def test_the_asyncio_server_contains_on_tick_in_the_same_words(caplog):
    calls = []

    async def scenario():
        async with AsyncServer(ServerProtocol(Recorder()), *LOCAL,
                               on_tick=always_failing(calls), tick_interval=0.001) as server:
            while len(calls) < 3:
                await asyncio.sleep(0.005)
            return server.app_errors
    assert asyncio.run(asyncio.wait_for(scenario(), 10)) >= 3
    [record] = contained_records(caplog)
    assert record.getMessage().startswith(CONTAINED)
    assert isinstance(record.exc_info[1], RuntimeError)


def test_the_asyncio_server_contains_an_on_stop_that_raises(caplog):
    def on_stop(now):
        raise ValueError("bug in the goodbye")

    async def scenario():
        async with AsyncServer(ServerProtocol(Recorder()), *LOCAL, on_stop=on_stop) as server:
            pass
        return server.app_errors
    assert asyncio.run(asyncio.wait_for(scenario(), 10)) == 1
    [record] = contained_records(caplog)
    assert record.getMessage().startswith("on_stop raised ValueError; contained")


def test_a_middleware_that_always_raises_is_logged_once_per_method_and_counted(caplog):
    class Broken(Recorder):
        def judge(self, conn, event_data):
            raise ZeroDivisionError

    server = ServerProtocol(Broken())
    with caplog.at_level(logging.ERROR, logger="starlane.net"):
        join(server)  # its proving EVENT is judged: the first
        for n in range(3):
            server.receive(dgram(method="EVENT", cuuid="c1", euuid=f"e{n}", event_data=n),
                           ("10.0.0.2", 5000), 0.1)
    assert server.stats.middleware_errors == 4
    [record] = contained_records(caplog)
    assert record.getMessage().startswith("middleware judge raised ZeroDivisionError for ")
