"""The binary packet frame of the sync extension (levels 2 and 3): a packed state datagram
(``pack_frame``: packet header, tick, base, then a ``packing`` body) and the client's packed
ACK (``pack_ack``: the packet header alone). Layout byte by byte: ``docs/protocol.md``.
Raises only ``PackingError`` on what it cannot read."""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass

from ._bytes import PackingError, Reader, write_varint

MAGIC = b"\x00"
"""First byte of a packed frame or ACK; a JSON datagram never starts with it."""

_HEADER = struct.Struct(">HH")  # seq, ack; then the bits missing from ``bits`` as a varint


@dataclass(frozen=True, slots=True)
class Frame:
    """A packed state datagram read back: its packet header (``seq``, ``ack``, ``bits``, as in
    ``net.link._acks``), the state's ``tick``, and ``body``, the packed delta from the state of tick
    ``base``."""

    seq: int
    ack: int
    bits: int
    tick: int
    base: int | None  # None: a keyframe (the body applies to an empty state)
    body: bytes


def pack_frame(seq: int, ack: int, bits: int, tick: int, base: int | None, body: bytes) -> bytes:
    """A packed state datagram: the packet header, ``tick`` and ``base`` as varints (base as
    ``tick - base + 1``, 0 for a keyframe), then ``body`` (from ``encode``)."""
    out = _packet_header(seq, ack, bits)
    write_varint(out, tick)
    write_varint(out, 0 if base is None else tick - base + 1)
    return bytes(out + body)


def unpack_frame(datagram: bytes) -> Frame:
    """The ``Frame`` in a packed state datagram; ``PackingError`` when it is truncated or names a
    base before tick 0 (the body is read later, by ``decode``)."""
    seq, ack, bits, reader = _read_packet_header(datagram, "a packed frame")
    tick = reader.varint()
    gap = reader.varint()
    if gap > tick + 1:
        raise PackingError(f"base before tick 0 (tick {tick}, gap {gap})")
    return Frame(seq, ack, bits, tick, None if gap == 0 else tick - gap + 1,
                 datagram[reader.pos:])


def token(cuuid: str) -> bytes:
    """4 bytes standing for a client id in its packed ACKs (both ends derive it)."""
    return hashlib.blake2s(cuuid.encode(), digest_size=4).digest()


def pack_ack(seq: int, ack: int, bits: int, client_token: bytes) -> bytes:
    """A client's packet header alone, acknowledging state frames: 10 bytes, where the JSON
    ACK takes about 95."""
    return bytes(_packet_header(seq, ack, bits) + client_token)


def unpack_ack(datagram: bytes) -> tuple[int, int, int, bytes]:
    """(seq, ack, bits, token) of a packed ACK; ``PackingError`` if it is not one."""
    seq, ack, bits, reader = _read_packet_header(datagram, "a packed ACK")
    client_token = reader.take(4)
    if reader.pos != len(datagram):
        raise PackingError("bytes after a packed ACK")
    return seq, ack, bits, client_token


def _packet_header(seq: int, ack: int, bits: int) -> bytearray:
    out = bytearray(MAGIC)
    out += _HEADER.pack(seq, ack)
    write_varint(out, ~bits & 0xFFFFFFFF)  # usually all arrived: one byte
    return out


def _read_packet_header(datagram: bytes, what: str) -> tuple[int, int, int, Reader]:
    if datagram[:1] != MAGIC or len(datagram) < 1 + _HEADER.size:
        raise PackingError(f"not {what}")
    seq, ack = _HEADER.unpack_from(datagram, 1)
    reader = Reader(datagram, 1 + _HEADER.size)
    return seq, ack, ~reader.varint() & 0xFFFFFFFF, reader
