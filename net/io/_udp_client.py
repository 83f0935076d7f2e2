"""``UdpClient``: a ``ClientProtocol`` on its own ``UdpEndpoint``, pumped from a frame loop.

The twin of ``net.aio.AsyncClient`` for a program without asyncio (a game's frame loop),
with the same shape of calls: ``event(data, priority, apply, undo)`` takes no ``now`` and
sends at once, with no ``flush()`` to remember. The sans-IO ``ClientProtocol.event`` needs
``now`` and only queues (what it queued leaves at the next ``UdpEndpoint.pump()`` or
``flush()``); this wrapper passes the endpoint's clock and flushes after each call.
"""

from __future__ import annotations

import time
from typing import Any, Literal

from ..ends.client import ClientProtocol
from ..ends.client_api import ClientEvent, Hook
from ..link._retransmit import Address
from .udp import Clock, UdpEndpoint


class UdpClient:
    """``protocol`` (a ``ClientProtocol``, which knows its server's address) on a socket
    bound to ``bind`` (an ephemeral port by default), ``now`` from ``clock`` (seconds).

    Call ``pump()`` once a frame: it reads what arrived, runs the protocol's timers, sends
    what is queued and returns the events since the last call (``Registered``,
    ``EventJudged``, ``StateUpdated``, ...). ``register``, ``event`` and ``close`` send
    at once. ``OSError`` from the constructor when ``bind`` cannot be had.

    Attributes: ``protocol`` (the ``ClientProtocol``: its ``status``, ``pending``, ``stats``)
    and ``endpoint`` (its ``UdpEndpoint``: ``address``, byte and error counters).
    """

    def __init__(self, protocol: ClientProtocol, bind: Address = ("0.0.0.0", 0),
                 clock: Clock = time.monotonic) -> None:
        self.protocol = protocol
        self.endpoint = UdpEndpoint(protocol, bind=bind, clock=clock)

    def register(self) -> None:
        """Start registering; ``Registered`` (or ``RegisterFailed``) comes from ``pump()``."""
        self.protocol.register(self.endpoint.clock())
        self.endpoint.flush()

    def event(self, event_data: Any, priority: Literal["normal", "high"] = "normal",
              apply: Hook | None = None, undo: Hook | None = None) -> str:
        """Send an EVENT now (``ClientProtocol.event``: ``apply``/``undo`` as there);
        returns its euuid. Its ``EventJudged`` comes from ``pump()``."""
        euuid = self.protocol.event(event_data, self.endpoint.clock(), priority, apply, undo)
        self.endpoint.flush()
        return euuid

    def pump(self) -> list[ClientEvent]:
        """Read, run due timers, send; the events since the last call, in order. Never
        blocks: call it every frame (``wait`` sleeps until there is something to do)."""
        self.endpoint.pump()
        return self.protocol.events()

    def wait(self, timeout: float) -> None:
        """Block up to ``timeout`` s, less if a datagram arrives or a timer is due."""
        self.endpoint.wait(timeout)

    def close(self) -> None:
        """Leave the server (BYE REGISTER, sent at once) and close the socket."""
        self.protocol.close(self.endpoint.clock())
        self.endpoint.flush()
        self.endpoint.close()
