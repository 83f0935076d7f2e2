"""Encoders for the server's hot paths, each byte for byte what ``messages.encode`` makes of
the same model, without building and walking one: a LEGAL for every EVENT, a plain client's
state NOTIFY 30 times a second, a channel MESSAGE. ``tests/test_messages.py`` and
``tests/test_publish.py`` hold them to ``encode``."""

from __future__ import annotations

from pydantic_core import to_json

from .messages import fitting


def encode_legal(euuid: str, priority: str) -> bytes:
    """``encode(Legal(euuid=euuid, priority=priority))`` byte for byte, for the ``euuid``
    and ``priority`` of an EVENT that ``decode`` accepted: a server answers every EVENT,
    and building and walking a model costs several times this."""
    return b'{"method":"LEGAL","euuid":%b,"priority":%b}' % (to_json(euuid), _PRIORITIES[priority])


_PRIORITIES = {"normal": b'"normal"', "high": b'"high"'}  # each ``Priority`` as JSON


def encode_notify(euuid: str, event_data: bytes) -> bytes:
    """``encode(Notify(euuid=euuid, event_data=...))`` byte for byte, for ``event_data``
    given as JSON already: a plain client's state NOTIFY, 30 times a second, whose state
    is mostly made of parts every client shares (``channels.Publication.to_json``)."""
    return fitting("NOTIFY", b'{"method":"NOTIFY","euuid":%b,"event_data":%b}'
                    % (to_json(euuid), event_data))


def encode_message(ch: int, n: int, data: bytes, cuuid: str | None) -> bytes:
    """``encode(ChannelMessage(...))`` for ``data`` given as JSON already (its size is
    checked by the caller against ``MESSAGE_MAX``)."""
    sender = b"" if cuuid is None else b',"cuuid":%b' % to_json(cuuid)
    return b'{"method":"MESSAGE","ch":%d,"n":%d,"data":%b%b}' % (ch, n, data, sender)
