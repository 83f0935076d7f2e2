"""What a hosting player is asked before leaving: the match goes on at its successor, or
it ends for everyone else. No arcade: the game view shows it, tests read it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .game_server import GameServer


def leave_question(game: GameServer | None) -> tuple[str, str] | None:
    """(the question, the text of the button that leaves) for the player whose game runs
    ``game``; None when nobody else plays there (bots do not count)."""
    if game is None:
        return None
    # list() copies the server thread's dict in one step under the interpreter lock;
    # iterating the dict itself could meet it changing size
    seats = list(game.protocol.connections.values())
    others = sum(c.state != "pending" and not c.hosting for c in seats)
    if others == 0:
        return None
    succession = game.protocol.succession
    line = succession.line(seats) if succession is not None else []
    if line:
        return f"{line[0].name} will host the game when you leave.", "Leave game"
    players = "1 player" if others == 1 else f"{others} players"
    return f"This ends the game for {players}.", "End the game"
