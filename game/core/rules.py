"""The middleware's judgement: is this event LEGAL for this ship now? Pure: no arcade, no
sockets, no clock.

Players are named by their ship's ``pid``: the server maps a net connection to it, and a
bot calls the same ``judge`` and ``execute`` with its own pid, no shortcut.

Events: ``{"KEYDOWN": key}`` / ``{"KEYUP": key}`` (input, high priority on the client) and
``{"CHAT": text}`` (normal priority, see ``game.chat``). LEGAL input is not applied here:
``execute`` queues it and the server applies it at the start of its next tick, so every
input lands on a tick boundary. LEGAL chat lines wait in ``said`` for the server's feed.
Spectators (``watching``: pid -> name) have no ship: they chat, and their keys are refused;
so are the key presses of an ``lms`` pilot out of lives (its releases pass: nothing to undo).
"""

from __future__ import annotations

from typing import Any

from starlane.net import LEGAL, Verdict, illegal

from . import modes, sim
from .chat import ChatJudge, clean
from .match import Match

EXPECTED = 'expected {"KEYDOWN": key}, {"KEYUP": key} or {"CHAT": text}'
SPECTATING = "spectating: you get a seat when one frees"
OUT_OF_LIVES = "out of lives: watching until the round ends"


class Rules:
    def __init__(self, world: sim.World, match: Match | None = None) -> None:
        self.world = world
        self.match = match or Match()
        self.chat = ChatJudge()
        self.queued: list[tuple[int, str, str]] = []  # (pid, KEYDOWN/KEYUP, key)
        self.said: list[dict[str, Any]] = []  # chat feed entries since the last drain
        self.watching: dict[int, str] = {}  # spectators' pids -> names (set by the server)

    def judge(self, pid: int, event_data: Any) -> Verdict:
        if not isinstance(event_data, dict) or len(event_data) != 1:
            return illegal(EXPECTED)
        (kind, value), = event_data.items()
        if kind not in ("KEYDOWN", "KEYUP", "CHAT"):
            return illegal(f"unknown event type {kind!r}")
        ship = self.world.ships.get(pid)
        if kind == "CHAT":
            why = "not in the game" if self._name(pid) is None else self.chat.why_not(
                pid, value, self.world.tick)
            return illegal(why) if why else LEGAL
        if value not in sim.KEYS:
            return illegal(f"unknown key {value!r}")
        if ship is None:
            return illegal(SPECTATING if pid in self.watching else "not in the game")
        if kind == "KEYDOWN" and (why := self.match.accepts_input()):
            return illegal(why)
        if kind == "KEYDOWN" and modes.out_of_lives(self.world, ship):
            return illegal(OUT_OF_LIVES)
        if kind == "KEYDOWN" and value == "fire" and (why := sim.can_fire(self.world, ship)):
            return illegal(why)
        return LEGAL

    def execute(self, pid: int, event_data: Any) -> None:
        (kind, value), = event_data.items()
        if kind == "CHAT":
            self.chat.spend(pid, self.world.tick)
            self.said.append({"kind": "chat", "name": self._name(pid),
                              "text": clean(value)})
            return
        if kind == "KEYDOWN" and value == "fire":
            self.world.ships[pid].fire_queued = True  # judged now, so a second shot waits
        self.queued.append((pid, kind, value))

    def _name(self, pid: int) -> str | None:
        """A pilot's or a spectator's name; None: not in the game."""
        ship = self.world.ships.get(pid)
        return ship.name if ship is not None else self.watching.get(pid)

    def apply_queued(self) -> None:
        """Apply the inputs judged since the last tick, in arrival order."""
        for pid, kind, key in self.queued:
            if (ship := self.world.ships.get(pid)) is not None:
                sim.apply_input(ship, kind, key)
        self.queued.clear()

    def drain_said(self) -> list[dict[str, Any]]:
        said, self.said = self.said, []
        return said
