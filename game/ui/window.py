"""The game window: owns the embedded server (Host Game) and the current session."""

from __future__ import annotations

import logging

import arcade

from game import sim
from game.match import MatchConfig
from game.server import host
from game.session import Happenings, NetSession
from net.messages import DEFAULT_PORT
from net.netsim import NetSim
from net.retransmit import Address
from net.udp import ServerThread

log = logging.getLogger("starlane")


class StarlaneWindow(arcade.Window):
    """``lan_targets``: where the LAN list probes (broadcast addresses and unicast ones)."""

    def __init__(self, lan_targets: list[Address], player_name: str,
                 netsim: NetSim | None = None, match: MatchConfig | None = None,
                 bots: int = 0, skill: str = "normal") -> None:
        super().__init__(sim.WIDTH, sim.HEIGHT, "Starlane", update_rate=1 / 60)
        self.background_color = (6, 8, 22, 255)
        self.lan_targets = lan_targets
        self.player_name = player_name
        self.hosting: ServerThread | None = None
        self.netsim = netsim  # every session of this window goes through it
        # what the next hosted game plays: set by the flags, then by the host panel
        self.match = match or MatchConfig()
        self.bots = bots
        self.skill = skill

    def start_hosting(self, server_name: str, port: int = DEFAULT_PORT,
                      host_address: str = "0.0.0.0", bots: int | None = None) -> Address:
        """Start the embedded server with this window's match settings and bots (or
        ``bots``); returns where to join it. Raises OSError if the port is taken."""
        self.stop_hosting()
        hosted = host(server_name, host_address, port, match=self.match,
                      bots=self.bots if bots is None else bots, skill=self.skill)
        self.hosting = hosted.in_thread()
        self.hosting.start()
        log.info("hosting %r on UDP port %d", server_name, hosted.address[1])
        return "127.0.0.1", hosted.address[1]

    def stop_hosting(self) -> None:
        """Stop the embedded server (clients are told "server shutting down")."""
        if self.hosting is not None:
            self.hosting.stop()
            self.hosting = None

    def play(self, session: NetSession, first: Happenings) -> None:
        from game.ui.game_view import GameView

        self.show_view(GameView(session, first))

    def back_to_menu(self, message: str = "") -> None:
        from game.ui.start_view import StartView

        self.stop_hosting()
        self.show_view(StartView(message))

    def on_close(self) -> None:
        view = self.current_view
        session = getattr(view, "session", None)
        if session is not None:
            session.close()
        closing = getattr(view, "close", None)
        if closing is not None:
            closing()
        self.stop_hosting()
        super().on_close()
