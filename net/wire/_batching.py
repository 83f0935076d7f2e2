"""Packet headers and batches: the two ways the sync extension reshapes an encoded JSON
message before it goes out (``docs/protocol.md``). ``with_header`` stamps the packet
header on a message encoded once; ``coalesce`` joins the messages to one address into
batches. Internal: used by the channels and the server."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

BATCH_LIMIT = 1200
"""Largest batch (bytes) ``coalesce`` builds: below a LAN's or the internet's usual path
MTU, so a batch never travels as IP fragments (one lost fragment loses them all)."""

Addr = TypeVar("Addr", bound=Hashable)  # an address, whatever the caller's type for it

Header = tuple[int, int, int]
"""The sync extension's packet header: (seq, ack, bits); see ``with_header``."""


def coalesce(datagrams: list[tuple[bytes, Addr]], batches: Callable[[Addr], bool]
             ) -> list[tuple[bytes, Addr]]:
    """Merge the JSON datagrams to each address that ``batches`` into batches of up to
    ``BATCH_LIMIT`` bytes (one ``sendto`` and one datagram for the lot instead of one each).
    Messages keep their order per address; anything else (a binary frame, a peer below
    level 3) goes as it was, possibly ahead of a batch, as UDP itself may reorder."""
    out: list[tuple[bytes, Addr]] = []
    queued: dict[Addr, list[bytes]] = {}
    for datagram, address in datagrams:
        if datagram[:1] == b"{" and batches(address):
            queued.setdefault(address, []).append(datagram)
        else:
            out.append((datagram, address))
    for address, items in queued.items():
        batch: list[bytes] = []
        size = 1
        for item in items:
            if batch and size + len(item) + 1 > BATCH_LIMIT:
                out.append((_joined(batch), address))
                batch, size = [], 1
            batch.append(item)
            size += len(item) + 1
        out.append((_joined(batch), address))
    return out


def with_header(datagram: bytes, header: Header | None) -> bytes:
    """An encoded message with the packet header's ``seq``, ``ack`` and ``bits`` added
    (``None``: a peer that does not speak the extension gets it as it was). Headers change
    with every send and the rest of a message does not: encode once, stamp each send."""
    if header is None:
        return datagram
    return b'%b,"seq":%d,"ack":%d,"bits":%d}' % (datagram[:-1], *header)


def _joined(items: list[bytes]) -> bytes:
    return items[0] if len(items) == 1 else b"[" + b",".join(items) + b"]"
