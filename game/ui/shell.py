"""What a screen may ask of the game window: the ``Shell`` each view is built with.

The window (``game.ui.window``) implements it and builds the views; a view knows the
window only through this interface, so no view imports the window and none imports
another view (the window switches screens). The session and the server this game runs
belong to the window's seat (``game.seat``): a view borrows the session to pump and draw
it, and leaves the match by going back to the start screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import arcade

from starlane.net import Address

from ..client.controls import PilotControls
from ..client.local_pilots import LocalPilots
from ..client.session import Happenings, NetSession
from ..core.match import MatchConfig
from ..server.game_server import GameServer
from ..settings import Settings
from .gamepads import Gamepads
from .keys import KeyBindings


class Shell(Protocol):
    """The window as its screens see it."""

    lan_targets: list[Address]  # where the LAN list probes
    port: int  # the UDP port Host Game binds
    match: MatchConfig  # what the next hosted game plays (the host panel sets these)
    bots: int
    skill: str
    password: str | None  # the next hosted game's (None: open to all); --password's at first
    gamepads: Gamepads
    controls: PilotControls  # which keys and pad steer each pilot of this window

    @property
    def settings(self) -> Settings: ...

    @property
    def player_name(self) -> str: ...

    @property
    def bindings(self) -> KeyBindings: ...

    @property
    def hosted_game(self) -> GameServer | None:
        """The server this game runs (the game it hosts, or a match it took over)."""

    @property
    def local_pilots(self) -> LocalPilots:
        """The friends flying from this machine (P2...), in a match or waiting for one."""

    def pilot_bindings(self, number: int) -> KeyBindings:
        """Pilot ``number``'s own keys as the settings keep them (1: the player's)."""

    def pilot_keys(self, number: int) -> str:
        """Who pilot ``number`` is and the keys (and pad) it steers with now, in words."""

    def add_local_player(self) -> str:
        """One more pilot on this machine; the line that says so, or why not."""

    def remove_local_player(self, number: int) -> None:
        """Pilot ``number`` leaves the match (its BYE); the others play on."""

    def pump_local_pilots(self) -> list[str]:
        """Once a frame in a match: the local pilots board, play and drop out; lines
        about them for the screen."""

    def apply(self, settings: Settings) -> None:
        """Use ``settings`` from now on, and remember them."""

    def remember_name(self, name: str) -> None:
        """Keep the name played under."""

    def letterbox(self, width: float, height: float) -> arcade.types.Rect:
        """Where a canvas of ``width`` x ``height`` units is drawn, in framebuffer pixels."""

    def host(self, server_name: str, name: str, *, practice: bool = False,
             bots: int | None = None, skill: str | None = None) -> NetSession:
        """Leave any match, serve a game (this window's match settings, or ``bots`` of
        ``skill``; ``practice``: on this machine only) and join it as ``name``. Raises
        OSError if the port is taken."""

    def pause(self, paused: bool) -> bool:
        """Stop (or restart) the world of a practice game (a menu is open); a game others
        may play in never pauses. Returns whether the world stands still."""

    def join(self, address: Address, name: str, password: str | None = None) -> NetSession:
        """Leave any match, then join the server at ``address`` as ``name`` (``password``:
        a private server's)."""

    def leave_match(self) -> None:
        """Say goodbye to the server, and hand a match this game runs on."""

    def show_start(self, message: str = "", host: bool = False, error: bool = True) -> None:
        """Leave any match and show the start screen with ``message`` (in the error
        colour unless ``error`` is False); ``host``: host at once with the match settings
        as they stand."""

    def show_host_panel(self) -> None: ...

    def show_game(self, session: NetSession, first: Happenings) -> None:
        """Play ``session`` (the seat's), which brought ``first`` while it was joining."""

    def show_settings(self, back: Callable[[], None],
                      keep_alive: Callable[[float], None] | None = None,
                      back_text: str = "Back") -> None:
        """The settings screen; ``back()`` shows the screen to return to, ``keep_alive
        (delta_time)`` runs every frame meanwhile (a game keeps its connection)."""

    def show_replays(self) -> None:
        """The Replays screen: the recordings in the folder this game records into."""

    def show_replay(self, path: Path, back: Callable[[], None]) -> str | None:
        """Play the recording at ``path`` (``back()`` leaves it); when it cannot be read,
        the reason in one line (and nothing changes)."""

    def quit(self) -> None:
        """Close the window as its close button does."""
