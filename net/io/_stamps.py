"""Kernel receive stamps (Linux's SO_TIMESTAMPNS) dated on the adapter's monotonic clock.

A datagram's arrival time is when the kernel took it, not when a busy game loop got round
to reading it: RTT samples and interpolation then do not count the frame's wait. Used by
``udp.UdpEndpoint``; everything here is internal.
"""

from __future__ import annotations

import socket
import struct
import sys
import time
from collections.abc import Callable

# Kernel receive timestamps (CLOCK_REALTIME, ns): Linux's SO_TIMESTAMPNS, which Python's
# socket module does not name; its value is 35 on x86 and ARM (asm-generic).
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35 if sys.platform == "linux" else None)
_TIMESPEC = struct.Struct("@ll")
STAMP_SPACE = socket.CMSG_SPACE(_TIMESPEC.size)  # ancillary bytes for one timestamp
_SOL_SOCKET = socket.SOL_SOCKET


class KernelStamps:
    """Dates kernel receive stamps (SO_TIMESTAMPNS: wall clock, s and ns) on ``clock``.

    Between steps of the wall clock its offset from a monotonic clock is constant, so both
    are read together once per batch of datagrams (``read_clocks``), not once per datagram,
    and a stamp is dated by its age at that read. A stamp newer than the read (the datagram
    arrived while the batch was being read) makes it read both clocks again: a datagram is
    never dated after the time it was read, nor more than 1 s before it. A stamp outside
    that even so means the wall clock was stepped: the read time stands in.
    """

    def __init__(self, clock: Callable[[], float],
                 wall: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.wall_clock = wall
        self.wall = self.now = float("-inf")  # the last read of both clocks (s)

    def read_clocks(self) -> float:
        """Read both clocks; returns ``clock``'s reading."""
        # the wall clock first: a pause between the two reads then makes an arrival look
        # later than it was, never earlier (before the sender sent it)
        self.wall = self.wall_clock()
        self.now = self.clock()
        return self.now

    def arrival(self, ancillary: list[tuple[int, int, bytes]]) -> float:
        """When a datagram arrived, on ``clock``, from the ancillary data ``recvmsg`` gave
        with it (without a stamp: the time of reading it)."""
        # SO_TIMESTAMPNS is the one ancillary item asked for: at most one comes
        if not ancillary or ancillary[0][1] != SO_TIMESTAMPNS or ancillary[0][0] != _SOL_SOCKET \
                or len(ancillary[0][2]) < _TIMESPEC.size:
            return self.clock()  # no stamp to date: the wall clock is not needed
        seconds, nanoseconds = _TIMESPEC.unpack_from(ancillary[0][2])
        stamp: float = seconds + nanoseconds * 1e-9
        if stamp > self.wall:  # it arrived after the last read
            self.read_clocks()
        age = self.wall - stamp
        if 0.0 <= age < 1.0:
            return self.now - age
        return self.now

