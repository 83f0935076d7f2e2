"""What a client makes of a state from its server (sync level 1 and up): a packed frame
read, and the state of its tick rebuilt from the one it is a diff of, each outcome counted
in the client's stats; and whether what it heard shows the server has its proof."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..link._channels import StateReceiver
from ..link.peer import Link
from ..sync.tracking import Delta
from ..wire import _framing as framing
from ..wire import messages as m
from ..wire import packing
from .client_api import ClientStats


def packed_frame(datagram: bytes, link: Link[StateReceiver],
                 stats: ClientStats) -> framing.Frame | None:
    """The packed state frame in ``datagram``; None when it is malformed (counted) or
    ``link`` agreed no packed states (a stray)."""
    try:
        frame = framing.unpack_frame(datagram)
    except packing.PackingError:
        stats.malformed += 1
        return None
    if not link.packed or link.acks is None:
        stats.stray += 1
        return None
    return frame


def rebuilt(link: Link[StateReceiver], stats: ClientStats, tick: int, base: int | None,
            delta_for: Callable[[dict[str, Any]], Delta | Any]) -> dict[str, Any] | None:
    """The state of ``tick`` from a keyframe or a diff against ``base`` (``delta_for(prior)``
    reads it: a packed one needs the prior). None: ``link`` has no sync extension (a
    stray), or no baseline, or a malformed diff (unusable)."""
    if link.acks is None:
        stats.stray += 1
        return None
    state = link.stream.rebuild(tick, base, delta_for)
    if state is None:
        stats.unusable_states += 1
        return None
    stats.states += 1
    return state


def shows_us_proven(msg: m.Message) -> bool:
    """Whether ``msg`` from the server shows it has our proof (an ACK of OK REGISTER), so
    the client may stop repeating it: anything but OK REGISTER and a keyframe, for an
    address not yet proven gets those too (``docs/protocol.md``, "Proof of return
    routability"). On a lossy path a keyframe can reach us while every ACK so far was lost."""
    if isinstance(msg, m.OkRegister):
        return False
    return not (isinstance(msg, m.Notify) and msg.tick is not None and msg.base is None)
