"""Application messages on declared channels, both ways, for the server and the client ends.

Each end declares its channels (``ServerConfig.channels``, ``ClientConfig.channels``: a
list of ``Channel(name, mode)``). A client announces its list in REGISTER, the server's
comes back in OK REGISTER; the channels they agree on (same name and mode) are numbered by
their place in the server's list (``net.link._ordered.agree``). Nothing is ever sent on a
channel the peer did not announce, so a plain neteria client, which announces none, never
sees a MESSAGE. The guarantees of each mode are in ``net.link._ordered``.

A client's message reaches the server's middleware (``Middleware.message``) before
anything else sees it: the server never trusts a client. The client gets the server's as
``MessageReceived`` events. Times in seconds, as ``now``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from weakref import WeakKeyDictionary

from pydantic_core import to_json

from ..link._ordered import Channel, ChannelSet, agree
from ..link._retransmit import Address
from ..link.connection import HOLDS_ADDRESS, Connection
from ..link.peer import Link
from ..wire import messages as m
from .client_api import MessageReceived
from .middleware import Boundary
from .serverconfig import ServerConfig

__all__ = ["Channel", "ClientChannels", "MessageReceived", "ServerChannels"]


class ServerChannels:
    """The server's channels to each client: those of ``config`` (``channels``, read at
    each REGISTER and send), their state per link (a restarted session starts afresh),
    sends queued with ``queue``; ``app`` is the middleware's ``Boundary`` (a client's
    message reaches its ``message`` hook first); ``refused`` (called with the connection
    and why) counts a client's message that is not handed over (over ``MESSAGE_MAX``
    bytes)."""

    def __init__(self, config: ServerConfig, app: Boundary,
                 queue: Callable[[bytes, Address], None],
                 refused: Callable[[Connection, str], None]) -> None:
        self.config, self.app, self.queue, self.refused = config, app, queue, refused
        self._announced: WeakKeyDictionary[Connection, list[m.ChannelSpec]] = \
            WeakKeyDictionary()
        self._sets: WeakKeyDictionary[Link[Any], ChannelSet] = WeakKeyDictionary()

    def announced(self, conn: Connection | None, address: Address,
                  channels: list[m.ChannelSpec] | None) -> None:
        """A REGISTER from ``address`` named ``channels``; ``conn`` is the seat it holds
        now, if any (a refused REGISTER holds none). Each session's REGISTER says anew."""
        if conn is None or conn.address != address:
            return
        if channels and self.config.channels:
            self._announced[conn] = channels
        else:
            self._announced.pop(conn, None)

    def of(self, conn: Connection) -> ChannelSet | None:
        """``conn``'s channels in its current session (None: it announced none)."""
        announced = self._announced.get(conn)
        if announced is None:
            return None
        found = self._sets.get(conn.link)
        if found is None:
            found = self._sets[conn.link] = ChannelSet(agree(self.config.channels, announced))
        return found

    def send(self, conn: Connection, channel: str, data: Any, now: float) -> bool:
        """Send ``data`` (any JSON) to ``conn`` on ``channel``; False when it does not speak
        that channel or holds no reachable seat. ``ValueError``: a channel the server did not
        declare, or a message over ``m.MESSAGE_MAX`` bytes; ``OverflowError``: its backlog
        is full (see ``net.link._ordered``)."""
        if all(declared.name != channel for declared in self.config.channels):
            raise ValueError(f"channel {channel!r} is not declared in ServerConfig.channels "
                             f"(declared: {[c.name for c in self.config.channels] or 'none'})")
        channels = self.of(conn)
        if channels is None or channel not in channels.numbers or \
                conn.state not in HOLDS_ADDRESS:
            return False
        datagrams = channels.send(channel, data, now)
        if not conn.unproven:  # an unproven address gets them resent once it proves itself
            for datagram in datagrams:
                self.queue(datagram, conn.address)
        return True

    def received(self, conn: Connection, msg: m.ChannelMessage | m.OkChannelMessage,
                 now: float) -> None:
        """A MESSAGE (to the middleware, in order) or OK MESSAGE from ``conn``."""
        channels = self.of(conn)
        if channels is None:
            return
        if isinstance(msg, m.OkChannelMessage):
            channels.acknowledged(msg, now)
            return
        for channel, data in channels.receive(msg):
            if len(to_json(data)) > m.MESSAGE_MAX:  # the client's own send refuses these
                self.refused(conn, f"a message of over {m.MESSAGE_MAX} bytes on {channel!r}")
                continue  # acknowledged (its sender stops), never handed to the middleware
            self.app.message(conn, channel, data)

    def flush(self, now: float) -> None:
        """Queue the acknowledgements owed and the resends due to every proven client that
        speaks channels (only those are looked at: this runs at every send)."""
        for conn in list(self._announced):
            if conn.state == "confirmed" and (channels := self.of(conn)) is not None:
                for datagram in channels.flush(now):
                    self.queue(datagram, conn.address)

    def next_deadline(self) -> float | None:
        """When ``flush`` next has resends due (acknowledgements owed go with the next
        ``datagrams_to_send``, which an adapter calls after each read)."""
        return min((due for conn in list(self._announced) if conn.state == "confirmed"
                    and (channels := self.of(conn)) is not None
                    and (due := channels.next_deadline()) is not None), default=None)


class ClientChannels:
    """The client's channels to its server: ``declared`` (the client's list); agreed anew
    with each OK REGISTER (``start``), gone when the session ends (``stop``). ``current``:
    this session's ``ChannelSet``, None when none is agreed."""

    def __init__(self, declared: Sequence[Channel]) -> None:
        self.declared = tuple(declared)
        self.current: ChannelSet | None = None

    def start(self, offered: list[m.ChannelSpec] | None, cuuid: str) -> None:
        """OK REGISTER named the server's channels ``offered``: agree on ours among them."""
        ours = [(channel.name, channel.mode) for channel in self.declared]
        server = [Channel(name, mode) for name, mode in offered or ()]
        self.current = ChannelSet(agree(server, ours), cuuid) if ours and server else None

    def speaks(self, channel: str) -> bool:
        """Whether ``channel`` is agreed with the server this session (``send`` works)."""
        return self.current is not None and channel in self.current.numbers

    def stop(self) -> None:
        """The session ended: what was in flight is dropped (the next starts afresh)."""
        self.current = None

    def send(self, channel: str, data: Any, now: float) -> list[bytes]:
        """The datagrams carrying ``data`` now. ``ValueError``: the channel is not agreed
        with the server, or the message exceeds one datagram (``messages.MESSAGE_MAX``
        bytes); ``OverflowError``: too many wait for the server's acknowledgements."""
        if self.current is None:
            raise ValueError(f"channel {channel!r} is not agreed with the server (it offered "
                             "no channel this client declared)")
        return self.current.send(channel, data, now)

    def received(self, msg: m.ChannelMessage | m.OkChannelMessage, now: float
                 ) -> list[MessageReceived]:
        """A MESSAGE or OK MESSAGE from the server: the messages now to hand over."""
        if self.current is None:
            return []
        if isinstance(msg, m.OkChannelMessage):
            self.current.acknowledged(msg, now)
            return []
        return [MessageReceived(name, data) for name, data in self.current.receive(msg)]

    def flush(self, now: float) -> list[bytes]:
        """Acknowledgements owed and resends due."""
        return [] if self.current is None else self.current.flush(now)

    def next_deadline(self) -> float | None:
        """When ``flush`` next has resends due (acknowledgements owed go at once)."""
        return None if self.current is None else self.current.next_deadline()
