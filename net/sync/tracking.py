"""State sync: change-tracked containers, deltas, keyframes and per-client baselines.

- flat: state lives in nested ``TrackedDict``s. Writing a value that differs marks it, and
  the root's ``changes()`` returns only what changed, nested: ``{"3": {"hp": 6}}``. Removed
  keys are listed under ``"~"`` (applied first); a newly inserted container is sent whole,
  and one that replaces another is also listed as removed, so it is not merged into it.
- sidereal: a ``StateHistory`` keeps each tick's delta; a client gets a keyframe (the whole
  state) on join or when it falls too far behind, otherwise a diff, each stamped with the
  tick it brings the client to.
- Quake 3 / pygase: the diff is taken against the newest state *that client* acknowledged,
  so a lost diff is never resent: the next one covers it.

Deltas are plain JSON (string keys). ``apply_delta`` and ``merge_deltas`` are pure.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

REMOVED = "~"
Delta = dict[str, Any]


class TrackedDict:
    """A dict of str keys that records which keys changed since the last ``changes()``."""

    def __init__(self, initial: dict[str, Any] | None = None,
                 parent: TrackedDict | None = None, key: str | None = None) -> None:
        self._data: dict[str, Any] = {}
        self._changed: set[str] = set()
        self._fresh: set[str] = set()  # containers inserted whole since the last changes()
        self._removed: set[str] = set()
        self._parent, self._key = parent, key
        for k, v in (initial or {}).items():
            self[k] = v

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __setitem__(self, key: str, value: Any) -> None:
        if isinstance(value, dict):
            if key in self._data:  # a replaced container: the client must drop the old one
                self._removed.add(key)
            value = TrackedDict(value, self, key)
            self._fresh.add(key)
        elif key in self._data and self._data[key] == value:
            return
        self._data[key] = value
        self._mark(key)

    def __delitem__(self, key: str) -> None:
        del self._data[key]
        self._changed.discard(key)
        self._fresh.discard(key)
        self._removed.add(key)
        self._mark(None)

    def child(self, key: str) -> TrackedDict:
        """The nested container at ``key``, created empty when missing."""
        if key not in self._data or not isinstance(self._data[key], TrackedDict):
            self[key] = {}
        child: TrackedDict = self._data[key]
        return child

    def update(self, values: dict[str, Any]) -> None:
        """Set each key of ``values``, as ``self[key] = value`` does (changes recorded)."""
        for key, value in values.items():
            self[key] = value

    def keep_only(self, keys: set[str]) -> None:
        """Remove every key not in ``keys`` (entities that left the world)."""
        for key in [k for k in self._data if k not in keys]:
            del self[key]

    def snapshot(self) -> dict[str, Any]:
        """A plain deep copy of the whole state."""
        return {k: v.snapshot() if isinstance(v, TrackedDict) else copy.deepcopy(v)
                for k, v in self._data.items()}

    def changes(self) -> Delta:
        """What changed since the last call, nested; resets the record."""
        delta: Delta = {}
        for key in self._changed:
            value = self._data[key]
            if isinstance(value, TrackedDict):
                if key in self._fresh:
                    value.changes()  # its own record is covered by the whole copy
                    delta[key] = value.snapshot()
                elif sub := value.changes():
                    delta[key] = sub
            else:
                delta[key] = copy.deepcopy(value)
        if self._removed:
            delta[REMOVED] = sorted(self._removed)
        self._changed.clear()
        self._fresh.clear()
        self._removed.clear()
        return delta

    def _mark(self, key: str | None) -> None:
        if key is not None:
            self._changed.add(key)
        if self._parent is not None and self._key is not None:
            self._parent._mark(self._key)


def apply_delta(state: dict[str, Any], delta: Delta, *,
                copy_values: bool = True) -> dict[str, Any]:
    """The state after ``delta`` (a new dict; ``state`` is not changed). With
    ``copy_values`` False the delta's values are taken as they are, not copied: for a delta
    made for this call alone (a replay's, decoded), which no one changes afterwards."""
    result = dict(state)
    for key in delta.get(REMOVED, ()):
        result.pop(key, None)
    for key, value in delta.items():
        if key == REMOVED:
            continue
        old = result.get(key)
        if isinstance(value, dict):  # a nested delta: into the old dict, or a fresh one
            into = old if isinstance(old, dict) and key not in delta.get(REMOVED, ()) else {}
            result[key] = apply_delta(into, value, copy_values=copy_values)
        else:
            result[key] = copy.deepcopy(value) if copy_values else value
    return result


def merge_deltas(first: Delta, then: Delta) -> Delta:
    """One delta with the effect of ``first`` followed by ``then``."""
    merged = dict(first)
    removed = set(first.get(REMOVED, ()))
    for key in then.get(REMOVED, ()):
        merged.pop(key, None)
        removed.add(key)
    for key, value in then.items():
        if key == REMOVED:
            continue
        old = merged.get(key)
        if isinstance(value, dict) and isinstance(old, dict) and key not in then.get(REMOVED, ()):
            merged[key] = merge_deltas(old, value)
        else:
            merged[key] = value
    if removed:
        merged[REMOVED] = sorted(removed)
    return merged


class Differ:
    """``diff(old, new)``: the delta that turns ``old`` into ``new`` (two plain states).

    For views that depend on the state (an interest radius, fog of war), whose diffs cannot
    be had by viewing the history's delta. Parts that are the same object are skipped
    without a look, and each pair of dicts is compared once per ``Differ``: use one per
    tick, and clients shown the same parts share the work (it keeps what it saw alive).
    """

    def __init__(self) -> None:
        self._memo: dict[tuple[int, int], tuple[Delta, dict[str, Any], dict[str, Any]]] = {}

    def diff(self, old: dict[str, Any], new: dict[str, Any]) -> Delta:
        """The delta that turns ``old`` into ``new``: changed keys, dicts as nested deltas,
        ``REMOVED`` for keys that went. Memoized per pair of objects for this Differ's life."""
        if old is new:
            return {}
        if (seen := self._memo.get((id(old), id(new)))) is not None:
            return seen[0]
        delta: Delta = {}
        for key, value in new.items():
            before = old.get(key, _MISSING)
            if before is value:
                continue
            if isinstance(value, dict) and isinstance(before, dict):
                if sub := self.diff(before, value):
                    delta[key] = sub
            elif not _same(before, value):
                delta[key] = value
        if gone := [key for key in old if key not in new]:
            delta[REMOVED] = sorted(gone)
        self._memo[(id(old), id(new))] = (delta, old, new)
        return delta


_MISSING = object()


def _same(a: Any, b: Any) -> bool:
    """Equal with the same types all the way down (1, 1.0 and True are not the same)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(v, b[k]) for k, v in a.items())
    return bool(a == b)


class StateHistory:
    """The server's record: the state now, and each recent tick's delta.

    ``delta_since(base)`` is what brings a client holding the state of tick ``base`` to
    now, or None when ``base`` is older than ``depth`` ticks (send a keyframe instead).
    ``root`` is the application's state (a ``TrackedDict``: change it, then ``commit``);
    ``tick`` the newest tick committed (-1: none yet).
    """

    def __init__(self, depth: int = 64) -> None:
        self.depth = depth
        self.root = TrackedDict()
        self.tick = -1
        self._deltas: OrderedDict[int, Delta] = OrderedDict()
        # tick -> the whole state then; consecutive ticks share the parts that did not change
        self._states: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self._since: dict[int, Delta] = {}  # cache for this tick: base -> merged delta

    def commit(self, tick: int) -> Delta:
        """Close tick ``tick``: record what changed in ``root`` since the last commit."""
        delta = self.root.changes()
        self._states[tick] = apply_delta(self._states[self.tick] if self._states else {}, delta)
        self.tick = tick
        self._deltas[tick] = delta
        while len(self._deltas) > self.depth:
            self._deltas.popitem(last=False)
            self._states.popitem(last=False)
        self._since.clear()
        return delta

    def keyframe(self) -> dict[str, Any]:
        """A deep copy of the whole current state: what a client without a baseline gets."""
        return self.root.snapshot()

    def state_at(self, tick: int) -> dict[str, Any] | None:
        """The whole state as of ``tick`` (None when older than ``depth`` ticks). Shared with
        other ticks' states: never change it."""
        return self._states.get(tick)

    def delta_at(self, tick: int) -> Delta | None:
        """The delta ``commit(tick)`` recorded: what brought the previous tick's state to
        that of ``tick`` (None when older than ``depth`` ticks). Shared: never change it."""
        return self._deltas.get(tick)

    def delta_since(self, base: int) -> Delta | None:
        """What brings a client holding the state of tick ``base`` to the current tick: {} when
        it is current, None when ``base`` is unknown or older than ``depth`` ticks (send a
        keyframe). Merged once per base per tick."""
        if base == self.tick:
            return {}
        if base not in self._deltas or base > self.tick:
            return None
        cached = self._since.get(base)
        if cached is None:
            cached = {}
            for tick, delta in self._deltas.items():
                if tick > base:
                    cached = merge_deltas(cached, delta)
            self._since[base] = cached
        return cached


class Baseline:
    """The newest tick whose state a client acknowledged (its diff baseline)."""

    def __init__(self, memory: int = 64) -> None:
        self.tick: int | None = None
        self.memory = memory
        self._sent: OrderedDict[int, int] = OrderedDict()  # datagram seq -> state tick

    def sent(self, seq: int, tick: int) -> None:
        """Remember that datagram ``seq`` carried the state of ``tick`` (the last ``memory``
        datagrams are kept)."""
        self._sent[seq] = tick
        self._sent.move_to_end(seq)
        while len(self._sent) > self.memory:
            self._sent.popitem(last=False)

    def acked(self, seqs: list[int]) -> None:
        """The client acknowledged these datagrams: the newest tick among them becomes the
        baseline if it is newer than the one held."""
        for seq in seqs:
            tick = self._sent.pop(seq, None)
            if tick is not None and (self.tick is None or tick > self.tick):
                self.tick = tick
