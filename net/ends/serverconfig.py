"""What a ``ServerProtocol`` is set to (``ServerConfig``) and what it counts (``ServerStats``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..link._fragments import FragmentStats
from ..link._ordered import Channel
from ..link._retransmit import RetrySchedule
from ..link.connection import Timeouts
from ..wire import messages as m

DEFAULT_MAX_PLAYERS = 8
"""Seats a server has unless told otherwise: ``ServerConfig``'s, and the game's too
(``--max-players``, and the hosted game of its window)."""


@dataclass
class ServerConfig:
    """Times in seconds, rates in datagrams/s. ``port``: where OHAI answers tell clients to
    REGISTER; None (the default) advertises none, and a LAN list takes the port the answer
    came from: the socket's, whatever the server was bound to (port 0 included)."""

    server_name: str = "Starlane server"
    port: int | None = None
    max_players: int = DEFAULT_MAX_PLAYERS
    max_spectators: int = 8  # admitted to a full server, seated as seats free
    timeouts: Timeouts = field(default_factory=Timeouts)
    heartbeat_interval: float = 0.5
    verdict_memory: float = 30.0  # how long a verdict is kept to answer retried EVENTs
    verdict_memory_size: int = 1024  # per client
    schedule: RetrySchedule = field(default_factory=RetrySchedule)
    # datagrams from addresses that hold no seat: per IP, and per ip:port before that, so
    # one flooding socket drains only its own bucket, not its IP's (bursts of twice these)
    unconfirmed_rate: float = 200.0
    unconfirmed_rate_per_address: float = 50.0
    connection_rate: float = 4000.0  # per seat (pending or confirmed), bursts of twice that
    unproven_datagrams: int = 10  # sent to an address before it proves it receives there
    unproven_bytes: int = 16000
    parked_events: int = 8  # EVENTs from a pending client kept until its proof
    version: str = m.PROTOCOL_VERSION
    # answered to OHAI so that a LAN list shows one row for a server it reaches by several
    # addresses (LAN card and loopback); the caller makes it unique (e.g. 12 hex digits of
    # a uuid4: short, so the answer stays within its 4x-the-probe budget)
    server_id: str | None = None
    # a private server's: new players prove they know it (``ends._admission``); it never
    # crosses the wire, and ``repr`` leaves it out (configs get logged)
    password: str | None = field(default=None, repr=False)
    # or, for a match taken over, the old server's ``gate.lock``: (salt, key in hex)
    password_lock: tuple[str, str] | None = field(default=None, repr=False)
    # message channels (``net.ends.messaging``), numbered by their place here on the wire
    channels: tuple[Channel, ...] = ()
    # largest message (bytes) sent to a sync client, in fragments of up to 1200 bytes; a
    # larger state or NOTIFY is not sent (``ServerStats.oversized``)
    max_message_bytes: int = m.MAX_MESSAGE
    # short fields the application adds at the top level of its OHAI answers (a game's
    # mode, its map), shown by LAN lists (``ServerInfo.advertised``); keys the answer
    # already has are left out, and everything counts against its 4x-the-probe budget
    advertised: dict[str, str] = field(default_factory=dict)


@dataclass
class ServerStats:
    """Counters of what was received, dropped and done; ``malformed`` by DecodeError kind."""

    received: int = 0
    sent: int = 0
    malformed: Counter[str] = field(default_factory=Counter)
    last_malformed: str = ""
    rate_limited: int = 0  # over an unseated address's or its IP's budget
    over_budget: int = 0  # over a seat's own budget
    not_registered: int = 0
    wrong_address: int = 0
    unproven: int = 0  # heartbeats and the like from a client that has not proven its address
    capped: int = 0  # datagrams not sent to an unproven address (its cap was reached)
    duplicate_events: int = 0
    unexpected: int = 0
    refused: int = 0
    wrong_passwords: int = 0  # REGISTERs whose password proof did not match
    evicted: int = 0  # pending seats given to a newcomer on a full server
    middleware_errors: int = 0
    unanswered: int = 0
    transitions: Counter[str] = field(default_factory=Counter)  # "pending->confirmed": n
    # datagrams not sent: over 10 240 bytes to a plain client, over ``max_message_bytes``
    # to a sync one (logged once per client)
    oversized: int = 0
    fragments: FragmentStats = field(default_factory=FragmentStats)  # to sync clients


def version_reason(config: ServerConfig, version: str | None) -> str:
    """Why a peer of ``version`` is refused (OHAI and REGISTER alike)."""
    return f"incompatible version {version}: this server speaks {config.version} (1.x)"
