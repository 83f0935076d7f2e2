"""The one game server a player's game runs: the game it hosts, or a match it took over.

A game runs at most one server at a time, and one object holds it: the window's seat
(``game.seat``) starts the hosted game in it, a session's ``Follower`` starts a taken-over
match in it, and whoever stops it hands the match over (``ServerThread.stop``: the
successor is named in the goodbye, or, with none, clients are told the server shuts down).

No arcade; the server runs on a background thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlane.net import Address, ServerThread

if TYPE_CHECKING:
    from ..server.game_server import GameServer, HostedServer
    from ..server.recording import RecordingPlan


class OwnServer:
    """Holds the running server, if any; ``run`` replaces it, ``stop`` ends it.
    ``record``: where a match this game takes over is recorded (None: it is not)."""

    def __init__(self) -> None:
        self.record: RecordingPlan | None = None
        self._thread: ServerThread | None = None
        self._game: GameServer | None = None

    @property
    def game(self) -> GameServer | None:
        """The game of the server running now (None: none runs)."""
        return self._game

    @property
    def running(self) -> bool:
        return self._thread is not None

    def run(self, hosted: HostedServer) -> None:
        """Serve ``hosted`` on a background thread (a server running before stops first)."""
        self.stop()
        self._thread, self._game = hosted.in_thread(), hosted.game
        self._thread.start()

    def stop(self) -> None:
        """Stop the server (if one runs): its match goes to its successor, or, with none,
        its clients are told "server shutting down"."""
        if self._thread is not None:
            self._thread.stop()
            self._thread = self._game = None

    def yield_to(self, address: Address, epoch: int) -> None:
        """Another game serves our match with a better claim: stop, sending our clients
        there (BYE REGISTER ``moved`` to ``address`` at ``epoch``)."""
        if self._game is not None:
            self._game.yield_to = (address, epoch)
        self.stop()
