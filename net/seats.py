"""Who gets a seat: the REGISTER rules of ``ServerProtocol`` (refusals, replacement,
eviction, resume, names).

- One ip:port holds at most one seat; a new cuuid from it replaces its own pending seat
  (and inherits what that address was already sent, so the cap is per address).
- A full server gives the seat of its oldest *pending* registrant to a newcomer: seats
  nobody has proven never keep a real player out.
- A seat held for a lost player (or a live one) is taken back by a REGISTER with the same
  cuuid and its resume token, from any address; the same cuuid without it, from another
  address, is refused with a reason.
- Two players asking for the same name both get in: the second is "Vega 2".
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from net import messages as m
from net.channels import ReliableChannel, StateChannel
from net.connection import Connection, Trigger
from net.ratelimit import Budget
from net.retransmit import Address
from net.serverconfig import version_reason

if TYPE_CHECKING:
    from net.server import ServerProtocol

NAME_MAX = 24  # characters, as m.PlayerName


def register(server: ServerProtocol, msg: m.Register, address: Address, now: float) -> None:
    """Answer one REGISTER: OK REGISTER (new, repeated or resumed seat) or BYE REGISTER."""
    if address[0] in server.banned_ips:
        _refuse(server, address, "banned from this server")
        return
    if not m.version_compatible(msg.version):
        _refuse(server, address, version_reason(server.config, msg.version))
        return
    conn = server.connections.get(msg.cuuid)
    level = min(msg.sync or 0, m.SYNC_LEVEL)
    if conn is not None:
        if conn.address == address and conn.state != "closed":
            if conn.unproven:  # our OK REGISTER was lost: repeat it
                server._send(conn, welcome(server, conn), now)
            else:  # the client starts over (a restart, or it gave up on us): fresh channels
                _restart(server, conn, address, level, now, "heard" if conn.state == "lost"
                         else None)
        elif msg.resume is not None and hmac.compare_digest(msg.resume.encode(),
                                                             conn.token.encode()):
            _claim(server, conn, address, level, now)
        else:
            _refuse(server, address, "this client id is already registered from another "
                                     "address (taking it back needs its resume token)")
        return
    holder = server._by_address.get(address)
    reason = _refusal(server, holder)
    if reason:
        _refuse(server, address, reason)
        return
    sent = (0, 0)
    if holder is not None:  # a pending seat of this address: the new cuuid replaces it
        sent = holder.unproven_sent
        server._fire(holder, "closed", now, "replaced")
    elif len(server.connections) >= server.config.max_players:
        oldest = min((c for c in server.connections.values() if c.state == "pending"),
                     key=lambda c: c.since)
        server.stats.evicted += 1
        server._fire(oldest, "closed", now, "evicted")
    reliable, stream = channels(server, msg.cuuid, level)
    rate = server.config.connection_rate
    conn = Connection(msg.cuuid, server.new_pid(), unique_name(server, msg.name),
                      server.new_token(), address, reliable, stream, version=msg.version,
                      since=now, last_heard=now, last_sent=now, budget=Budget(rate, 2 * rate),
                      unproven_sent=sent)
    server.connections[conn.cuuid] = conn
    server._by_address[address] = conn
    server._wake(now)
    server._send(conn, welcome(server, conn), now)


def welcome(server: ServerProtocol, conn: Connection) -> m.OkRegister:
    return m.OkRegister(name=conn.name, timeout=server.config.timeouts.lost_after,
                        sync=conn.stream.level or None, pid=conn.pid, resume=conn.token)


def channels(server: ServerProtocol, cuuid: str, level: int
             ) -> tuple[ReliableChannel, StateChannel]:
    """Fresh channels at sync ``level``; the server's packet sequence starts at a random
    number (from ``new_token``), so an ack of it proves the client received it."""
    stream = StateChannel(level, int(server.new_token()[:4], 16) % 65535 + 1, cuuid)
    return ReliableChannel(server._outbox, stream.acks, server.config.verdict_memory,
                           server.config.verdict_memory_size), stream


def unique_name(server: ServerProtocol, wanted: str | None) -> str:
    """``wanted`` with its white space collapsed, or "Pilot"; "Vega 2", "Vega 3"... when
    another seat has it (case-insensitive)."""
    base = " ".join(wanted.split()) if wanted else ""
    base = base or "Pilot"
    taken = {c.name.casefold() for c in server.connections.values()}
    if base.casefold() not in taken:
        return base
    for n in range(2, len(taken) + 3):
        suffix = f" {n}"
        name = base[:NAME_MAX - len(suffix)] + suffix
        if name.casefold() not in taken:
            return name
    raise AssertionError("unreachable: fewer names are taken than tried")


def _refusal(server: ServerProtocol, holder: Connection | None) -> str | None:
    """Why a REGISTER of a cuuid the server does not know is refused (``holder``: the seat
    its address holds), or None."""
    config = server.config
    if not server.accepting:
        return "game already started"
    if holder is not None and holder.state != "pending":
        return "this address already holds a seat"
    if holder is None and len(server.connections) >= config.max_players and not any(
            c.state == "pending" for c in server.connections.values()):
        return f"server full ({server.players}/{config.max_players} players)"
    return None


def _claim(server: ServerProtocol, conn: Connection, address: Address, level: int,
           now: float) -> None:
    """The resume token from a new address: the seat moves there, unproven until it shows
    it receives (its ship, score and deaths stay with the connection)."""
    other = server._by_address.get(address)
    if other is not None and other.state != "pending":
        _refuse(server, address, "this address already holds a seat")
        return
    if other is not None:
        server._fire(other, "closed", now, "replaced")
    _restart(server, conn, address, level, now, "claimed")


def _restart(server: ServerProtocol, conn: Connection, address: Address, level: int,
             now: float, trigger: Trigger | None) -> None:
    """Fresh channels at ``level`` (the client starts its own anew), maybe a new address,
    a lifecycle move, and OK REGISTER with the same pid and token."""
    conn.reliable.drop()
    server._parked.pop(conn, None)
    if server._by_address.get(conn.address) is conn:
        del server._by_address[conn.address]
    if conn.address != address:
        conn.unproven_sent = (0, 0)
    conn.address = address
    conn.reliable, conn.stream = channels(server, conn.cuuid, level)
    if trigger is not None:
        server._fire(conn, trigger, now)
    server._by_address[address] = conn
    server._send(conn, welcome(server, conn), now)


def _refuse(server: ServerProtocol, address: Address, reason: str) -> None:
    server.stats.refused += 1
    server._out.append((m.encode(m.ByeRegister(reason=reason)), address))
