"""The asyncio adapter on real loopback sockets: servers, clients and a LAN browse, each in
``asyncio.run`` with a bounded wait (``within``), no sleeps standing in for events."""

import asyncio
import logging
import socket

import pytest

from starlane.game.core import sim
from starlane.game.server.game_server import GameServer
from starlane.net import (  # the public API, as an asyncio developer imports it
    ClientConfig,
    ClientProtocol,
    Disconnected,
    EventJudged,
    Notified,
    Registered,
    RetrySchedule,
    ServerConfig,
    ServerProtocol,
    StateUpdated,
)
from starlane.net.aio import AsyncClient, AsyncServer, RegisterError, discover
from tests.helpers import Recorder, free_port

LOCAL = ("127.0.0.1", 0)


def within(coroutine, seconds: float = 15.0):
    """Run ``coroutine`` in a fresh loop, failing if it takes more than ``seconds``."""
    async def bounded():
        async with asyncio.timeout(seconds):
            return await coroutine
    return asyncio.run(bounded())


async def joined(address, name="Vega", **config) -> AsyncClient:
    client = await AsyncClient.connect(ClientProtocol(address, name=name,
                                                      config=ClientConfig(**config)), LOCAL)
    await client.register()
    return client


async def first(client: AsyncClient, kind):
    async for event in client.events():
        if isinstance(event, kind):
            return event
    raise AssertionError(f"the events ended before a {kind.__name__}")


def recorder_server(**config) -> AsyncServer:
    """A server judging with ``Recorder`` on a free port (the one its OHAI answers name)."""
    port = free_port()
    return AsyncServer(ServerProtocol(Recorder(), ServerConfig(port=port, **config)),
                       "127.0.0.1", port)


def test_a_client_registers_and_gets_the_name_the_server_gave():
    async def scenario():
        async with recorder_server() as server:
            first_vega = await joined(server.address)
            second = await AsyncClient.connect(ClientProtocol(server.address, name="Vega"))
            registered = await second.register()
            await first_vega.close()
            await second.close()
            return registered
    registered = within(scenario())
    assert isinstance(registered, Registered) and registered.name == "Vega 2"


def test_a_legal_event_is_applied_and_an_illegal_high_one_rolled_back():
    async def scenario():
        async with recorder_server() as server:
            client = await joined(server.address)
            done: list[str] = []
            legal = await client.judged({"move": 1}, apply=lambda: done.append("applied"))
            illegal = await client.judged({"bad": "not now"}, priority="high",
                                          apply=lambda: done.append("predicted"),
                                          undo=lambda: done.append("rolled back"))
            await client.close()
            return legal, illegal, done, server.protocol.app.middleware.executed
    legal, illegal, done, executed = within(scenario())
    assert (legal.outcome, illegal.outcome, illegal.reason) == ("legal", "illegal", "not now")
    assert done == ["applied", "predicted", "rolled back"]
    assert executed == [("Vega", {"move": 1})]


def test_events_yields_each_verdict_in_order_as_the_protocol_reports_it():
    async def scenario():
        async with recorder_server() as server:
            client = await joined(server.address)
            sent = [client.event({"n": n}) for n in range(3)]
            seen = []
            async for event in client.events():
                if isinstance(event, EventJudged):
                    seen.append(event.euuid)
                if len(seen) == 3:
                    break
            await client.close()
            return sent, seen
    sent, seen = within(scenario())
    assert seen == sent


def test_a_notify_pushed_by_the_server_reaches_every_client():
    async def scenario():
        async with recorder_server() as server:
            vega, orion = await joined(server.address), await joined(server.address, "Orion")
            server.protocol.notify_all({"say": "hello"}, server.endpoint.clock())
            server.endpoint.flush()
            got = [await first(c, Notified) for c in (vega, orion)]
            for client in (vega, orion):
                await client.close()
            return got
    assert [n.event_data for n in within(scenario())] == [{"say": "hello"}] * 2


def test_the_game_middleware_served_by_asyncio_streams_state_the_client_sees():
    async def scenario():
        game = GameServer(ServerConfig(server_name="Aio"), hosted=False)
        async with AsyncServer(game.protocol, "127.0.0.1", 0, on_tick=game.on_tick,
                               tick_interval=sim.DT, on_stop=game.stop) as server:
            client = await joined(server.address)
            await client.judged({"KEYDOWN": "up"})
            while True:  # bit 0 of "keys" is "up"
                state = (await first(client, StateUpdated)).state
                if any(s["name"] == "Vega" and s["keys"] == 1 for s in state["ships"].values()):
                    break
            await client.close()
            return server.stats.ticks
    assert within(scenario()) > 0


def test_stopping_the_server_tells_each_client_it_is_disconnected_and_why():
    async def scenario():
        server = recorder_server()
        await server.start()
        client = await joined(server.address)
        await server.stop()
        events = [event async for event in client.events()]  # ends with the session
        await client.close()
        return events
    events = within(scenario())
    assert events[-1] == Disconnected("server shutting down")


def test_a_refused_registration_raises_register_error_with_the_servers_reason():
    async def scenario():
        async with recorder_server(max_players=0, max_spectators=0) as server:
            client = await AsyncClient.connect(ClientProtocol(server.address, name="Vega"))
            with pytest.raises(RegisterError, match="server full"):
                await client.register()
            await client.close()
    within(scenario())


def test_a_server_that_never_answers_raises_register_error_after_the_retries():
    quick = RetrySchedule(first=0.05, factor=1, longest=0.05, attempts=2)

    async def scenario():
        silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # bound, never read
        silent.bind(LOCAL)
        protocol = ClientProtocol(silent.getsockname(), config=ClientConfig(
            register_schedule=quick))
        client = await AsyncClient.connect(protocol, LOCAL)
        try:
            with pytest.raises(RegisterError, match=r"no answer .* after 2 tries"):
                await client.register()
        finally:
            await client.close()
            silent.close()
    within(scenario())


def test_garbage_is_counted_and_dropped_and_the_server_goes_on_serving():
    async def scenario():
        async with recorder_server() as server:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as raw:
                for junk in (b"\x00" * 40000, b"{", b"[]", b'{"method": "EVENT"}'):
                    raw.sendto(junk, server.address)
            client = await joined(server.address)
            verdict = await client.judged({"move": 1})
            await client.close()
            return server.protocol.stats.malformed, verdict.outcome
    malformed, outcome = within(scenario())
    assert sum(malformed.values()) == 4 and outcome == "legal"


def test_a_socket_error_is_counted_and_the_client_loop_goes_on():
    quick = RetrySchedule(first=0.05, factor=1, longest=0.05, attempts=3)

    async def scenario():  # port 0: every sendto fails with EINVAL
        client = await AsyncClient.connect(ClientProtocol(
            ("127.0.0.1", 0), config=ClientConfig(register_schedule=quick)), LOCAL)
        with pytest.raises(RegisterError, match="after 3 tries"):  # the retries still ran
            await client.register()
        errors = dict(client.endpoint.errors)
        await client.close()
        return errors
    assert within(scenario()) == {"OSError": 3}


class Throws(Recorder):
    def judge(self, conn, event_data):
        raise RuntimeError("bug in the application's rules")


def test_a_middleware_exception_is_logged_makes_the_event_illegal_and_is_contained(caplog):
    async def scenario():
        async with AsyncServer(ServerProtocol(Throws()), "127.0.0.1", 0) as server:
            client = await joined(server.address)
            verdicts = [await client.judged({"move": n}) for n in range(2)]
            await client.close()
            return verdicts
    with caplog.at_level(logging.ERROR):
        verdicts = within(scenario())
    assert [v.outcome for v in verdicts] == ["illegal", "illegal"]
    assert "bug in the application's rules" in caplog.text


def test_an_on_tick_exception_is_logged_counted_and_the_server_keeps_ticking(caplog):
    calls = []

    def on_tick(now):
        calls.append(now)
        if len(calls) == 1:
            raise RuntimeError("bug in the application's tick")

    async def scenario():
        async with AsyncServer(ServerProtocol(Recorder()), "127.0.0.1", 0, on_tick=on_tick,
                               tick_interval=0.01) as server:
            while len(calls) < 3:
                await asyncio.sleep(0.01)
            client = await joined(server.address)
            verdict = await client.judged({"move": 1})
            await client.close()
            return server.app_errors, verdict.outcome
    with caplog.at_level(logging.ERROR, logger="starlane.net.aio"):
        assert within(scenario()) == (1, "legal")
    assert "bug in the application's tick" in caplog.text and "Traceback" in caplog.text


def test_discover_lists_an_asyncio_server_found_on_a_loopback_target():
    async def scenario():
        async with recorder_server(server_name="Aio room", max_players=4) as server:
            return server.address, await discover([server.address], timeout=0.3)
    address, found = within(scenario())
    assert [(s.name, s.host, s.port, s.max_players) for s in found] == [
        ("Aio room", "127.0.0.1", address[1], 4)]


def test_discover_with_no_server_answering_lists_none():
    assert within(discover([("127.0.0.1", free_port())], timeout=0.1)) == []


def test_a_busy_port_is_a_clear_oserror():
    async def scenario():
        async with recorder_server() as server:
            with pytest.raises(OSError):
                await AsyncServer(ServerProtocol(Recorder()), *server.address).start()
    within(scenario())
