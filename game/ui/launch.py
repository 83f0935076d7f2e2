"""Opens the game window on its first screen and runs arcade's loop until it closes: the
part of ``python -m starlane`` that needs arcade, kept under ui/ so that the command line,
the headless server and ``--scan`` never load it."""

from __future__ import annotations

from pathlib import Path

import arcade

from starlane.net import Address, NetSim

from ..core.match import MatchConfig
from ..server.recording import RecordChoice
from ..settings import Settings
from .start_view import StartView
from .window import StarlaneWindow


def open_window(targets: list[Address], chosen: Settings, *, netsim: NetSim | None,
                port: int, match: MatchConfig, bots: int, skill: str,
                password: str | None = None,
                record: RecordChoice | None = None) -> tuple[StarlaneWindow, StartView]:
    """The window, showing its start screen. Raises whatever arcade raises when no window
    can open (no display, no OpenGL): the caller tells the player in one line."""
    window = StarlaneWindow(targets, chosen, netsim=netsim, port=port, match=match,
                            bots=bots, skill=skill, password=password, record=record)
    start = StartView(window)
    window.show_view(start)
    return window, start


def run(window: StarlaneWindow, start: StartView, connect: Address | None,
        host_game: bool, replay: Path | None = None) -> None:
    """Join ``connect``, host a game or play the recording ``replay`` (leaving it closes
    the window) at once if asked, then run until the window closes. Ctrl-C in the terminal
    leaves the game as the close button does."""
    if replay is not None:
        start.say(window.show_replay(replay, back=window.quit) or "", error=True)
    elif connect is not None:  # goes through --netsim too; --password is this join's
        start.join(connect, window.player_name, window.password)
    elif host_game:
        start.host_game()
    try:
        arcade.run()
    except KeyboardInterrupt:
        window.leave()
