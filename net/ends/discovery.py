"""Sans-IO LAN browser: OHAI probes out, ``OHAI Client`` answers in, a list of servers.

The caller chooses where probes go (broadcast addresses from ``net.io.interfaces`` and any
unicast targets: join-by-address, loopback). Each probe is sent twice, ``resend_gap``
apart, in case one is dropped. Our servers echo this browser's cuuid and the probe number:
such an answer counts only if both match, and its ping is exact. A plain neteria server
echoes neither; its answer counts within ``plain_window`` seconds of a probe (the ping is
then taken from the newest probe, so it may read low). Repeated ``scan()`` calls refresh
the list; a server not heard for ``max_age`` seconds ages out.

One server reached by several addresses (a LAN card's broadcast and loopback) is one row:
our servers answer with a ``server_id``, and the row keeps the address it was first heard
at while that address still answers. A plain neteria server is known by its address alone.
"""

from __future__ import annotations

import uuid
from collections import deque
from dataclasses import dataclass, field, replace

from ..link._retransmit import Address
from ..wire import messages as m
from .serverconfig import ServerConfig, version_reason


@dataclass(frozen=True, slots=True)
class ServerInfo:
    """One server as a LAN list shows it. ``ping_ms`` is the smallest of its last 5 probe
    round trips: a live list reads answers once a frame, so each sample may include up to
    a frame of waiting, and the smallest is the one read soonest after it arrived."""

    name: str
    host: str
    port: int
    version: str
    players: int | None
    max_players: int | None
    ping_ms: float
    seen_at: float
    server_id: str | None = None
    address_seen_at: float = 0.0  # when ``host``:``port`` itself last answered
    epoch: int | None = None  # a hosted game's: how many times its match moved
    spectators: int = 0  # watching a full game (each gets a seat as one frees)
    password: bool = False  # joining needs the server's password (``ClientProtocol``'s)
    # the application's own short fields of the answer (``ServerConfig.advertised``)
    advertised: dict[str, str] = field(default_factory=dict, hash=False)

    @property
    def key(self) -> str:
        """What tells servers apart: the server's id, or its address when it sends none."""
        return self.server_id or f"{self.host}:{self.port}"

    @property
    def occupancy(self) -> str:
        """Seats as a list row shows them: "3/8", or "8/8 +2 watching" (a full game still
        admits spectators), or "?" from a server that does not say."""
        if self.players is None:
            return "?"
        watching = f" +{self.spectators} watching" if self.spectators else ""
        return f"{self.players}/{self.max_players}{watching}"

    def as_dict(self) -> dict[str, object]:
        """For ``--scan --json``: ``protocol_version`` is the Neteria wire version the
        server speaks (not the game's own version, which ``--version`` prints); the
        ``advertised`` fields join them at the top level (never in place of one)."""
        return {**self.advertised, "name": self.name, "host": self.host, "port": self.port,
                "protocol_version": self.version, "players": self.players,
                "max_players": self.max_players, "spectators": self.spectators,
                "password": self.password, "ping_ms": round(self.ping_ms, 2)}


@dataclass
class LanBrowser:
    """Sans-IO LAN browser: ``scan(now)`` probes every address in ``targets``, ``receive`` takes
    the answers, ``servers(now)`` is the list. Seconds: ``resend_gap`` between a probe and its
    copy, ``max_age`` before a silent server leaves the list, ``plain_window`` in which a
    plain neteria answer (no probe number) still counts. ``ignored`` counts answers that were
    malformed, unmatched or from incompatible servers."""

    targets: list[Address]
    resend_gap: float = 0.05
    max_age: float = 5.0
    plain_window: float = 1.0
    cuuid: str = field(default_factory=lambda: str(uuid.uuid4()))
    version: str = m.PROTOCOL_VERSION
    ignored: int = 0  # answers that were malformed, unmatched or from incompatible servers
    _probes: dict[int, float] = field(default_factory=dict)  # probe number -> time sent
    _next_probe: int = 0
    _resend_at: float | None = None
    _servers: dict[str, ServerInfo] = field(default_factory=dict)  # by ServerInfo.key
    _pings: dict[str, deque[float]] = field(default_factory=dict)  # recent, ms
    _out: list[tuple[bytes, Address]] = field(default_factory=list)

    def scan(self, now: float) -> None:
        """Probe every target now, and once more ``resend_gap`` later (see ``tick``)."""
        self._probe(now)
        self._resend_at = now + self.resend_gap

    def tick(self, now: float) -> None:
        """Send the second copy of the last probe once ``resend_gap`` has passed."""
        if self._resend_at is not None and now >= self._resend_at:
            self._resend_at = None
            self._probe(now)

    def next_deadline(self) -> float | None:
        """When a probe's copy is due (same clock as ``now``); None when none is."""
        return self._resend_at

    def receive(self, datagram: bytes, address: Address, now: float) -> None:
        """Take one datagram: an OHAI Client answering one of our probes adds or refreshes its
        server (ping in ms from that probe); anything else is counted in ``ignored``."""
        msg = m.decode(datagram)
        if not isinstance(msg, m.OhaiClient) or (sent := self._probe_answered(msg, now)) is None:
            self.ignored += 1
            return
        host, port = address[0], msg.port or address[1]
        key = msg.server_id or f"{host}:{port}"
        known = self._servers.get(key)
        if known is not None and (known.host, known.port) != (host, port):
            if now - known.address_seen_at <= self.max_age:  # its first address still answers
                self._servers[key] = replace(known, seen_at=now)
                return
        pings = self._pings.setdefault(key, deque(maxlen=5))
        pings.append((now - sent) * 1000.0)
        self._servers[key] = ServerInfo(
            name=msg.server_name or f"{host}:{port}", host=host, port=port,
            version=msg.version, players=msg.players, max_players=msg.max_players,
            ping_ms=min(pings), seen_at=now, server_id=msg.server_id, address_seen_at=now,
            epoch=msg.epoch, spectators=msg.spectators or 0, password=bool(msg.password),
            advertised=advertised_fields(msg))

    def _probe_answered(self, msg: m.OhaiClient, now: float) -> float | None:
        """When the probe this answers went out, or None if it answers none of ours."""
        if not m.version_compatible(msg.version) or not self._probes:
            return None
        if msg.cuuid is None and msg.probe is None:  # a plain neteria server
            newest = max(self._probes.values())
            return newest if now - newest <= self.plain_window else None
        if msg.cuuid != self.cuuid or msg.probe is None:
            return None
        return self._probes.get(msg.probe)

    def servers(self, now: float) -> list[ServerInfo]:
        """Servers heard within ``max_age``, by name then address."""
        for key in [k for k, s in self._servers.items() if now - s.seen_at > self.max_age]:
            del self._servers[key]
            del self._pings[key]
        return sorted(self._servers.values(), key=lambda s: (s.name.casefold(), s.host, s.port))

    def datagrams_to_send(self, now: float) -> list[tuple[bytes, Address]]:  # noqa: ARG002
        """Probes queued by ``scan``. ``now``, which they do not need, is in ``SansIO``'s
        signature that the adapters call."""
        out, self._out = self._out, []
        return out

    def _probe(self, now: float) -> None:
        number, self._next_probe = self._next_probe, self._next_probe + 1
        self._probes[number] = now
        if len(self._probes) > 64:  # answers to very old probes no longer count
            del self._probes[min(self._probes)]
        datagram = m.encode(m.Ohai(cuuid=self.cuuid, version=self.version, probe=number))
        self._out.extend((datagram, target) for target in self.targets)


ADVERTISED_MAX = 8  # fields read from an answer at most
ADVERTISED_CHARS = 32  # characters in an advertised field's name and in its value at most


def advertised_fields(msg: m.OhaiClient) -> dict[str, str]:
    """The application's fields of an answer (``ServerConfig.advertised``): short text
    values only, the first ``ADVERTISED_MAX`` (an answer is checked, not trusted)."""
    fields = [(key, value) for key, value in (msg.model_extra or {}).items()
              if isinstance(value, str) and len(key) <= ADVERTISED_CHARS
              and len(value) <= ADVERTISED_CHARS]
    return dict(fields[:ADVERTISED_MAX])


def is_probe(datagram: bytes) -> bool:
    """Whether ``datagram`` is a LAN browser's OHAI (what a ``lan.DiscoveryAlias`` passes
    on to its server; anything else sent to that port is not the server's to read)."""
    return isinstance(m.decode(datagram), m.Ohai)


def answer_probe(msg: m.Ohai, size: int, config: ServerConfig, players: int, bots: int,
                 spectators: int = 0, epoch: int | None = None,
                 password: bool = False) -> bytes | None:
    """A server's one-datagram answer to an OHAI of ``size`` bytes: ``OHAI Client`` (or BYE
    REGISTER to an incompatible version), or None when it would be more than 4x the probe
    (a server must not be an amplifier). ``players`` counts humans holding seats, ``bots``
    computer players, ``spectators`` those watching a full server;
    ``epoch``: a hosted game's (host migration; its ``server_id`` is its match's session);
    ``password``: joining needs one (``net.ends._admission``)."""
    if not m.version_compatible(msg.version):
        answer = m.encode(m.ByeRegister(reason=version_reason(config, msg.version)))
    else:
        answer = m.encode(m.OhaiClient(
            version=config.version, server_name=config.server_name, cuuid=msg.cuuid,
            probe=msg.probe, players=players, bots=bots or None, spectators=spectators or None,
            max_players=config.max_players, port=config.port, server_id=config.server_id,
            epoch=epoch, password=password or None).model_copy(update={
                key: value for key, value in config.advertised.items()
                if key not in m.OhaiClient.model_fields}))
    return answer if len(answer) <= 4 * size else None
