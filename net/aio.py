"""Runs a sans-IO protocol object on an asyncio loop: ``net.io.udp``'s twin for asyncio programs.

The same protocol objects (``ServerProtocol``, ``ClientProtocol``, ``LanBrowser``: anything
satisfying ``net.io.udp.SansIO``) run here unchanged, driven by ``AsyncEndpoint``
(``net.io._aio_endpoint``: the socket, one timer for ``next_deadline()``, no polling; ``now`` is
the loop's clock, ``loop.time()``, in seconds). On top of it, what an asyncio program expects:

- ``AsyncServer``: ``async with AsyncServer(protocol, host, port) as server``; it stops
  cleanly (BYE REGISTER to every client, as ``net.io.serving.ServerThread`` does), and no
  exception of the application's stops it (as there).
- ``AsyncClient``: ``await AsyncClient.connect(protocol)``, ``await client.register()``,
  ``await client.judged(data)``, ``async for event in client.events()``.
- ``discover(targets, timeout)``: a LAN browse (``LanBrowser``).

Nothing here knows the wire: the protocol objects do. Socket errors are counted in the
endpoint's ``errors`` and never stop the loop.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any, Literal, Protocol

from .ends.client_api import (
    ClientEvent,
    Disconnected,
    EventJudged,
    Hook,
    Registered,
    RegisterFailed,
)
from .ends.discovery import LanBrowser, ServerInfo
from .io._aio_endpoint import AsyncEndpoint
from .io._sockets import RECEIVE_BUFFER
from .io.serving import ServeStats
from .io.udp import SansIO, resolve
from .link._retransmit import Address

__all__ = ["AsyncClient", "AsyncEndpoint", "AsyncServer", "ClientSansIO", "RegisterError",
           "ServerSansIO", "discover"]

log = logging.getLogger("starlane.net.aio")


class ServerSansIO(SansIO, Protocol):
    """A server protocol object: a ``SansIO`` that can say goodbye to its clients."""

    def close(self, now: float) -> None:
        """Queue BYE REGISTER for every client (sent by the next ``datagrams_to_send``)."""
        ...

    def send(self, cuuid: str, channel: str, data: Any, now: float) -> bool:
        """Queue a message to one client on a channel (``ServerProtocol.send``)."""
        ...

    def send_all(self, channel: str, data: Any, now: float) -> int:
        """Queue a message to every client on a channel (``ServerProtocol.send_all``)."""
        ...


class AsyncServer:
    """A server protocol object on ``host``:``port``, served by the running loop.

    ``on_tick(now)`` is the application's fixed-rate update (e.g. a game step), called
    every ``tick_interval`` s and counted in ``stats`` like ``net.io.serving.serve`` does; an
    exception it raises (or ``on_stop``) is contained as there, in the same words: logged
    with its traceback (the first of its kind; later ones counted in ``app_errors``), and
    the server goes on. ``on_stop(now)`` runs when the server stops (default, as for
    ``ServerThread``: the protocol's ``close``, a BYE REGISTER to every client); what it
    queues is sent before the socket closes. ``host`` may be a name; ``ValueError`` if it
    does not resolve.

    Attributes: ``protocol``, ``on_tick``, ``tick_interval``, ``on_stop`` as given (the
    default ``on_stop`` filled in); ``bind``, the resolved (ip, port) to bind; ``stats``
    (``ServeStats``, as for ``ServerThread``).
    """

    def __init__(self, protocol: ServerSansIO, host: str = "0.0.0.0", port: int = 40080, *,
                 on_tick: Callable[[float], None] | None = None, tick_interval: float = 0.05,
                 on_stop: Callable[[float], None] | None = None) -> None:
        self.protocol = protocol
        self.bind = resolve(host, port)
        self.on_tick, self.tick_interval = on_tick, tick_interval
        self.on_stop = on_stop if on_stop is not None else protocol.close
        self.stats = ServeStats(log)
        self._endpoint: AsyncEndpoint | None = None
        self._tick_timer: asyncio.TimerHandle | None = None

    @property
    def app_errors(self) -> int:
        """Exceptions ``on_tick`` and ``on_stop`` raised, all contained (``stats``)."""
        return self.stats.app_errors

    @property
    def endpoint(self) -> AsyncEndpoint:
        """The socket's adapter (its ``errors`` and byte counters); only once started."""
        if self._endpoint is None:
            raise RuntimeError("the server is not started")
        return self._endpoint

    @property
    def address(self) -> Address:
        """(host, port) the server listens on: the real port when it was asked for port 0."""
        return self.endpoint.address

    async def start(self) -> None:
        """Bind and serve (``OSError`` if the port is taken)."""
        self._endpoint = await AsyncEndpoint.open(self.protocol, self.bind,
                                                  receive_buffer=RECEIVE_BUFFER)
        if self.on_tick is not None:
            self._schedule_tick(self.endpoint.clock())

    def _schedule_tick(self, due: float) -> None:
        self._tick_timer = asyncio.get_running_loop().call_at(due, self._app_tick, due)

    def _app_tick(self, due: float) -> None:
        assert self.on_tick is not None
        now = self.endpoint.clock()
        next_due = self.stats.ticked(now, due, self.tick_interval)
        self.stats.call("on_tick", self.on_tick, now)
        self.endpoint.flush()
        self._schedule_tick(next_due)

    def send(self, cuuid: str, channel: str, data: Any) -> bool:
        """Send a message to one client on a channel now (``ServerProtocol.send``: the
        same guarantees and errors); False when it does not speak that channel."""
        sent = self.protocol.send(cuuid, channel, data, self.endpoint.clock())
        self.endpoint.flush()
        return sent

    def send_all(self, channel: str, data: Any) -> int:
        """``send`` to every client; returns to how many it went."""
        count = self.protocol.send_all(channel, data, self.endpoint.clock())
        self.endpoint.flush()
        return count

    async def stop(self) -> None:
        """Stop ticking, run ``on_stop``, send what it queued, close the socket. Once."""
        endpoint, self._endpoint = self._endpoint, None
        if endpoint is None:
            return
        if self._tick_timer is not None:
            self._tick_timer.cancel()
        self.stats.call("on_stop", self.on_stop, endpoint.clock())
        endpoint.flush()
        await endpoint.close()

    async def serve_forever(self) -> None:
        """Serve until cancelled (e.g. Ctrl-C under ``asyncio.run``), then stop cleanly."""
        try:
            await asyncio.get_running_loop().create_future()
        finally:
            await self.stop()

    async def __aenter__(self) -> AsyncServer:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()


class ClientSansIO(SansIO, Protocol):
    """A client protocol object (``ClientProtocol``): the public calls ``AsyncClient`` makes."""

    def register(self, now: float) -> None:
        """Start registering (REGISTER, resent on its schedule until answered)."""
        ...

    def event(self, event_data: Any, now: float, priority: Literal["normal", "high"] = ...,
              apply: Hook | None = ..., undo: Hook | None = ...) -> str:
        """Queue an EVENT; its euuid. ``apply``/``undo`` as ``ClientProtocol.event``: run
        from the event's ``EventJudged`` (a high one's ``apply`` at once)."""
        ...

    def close(self, now: float) -> None:
        """Queue BYE REGISTER: leave the server."""
        ...

    def send(self, channel: str, data: Any, now: float) -> None:
        """Queue a message to the server on a channel (``ClientProtocol.send``)."""
        ...

    def events(self) -> list[ClientEvent]:
        """What happened since the last call (``Registered``, ``EventJudged``...), in order."""
        ...


class RegisterError(Exception):
    """The server refused us (its reason), or never answered."""


class AsyncClient:
    """A ``ClientProtocol`` on its own socket in the running loop (see ``connect``).

    ``events()`` yields every event the protocol reports, in order (``Registered``,
    ``EventJudged``, ``StateUpdated``, ``Notified``, ``MessageReceived``, ``Disconnected``,
    ...);
    ``register()`` and ``judged()`` also await one of them for you. Undelivered events
    beyond the newest ``BACKLOG`` are dropped (counted in ``dropped_events``), so an
    application that never reads them does not grow without bound.

    Attributes: ``protocol`` (the ``ClientProtocol``: its ``status``, ``pending``, ``stats``)
    and ``dropped_events`` (events dropped beyond ``BACKLOG``).
    """

    BACKLOG = 1024

    def __init__(self, protocol: ClientSansIO) -> None:
        """Use ``connect``: the endpoint is opened there."""
        self.protocol = protocol
        self.dropped_events = 0
        self._backlog: deque[ClientEvent] = deque()
        self._arrived = asyncio.Event()
        self._waiters: list[tuple[Callable[[ClientEvent], bool], asyncio.Future[Any]]] = []
        self._closed = False
        self._endpoint: AsyncEndpoint | None = None

    @classmethod
    async def connect(cls, protocol: ClientSansIO, bind: Address = ("0.0.0.0", 0)) -> AsyncClient:
        """Open a socket on ``bind`` for ``protocol`` (a ``ClientProtocol``, which knows
        its server's address). Nothing is sent until ``register()``."""
        client = cls(protocol)
        client._endpoint = await AsyncEndpoint.open(protocol, bind, on_change=client._read)
        return client

    @property
    def endpoint(self) -> AsyncEndpoint:
        """The socket's adapter (its ``errors`` and byte counters)."""
        assert self._endpoint is not None, "use AsyncClient.connect"
        return self._endpoint

    async def register(self) -> Registered:
        """Register; returns ``Registered``. Raises ``RegisterError`` with the server's
        reason, or when it never answered (after ``ClientConfig.register_schedule``)."""
        answer = self._wait_for(lambda e: isinstance(e, (Registered, RegisterFailed)))
        self.protocol.register(self.endpoint.clock())
        self.endpoint.flush()
        outcome = await answer
        if isinstance(outcome, RegisterFailed):
            raise RegisterError(outcome.reason)
        assert isinstance(outcome, Registered)
        return outcome

    def event(self, event_data: Any, priority: Literal["normal", "high"] = "normal",
              apply: Hook | None = None, undo: Hook | None = None) -> str:
        """Send an EVENT now (``ClientProtocol.event``: ``apply``/``undo`` as there);
        returns its euuid. Its ``EventJudged`` comes through ``events()``."""
        euuid = self.protocol.event(event_data, self.endpoint.clock(), priority, apply, undo)
        self.endpoint.flush()
        return euuid

    def send(self, channel: str, data: Any) -> None:
        """Send a message to the server on a channel now (``ClientProtocol.send``: the same
        guarantees and errors); the server's come through ``events()`` as
        ``MessageReceived``."""
        self.protocol.send(channel, data, self.endpoint.clock())
        self.endpoint.flush()

    async def judged(self, event_data: Any, priority: Literal["normal", "high"] = "normal",
                     apply: Hook | None = None, undo: Hook | None = None) -> EventJudged:
        """Send an EVENT and await its ``EventJudged``, the same event ``events()`` yields:
        outcome "legal", "illegal" or "timeout" (no verdict in time, or the session
        ended). ``apply``/``undo`` have run by then (a high one rolled back unless LEGAL)."""
        euuid = self.event(event_data, priority, apply, undo)
        verdict = await self._wait_for(
            lambda e: isinstance(e, EventJudged) and e.euuid == euuid)
        assert isinstance(verdict, EventJudged)
        return verdict

    async def events(self) -> AsyncIterator[ClientEvent]:
        """Every event, in order, as it comes; ends after ``Disconnected`` or
        ``RegisterFailed`` (the session is over) or once the client is closed."""
        while True:
            while not self._backlog:
                if self._closed:
                    return
                self._arrived.clear()
                await self._arrived.wait()
            event = self._backlog.popleft()
            yield event
            if isinstance(event, (Disconnected, RegisterFailed)):
                return

    async def close(self) -> None:
        """Leave the server (BYE REGISTER) and close the socket."""
        if self._closed:
            return
        self.protocol.close(self.endpoint.clock())
        self.endpoint.flush()  # the goodbye goes, and the last events are read
        self._closed = True
        self._arrived.set()
        await self.endpoint.close()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def _wait_for(self, wanted: Callable[[ClientEvent], bool]) -> asyncio.Future[Any]:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiters.append((wanted, future))
        return future

    def _read(self) -> None:
        """After each receive and tick: the protocol's events to waiters and the backlog."""
        events = self.protocol.events()
        if not events:
            return
        for event in events:
            for waiter in [w for w in self._waiters if w[0](event)]:
                self._waiters.remove(waiter)
                if not waiter[1].done():
                    waiter[1].set_result(event)
            if len(self._backlog) >= self.BACKLOG:
                self._backlog.popleft()
                self.dropped_events += 1
            self._backlog.append(event)
        self._arrived.set()


async def discover(targets: Sequence[Address], timeout: float = 1.0,
                   bind: Address = ("0.0.0.0", 0)) -> list[ServerInfo]:
    """Probe ``targets`` (broadcast addresses from ``net.io.interfaces.probe_targets``,
    unicast ones) once, each probe sent twice, and list the servers that answered
    within ``timeout`` s (``LanBrowser``), by name."""
    browser = LanBrowser(list(targets))
    endpoint = await AsyncEndpoint.open(browser, bind, broadcast=True)
    try:
        browser.scan(endpoint.clock())
        endpoint.flush()
        await asyncio.sleep(timeout)
        return browser.servers(endpoint.clock())
    finally:
        await endpoint.close()
