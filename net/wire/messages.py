"""The wire: one pydantic model per Neteria method and one ``decode()`` for any datagram.

Every datagram is one UTF-8 JSON object whose ``method`` names its kind (see
``docs/protocol.md``), or, between peers at sync level 3, possibly a batch: a JSON array
of such objects (``_batching.coalesce`` builds them, ``decode_all`` reads them). Fields that
Neteria 1.0.2 defines keep its names and meaning; our extensions are optional, so an old
peer can ignore them and an old peer's messages (which omit them) still decode. Unknown
extra fields are ignored.

``decode()`` never raises: a datagram is either a message or a ``DecodeError``
whose ``kind`` says why it was refused. ``encode()`` may raise ``ValueError``:
that is the caller's own misuse (a message too large to send).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, TypeAdapter, ValidationError
from pydantic_core import from_json

PROTOCOL_VERSION = "1.0.2"
"""What we send. The real neteria 1.0.2 only answers OHAI from exactly this version."""

DEFAULT_PORT = 40080
"""Neteria's default UDP port; servers listen here and LAN browsers probe it."""

MAX_DATAGRAM = 32 * 1024
"""Largest datagram (bytes) we accept. Neteria 1.0.2 reads 10240 at most."""

MAX_MESSAGE = 1 << 20
"""Largest message (bytes) we encode, or decode once reassembled from fragments
(``net.link._fragments``); a server sends less when its config says so."""

SYNC_LEVEL = 3
"""State-sync levels: 1 = JSON diffs and packet headers, 2 = also packed state frames
(``wire.packing``), 3 = also batches (several messages in one datagram, ``_batching``).
Each end uses the lower of what it asks for and what the other offers."""

_COMPATIBLE = re.compile(r"1(\.\d+){0,2}")

Id = Annotated[str, Field(min_length=1, max_length=64)]
Priority = Literal["normal", "high"]
TEXT_MAX = 200  # characters in a free-text field: a version, a server name, a reason
Text = Annotated[str, Field(max_length=TEXT_MAX)]
NAME_MAX = 24
"""Characters in a player's name at most (at least 1): the wire refuses a longer one, and
every place a name is typed or given holds it to this."""
PlayerName = Annotated[str, Field(min_length=1, max_length=NAME_MAX)]


def clean_name(text: str) -> str:
    """``text`` as a name is shown, sent and compared: each run of white space one space,
    none at the ends ("" when it is all white space). The length is the caller's rule."""
    return " ".join(text.split())


def version_compatible(version: str | None) -> bool:
    """True for the 1.x family; ``None`` (neteria's REGISTER carries no version) counts as 1.x."""
    return version is None or _COMPATIBLE.fullmatch(version) is not None


Seq = Annotated[int, Field(ge=0, le=65535)]
ChannelSpec = tuple[Annotated[str, Field(min_length=1, max_length=32)],
                    Literal["reliable", "latest"]]
"""A declared channel on the wire: [name, mode] (``net.link._ordered.Channel``)."""
Channels = Annotated[list[ChannelSpec], Field(max_length=64)]
MESSAGE_MAX = 1200
"""Largest MESSAGE datagram (bytes) we send: one unfragmented IP datagram on any LAN."""

class _Message(BaseModel):
    """Every method may carry the sync extension's packet header (see ``net.link._acks``)."""

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
    """A server's answer to OHAI. ``server_name`` is required by the real neteria client.
    Extra top-level fields are kept (``model_extra``): what the application advertises."""

    model_config = ConfigDict(extra="allow", frozen=True)
    method: Literal["OHAI Client"] = "OHAI Client"
    version: Text
    server_name: Text | None = None
    cuuid: Id | None = None  # ext: echo of the probe's cuuid (answers are matched to probes)
    probe: int | None = None  # ext: echo of the probe number
    players: int | None = Field(default=None, ge=0)  # ext: human players (seats taken)
    bots: int | None = Field(default=None, ge=0)  # ext: computer players, when there are any
    spectators: int | None = Field(default=None, ge=0)  # ext: watching, when there are any
    max_players: int | None = Field(default=None, ge=0)  # ext
    port: int | None = Field(default=None, ge=1, le=65535)  # ext: where to REGISTER
    server_id: Id | None = None  # ext: the same for every address that reaches one server
    epoch: int | None = Field(default=None, ge=0)  # ext: how many times its match moved
    password: bool | None = None  # ext: REGISTER needs a password (see ends._admission)


class Register(_Message):
    """A client asks for a seat; resent until OK REGISTER or BYE REGISTER. Fields marked ext are
    ours: a plain neteria client sends ``cuuid`` alone."""

    method: Literal["REGISTER"] = "REGISTER"
    cuuid: Id
    version: Text | None = None  # neteria 1.0.2's client sends none
    name: PlayerName | None = None  # ext: the player's name
    sync: int | None = Field(default=None, ge=0)  # ext: highest state-sync level it speaks
    resume: Id | None = None  # ext: the token of a held seat (from its OK REGISTER) to take back
    follows: bool | None = None  # ext: this client follows the match to a new host
    host_port: int | None = Field(default=None, ge=1, le=65535)  # ext: it can take over, there
    hosting: bool | None = None  # ext: the player whose game runs this server
    build: Text | None = None  # ext: the application's build, for the server's admit hook
    nonce: Id | None = None  # ext: the challenge ``proof`` answers (a BYE REGISTER's)
    proof: Id | None = None  # ext: HMAC of the challenge keyed by the password's key
    channels: Channels | None = None  # ext: the message channels it speaks


class OkRegister(_Message):
    """The server seats the client that sent REGISTER. A plain neteria client reads only the
    method; the ext fields tell ours its name, pid, resume token and sync level."""

    method: Literal["OK REGISTER"] = "OK REGISTER"
    name: PlayerName | None = None  # ext: the name the server gave this client
    timeout: float | None = None  # ext: seconds of silence after which the server drops a client
    sync: int | None = Field(default=None, ge=0)  # ext: the state-sync level agreed
    pid: int | None = Field(default=None, ge=0)  # ext: this player's number (its state key)
    resume: Id | None = None  # ext: secret token (>= 128 random bits) that takes the seat back
    session: Id | None = None  # ext: the match's id, kept by every host it moves to
    epoch: int | None = Field(default=None, ge=0)  # ext: how many times the match moved
    spectator: bool | None = None  # ext: admitted to a full server, watching until seated
    channels: Channels | None = None  # ext: the server's channels; MESSAGE's ``ch`` indexes it


class ByeRegister(_Message):
    """Refusal of a REGISTER, a kick, or (sent by a client, with its cuuid) leaving."""

    method: Literal["BYE REGISTER"] = "BYE REGISTER"
    reason: Text | None = None  # ext: human-readable, shown to the player
    cuuid: Id | None = None  # ext: set when a client says goodbye
    epoch: int | None = Field(default=None, ge=0)  # ext: the host left; the match goes on...
    successor: int | None = Field(default=None, ge=0)  # ext: ...served by this pid's game
    moved: tuple[Text, int] | None = None  # ext: ...or served at this [ip, port]
    challenge: Id | None = None  # ext: a password is needed: answer this nonce...
    salt: Id | None = None  # ext: ...with the key derived with this salt


class Event(_Message):
    """One application event for the server to judge (``event_data``: any JSON). Resent with
    ``retry`` counting up until a verdict comes; the server executes it once."""

    method: Literal["EVENT"] = "EVENT"
    cuuid: Id
    euuid: Id
    event_data: JsonValue = None
    timestamp: Text | None = None
    retry: int = Field(default=0, ge=0)
    priority: Priority = "normal"


class Legal(_Message):
    """The verdict that the event ``euuid`` was accepted (and executed once)."""

    method: Literal["LEGAL"] = "LEGAL"
    euuid: Id
    priority: Priority = "normal"


class Illegal(_Message):
    """The verdict that the event ``euuid`` was refused: nothing was executed, and a
    high-priority event is rolled back by its client."""

    method: Literal["ILLEGAL"] = "ILLEGAL"
    euuid: Id
    priority: Priority = "normal"
    reason: Text | None = None  # ext: why the middleware refused it


class ByeEvent(_Message):
    """The answer to an EVENT from an address that holds no seat: the sender is not
    registered (or was forgotten), so nothing was judged."""

    method: Literal["BYE EVENT"] = "BYE EVENT"
    data: Text = "Not registered"
    euuid: Id | None = None  # ext: which event was refused


class OkEvent(_Message):
    """A plain client's acknowledgement of a verdict (sync clients ack in packet headers
    instead); the server stops resending it."""

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
    """A plain client's acknowledgement of a NOTIFY (sync clients ack in packet headers instead);
    the server stops resending it."""

    method: Literal["OK NOTIFY"] = "OK NOTIFY"
    cuuid: Id
    euuid: Id


class Heartbeat(_Message):
    """Ext: keeps a quiet link alive and measures RTT (``echo`` returns the peer's ``time``)."""

    method: Literal["HEARTBEAT"] = "HEARTBEAT"
    cuuid: Id | None = None
    time: float | None = None
    echo: float | None = None


class Handover(_Message):
    """Ext, reliable (acknowledged like a NOTIFY): what a named successor needs to take the
    match over. ``key`` (hex) keys the HMAC-SHA256 ``seats`` hold of each resume token, so
    the successor checks tokens without learning them. A seat is ``[cuuid, pid, name,
    token hash, follows (0/1), ip, port]``; ``game`` is the application's own (opaque)."""

    method: Literal["HANDOVER"] = "HANDOVER"
    euuid: Id
    session: Id
    epoch: int = Field(ge=0)
    key: Annotated[str, Field(min_length=32, max_length=128)]
    server_name: Text
    max_players: int = Field(ge=1)
    seats: list[tuple[Id, int, PlayerName, Id, int, Text, int]] = Field(max_length=64)
    game: JsonValue = None


class ChannelMessage(_Message):
    """Ext: one application message on channel ``ch`` (an index into OK REGISTER's
    ``channels``), number ``n`` of that channel; only between ends that both declared
    the channel. ``cuuid``: set when a client sends it."""

    method: Literal["MESSAGE"] = "MESSAGE"
    ch: int = Field(ge=0, le=63)
    n: int = Field(ge=0, le=2**53)
    data: JsonValue = None
    cuuid: Id | None = None


class OkChannelMessage(_Message):
    """Ext: the receiver of a reliable channel ``ch`` holds every message below ``next``,
    and ``next + 1 + i`` for each bit i set in ``got``."""

    method: Literal["OK MESSAGE"] = "OK MESSAGE"
    ch: int = Field(ge=0, le=63)
    next: int = Field(ge=0, le=2**53)
    got: int = Field(default=0, ge=0, le=0xFFFFFFFF)
    cuuid: Id | None = None


class Ack(_Message):
    """Ext: a client's header alone, acknowledging state NOTIFYs (no reply)."""

    method: Literal["ACK"] = "ACK"
    cuuid: Id


Message = Annotated[
    Ohai | OhaiClient | Register | OkRegister | ByeRegister | Event | Legal | Illegal
    | ByeEvent | OkEvent | Notify | OkNotify | Heartbeat | Ack | Handover | ChannelMessage
    | OkChannelMessage,
    Field(discriminator="method"),
]
_ADAPTER: TypeAdapter[Message] = TypeAdapter(Message)
# the adapter's own validator: its method wrappers cost as much as a small message's parse
_VALIDATOR = _ADAPTER.validator

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
    "model_attributes_type": "not an object",  # a batch's element that is not an object
    "union_tag_not_found": "no method",
    "union_tag_invalid": "unknown method",
}


def decode(datagram: bytes, limit: int = MAX_DATAGRAM) -> Message | DecodeError:
    """Parse one datagram (or a message of up to ``limit`` bytes reassembled from
    fragments). Never raises; returns a message or the reason it is not one."""
    if len(datagram) > limit:
        return DecodeError("too large", f"{len(datagram)} bytes > {limit}")
    try:  # not through ``_validated``: one call less for every datagram
        message: Message = _VALIDATOR.validate_json(datagram)
    except ValidationError as err:
        return _refusal(err)
    return message


def decode_all(datagram: bytes, limit: int = MAX_DATAGRAM) -> list[Message | DecodeError]:
    """Parse a datagram that may be a batch (a JSON array of messages, sync level 3): one
    result per message, so a bad element costs only itself. Never raises."""
    if datagram[:1] != b"[" or len(datagram) > limit:
        return [decode(datagram, limit)]  # one message, or the size refusal
    try:
        items = from_json(datagram)
    except ValueError as err:
        return [DecodeError("not json", str(err))]
    if not items:
        return [DecodeError("not an object", "an empty batch")]
    return [_validated(_VALIDATOR.validate_python, item) for item in items]


def _validated(validate: Callable[[Any], Message], data: Any) -> Message | DecodeError:
    try:
        return validate(data)
    except ValidationError as err:
        return _refusal(err)


def _refusal(err: ValidationError) -> DecodeError:
    first = err.errors(include_url=False, include_input=False)[0]
    kind = _KIND_BY_PYDANTIC_TYPE.get(first["type"], "invalid field")
    where = ".".join(str(p) for p in first["loc"])
    return DecodeError(kind, f"{where}: {first['msg']}" if where else first["msg"])


def encode(message: _Message) -> bytes:
    """Serialise a message for the wire, leaving unset extensions out.

    Raises ``ValueError`` when the result exceeds ``MAX_MESSAGE``: split the data. (One
    above a datagram's size goes in fragments to a peer that reads them.)
    """
    # the model's serializer itself: model_dump_json would decode its bytes to str for us
    # to encode back, behind a wrapper that costs as much as the serialising
    serializer = message.__pydantic_serializer__
    if type(message) in _SENDS_NULL:
        unset = {name for name in _EXTENSIONS[type(message)] if getattr(message, name) is None}
        data = serializer.to_json(message, exclude=unset)
    else:  # only extensions can be None here
        data = serializer.to_json(message, exclude_none=True)
    return fitting(message.method, data)


def fitting(method: str, data: bytes) -> bytes:
    """``data`` if it is within ``MAX_MESSAGE``; ``ValueError`` otherwise (split the data)."""
    if len(data) > MAX_MESSAGE:
        raise ValueError(f"{method} of {len(data)} bytes exceeds {MAX_MESSAGE}")
    return data
