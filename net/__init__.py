"""Starlane's netcode: the Neteria UDP/JSON protocol, sans-IO, with the holes filled.

The protocol ends (``ServerProtocol``, ``ClientProtocol``, ``LanBrowser``) are state
machines: datagrams and ``now`` (seconds, any monotonic clock) in, datagrams and events out.
An adapter runs them on a socket: ``UdpEndpoint`` (pump it from a game loop, or ``serve`` /
``ServerThread`` for a server loop).

## The public API

``from starlane.net import ...`` gives the names a developer uses (``__all__``):

- server: ``ServerProtocol``, ``ServerConfig``, ``ServerStats``, ``Connection`` (one
  player, as the middleware sees it), ``Timeouts``, ``RetrySchedule``;
- the middleware boundary: ``Middleware`` (the base class to subclass: its optional hooks
  are typed), ``Judiciary`` (what the server takes: anything with ``judge`` and
  ``execute``), ``Verdict``, ``LEGAL``, ``illegal``, ``Admission`` (what ``admit`` is
  shown of a new client);
- client: ``ClientProtocol``, ``ClientConfig``, ``ClientStats``, and the events its
  ``events()`` yields (``ClientEvent``: ``Registered``, ``RegisterFailed``,
  ``Disconnected``, ``EventJudged``, ``Notified``, ``StateUpdated``, ``HandedDown``,
  ``MessageReceived``);
- message channels both ways (``messaging``): ``Channel`` (a name and a mode,
  reliable-ordered or latest-wins), declared in ``ServerConfig.channels`` and
  ``ClientConfig.channels``; ``ServerProtocol.send`` / ``send_all``,
  ``ClientProtocol.send``, ``Middleware.message``;
- state sync: ``StateHistory``, ``TrackedDict``, ``apply_delta``, ``REMOVED``;
- replays of any ``StateHistory`` game: ``ReplayRecorder`` (writes a match as it goes,
  off the tick path), ``Replay`` (reads one: header, markers, the state at any tick) and
  ``ReplayError`` (a file it cannot read, in one line);
- the thread/pump adapter: ``UdpEndpoint``, ``UdpClient`` (a client on its endpoint:
  ``event()`` without ``now`` or ``flush()``, as ``aio.AsyncClient``), ``ServerThread``,
  ``serve``, ``serve_and_close`` (the one shutdown: goodbyes, flush, close), ``ServeStats``,
  ``resolve``, ``reserve``, ``Clock``; the asyncio one is the module ``starlane.net.aio``
  (``AsyncServer``, ``AsyncClient``, ``discover``: ``import starlane.net`` does not load
  asyncio);
- LAN discovery: ``LanBrowser``, ``ServerInfo``, ``LanScanner``, ``scan``,
  ``probe_targets``, ``broadcast_interfaces``, and ``parse_address`` for an address a
  player types; ``DiscoveryAlias`` (a second port answering probes for a server: a match
  taken over stays listed at its old port); ``Address``, an (ip, port) pair;
- a simulated bad network: ``NetSim``, ``Impaired``;
- the wire's constants: ``PROTOCOL_VERSION``, ``DEFAULT_PORT``, ``SYNC_LEVEL``; and the
  rules it holds players to, for an application to apply the same ones:
  ``DEFAULT_MAX_PLAYERS``, ``NAME_MAX``, ``PlayerName`` (a pydantic type) and
  ``clean_name``.

## The layout

The source folder ``net/`` is grouped by layer; each layer imports only those above it
in this list (``tests/test_architecture.py`` checks it):

- ``sync``: change tracking, the state history and deltas (``StateHistory``, ...), and
  the replay file's format (``replay_format``, ``replay_codec``, ``replay_read``);
- ``wire``: what a datagram holds: ``messages`` (one model per Neteria method,
  ``decode`` / ``encode``), ``packing`` (the packed diff codec);
- ``link``: one peer's link: ``peer`` (``Link``, the per-peer link both ends keep: a
  ``Connection``'s and a ``ClientProtocol``'s), ``connection`` (the server's view of a
  peer: its lifecycle table, link and budgets), ``netsim`` (a simulated bad link);
- ``ends``: the protocol's ends: ``server``, ``serverconfig``, ``middleware``,
  ``handover``, ``client``, ``client_api``, ``messaging``, ``discovery``,
  ``migration``;
- ``io``: the adapters, the only code with sockets, threads and the clock: ``udp``,
  ``serving``, ``lan``, ``interfaces``, ``replay`` (the recorder's writer thread and
  files); and ``aio`` (the asyncio adapter) at the top, as
  ``starlane.net.aio``.

The public submodules named above are bound here too, so ``from starlane.net import
messages`` (or ``udp``, ``server`` ...) works as before and is documented in the
reference; their full import paths are ``starlane.net.<layer>.<module>``. A module whose
name starts with ``_`` (``link._acks``, ``link._channels``, ``link._retransmit``,
``link._ratelimit``, ``ends._seats``, ``ends._peers``, ``wire._framing``,
``wire._batching``, ``io._sockets``, ``io._stamps`` ...) is an internal part of the
above: no promise.

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

from . import sync
from .ends import (
    client,
    client_api,
    discovery,
    handover,
    messaging,
    middleware,
    migration,
    server,
    serverconfig,
)
from .ends._admission import Admission
from .ends.client import ClientProtocol
from .ends.client_api import (
    ClientConfig,
    ClientEvent,
    ClientStats,
    Disconnected,
    EventJudged,
    HandedDown,
    MessageReceived,
    Notified,
    Registered,
    RegisterFailed,
    StateUpdated,
)
from .ends.discovery import LanBrowser, ServerInfo
from .ends.middleware import LEGAL, Judiciary, Middleware, Verdict, illegal
from .ends.server import ServerProtocol
from .ends.serverconfig import DEFAULT_MAX_PLAYERS, ServerConfig, ServerStats
from .io import interfaces, lan, serving, udp
from .io._udp_client import UdpClient
from .io.interfaces import broadcast_interfaces, probe_targets
from .io.lan import DiscoveryAlias, LanScanner, parse_address, scan
from .io.replay import Replay, ReplayRecorder
from .io.serving import ServerThread, ServeStats, serve, serve_and_close
from .io.udp import Clock, UdpEndpoint, reserve, resolve
from .link import connection, netsim, peer
from .link._ordered import Channel
from .link._retransmit import Address, RetrySchedule
from .link.connection import Connection, Timeouts
from .link.netsim import Impaired, NetSim
from .sync import REMOVED, StateHistory, TrackedDict, apply_delta
from .sync.replay_format import ReplayError
from .wire import messages, packing
from .wire.messages import (
    DEFAULT_PORT,
    NAME_MAX,
    PROTOCOL_VERSION,
    SYNC_LEVEL,
    PlayerName,
    clean_name,
)

# Grouped, not sorted: the reference (pdoc) lists the names in this order.
__all__ = [  # noqa: RUF022
    # server and its middleware
    "LEGAL", "Admission", "Connection", "Judiciary", "Middleware", "RetrySchedule", "ServerConfig",
    "ServerProtocol", "ServerStats", "Timeouts", "Verdict", "illegal",
    # message channels, both ways
    "Channel", "MessageReceived",
    # client and its events
    "ClientConfig", "ClientEvent", "ClientProtocol", "ClientStats", "Disconnected",
    "EventJudged", "HandedDown", "Notified", "RegisterFailed", "Registered", "StateUpdated",
    # state sync
    "REMOVED", "StateHistory", "TrackedDict", "apply_delta",
    # replays: recorded as a match goes, read back at any tick
    "Replay", "ReplayError", "ReplayRecorder",
    # adapters: threads and pumping
    "Clock", "ServeStats", "ServerThread", "UdpClient", "UdpEndpoint", "reserve", "resolve",
    "serve", "serve_and_close",
    # LAN discovery
    "Address", "DiscoveryAlias", "LanBrowser", "LanScanner", "ServerInfo", "broadcast_interfaces",
    "parse_address", "probe_targets", "scan",
    # a simulated bad network
    "Impaired", "NetSim",
    # the wire, and the rules it holds players to
    "DEFAULT_MAX_PLAYERS", "DEFAULT_PORT", "NAME_MAX", "PROTOCOL_VERSION", "PlayerName",
    "SYNC_LEVEL", "clean_name",
    # public submodules (pdoc documents the submodules listed here)
    "aio", "client", "client_api", "connection", "discovery", "handover", "interfaces", "lan",
    "messages", "messaging", "middleware", "migration", "netsim", "packing", "peer", "server",
    "serverconfig", "serving", "sync", "udp",
]
