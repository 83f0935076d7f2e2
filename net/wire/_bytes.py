"""The byte-level pieces of the packed formats (``_framing`` and ``packing``): unsigned and
zigzag varints, and a reader that raises ``PackingError`` on anything truncated."""

from __future__ import annotations

MAX_VARINT_BYTES = 20
"""Longest varint read (bytes): more is corrupt input, not a number."""


class PackingError(ValueError):
    """A packed frame that cannot be read (truncated, corrupt, or not for this prior)."""


def write_varint(out: bytearray, n: int) -> None:
    """Append ``n`` (>= 0) as an unsigned LEB128 varint: 7 bits a byte, low bits first."""
    while n > 0x7F:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)


def write_zigzag(out: bytearray, n: int) -> None:
    """Append a signed ``n`` as a zigzag varint (0, -1, 1, -2 ... -> 0, 1, 2, 3 ...)."""
    if abs(n) >= 1 << 126:  # the reader stops at 20 varint bytes
        raise ValueError(f"integer too large to pack: {n}")
    write_varint(out, n * 2 if n >= 0 else -n * 2 - 1)


class Reader:
    """Reads a packed datagram from ``pos`` on; every read past its end is a ``PackingError``."""

    def __init__(self, data: bytes, pos: int) -> None:
        self.data, self.pos = data, pos

    def byte(self) -> int:
        if self.pos >= len(self.data):
            raise PackingError("truncated")
        value = self.data[self.pos]
        self.pos += 1
        return value

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise PackingError("truncated")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def varint(self) -> int:
        n = shift = 0
        for _ in range(MAX_VARINT_BYTES):
            b = self.byte()
            n |= (b & 0x7F) << shift
            if b < 0x80:
                return n
            shift += 7
        raise PackingError("varint too long")

    def zigzag(self) -> int:
        n = self.varint()
        return n >> 1 if n & 1 == 0 else -(n >> 1) - 1

    def text(self) -> str:
        return self.take(self.varint()).decode()

    def mask(self, keys: list[str]) -> list[str]:
        bits = int.from_bytes(self.take((len(keys) + 7) // 8), "little")
        if bits >> len(keys):
            raise PackingError("mask names a key the prior state does not have")
        return [key for i, key in enumerate(keys) if bits >> i & 1]
