"""What a ``ClientProtocol`` is set to (``ClientConfig``), counts (``ClientStats``) and tells
its application (``events()``), an event in flight (``PendingEvent``), and the rollback
convenience built on its verdicts (``Rollback``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from ..link._fragments import FragmentStats
from ..link._ordered import Channel
from ..link._retransmit import RetrySchedule
from ..wire import messages as m

Hook = Callable[[], None]
log = logging.getLogger("starlane.net")


@dataclass(frozen=True, slots=True)
class Registered:
    """OK REGISTER came. A plain neteria server sends none of these: from it every field is
    None (``spectator`` False)."""

    name: str | None  # the name the server gave us (a plain server: None)
    pid: int | None = None  # the server's number for us: our key in the application's state
    resume: str | None = None  # the token that takes our seat back (keep it secret)
    session: str | None = None  # the match's id, the same at every host it moves to
    epoch: int | None = None  # how many times the match moved (0: its first host)
    spectator: bool = False  # the server was full: we watch until a seat frees


@dataclass(frozen=True, slots=True)
class RegisterFailed:
    """The server refused us (BYE REGISTER: full, banned, wrong version, a password needed
    or wrong, the ``admit`` hook's reason), or never answered REGISTER
    (``ClientConfig.register_schedule`` ran out). ``reason`` is for the player."""

    reason: str


@dataclass(frozen=True, slots=True)
class Disconnected:
    """The session ended. ``link_lost``: the server fell silent (worth a resume)."""

    reason: str
    link_lost: bool = False
    successor: int | None = None  # the host left and named this pid's game its successor
    moved: tuple[str, int] | None = None  # ...or this server: the match goes on there
    epoch: int | None = None  # the match's epoch there


@dataclass(frozen=True, slots=True)
class EventJudged:
    """The final outcome of one event: ``outcome`` is "legal", "illegal" or "timeout" (no
    verdict in time, or the session ended). The one way a verdict reaches the application:
    ``apply``/``undo`` (``Rollback``) and ``AsyncClient.judged`` are built on it."""

    euuid: str
    event_data: Any
    priority: str
    outcome: Literal["legal", "illegal", "timeout"]
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Notified:
    """A reliable NOTIFY the server pushed (``ServerProtocol.notify``): handed to the application
    once, however often the server resends it."""

    euuid: str
    event_data: Any


@dataclass(frozen=True, slots=True)
class StateUpdated:
    """Sync extension: the server's state as of ``tick`` (a keyframe or a diff applied).
    ``received_at``: when the datagram that completed it arrived, on the adapter's clock
    (s; the ``now`` handed to ``receive``: on ``UdpEndpoint`` the kernel's receive stamp,
    not the moment a busy loop read it), for a jitter buffer to measure the network alone."""

    tick: int
    state: dict[str, Any]
    received_at: float


@dataclass(frozen=True, slots=True)
class HandedDown:
    """We are in the host's line of succession: what we need to take the match over."""

    package: m.Handover


@dataclass(frozen=True, slots=True)
class MessageReceived:
    """A message the server sent on ``channel`` (``ServerProtocol.send``): on a reliable
    channel each is handed over once and in send order; on a latest-wins one only those
    newer than every one handed over before (``net.ends.messaging``)."""

    channel: str
    data: Any


ClientEvent = (Registered | RegisterFailed | Disconnected | EventJudged | Notified
               | StateUpdated | HandedDown | MessageReceived)


@dataclass(frozen=True, slots=True)
class PendingEvent:
    """An event sent and not yet judged (``ClientProtocol.pending``); its outcome comes as
    an ``EventJudged``."""

    euuid: str
    event_data: Any
    priority: str
    sent_at: float


@dataclass
class ClientConfig:
    """Times in seconds."""

    heartbeat_interval: float = 1.0
    # silence after which the link counts as lost: our server streams state at 30 Hz and
    # heartbeats every 0.5 s, so 2.5 s is five missed heartbeats. A plain neteria server
    # sends neither: give a longer one against it.
    server_timeout: float = 2.5
    schedule: RetrySchedule = field(default_factory=RetrySchedule)
    # a player waiting to join should hear "no answer" in seconds: 0.25+0.5+1+1+1+1+1+1 =
    # 6.75 s; 8 tries, for on a 400 ms path losing 10 % each way a try fails one time in 3
    register_schedule: RetrySchedule = field(
        default_factory=lambda: RetrySchedule(first=0.25, factor=2, longest=1.0, attempts=8))
    version: str = m.PROTOCOL_VERSION  # the wire's; the application's own is ``build``
    # the application's build (e.g. "starlane 0.9.1"), shown to the server's admit hook
    build: str | None = None
    # state-sync level to ask for: 0 plain NOTIFYs, 1 JSON diffs + packet acks, 2 packed
    # diffs, 3 also batches (several messages in a datagram)
    sync: int = m.SYNC_LEVEL
    kept_states: int = 64  # states kept as diff baselines
    # sync: how long a verdict or NOTIFY may wait for a datagram to carry its ack (the
    # server resends after 0.25 s)
    ack_delay: float = 0.02
    # message channels (``net.ends.messaging``): used where the server declares the same
    channels: tuple[Channel, ...] = ()
    # largest message (bytes) rebuilt from fragments; a larger one is dropped unread
    max_message_bytes: int = m.MAX_MESSAGE


@dataclass
class ClientStats:
    """Counts of datagrams and outcomes since the client was made, never reset: for net graphs,
    logs and tests, not game logic."""

    received: int = 0
    sent: int = 0
    malformed: int = 0
    stray: int = 0  # from an address other than the server
    duplicate_notifies: int = 0
    retransmits: int = 0
    legal: int = 0
    illegal: int = 0
    timed_out: int = 0
    states: int = 0
    unusable_states: int = 0  # a diff whose baseline we no longer hold, or a malformed one
    hook_errors: int = 0  # an ``apply`` or ``undo`` that raised (logged with its traceback)
    fragments: FragmentStats = field(default_factory=FragmentStats)  # received, dropped...
