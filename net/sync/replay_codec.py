"""Numeric prediction for recorded deltas: each number is stored as its residual from a guess.

Teeworlds' demos store a snapshot item's fields as differences from the previous snapshot;
this goes one step further, per leaf of the state tree: a number that changes is guessed
by linear extrapolation from the two values last seen at the same path (the previous value
alone the second time, 0 the first), and only the integer residual is stored. A ship
flying straight, a clock counting down, a score going up: residual 0, which the chunk's
compressor squeezes to almost nothing.

Exact round trip: a float is predicted only when it is a decimal with at most
``MAX_DECIMALS`` digits that survives ``round(m) / 10**k`` unchanged (``12.3`` is the
mantissa 123 at scale 1); any other float, and bools, strings, None, go as they are.

The packed form is the delta's own shape (dicts stay nested deltas, ``REMOVED`` lists stay
as they are), with each leaf replaced by:

- an ``int``: a residual, to be added to the guess at that path (of the type and scale the
  path last held; an int the first time);
- a ``list``: ``[value]``, the value itself (a list, or an int or float that cannot be
  guessed: a path whose type or scale changed);
- anything else: the value itself (a float starts a new scale at its path).

A ``DeltaPacker`` and a ``DeltaUnpacker`` that see the same sequence of deltas keep the
same guesses: a chunk of a recording starts both afresh, so it decodes alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .tracking import REMOVED, Delta

MAX_DECIMALS = 4
LARGEST = 1e12
"""Floats at least this large go as they are (their mantissas would lose digits)."""
Path = tuple[str, ...]
_INT = -1  # the scale recorded for an int


def _scaled(value: float, decimals: int = 0) -> tuple[int, int] | None:
    """(mantissa, decimals) that rebuild ``value`` exactly, with at least ``decimals``
    decimals, or None."""
    if not abs(value) < LARGEST:  # also NaN and the infinities
        return None
    for places in range(max(decimals, 0), MAX_DECIMALS + 1):
        mantissa = round(value * 10**places)
        if mantissa / 10**places == value:
            return mantissa, places
    return None


class _Guesses:
    """Per path: the scale of its numbers (``_INT``, or a float's decimals, which only
    grow) and its last two mantissas at that scale."""

    def __init__(self) -> None:
        self._seen: dict[Path, tuple[int, int, int | None]] = {}

    def scale(self, path: Path) -> int:
        """The scale of the numbers last seen at ``path`` (an int's when none)."""
        seen = self._seen.get(path)
        return _INT if seen is None else seen[0]

    def number(self, path: Path, value: Any) -> tuple[int, int] | None:
        """(mantissa, scale) of ``value`` at ``path`` (a float at the path's scale when it
        fits, else at the fewest decimals that do); None when it is no number we guess."""
        if type(value) is int:
            return value, _INT
        if type(value) is float:
            return _scaled(value, self.scale(path))
        return None

    def guess(self, path: Path, scale: int) -> int | None:
        """The guessed mantissa at ``path`` for a number of ``scale`` (None: cannot guess)."""
        seen = self._seen.get(path)
        if seen is None:
            return 0 if scale == _INT else None
        if seen[0] != scale:
            return None
        last, before = seen[1], seen[2]
        return last if before is None else 2 * last - before

    def add(self, path: Path, residual: int) -> int | float:
        """The number a residual at ``path`` stands for, remembered (what ``guess`` and
        ``saw`` do, in one look-up: the reader's hot path)."""
        seen = self._seen.get(path)
        if seen is None:
            self._seen[path] = (_INT, residual, None)
            return residual
        scale, last, before = seen
        mantissa = (last if before is None else 2 * last - before) + residual
        self._seen[path] = (scale, mantissa, last)
        return mantissa if scale == _INT else mantissa / 10**scale

    def saw(self, path: Path, number: tuple[int, int] | None) -> None:
        """Remember the number now at ``path``, as ``number`` gave it (None: a value not
        guessed, the path is forgotten); a float with more decimals than the path had
        rescales its history."""
        if number is None:
            self._seen.pop(path, None)
            return
        mantissa, scale = number
        seen = self._seen.get(path)
        if seen is None or (seen[0] != scale and _INT in (seen[0], scale)):
            self._seen[path] = (scale, mantissa, None)
            return
        times = 10 ** (scale - seen[0])
        self._seen[path] = (scale, mantissa, seen[1] * times)


def _each_leaf(delta: Delta, path: Path, leaf: Callable[[Path, Any], Any]) -> Delta:
    """``delta`` with each leaf (not a dict, not a ``REMOVED`` list) replaced by
    ``leaf(its path, it)``, in the delta's order."""
    out: Delta = {}
    for key, value in delta.items():
        if key == REMOVED:
            out[key] = value
        elif isinstance(value, dict):
            out[key] = _each_leaf(value, (*path, key), leaf)
        else:
            out[key] = leaf((*path, key), value)
    return out


class DeltaPacker:
    """Turns each delta of a sequence into its packed form (see the module's docstring)."""

    def __init__(self) -> None:
        self._guesses = _Guesses()

    def pack(self, delta: Delta) -> Delta:
        """The packed form of ``delta``, the next of the sequence."""
        return _each_leaf(delta, (), self._leaf)

    def _leaf(self, path: Path, value: Any) -> Any:
        number = self._guesses.number(path, value)
        guess = None if number is None else self._guesses.guess(path, number[1])
        self._guesses.saw(path, number)
        if number is not None and guess is not None:
            return number[0] - guess
        if isinstance(value, (list, int)) and type(value) is not bool:
            return [value]
        return value


class DeltaUnpacker:
    """Turns packed deltas back into the deltas a ``DeltaPacker`` was given, in order."""

    def __init__(self) -> None:
        self._guesses = _Guesses()

    def unpack(self, packed: Delta) -> Delta:
        """The delta ``packed`` was made from (the next of the sequence). Raises
        ``ValueError`` when it does not follow the packer's rules (a damaged file)."""
        return _each_leaf(packed, (), self._leaf)

    def _leaf(self, path: Path, value: Any) -> Any:
        if type(value) is int:
            return self._guesses.add(path, value)
        if isinstance(value, list):
            if len(value) != 1:
                raise ValueError(f"a wrapped value at {'/'.join(path)} is not one item")
            value = value[0]
        self._guesses.saw(path, self._guesses.number(path, value))
        return value
