"""The middleware: is this event LEGAL for this player now? Pure: no arcade, no sockets.

Players are named by their ship's ``pid`` (a human's comes from the net server's
connection, a bot's from the world), so humans and bots are judged alike.
LEGAL events are not applied here: ``execute`` queues them and the server applies them at
the start of its next tick, so every input lands on a tick boundary.
"""

from __future__ import annotations

from typing import Any

from game import sim
from net.middleware import LEGAL, Verdict, illegal


class Rules:
    def __init__(self, world: sim.World) -> None:
        self.world = world
        self.queued: list[tuple[int, str, str]] = []  # (pid, KEYDOWN/KEYUP, key)

    def judge(self, pid: int, event_data: Any) -> Verdict:
        if not isinstance(event_data, dict) or len(event_data) != 1:
            return illegal('expected {"KEYDOWN": key} or {"KEYUP": key}')
        (kind, key), = event_data.items()
        if kind not in ("KEYDOWN", "KEYUP"):
            return illegal(f"unknown event type {kind!r}")
        if key not in sim.KEYS:
            return illegal(f"unknown key {key!r}")
        ship = self.world.ships.get(pid)
        if ship is None:
            return illegal("not in the game")
        if kind == "KEYDOWN" and key == "fire" and (why := sim.can_fire(self.world, ship)):
            return illegal(why)
        return LEGAL

    def execute(self, pid: int, event_data: Any) -> None:
        (kind, key), = event_data.items()
        if kind == "KEYDOWN" and key == "fire":
            self.world.ships[pid].fire_queued = True  # judged now, so a second shot waits
        self.queued.append((pid, kind, key))

    def apply_queued(self) -> None:
        """Apply the inputs judged since the last tick, in arrival order."""
        for pid, kind, key in self.queued:
            if (ship := self.world.ships.get(pid)) is not None:
                sim.apply_input(ship, kind, key)
        self.queued.clear()
