"""Who gets a seat: the REGISTER rules of ``ServerProtocol`` (refusals, replacement,
eviction, resume, names).

- One ip:port holds at most one seat; a new cuuid from it replaces its own pending seat
  (and inherits what that address was already sent, so the cap is per address).
- A full server gives the seat of its oldest *pending* registrant to a newcomer: seats
  nobody has proven never keep a real player out.
- A seat held for a lost player (or a live one) is taken back by a REGISTER with the same
  cuuid and its resume token, from any address; the same cuuid without it, from another
  address, is refused with a reason.
- A full server (every seat held by a proven player) admits a newcomer as a *spectator*:
  it gets the state but holds no seat, up to ``max_spectators``; when a seat frees, the
  spectator waiting longest takes it (``seat_spectators``, run by ``ServerProtocol.tick``):
  the lifecycle's ``seated`` move.
- A new seat is given only past the password, if the server has one, and the
  middleware's ``admit`` hook (``_admitted``); a seat taken back needs neither.
- Two players asking for the same name both get in: the second is "Vega 2".
- A seat taken over from an earlier host (``net.ends.handover.adopt``) knows only its token's
  hash: it is taken back with the token, from whatever address (never by address alone).

Functions of the server's public members (``Host``, which ``ServerProtocol`` is) and its
registry (``Peers``): no I/O, time comes in as ``now``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from ..link._ordered import specs
from ..link._ratelimit import Budget
from ..link._retransmit import Address
from ..link.connection import Connection, Trigger
from ..wire import messages as m
from ._admission import Admission, Gate
from ._peers import Peers
from .middleware import Boundary
from .migration import Succession, token_matches
from .serverconfig import ServerConfig, ServerStats, version_reason


class Host(Protocol):
    """The server as the seats and the handover see it: ``ServerProtocol``'s public
    members (their meaning is written there)."""

    config: ServerConfig
    stats: ServerStats
    peers: Peers
    gate: Gate
    app: Boundary
    succession: Succession | None
    accepting: bool
    banned_ips: set[str]
    new_id: Callable[[], str]
    new_token: Callable[[], str]
    new_pid: Callable[[], int]

    @property
    def players(self) -> int: ...


def register(server: Host, msg: m.Register, address: Address, now: float) -> None:
    """Answer one REGISTER: OK REGISTER (new, repeated or resumed seat) or BYE REGISTER."""
    if address[0] in server.banned_ips:
        _refuse(server, address, "banned from this server")
        return
    if not m.version_compatible(msg.version):
        _refuse(server, address, version_reason(server.config, msg.version))
        return
    conn = server.peers.connections.get(msg.cuuid)
    level = min(msg.sync or 0, m.SYNC_LEVEL)
    if conn is not None:
        if conn.address == address and conn.state != "closed" and conn.token:
            if conn.unproven:  # our OK REGISTER was lost
                _welcome_again(server, conn, now)
            else:  # the client starts over (a restart, or it gave up on us): fresh channels
                _restart(server, conn, address, level, now, "heard" if conn.state == "lost"
                         else None)
        elif msg.resume is not None and token_matches(conn, msg.resume, _session_key(server)):
            conn.token = msg.resume  # a seat taken over knew only the token's hash
            _follow(server, conn, msg)
            _claim(server, conn, address, level, now)
        else:
            _refuse(server, address, "this client id is already registered from another "
                                     "address (taking it back needs its resume token)")
        return
    holder = server.peers.at(address)
    reason, spectator = _placement(server, holder)
    if not _admitted(server, msg, address, now, reason):
        return
    sent = (0, 0)
    if holder is not None:  # a pending seat of this address: the new cuuid replaces it
        sent = holder.unproven_sent
        server.peers.fire(holder, "closed", now, "replaced")
    elif not spectator and seats_taken(server) >= server.config.max_players:
        oldest = min((c for c in server.peers.connections.values()
                      if c.state == "pending" and not c.spectator), key=lambda c: c.since)
        server.stats.evicted += 1
        server.peers.fire(oldest, "closed", now, "evicted")
    link = server.peers.channels(msg.cuuid, level)
    rate = server.config.connection_rate
    conn = Connection(msg.cuuid, _free_pid(server), unique_name(server, msg.name),
                      server.new_token(), address, link, version=msg.version,
                      since=now, last_heard=now, last_sent=now, budget=Budget(rate, 2 * rate),
                      unproven_sent=sent, spectator=spectator, queued=now)
    _follow(server, conn, msg)
    server.peers.add(conn, now)
    server.peers.send(conn, welcome(server, conn), now)


def _admitted(server: Host, msg: m.Register, address: Address, now: float,
              placement: str | None) -> bool:
    """Whether a new registrant has a place (``placement``: why not), passes the password
    (``net.ends._admission``) and the middleware's ``admit``; if not, it was sent the
    refusal (or the challenge)."""
    if placement:
        _refuse(server, address, placement)
        return False
    refusal = server.gate.check(msg, address, now)
    if refusal is None:
        reason = server.app.admit(Admission(msg.cuuid, address, msg.name, msg.version,
                                            msg.build, server.gate.private))
        if reason is None:
            return True
        refusal = m.ByeRegister(reason=reason)
    server.stats.refused += 1
    server.peers.queue(m.encode(refusal), address)
    return False


def _free_pid(server: Host) -> int:
    """A pid no seat holds (seats taken over from an earlier host keep theirs)."""
    taken = {c.pid for c in server.peers.connections.values()}
    pid = server.new_pid()
    while pid in taken:
        pid = server.new_pid()
    return pid


def welcome(server: Host, conn: Connection) -> m.OkRegister:
    succession = server.succession
    return m.OkRegister(name=conn.name, timeout=server.config.timeouts.lost_after,
                        sync=conn.stream.level or None, pid=conn.pid, resume=conn.token,
                        session=succession.session if succession else None,
                        epoch=succession.epoch if succession else None,
                        spectator=conn.spectator or None,
                        channels=specs(server.config.channels))


def _welcome_again(server: Host, conn: Connection, now: float) -> None:
    """OK REGISTER again to an unproven ``conn`` (its first was lost), whose proof is then
    awaited ``proof_timeout`` s from now, within ``proof_max_age`` of the first
    (``Timeouts``). Not once that wait has run out: the seat goes at this tick, and a send
    queued for it would leave after it, past its address's cap."""
    conn.asked = now
    deadline = conn.deadline(server.config.timeouts)
    if deadline is not None and deadline[0] > now:
        server.peers.send(conn, welcome(server, conn), now)


def _session_key(server: Host) -> bytes | None:
    return server.succession.key if server.succession else None


def _follow(server: Host, conn: Connection, msg: m.Register) -> None:
    """What the REGISTER says of host migration: can the client follow, or serve, and is
    it the hosting player's own seat."""
    conn.follows, conn.host_port = bool(msg.follows), msg.host_port
    conn.hosting = bool(msg.hosting)
    if conn.hosting and server.succession is not None:
        server.succession.host_name = conn.name


def unique_name(server: Host, wanted: str | None) -> str:
    """``wanted`` with its white space collapsed, or "Pilot"; "Vega 2", "Vega 3"... when
    another seat has it (case-insensitive)."""
    base = m.clean_name(wanted or "") or "Pilot"
    taken = {c.name.casefold() for c in server.peers.connections.values()}
    if base.casefold() not in taken:
        return base
    for n in range(2, len(taken) + 3):
        suffix = f" {n}"
        name = base[:m.NAME_MAX - len(suffix)] + suffix
        if name.casefold() not in taken:
            return name
    raise AssertionError("unreachable: fewer names are taken than tried")


def seats_taken(server: Host) -> int:
    """Seats held by any registrant (pending ones too); spectators hold none."""
    return sum(not c.spectator for c in server.peers.connections.values())


def spectators(server: Host) -> int:
    return sum(c.spectator for c in server.peers.connections.values())


def _placement(server: Host, holder: Connection | None) -> tuple[str | None, bool]:
    """Where a REGISTER of a cuuid the server does not know goes (``holder``: the pending
    seat its address holds, which it replaces): (why it is refused, or None; whether it
    spectates). A seat when one is free or a pending one can be taken; else a spectator's
    place while there are fewer than ``max_spectators``."""
    config = server.config
    if not server.accepting:
        return "game already started", False
    if holder is not None and holder.state != "pending":
        return "this address already holds a seat", False
    others = [c for c in server.peers.connections.values() if c is not holder]
    if sum(not c.spectator for c in others) < config.max_players or any(
            c.state == "pending" and not c.spectator for c in others):
        return None, False
    watching = sum(c.spectator for c in others)
    if watching < config.max_spectators:
        return None, True
    return (f"server full ({server.players}/{config.max_players} players, "
            f"{watching}/{config.max_spectators} spectators)"), False


def seat_spectators(server: Host, now: float) -> None:
    """While a seat is free, the spectator waiting longest (a confirmed one: it has shown
    it receives) takes it: the middleware's ``seated(conn)`` hook puts it in play."""
    while seats_taken(server) < server.config.max_players:
        waiting = [c for c in server.peers.connections.values()
                   if c.spectator and c.state == "confirmed"]
        if not waiting:
            return
        server.peers.fire(min(waiting, key=lambda c: c.queued), "seated", now)


def _claim(server: Host, conn: Connection, address: Address, level: int,
           now: float) -> None:
    """The resume token from a new address: the seat moves there, unproven until it shows
    it receives (its pid, and so its place in the application's state, stays the same)."""
    other = server.peers.at(address)
    if other is not None and other.state != "pending":
        _refuse(server, address, "this address already holds a seat")
        return
    if other is not None:
        server.peers.fire(other, "closed", now, "replaced")
    _restart(server, conn, address, level, now, "claimed")


def _restart(server: Host, conn: Connection, address: Address, level: int,
             now: float, trigger: Trigger | None) -> None:
    """Fresh channels at ``level`` (the client starts its own anew), maybe a new address,
    a lifecycle move, and OK REGISTER with the same pid and token."""
    conn.reliable.drop()
    server.peers.unpark(conn)  # the client starts over: its parked EVENTs are void, and
    if server.succession is not None:  # what it was handed went with the old channel
        server.succession.sent.pop(conn.cuuid, None)
    if conn.address != address:
        conn.unproven_sent = (0, 0)
    server.peers.readdress(conn, address)
    conn.relink(server.peers.channels(conn.cuuid, level))
    if trigger is not None:
        server.peers.fire(conn, trigger, now)
    server.peers.send(conn, welcome(server, conn), now)


def _refuse(server: Host, address: Address, reason: str) -> None:
    server.stats.refused += 1
    server.peers.queue(m.encode(m.ByeRegister(reason=reason)), address)
