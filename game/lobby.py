"""The default server application until the game simulation lands.

``KeyRules`` is the middleware: ``{"KEYDOWN": k}`` / ``{"KEYUP": k}`` with k in
up/down/left/right/fire are LEGAL, anything else ILLEGAL with a reason. ``Lobby`` keeps
who is registered and which keys each holds, and pushes that state to every client with
NOTIFY whenever it changes. No arcade here: this runs on a machine with no display.
"""

from __future__ import annotations

import logging
from typing import Any

from net.server import LEGAL, Peer, PlayerJoined, ServerProtocol, Verdict, illegal

KEYS = ("up", "down", "left", "right", "fire")
log = logging.getLogger("starlane.server")


class KeyRules:
    """Judges key events and records the keys each player holds."""

    def __init__(self) -> None:
        self.held: dict[str, set[str]] = {}
        self.changed = False

    def judge(self, peer: Peer, event_data: Any) -> Verdict:
        if not isinstance(event_data, dict) or len(event_data) != 1:
            return illegal('expected {"KEYDOWN": key} or {"KEYUP": key}')
        (kind, key), = event_data.items()
        if kind not in ("KEYDOWN", "KEYUP"):
            return illegal(f"unknown event type {kind!r}")
        if key not in KEYS:
            return illegal(f"unknown key {key!r}")
        return LEGAL

    def execute(self, peer: Peer, event_data: Any) -> None:
        (kind, key), = event_data.items()
        keys = self.held.setdefault(peer.cuuid, set())
        if kind == "KEYDOWN":
            keys.add(key)
        else:
            keys.discard(key)
        self.changed = True


class Lobby:
    """Server application: turns protocol events into log lines and state pushes."""

    def __init__(self, protocol: ServerProtocol, rules: KeyRules) -> None:
        self.protocol = protocol
        self.rules = rules

    def state(self) -> dict[str, Any]:
        return {"players": [
            {"name": p.name, "keys": sorted(self.rules.held.get(p.cuuid, ()))}
            for p in self.protocol.peers.values()]}

    def on_tick(self, now: float) -> None:
        for event in self.protocol.events():
            if isinstance(event, PlayerJoined):
                log.info("%s joined from %s:%d", event.peer.name, *event.peer.address)
            else:
                self.rules.held.pop(event.peer.cuuid, None)
                log.info("%s left (%s)", event.peer.name, event.reason)
            self.rules.changed = True
        if self.rules.changed:
            self.rules.changed = False
            self.protocol.broadcast(self.state(), now)
