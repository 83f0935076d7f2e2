"""The UDP socket set-up both adapters share (``net.io.udp``'s threads, ``net.aio``'s asyncio).

Opening, binding and tuning a socket is the same whichever loop reads it: one place here,
so that a fix (a bigger receive queue, broadcast permission) reaches both adapters.
Socket errors are counted by kind into a ``Counter`` (``count_error``) and never raised
out of a loop: neteria 1.0.2's listener thread dies on Linux socket errors; ours do not.
"""

from __future__ import annotations

import logging
import socket
from collections import Counter

from ..link._retransmit import Address

log = logging.getLogger("starlane.net.udp")

READ_SIZE = 65536
"""Bytes read per datagram: any UDP datagram fits whole, so the protocol object, which
alone knows the wire's limit, sees an oversized one as it is (and counts it)."""

RECEIVE_BUFFER = 4 << 20
"""Bytes of kernel receive queue a server asks for: a 25k datagrams/s flood of 150-byte
datagrams takes over a second to fill it. The default (~208 kB on Linux) fills in a few
milliseconds, and then the kernel drops honest datagrams before the protocol could tell
them apart."""


def bound_socket(bind: Address, broadcast: bool = False) -> socket.socket:
    """A non-blocking UDP socket bound to ``bind``; ``broadcast``: it may send to directed
    broadcast addresses (a LAN browser). Raises ``OSError`` when ``bind`` cannot be had
    (port in use); the socket is closed then."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        if broadcast:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        sock.bind(bind)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


def count_error(errors: Counter[str], err: Exception) -> None:
    """Count a socket error by its kind (``ConnectionRefusedError``, ...): a lost datagram,
    never a reason to stop reading."""
    errors[type(err).__name__] += 1


def enlarge_receive_buffer(sock: socket.socket, errors: Counter[str],
                           size: int = RECEIVE_BUFFER) -> int:
    """Ask for a ``size``-byte kernel receive queue; returns what the OS granted (bytes,
    as ``SO_RCVBUF`` reads back: Linux doubles the request for its bookkeeping) and logs
    it. Linux caps ``SO_RCVBUF`` at net.core.rmem_max; ``SO_RCVBUFFORCE`` passes that
    cap when the process may administer the network (root, or a namespace it made)."""
    force = getattr(socket, "SO_RCVBUFFORCE", None)
    try:
        if force is None:
            raise PermissionError
        sock.setsockopt(socket.SOL_SOCKET, force, size)
    except OSError:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, size)
        except OSError as err:
            count_error(errors, err)
    granted = int(sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF))
    log.info("UDP receive buffer: asked for %d kB, the OS granted %d kB",
             size // 1024, granted // 1024)
    return granted
