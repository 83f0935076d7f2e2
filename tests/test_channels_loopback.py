"""Message channels on real loopback sockets through the asyncio adapter, each scenario in
``asyncio.run`` with a bounded wait, no sleeps standing in for events."""

import asyncio
from typing import Any

from starlane.net import (
    Channel,
    ClientConfig,
    ClientProtocol,
    Connection,
    MessageReceived,
    ServerConfig,
    ServerProtocol,
)
from starlane.net.aio import AsyncClient, AsyncServer
from tests.helpers import Recorder

CHANNELS = (Channel("chat"), Channel("aim", "latest"))


class Inbox(Recorder):
    def __init__(self) -> None:
        super().__init__()
        self.got: list[Any] = []
        self.arrived = asyncio.Event()

    def message(self, conn: Connection, channel: str, data: Any) -> None:
        self.got.append((conn.name, channel, data))
        self.arrived.set()


def within(coroutine, seconds: float = 15.0):
    async def bounded():
        async with asyncio.timeout(seconds):
            return await coroutine
    return asyncio.run(bounded())


async def joined(address) -> AsyncClient:
    client = await AsyncClient.connect(ClientProtocol(
        address, name="Vega", config=ClientConfig(channels=CHANNELS)), ("127.0.0.1", 0))
    await client.register()
    return client


def test_an_async_client_message_reaches_the_server_middleware_in_order():
    inbox = Inbox()

    async def scenario():
        async with AsyncServer(ServerProtocol(inbox, ServerConfig(channels=CHANNELS)),
                               "127.0.0.1", 0) as server:
            client = await joined(server.address)
            for line in ("one", "two", "three"):
                client.send("chat", line)
            while len(inbox.got) < 3:
                inbox.arrived.clear()
                await inbox.arrived.wait()
            await client.close()
    within(scenario())
    assert inbox.got == [("Vega", "chat", "one"), ("Vega", "chat", "two"),
                         ("Vega", "chat", "three")]


def test_an_async_server_message_to_all_comes_to_the_client_as_an_event():
    async def scenario():
        async with AsyncServer(ServerProtocol(Inbox(), ServerConfig(channels=CHANNELS)),
                               "127.0.0.1", 0) as server:
            client = await joined(server.address)
            assert server.send_all("chat", {"from": "server"}) == 1
            async for event in client.events():
                if isinstance(event, MessageReceived):
                    await client.close()
                    return event
        raise AssertionError("no message came")
    assert within(scenario()) == MessageReceived("chat", {"from": "server"})
