"""The wire: one pydantic model per Neteria method and one ``decode()`` for any datagram.

Every datagram is one UTF-8 JSON object whose ``method`` names its kind (see
``docs/protocol.md``). Fields that Neteria 1.0.2 defines keep its names and
meaning; our extensions are optional, so an old peer can ignore them and an old
peer's messages (which omit them) still decode. Unknown extra fields are ignored.

``decode()`` never raises: a datagram is either a message or a ``DecodeError``
whose ``kind`` says why it was refused. ``encode()`` may raise ``ValueError``:
that is the caller's own misuse (a message too large to send).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Literal, TypedDict

from pydantic import BaseModel, ConfigDict, Field, JsonValue, TypeAdapter, ValidationError

PROTOCOL_VERSION = "1.0.2"
"""What we send. The real neteria 1.0.2 only answers OHAI from exactly this version."""

DEFAULT_PORT = 40080
"""Neteria's default UDP port; servers listen here and LAN browsers probe it."""

MAX_DATAGRAM = 32 * 1024
"""Largest datagram (bytes) we accept or send. Neteria 1.0.2 reads 10240 at most."""

SYNC_LEVEL = 2
"""State-sync levels: 1 = JSON diffs and packet headers, 2 = also packed state frames
(``net.packing``). Each end uses the lower of what it asks for and what the other offers."""

_COMPATIBLE = re.compile(r"1(\.\d+){0,2}")

Id = Annotated[str, Field(min_length=1, max_length=64)]
Priority = Literal["normal", "high"]
Text = Annotated[str, Field(max_length=200)]
PlayerName = Annotated[str, Field(min_length=1, max_length=24)]


def version_compatible(version: str | None) -> bool:
    """True for the 1.x family; ``None`` (neteria's REGISTER carries no version) counts as 1.x."""
    return version is None or _COMPATIBLE.fullmatch(version) is not None


Seq = Annotated[int, Field(ge=0, le=65535)]


class Header(TypedDict, total=False):
    """The sync extension's packet header as keyword arguments (empty when not spoken)."""

    seq: int
    ack: int
    bits: int


class _Message(BaseModel):
    """Every method may carry the sync extension's packet header (see ``net.acks``)."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    method: str
    seq: Seq | None = None  # ext: this datagram's sequence number
    ack: Seq | None = None  # ext: newest sequence number received from the peer
    bits: int | None = Field(default=None, ge=0, le=0xFFFFFFFF)  # ext: the 32 before ``ack``


class Ohai(_Message):
    """Discovery probe, broadcast or unicast to a server's port."""

    method: Literal["OHAI"] = "OHAI"
    cuuid: Id
    version: Text
    probe: int | None = None  # ext: echoed back, so the browser can time each probe


class OhaiClient(_Message):
    """A server's answer to OHAI. ``server_name`` is required by the real neteria client."""

    method: Literal["OHAI Client"] = "OHAI Client"
    version: Text
    server_name: Text | None = None
    cuuid: Id | None = None  # ext: echo of the probe's cuuid (answers are matched to probes)
    probe: int | None = None  # ext: echo of the probe number
    players: int | None = Field(default=None, ge=0)  # ext
    max_players: int | None = Field(default=None, ge=0)  # ext
    port: int | None = Field(default=None, ge=1, le=65535)  # ext: where to REGISTER


class Register(_Message):
    method: Literal["REGISTER"] = "REGISTER"
    cuuid: Id
    version: Text | None = None  # neteria 1.0.2's client sends none
    name: PlayerName | None = None  # ext: the player's name
    sync: int | None = Field(default=None, ge=0)  # ext: highest state-sync level it speaks


class OkRegister(_Message):
    method: Literal["OK REGISTER"] = "OK REGISTER"
    name: PlayerName | None = None  # ext: the name the server gave this client
    timeout: float | None = None  # ext: seconds of silence after which the server drops a client
    sync: int | None = Field(default=None, ge=0)  # ext: the state-sync level agreed


class ByeRegister(_Message):
    """Refusal of a REGISTER, a kick, or (sent by a client, with its cuuid) leaving."""

    method: Literal["BYE REGISTER"] = "BYE REGISTER"
    reason: Text | None = None  # ext: human-readable, shown to the player
    cuuid: Id | None = None  # ext: set when a client says goodbye


class Event(_Message):
    method: Literal["EVENT"] = "EVENT"
    cuuid: Id
    euuid: Id
    event_data: JsonValue = None
    timestamp: Text | None = None
    retry: int = Field(default=0, ge=0)
    priority: Priority = "normal"


class Legal(_Message):
    method: Literal["LEGAL"] = "LEGAL"
    euuid: Id
    priority: Priority = "normal"


class Illegal(_Message):
    method: Literal["ILLEGAL"] = "ILLEGAL"
    euuid: Id
    priority: Priority = "normal"
    reason: Text | None = None  # ext: why the middleware refused it


class ByeEvent(_Message):
    method: Literal["BYE EVENT"] = "BYE EVENT"
    data: Text = "Not registered"
    euuid: Id | None = None  # ext: which event was refused


class OkEvent(_Message):
    method: Literal["OK EVENT"] = "OK EVENT"
    cuuid: Id
    euuid: Id


class Notify(_Message):
    """Reliable push; or, with ``tick`` (ext), one unreliable state update: a keyframe when
    ``base`` is absent, else a diff from the client's state of tick ``base``."""

    method: Literal["NOTIFY"] = "NOTIFY"
    euuid: Id
    event_data: JsonValue = None
    tick: int | None = Field(default=None, ge=0)  # ext
    base: int | None = Field(default=None, ge=0)  # ext


class OkNotify(_Message):
    method: Literal["OK NOTIFY"] = "OK NOTIFY"
    cuuid: Id
    euuid: Id


class Heartbeat(_Message):
    """Ext: keeps a quiet link alive and measures RTT (``echo`` returns the peer's ``time``)."""

    method: Literal["HEARTBEAT"] = "HEARTBEAT"
    cuuid: Id | None = None
    time: float | None = None
    echo: float | None = None


class Ack(_Message):
    """Ext: a client's header alone, acknowledging state NOTIFYs (no reply)."""

    method: Literal["ACK"] = "ACK"
    cuuid: Id


Message = Annotated[
    Ohai | OhaiClient | Register | OkRegister | ByeRegister | Event | Legal | Illegal
    | ByeEvent | OkEvent | Notify | OkNotify | Heartbeat | Ack,
    Field(discriminator="method"),
]
_ADAPTER: TypeAdapter[Message] = TypeAdapter(Message)

# Optional fields left off the wire when unset. ``event_data`` is always sent, even when
# null: neteria 1.0.2 reads it unconditionally.
_EXTENSIONS = {
    model: frozenset(name for name, field in model.model_fields.items()
                     if field.default is None and name != "event_data")
    for model in _Message.__subclasses__()
}


_SENDS_NULL = frozenset({Event, Notify})  # models whose ``event_data`` goes even when null


@dataclass(frozen=True, slots=True)
class DecodeError:
    """Why a datagram was refused. ``kind`` is one of the ``DecodeError.KINDS``."""

    kind: str
    detail: str

    KINDS = ("too large", "not json", "not an object", "no method", "unknown method",
             "invalid field")


_KIND_BY_PYDANTIC_TYPE = {
    "json_invalid": "not json",
    "dict_type": "not an object",
    "union_tag_not_found": "no method",
    "union_tag_invalid": "unknown method",
}


def decode(datagram: bytes) -> Message | DecodeError:
    """Parse one datagram. Never raises; returns a message or the reason it is not one."""
    if len(datagram) > MAX_DATAGRAM:
        return DecodeError("too large", f"{len(datagram)} bytes > {MAX_DATAGRAM}")
    try:
        return _ADAPTER.validate_json(datagram)
    except ValidationError as err:
        first = err.errors(include_url=False, include_input=False)[0]
        kind = _KIND_BY_PYDANTIC_TYPE.get(first["type"], "invalid field")
        where = ".".join(str(p) for p in first["loc"])
        return DecodeError(kind, f"{where}: {first['msg']}" if where else first["msg"])


def encode(message: _Message) -> bytes:
    """Serialise a message for the wire, leaving unset extensions out.

    Raises ``ValueError`` when the result exceeds ``MAX_DATAGRAM``: split the data.
    """
    if type(message) in _SENDS_NULL:
        unset = {name for name in _EXTENSIONS[type(message)] if getattr(message, name) is None}
        data = message.model_dump_json(exclude=unset).encode()
    else:  # only extensions can be None here
        data = message.model_dump_json(exclude_none=True).encode()
    if len(data) > MAX_DATAGRAM:
        raise ValueError(f"{message.method} of {len(data)} bytes exceeds {MAX_DATAGRAM}")
    return data
