"""What a client sends its server: each datagram counted, a message stamped with the packet
header of the link of now, acknowledgements (OK EVENT / OK NOTIFY to a plain server; the
next packet header, or a bare ACK after a delay, once the sync extension is on)."""

from __future__ import annotations

from typing import Any

from ..link._channels import StateReceiver
from ..link._retransmit import Address
from ..link.peer import Link
from ..wire import _batching as batching
from ..wire import _framing as framing
from ..wire import messages as m
from .client_api import ClientStats


class ClientOutbox:
    """The datagrams queued for ``server``, sent by ``ClientProtocol.datagrams_to_send``."""

    def __init__(self, server: Address, cuuid: str, stats: ClientStats,
                 ack_delay: float) -> None:
        self.server, self.cuuid = server, cuuid
        self.token = framing.token(cuuid)  # names us in packed ACKs
        self._stats = stats
        self._ack_delay = ack_delay  # s an acknowledgement may wait for a header to carry it
        self._out: list[tuple[bytes, Address]] = []

    def send(self, datagram: bytes) -> None:
        """Queue ``datagram`` as it is."""
        self._stats.sent += 1
        self._out.append((datagram, self.server))

    def message(self, msg: Any, link: Link[StateReceiver], now: float) -> None:
        """Queue ``msg`` with ``link``'s packet header (none before the extension is on)."""
        self.send(batching.with_header(m.encode(msg), link.stamp(now)))

    def ack(self, link: Link[StateReceiver], now: float) -> None:
        """Our packet header alone: packed (10 bytes) at sync level 2, else a JSON ACK."""
        header = link.stamp(now)
        if not link.packed or header is None:
            self.send(batching.with_header(m.encode(m.Ack(cuuid=self.cuuid)), header))
            return
        self.send(framing.pack_ack(*header, self.token))

    def acknowledge(self, ok: type[m.OkEvent] | type[m.OkNotify], euuid: str,
                    link: Link[StateReceiver], now: float) -> None:
        """Acknowledge a verdict or NOTIFY: with OK EVENT / OK NOTIFY, or, once the sync
        extension is on, with the packet header of whatever we send next, or of an ACK
        sent ``ack_delay`` s from now if nothing else goes first."""
        acks = link.acks
        if acks is None:
            self.message(ok(cuuid=self.cuuid, euuid=euuid), link, now)
        elif acks.due is None:
            acks.due = now + self._ack_delay

    def drain(self) -> list[tuple[bytes, Address]]:
        """Everything queued, oldest first; the queue is left empty."""
        out, self._out = self._out, []
        return out
