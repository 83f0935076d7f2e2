"""State sync: change tracking (``TrackedDict``), the server's history of published states
(``StateHistory``), and deltas between two states (``apply_delta``, ``REMOVED``); the
code is in ``tracking``. Pure: no sockets, no clock."""

from .tracking import REMOVED, Delta, StateHistory, TrackedDict, apply_delta

__all__ = ["REMOVED", "Delta", "StateHistory", "TrackedDict", "apply_delta"]
