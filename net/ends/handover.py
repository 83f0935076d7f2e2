"""The server's side of host migration (rules in ``net.ends.migration``): keeping the line's
members supplied with a ``HANDOVER``, saying goodbye with a successor named, and, on the
successor's new server, taking the old seats over.

Functions of a server's public members (``net.ends._seats.Host``, which ``ServerProtocol`` is)
and its registry (``Peers``), like ``net.ends._seats``: no I/O, time comes in as ``now``.
"""

from __future__ import annotations

from typing import Any

from ..link._ratelimit import Budget
from ..link.connection import HOLDS_ADDRESS, Connection
from ..wire import messages as m
from ._seats import Host
from .migration import Succession

CANNOT_FOLLOW = "the host left: the match moved to another player's game, which this client " \
                "cannot follow"


def share(server: Host, now: float, game: Any = None) -> dict[str, Any] | None:
    """Send each line member the current ``HANDOVER`` when what it holds is out of date
    (resent until acknowledged); returns the state's public ``host`` object (None: this
    server never hands over). ``game``: what the application's successor needs (JSON)."""
    succession = server.succession
    if succession is None:
        return None
    conns = list(server.peers.connections.values())
    line = succession.line(conns)
    if not line:  # nobody to supply (a host alone, or with bots): no package to build
        succession.sent.clear()
        return succession.public(line)
    package = succession.package(conns, "-", server.config.server_name,
                                 server.config.max_players, game)
    content = (package.epoch, tuple(package.seats), repr(game))
    for conn in line:
        if succession.sent.get(conn.cuuid) != content:
            succession.sent[conn.cuuid] = content
            euuid = server.new_id()
            datagram = m.encode(package.model_copy(update={"euuid": euuid}))
            server.peers.send_reliably(conn, euuid, datagram, now)
    for cuuid in [c for c in succession.sent if c not in {conn.cuuid for conn in line}]:
        del succession.sent[cuuid]  # off the line: sent afresh if it comes back
    return succession.public(line)


def hand_over(server: Host, now: float) -> bool:
    """An announced leave: BYE REGISTER to every client naming the successor (the first of
    the line) and the next epoch; a client that cannot follow is told so. False (nothing
    sent) when there is no successor: then ``close`` the server as usual."""
    succession = server.succession
    line = succession.line(server.peers.connections.values()) if succession else []
    if succession is None or not line:
        return False
    heir = line[0]
    moved = m.ByeRegister(reason=f"{succession.host_name or 'The host'} left; {heir.name} is "
                                 "now hosting", epoch=succession.epoch + 1, successor=heir.pid)
    _send_away(server, moved, "the host left", now)
    return True


def redirect(server: Host, address: tuple[str, int], epoch: int, now: float) -> None:
    """This server yields to another one serving the same match (``epoch`` there), found
    at ``address``: every client is told to go on there (one that cannot follow, why)."""
    moved = m.ByeRegister(reason="the match goes on at another player's game", epoch=epoch,
                          moved=address)
    _send_away(server, moved, "the match moved", now)


def _send_away(server: Host, moved: m.ByeRegister, reason: str, now: float) -> None:
    """Every client goes: ``moved`` to one that follows, why not to one that cannot;
    ``reason`` is what the middleware's ``left`` hook hears."""
    for conn in list(server.peers.connections.values()):
        if conn.state in HOLDS_ADDRESS:
            server.peers.send(conn, moved if conn.follows else
                              m.ByeRegister(reason=CANNOT_FOLLOW), now)
        server.peers.fire(conn, "closed", now, reason)


def adopt(server: Host, package: m.Handover, now: float) -> list[Connection]:
    """Start this server as the match's next host: the session goes on at ``package.epoch``
    + 1 and each old seat is held as *lost* (out of play) for its owner to take back
    with its token. A seat of a client that cannot follow gets one BYE REGISTER saying so."""
    server.succession = Succession(package.session, bytes.fromhex(package.key),
                                   package.epoch + 1)
    adopted = []
    for cuuid, pid, name, hashed, follows, ip, port in package.seats:
        if not follows:
            server.peers.queue(m.encode(m.ByeRegister(reason=CANNOT_FOLLOW)), (ip, port))
            continue
        link = server.peers.channels(cuuid, 0)
        rate = server.config.connection_rate
        conn = Connection(cuuid, pid, name, "", (ip, port), link, state="lost",
                          since=now, last_heard=now, last_sent=now,
                          budget=Budget(rate, 2 * rate), follows=True, token_hash=hashed)
        server.peers.add(conn, now)
        adopted.append(conn)
    return adopted
