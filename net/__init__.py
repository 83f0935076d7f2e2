"""Starlane's netcode: the Neteria UDP/JSON protocol, sans-IO, with the holes filled.

The protocol ends (``ServerProtocol``, ``ClientProtocol``, ``LanBrowser``) are state
machines: datagrams and ``now`` (seconds, any monotonic clock) in, datagrams and events out.
An adapter runs them on a socket: ``UdpEndpoint`` (pump it from a game loop, or ``serve`` /
``ServerThread`` for a server loop).

## The public API

``from starlane.net import ...`` gives the names a developer uses (``__all__``):

- server: ``ServerProtocol``, ``ServerConfig``, ``ServerStats``, ``Connection`` (one
  player, as the middleware sees it), ``Timeouts``, ``RetrySchedule``;
- the middleware boundary: ``Middleware``, ``Verdict``, ``LEGAL``, ``illegal``;
- client: ``ClientProtocol``, ``ClientConfig``, ``ClientStats``, and the events its
  ``events()`` yields (``ClientEvent``: ``Registered``, ``RegisterFailed``,
  ``Disconnected``, ``EventJudged``, ``Notified``, ``StateUpdated``, ``HandedDown``);
- state sync: ``StateHistory``, ``TrackedDict``, ``apply_delta``, ``REMOVED``;
- the thread/pump adapter: ``UdpEndpoint``, ``ServerThread``, ``serve``, ``resolve``;
  the asyncio one is the module ``starlane.net.aio`` (``AsyncServer``, ``AsyncClient``,
  ``discover``: ``import starlane.net`` does not load asyncio);
- LAN discovery: ``LanBrowser``, ``ServerInfo``, ``LanScanner``, ``scan``,
  ``probe_targets``, and ``parse_address`` for an address a player types;
- a simulated bad network: ``NetSim``, ``Impaired``;
- the wire's constants: ``PROTOCOL_VERSION``, ``DEFAULT_PORT``, ``SYNC_LEVEL``.

These submodules are public too, and documented here: ``messages`` (the wire: one model
per Neteria method, ``decode`` / ``encode``), ``server``, ``serverconfig``,
``middleware``, ``connection``, ``link`` (the per-peer link both ends keep: a
``Connection``'s and a ``ClientProtocol``'s), ``client``, ``client_api``, ``sync``,
``packing`` (the packed diff codec), ``udp``, ``discovery``, ``lan``, ``interfaces``, ``netsim``,
``migration`` and ``handover`` (host migration), and ``aio`` (the asyncio adapter).
Every other submodule (``acks``, ``channels``, ``retransmit``, ``ratelimit``, ``polling``,
``seats``, ``sockets``, ``aio_endpoint``) is an internal part of the above: no promise.

## Stability promise

- From 1.0 the public API above follows semantic versioning: a name in ``__all__`` or in
  a public submodule (not ``_``-prefixed) is removed or changes meaning only in a new
  major version. New names, new optional arguments and new config fields with defaults
  are minor.
- Until 1.0 (``starlane.__version__`` is 0.x) any of it may change in a minor version.
  The wire does not move with it.
- The wire is Neteria 1.0.2: a plain neteria 1.0.2 client or server interoperates with
  ours (the test suite runs the real one both ways). It is versioned by
  ``PROTOCOL_VERSION`` (sent in OHAI and REGISTER; any 1.x is accepted). Our extensions
  (acks, diffs, packing, batching, resume, host migration) are negotiated by the client's
  ``sync`` level and never sent to a plain peer. The wire and the extensions are written
  down in ``docs/protocol.md``.
- Counters (``ServerStats``, ``ClientStats``) and log lines are for people: fields may be
  added at any time.

.. include:: ../docs/guide.md
"""

from . import (
    client,
    client_api,
    connection,
    discovery,
    handover,
    interfaces,
    lan,
    link,
    messages,
    middleware,
    migration,
    netsim,
    packing,
    server,
    serverconfig,
    sync,
    udp,
)
from .client import ClientProtocol
from .client_api import (
    ClientConfig,
    ClientEvent,
    ClientStats,
    Disconnected,
    EventJudged,
    HandedDown,
    Notified,
    Registered,
    RegisterFailed,
    StateUpdated,
)
from .connection import Connection, Timeouts
from .discovery import LanBrowser, ServerInfo
from .interfaces import probe_targets
from .lan import LanScanner, parse_address, scan
from .messages import DEFAULT_PORT, PROTOCOL_VERSION, SYNC_LEVEL
from .middleware import LEGAL, Middleware, Verdict, illegal
from .netsim import Impaired, NetSim
from .retransmit import RetrySchedule
from .server import ServerProtocol
from .serverconfig import ServerConfig, ServerStats
from .sync import REMOVED, StateHistory, TrackedDict, apply_delta
from .udp import ServerThread, UdpEndpoint, resolve, serve

# Grouped, not sorted: the reference (pdoc) lists the names in this order.
__all__ = [  # noqa: RUF022
    # server and its middleware
    "LEGAL", "Connection", "Middleware", "RetrySchedule", "ServerConfig", "ServerProtocol",
    "ServerStats", "Timeouts", "Verdict", "illegal",
    # client and its events
    "ClientConfig", "ClientEvent", "ClientProtocol", "ClientStats", "Disconnected",
    "EventJudged", "HandedDown", "Notified", "RegisterFailed", "Registered", "StateUpdated",
    # state sync
    "REMOVED", "StateHistory", "TrackedDict", "apply_delta",
    # adapters: threads and pumping
    "ServerThread", "UdpEndpoint", "resolve", "serve",
    # LAN discovery
    "LanBrowser", "LanScanner", "ServerInfo", "parse_address", "probe_targets", "scan",
    # a simulated bad network
    "Impaired", "NetSim",
    # the wire
    "DEFAULT_PORT", "PROTOCOL_VERSION", "SYNC_LEVEL",
    # public submodules (pdoc documents the submodules listed here)
    "aio", "client", "client_api", "connection", "discovery", "handover", "interfaces", "lan",
    "link", "messages", "middleware", "migration", "netsim", "packing", "server", "serverconfig",
    "sync", "udp",
]
