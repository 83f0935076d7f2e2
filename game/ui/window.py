"""The game window: owns the settings, the controls, the embedded server (Host Game) and
the current session."""

from __future__ import annotations

import logging
from collections.abc import Hashable

import arcade

from ...net.messages import DEFAULT_PORT
from ...net.netsim import NetSim
from ...net.retransmit import Address
from ...net.udp import ServerThread
from .. import settings as stored
from ..controls import KeyBindings
from ..match import MatchConfig
from ..server import GameServer, HostedServer, host
from ..session import Happenings, NetSession
from ..settings import Action, Settings
from .gamepads import Gamepads

log = logging.getLogger("starlane")


class StarlaneWindow(arcade.Window):
    """``lan_targets``: where the LAN list probes (broadcast addresses and unicast ones).
    ``port``: the UDP port Host Game binds (the window's ``--port``). ``match``, ``bots``
    and ``skill``: what the next hosted game plays (the flags, then the host panel)."""

    def __init__(self, lan_targets: list[Address], settings: Settings,
                 netsim: NetSim | None = None, port: int = DEFAULT_PORT,
                 match: MatchConfig | None = None, bots: int = 0,
                 skill: str = "normal") -> None:
        super().__init__(*settings.window_size, "Starlane", update_rate=1 / 60,
                         resizable=True, fullscreen=settings.fullscreen)
        self.background_color = (6, 8, 22, 255)
        self.lan_targets = lan_targets
        self.settings = settings
        self.bindings = KeyBindings(settings.keys)
        self.port = port
        self.hosting: ServerThread | None = None
        self._hosted: HostedServer | None = None
        self.netsim = netsim  # every session of this window goes through it
        self.gamepads = Gamepads(self._on_pad)
        self.match = match or MatchConfig()
        self.bots = bots
        self.skill = skill

    @property
    def player_name(self) -> str:
        return self.settings.name

    def remember_name(self, name: str) -> None:
        """Keep the name played under, a fresh install's random callsign too (saved even
        when unchanged, so that it is the same next time)."""
        self.apply(self.settings.changed(name=name))

    def apply(self, settings: Settings) -> None:
        """Use ``settings`` (checked ones: ``Settings.changed`` makes them) from now on, and
        remember them."""
        old, self.settings = self.settings, settings
        self.bindings = KeyBindings(self.settings.keys)
        if self.settings.fullscreen != old.fullscreen:
            self.set_fullscreen(self.settings.fullscreen)
        if not self.settings.fullscreen and (
                self.settings.window_size != old.window_size or old.fullscreen):
            self.set_size(*self.settings.window_size)
        stored.save(self.settings)

    def letterbox(self, width: float, height: float) -> arcade.types.Rect:
        """Where a canvas of ``width`` x ``height`` units is drawn, in framebuffer pixels:
        as large as the window allows, its shape kept, centred (dark bars fill the rest)."""
        pixels_w, pixels_h = self.get_framebuffer_size()
        scale = min(pixels_w / width, pixels_h / height)
        shown_w, shown_h = width * scale, height * scale
        return arcade.LBWH((pixels_w - shown_w) / 2, (pixels_h - shown_h) / 2, shown_w, shown_h)

    def _on_pad(self, pad: Hashable, held: set[Action]) -> None:
        handler = getattr(self.current_view, "on_pad", None)
        if handler is not None:
            handler(pad, held)

    def start_hosting(self, server_name: str, *, practice: bool = False,
                      bots: int | None = None) -> Address:
        """Start the embedded server with this window's match settings and bots (or
        ``bots``) on ``self.port`` for the LAN, or, for ``practice``, on this machine
        only (loopback, any free port). Returns where to join it. Raises OSError if the
        port is taken."""
        self.stop_hosting()
        hosted = host(server_name, "127.0.0.1" if practice else "0.0.0.0",
                      0 if practice else self.port, match=self.match,
                      bots=self.bots if bots is None else bots, skill=self.skill)
        self._hosted, self.hosting = hosted, hosted.in_thread()
        self.hosting.start()
        log.info("hosting %r on UDP port %d", server_name, hosted.address[1])
        return "127.0.0.1", hosted.address[1]

    @property
    def hosted_game(self) -> GameServer | None:
        """The server this window runs: the game it hosts, or a match it took over."""
        if self._hosted is not None:
            return self._hosted.game
        session = getattr(self.current_view, "session", None)
        return session.follower.served_game if session is not None else None

    def stop_hosting(self) -> None:
        """Stop the embedded server: the match goes to its successor, or, with none,
        clients are told "server shutting down"."""
        if self.hosting is not None:
            self.hosting.stop()
            self.hosting = self._hosted = None

    def play(self, session: NetSession, first: Happenings) -> None:
        from .game_view import GameView

        self.show_view(GameView(session, first))

    def back_to_menu(self, message: str = "") -> None:
        from .start_view import StartView

        self.stop_hosting()
        self.show_view(StartView(message))

    def leave(self) -> None:
        """The player goes (window closed, Ctrl-C): the seat first, then a match this
        window hosts is handed over to its successor (or closed when it has none)."""
        view = self.current_view
        session = getattr(view, "session", None)
        if session is not None:
            session.close()
        closing = getattr(view, "close", None)
        if closing is not None:
            closing()
        self.stop_hosting()

    def on_close(self) -> None:
        self.leave()
        super().on_close()
