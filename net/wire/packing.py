"""Packed state frames (sync level 2): a state diff in a few bytes instead of JSON.

A JSON diff spells every key and every digit, and the Neteria envelope around it costs
about 100 bytes by itself. Both ends already hold the state the diff starts from (the
client's acknowledged baseline), so a packed diff leans on it:

- a key that exists in that prior state is named by its position (one bit in a mask over
  the prior's sorted keys), not spelled out; only new keys travel as text;
- a number that exists in the prior travels as the difference from its prior value, as a
  zigzag varint: floats that are short decimals go in fixed point (512.3 -> 5123, so a
  move of 3.7 px costs one byte), other floats as 8-byte doubles;
- flat's "uniform arrays get a compact encoding": when every changed child of a dict
  changed the same numeric fields (every player's x and y), the field mask and the kind of
  each field are written once, then only the numbers.

``decode(encode(delta, prior), prior)`` is a delta with the same effect on ``prior`` as
``delta`` (``net.sync.apply_delta``). ``decode`` raises only ``PackingError``. Layout
byte by byte: ``docs/protocol.md``.
"""

from __future__ import annotations

import math
import struct
from typing import Any

from ..sync.tracking import REMOVED, Delta
from ._bytes import PackingError as PackingError  # what ``decode`` raises: public here
from ._bytes import Reader, write_varint, write_zigzag

EMPTY: dict[str, Any] = {}
"""The prior of a keyframe or of a new dict: one shared object, never changed, so the
work on a new part of the state is shared between clients too (see ``Packer``)."""

_DOUBLE = struct.Struct(">d")
_MAX_DECIMALS = 6

# value tags
NONE, FALSE, TRUE, INT, FLOAT, STR, LIST, DICT, INT_STEP = range(9)
FIXED = 16  # + decimals: zigzag of round(v * 10**decimals)
FIXED_STEP = 32  # + decimals: the same, minus the prior value's fixed-point form
# dict flags
_REMOVALS, _CHANGES, _NEW, _UNIFORM = 1, 2, 4, 8


def encode(delta: Delta, prior: dict[str, Any]) -> bytes:
    """Pack ``delta`` (as ``net.sync`` makes them) for a peer holding ``prior``."""
    return Packer().pack(delta, prior)


def decode(body: bytes, prior: dict[str, Any]) -> Delta:
    """The delta packed in ``body`` against ``prior``; ``PackingError`` if it cannot be read."""
    reader = Reader(body, 0)
    try:
        delta = _decode_dict(reader, prior)
    except (TypeError, OverflowError, RecursionError, UnicodeDecodeError) as err:
        raise PackingError(f"corrupt packed state: {type(err).__name__}") from None
    if reader.pos != len(body):
        raise PackingError(f"{len(body) - reader.pos} bytes left over")
    return delta


# ---- encoding ----------------------------------------------------------------------------

def _is_int(v: Any) -> bool:
    return type(v) is int


def _is_number(v: Any) -> bool:
    return type(v) is int or type(v) is float


def _decimals(v: float, at_least: int = 0) -> int | None:
    """The fewest decimals (>= ``at_least``) that hold ``v`` exactly, or None."""
    if not math.isfinite(v) or abs(v) >= 2.0 ** 52 / 10 ** _MAX_DECIMALS \
            or (v == 0 and math.copysign(1.0, v) < 0):  # -0.0 would come back as 0.0
        return None
    for k in range(at_least, _MAX_DECIMALS + 1):
        scale = 10 ** k
        if round(v * scale) / scale == v:
            return k
    return None


def _steppable(prior: Any) -> bool:
    """A number a fixed-point step can start from (any finite one of sane size)."""
    return _is_number(prior) and abs(prior) < 2.0 ** 52 / 10 ** _MAX_DECIMALS


def _fixed(v: float, k: int) -> int:
    scale: int = 10 ** k  # k counts decimals, never negative: an int (typeshed says Any)
    return round(v * scale)


class Packer:
    """Packs the deltas of one tick for many clients, sharing the work between them.

    Each dict is packed once per (delta, prior) pair of objects: clients shown the same
    part of a state (every player but themselves, the shared world) against the same prior
    object share its bytes. Use one ``Packer`` per tick: it keeps what it saw alive, so the ids
    it remembers stay unique.
    """

    def __init__(self) -> None:
        self._memo: dict[tuple[int, int], tuple[bytes, Delta, dict[str, Any]]] = {}

    def pack(self, delta: Delta, prior: dict[str, Any]) -> bytes:
        """``delta`` packed against ``prior``, the state the client holds (as ``encode``),
        reusing the bytes of any dict already packed against the same prior object this tick."""
        out = bytearray()
        self._dict(out, delta, prior)
        return bytes(out)

    def _value(self, out: bytearray, v: Any, prior: Any) -> None:
        """One value; ``prior`` is what the peer holds at this place (None: nothing)."""
        if isinstance(v, dict):
            out.append(DICT)
            self._dict(out, v, prior if isinstance(prior, dict) else EMPTY)
        elif v is None:
            out.append(NONE)
        elif v is True or v is False:
            out.append(TRUE if v else FALSE)
        elif _is_int(v):
            if _is_int(prior):
                out.append(INT_STEP)
                write_zigzag(out, v - prior)
            else:
                out.append(INT)
                write_zigzag(out, v)
        elif type(v) is float:
            k = _decimals(v)
            if k is None:
                out.append(FLOAT)
                out += _DOUBLE.pack(v)
            elif _steppable(prior):
                out.append(FIXED_STEP + k)
                write_zigzag(out, _fixed(v, k) - _fixed(prior, k))
            else:
                out.append(FIXED + k)
                write_zigzag(out, _fixed(v, k))
        elif isinstance(v, str):
            out.append(STR)
            _text(out, v)
        elif isinstance(v, (list, tuple)):
            out.append(LIST)
            write_varint(out, len(v))
            for item in v:
                self._value(out, item, None)
        else:
            raise TypeError(f"cannot pack a {type(v).__name__} in a state")

    def _dict(self, out: bytearray, delta: Delta, prior: dict[str, Any]) -> None:
        memo_key = (id(delta), id(prior))
        if (seen := self._memo.get(memo_key)) is not None:
            out += seen[0]
            return
        start = len(out)
        self._new_dict(out, delta, prior)
        self._memo[memo_key] = (bytes(out[start:]), delta, prior)

    def _new_dict(self, out: bytearray, delta: Delta, prior: dict[str, Any]) -> None:
        """A dict not packed before this tick: flags, masks over the prior's sorted keys,
        the changed values (as columns when uniform), then the new keys spelt out."""
        keys = sorted(prior)
        removed, changed, new = _split_keys(delta, prior)
        columns = _uniform_columns(delta, prior, sorted(changed)) if len(changed) > 1 else None
        out.append((_REMOVALS if removed else 0) | (_CHANGES if changed else 0)
                   | (_NEW if new else 0) | (_UNIFORM if columns else 0))
        if removed:
            _mask(out, keys, removed)
        if changed:
            _mask(out, keys, changed)
            order = [k for k in keys if k in changed]
            if columns:
                _encode_uniform(out, delta, prior, order, columns)
            else:
                for key in order:
                    self._value(out, delta[key], prior[key])
        if new:
            write_varint(out, len(new))
            for key in new:
                _text(out, key)
                self._value(out, delta[key], None)


def _split_keys(delta: Delta, prior: dict[str, Any]) -> tuple[set[str], set[str], list[str]]:
    """(removed, changed, new) keys of ``delta`` against ``prior``: a key removed and set
    again in the same delta is new (its removal is applied first)."""
    removed = {k for k in delta.get(REMOVED, ()) if k in prior}
    changed = {k for k in delta if k != REMOVED and k in prior and k not in removed}
    new = [k for k in delta if k != REMOVED and (k not in prior or k in removed)]
    return removed, changed, new


def _text(out: bytearray, text: str) -> None:
    data = text.encode()
    write_varint(out, len(data))
    out += data


def _mask(out: bytearray, keys: list[str], chosen: set[str]) -> None:
    bits = sum(1 << i for i, key in enumerate(keys) if key in chosen)
    out += bits.to_bytes((len(keys) + 7) // 8, "little")


def _uniform_columns(delta: Delta, prior: dict[str, Any], changed: list[str]
                     ) -> list[tuple[str, int]] | None:
    """(field, tag) per changed field when every changed child is a dict that changed the
    same numeric fields of the same kind (flat's uniform array), else None."""
    fields = _uniform_fields(delta, prior, changed)
    if fields is None:
        return None
    columns = []
    for field in fields:
        tag = _column_tag([delta[k][field] for k in changed], [prior[k][field] for k in changed])
        if tag is None:
            return None
        columns.append((field, tag))
    return columns


def _uniform_fields(delta: Delta, prior: dict[str, Any], changed: list[str]
                    ) -> list[str] | None:
    """The fields, in the prior's sorted order, that every changed child changed, when all
    of them are dicts of one shape that changed the same existing fields; else None."""
    first, first_change = prior[changed[0]], delta[changed[0]]
    if not isinstance(first, dict) or not isinstance(first_change, dict):
        return None
    shape, fields = sorted(first), set(first_change)
    if not fields or not fields <= set(first):  # also refuses removals ("~") and new fields
        return None
    for key in changed:
        child, before = delta[key], prior[key]
        if not isinstance(child, dict) or not isinstance(before, dict) \
                or set(child) != fields or sorted(before) != shape:
            return None
    return [f for f in shape if f in fields]


def _column_tag(values: list[Any], priors: list[Any]) -> int | None:
    """The one tag that packs every value of a column as a step from its prior: INT_STEP
    for ints, FIXED_STEP + the decimals the longest value needs for floats; else None."""
    if all(map(_is_int, values)) and all(map(_is_int, priors)):
        return INT_STEP
    if not all(type(v) is float for v in values) or not all(map(_steppable, priors)):
        return None
    k = 0
    for v in values:
        found = _decimals(v, k)
        if found is None:
            return None
        k = found
    return FIXED_STEP + k


def _encode_uniform(out: bytearray, delta: Delta, prior: dict[str, Any], changed: list[str],
                    columns: list[tuple[str, int]]) -> None:
    _mask(out, sorted(prior[changed[0]]), {field for field, _ in columns})
    out += bytes(tag for _, tag in columns)
    for key in changed:
        for field, tag in columns:
            if tag == INT_STEP:
                write_zigzag(out, delta[key][field] - prior[key][field])
            else:
                k = tag - FIXED_STEP
                write_zigzag(out, _fixed(delta[key][field], k) - _fixed(prior[key][field], k))


# ---- decoding ----------------------------------------------------------------------------

def _decode_value(reader: Reader, prior: Any) -> Any:
    tag = reader.byte()
    if tag == DICT:
        return _decode_dict(reader, prior if isinstance(prior, dict) else {})
    if tag <= TRUE:
        return (None, False, True)[tag]
    if tag == INT:
        return reader.zigzag()
    if tag == INT_STEP:
        if not _is_int(prior):
            raise PackingError("a step from a prior value that is not an integer")
        return prior + reader.zigzag()
    if tag == FLOAT:
        return _DOUBLE.unpack(reader.take(8))[0]
    if tag == STR:
        return reader.text()
    if tag == LIST:
        return [_decode_value(reader, None) for _ in range(reader.varint())]
    if FIXED <= tag <= FIXED + _MAX_DECIMALS:
        return reader.zigzag() / 10 ** (tag - FIXED)
    if FIXED_STEP <= tag <= FIXED_STEP + _MAX_DECIMALS:
        return _fixed_step(reader, prior, tag - FIXED_STEP)
    raise PackingError(f"unknown tag {tag}")


def _fixed_step(reader: Reader, prior: Any, k: int) -> float:
    if not _steppable(prior):
        raise PackingError("a step from a prior value that is not a number")
    scale: int = 10 ** k
    return (_fixed(prior, k) + reader.zigzag()) / scale


def _decode_dict(reader: Reader, prior: dict[str, Any]) -> Delta:
    flags = reader.byte()
    if flags & ~(_REMOVALS | _CHANGES | _NEW | _UNIFORM):
        raise PackingError(f"unknown dict flags {flags}")
    keys = sorted(prior)
    delta: Delta = {}
    if flags & _REMOVALS:
        delta[REMOVED] = reader.mask(keys)
    if flags & _CHANGES:
        changed = reader.mask(keys)
        if flags & _UNIFORM:
            delta.update(_decode_uniform(reader, prior, changed))
        else:
            for key in changed:
                delta[key] = _decode_value(reader, prior[key])
    if flags & _NEW:
        for _ in range(reader.varint()):
            key = reader.text()
            delta[key] = _decode_value(reader, None)
    return delta


def _decode_uniform(reader: Reader, prior: dict[str, Any], changed: list[str]) -> Delta:
    if not changed or not all(isinstance(prior[k], dict) for k in changed):
        raise PackingError("uniform children the prior state does not have")
    fields = reader.mask(sorted(prior[changed[0]]))
    tags = reader.take(len(fields))
    delta: Delta = {}
    for key in changed:
        before = prior[key]
        row = {}
        for field, tag in zip(fields, tags, strict=True):
            if tag == INT_STEP:
                if not _is_int(before.get(field)):
                    raise PackingError("a step from a prior value that is not an integer")
                row[field] = before[field] + reader.zigzag()
            elif FIXED_STEP <= tag <= FIXED_STEP + _MAX_DECIMALS:
                row[field] = _fixed_step(reader, before.get(field), tag - FIXED_STEP)
            else:
                raise PackingError(f"unknown column tag {tag}")
        delta[key] = row
    return delta
