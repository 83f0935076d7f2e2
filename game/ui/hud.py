"""The game screen's HUD, laid out so that it never covers play.

The window shows a canvas of the arena (``sim.WIDTH`` x ``sim.HEIGHT``) with a bar of
``BAR`` units under it: health on the left, the key help in the middle, the ping on the
right. Nothing flies in the bar. What must sit over the arena sits at its edge on a dark
panel, so a ship or asteroid passing under it never makes it unreadable: the kill feed
(kills, joins, rounds) top left, wrapped short of the round clock top centre; the scores
top right; the chat panel (``game.ui.chat_panel``) bottom left and the F3 net graph in the
bottom-left corner, both drawn under the ships so that they never hide one (the chat
panel over them while the player types). The results
(``game.ui.results``) take the middle between rounds. Units are canvas units; every text
is rendered at the window's own pixels (``game.ui.pixels``).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import partial

import arcade
import pyglet

from ..client.netgraph import NetGraph, ping_text
from ..client.session import NetSession
from ..core import modes, sim
from ..core.netstate import MatchState
from ..settings import Palette
from .chat_panel import ChatPanel
from .palette import row_colour
from .pixels import Box, CanvasText, PixelCanvas, backdrop, extent, fill_lines
from .results import round_status
from .standings import header, rows

BAR = 40
PANEL = (4, 6, 18, 230)
BAR_COLOUR = (14, 18, 40, 255)
MONOSPACE = ("DejaVu Sans Mono", "Consolas", "Menlo", "Courier New")
FEED_ROWS = 6
FEED_CHARS = 52  # a longer line wraps: the feed stays left of the round clock
SCORE_ROWS = 16  # the header, 2 team headers, 8 pilots, the spectators' header and names
SPECTATING = "Spectating — you get a seat when one frees"
WARNING = (255, 110, 110)  # the centre line: waiting, reconnecting
CALM = (150, 200, 255)  # the centre line while spectating: nothing is wrong
HEALTHY, LOST_HP = (90, 230, 120), (70, 40, 50)
LINE = 22
MARGIN = 14
PIP = (22, 12)  # a health pip's width and height, canvas units
SCORE_HEADER = header("ffa")
WATCHING = "WATCHING"
SCORE_WHITE = (255, 255, 255)  # the scoreboard's rows but the teams' headers


class Hud:
    """Every text of the HUD (``texts``, one draw call) on ``canvas``; the net graph's
    lines in a batch of their own (``graph_texts``), drawn under the ships with the closed
    chat panel (``chat``: the chat panel and its line). ``hp``: the health the bar shows
    (as pips), None without a ship."""

    def __init__(self, canvas: PixelCanvas, help_line: str) -> None:
        self.canvas = canvas
        self.texts = pyglet.graphics.Batch()
        self.graph_texts = pyglet.graphics.Batch()
        mid_bar = -BAR / 2
        text = partial(canvas.text, self.texts)  # the HUD's texts all go in one batch
        self.health = text("", MARGIN, mid_bar, arcade.color.WHITE, 12, bold=True,
                           anchor_y="center")
        self.hp: int | None = None
        self.help = text(help_line, sim.WIDTH / 2, mid_bar, (220, 220, 240), 11,
                         anchor_x="center", anchor_y="center")
        self.ping = text("", sim.WIDTH - MARGIN, mid_bar, (150, 160, 190), 12,
                         anchor_x="right", anchor_y="center")
        self.respawn = text("", sim.WIDTH / 2, sim.HEIGHT / 2 + 60, (255, 196, 0), 28,
                            anchor_x="center", bold=True)
        self.status = text("", sim.WIDTH / 2, sim.HEIGHT / 2, WARNING, 18, anchor_x="center")
        top = sim.HEIGHT - MARGIN - 14
        self.round = text("", sim.WIDTH / 2, top, (255, 196, 0), 14, anchor_x="center")
        self.scores = [text("", sim.WIDTH - MARGIN, top - LINE * i, SCORE_WHITE, 12,
                            anchor_x="right", font_name=MONOSPACE)
                       for i in range(SCORE_ROWS)]
        self.feed = [text("", MARGIN, top - LINE * i, (230, 230, 230), 13)
                     for i in range(FEED_ROWS)]
        self.graph = NetGraph()
        self.graph_lines = [canvas.text(self.graph_texts, "", MARGIN, MARGIN + 18 * i,
                                        (120, 255, 160), 11, font_name=MONOSPACE)
                            for i in range(3)]
        self.chat = ChatPanel(canvas)

    def update(self, session: NetSession, own: sim.Ship | None, now: float,
               feed: list[str], show_graph: bool, palette: Palette, label: str = "") -> None:
        """Everything as ``session`` (P1's) stands at ``now`` (s, its clock); ``label``
        ("P1") names whose ship the centre line is about while local pilots fly too ("":
        the player flies alone)."""
        self._status(session, own, now)
        downed = Downed.of(session, own, now)
        self.respawn.text = "" if downed is None else downed.line(label)
        match = session.match
        if match is not None and match.phase == "results":  # the results say it all
            self.hp = None
        self.health.text = "" if self.hp is None else "HEALTH"
        self.ping.text = f"ping {ping_text(session.ping_ms)}"
        self.show(match, session.world.latest, feed, palette)
        fill_lines(self.graph_lines, list(reversed(self.graph.sample(session, now).lines()))
                   if show_graph else [])

    def show(self, match: MatchState | None, world: sim.World | None, feed: list[str],
             palette: Palette, scores: bool = True) -> None:
        """The round clock, the scoreboard (of ``world``'s pilots, team headers in their
        colours in ``palette``; blank unless ``scores``, and during the results, whose
        panel lists the same and would cover its last rows) and the kill feed (``feed``:
        newest first) as they stand: the game's now, a replay's then."""
        self.round.text = round_status(match)
        results = match is not None and match.phase == "results"
        lines = _score_rows(world, match) if scores and not results else []
        fill_lines(self.scores, [line for line, _ in lines])
        _colour_rows(self.scores, [team for _, team in lines], palette)
        fill_lines(self.feed, [part for line in feed
                               for part in textwrap.wrap(line, FEED_CHARS)])

    def quiet_centre(self) -> None:
        """Nothing in the middle of the arena (the Esc menu or its question is there)."""
        self.respawn.text = self.status.text = ""

    def _status(self, session: NetSession, own: sim.Ship | None, now: float) -> None:
        """The status line (reconnecting, host silent, spectating, waiting) and the health
        bar."""
        colour = CALM if session.spectating and session.status == "playing" else WARNING
        if tuple(self.status.color[:3]) != colour:
            self.status.color = colour
        self.hp = None
        if session.status == "reconnecting":
            self.status.text = session.message
        elif silence := session.host_silence(now):
            self.status.text = silence
        elif session.spectating:
            self.status.text = SPECTATING
        elif own is None or session.world.latest is None:
            self.status.text = "Waiting for the first state from the server..."
        else:
            self.status.text, self.hp = "", own.hp

    def draw_under_ships(self) -> None:
        """The F3 net graph and the closed chat panel, on their panels (the canvas camera
        is active)."""
        backdrop(self.graph_lines, 6 * self.canvas.scale, PANEL)
        self.graph_texts.draw()
        if not self.chat.open:
            self.chat.draw()

    def panels(self) -> list[Box]:
        """Where the scoreboard, the kill feed and the round clock sit on their panels
        (pixels of the canvas camera, as ``extent`` gives them): the ships' marks keep
        clear of them."""
        pad = 6 * self.canvas.scale
        return [box for lines in (self.scores, self.feed, [self.round])
                if (box := extent(lines, pad)) is not None]

    def draw(self) -> None:
        """The bar, the panels and every text (the canvas camera is active)."""
        self.canvas.fill(0, sim.WIDTH, -BAR, 0, BAR_COLOUR)
        for box in self.panels():
            arcade.draw_lrbt_rectangle_filled(*box, PANEL)
        self._draw_health()
        self.texts.draw()
        if self.chat.open:
            self.chat.draw()

    def _draw_health(self) -> None:
        """One pip per hit point: lit while the ship has it."""
        if self.hp is None:
            return
        scale = self.canvas.scale
        left = self.health.right + 10 * scale
        width, height = PIP[0] * scale, PIP[1] * scale
        bottom = self.health.y - height / 2
        for n in range(sim.MAX_HP):
            x = left + n * (width + 4 * scale)
            arcade.draw_lrbt_rectangle_filled(x, x + width, bottom, bottom + height,
                                              HEALTHY if n < self.hp else LOST_HP)


@dataclass(frozen=True)
class Downed:
    """A pilot's ship out of play, as the pilot's own session sees it. ``by``: who
    destroyed it ("": an asteroid; None: not seen); ``seconds`` until it respawns (None:
    the host is silent, so no count runs: the host respawns the ship, and it is not
    answering); ``out_of_lives``: it sits the round out (lms)."""

    by: str | None
    seconds: float | None
    out_of_lives: bool

    @classmethod
    def of(cls, session: NetSession, own: sim.Ship | None, now: float) -> Downed | None:
        """``own`` (``session``'s ship) out of play at ``now`` (s, the session's clock);
        None while it flies, before the first state, and between rounds (the results say
        it all)."""
        latest, match = session.world.latest, session.match
        if own is None or latest is None or own.alive or (
                match is not None and match.phase == "results"):
            return None
        if modes.out_of_lives(latest, own):
            return cls(session.destroyed_by, None, True)
        if session.host_silence(now):
            return cls(session.destroyed_by, None, False)
        ticks = max(own.respawn_tick - session.world.server_tick(now), 0)
        return cls(session.destroyed_by, ticks * sim.DT, False)

    @property
    def killer(self) -> str:
        """" by Kestrel", " by an asteroid", or "" when not seen."""
        return "" if self.by is None else f" by {self.by or 'an asteroid'}"

    @property
    def when(self) -> str:
        """"in 2.4 s", or "once the host answers" when no count runs."""
        return "once the host answers" if self.seconds is None else f"in {self.seconds:.1f} s"

    def line(self, label: str = "") -> str:
        """The player's own line, in the middle of the arena: "Destroyed by Kestrel -
        respawning in 2.4 s"; with ``label`` ("P1", while local pilots fly too, each with a
        line of its own) "P1 destroyed by Kestrel - respawning in 2.4 s"."""
        if self.out_of_lives:
            return f"{label}: {modes.OUT_OF_LIVES}" if label else modes.OUT_OF_LIVES
        destroyed = f"{label} destroyed" if label else "Destroyed"
        return f"{destroyed}{self.killer} - respawning {self.when}"

    def pilot_line(self, label: str) -> str:
        """A local pilot's (``label``: "P2"), where its ship fell: "P2 back in 2.4 s
        (destroyed by Kestrel)"."""
        if self.out_of_lives:
            return f"{label}: {modes.OUT_OF_LIVES}"
        return f"{label} back {self.when}" + (
            f" (destroyed{self.killer})" if self.killer else "")


def _score_rows(world: sim.World | None, match: MatchState | None
                ) -> list[tuple[str, int | None]]:
    """The scoreboard of ``world``: a header, the pilots as the mode ranks them
    (``game.ui.standings``: by team in tdm, lives in lms), their names whole; then the
    spectators, under a header of their own. Each line with the team it heads (None: not
    a team's header)."""
    watching = list(match.spectators) if match is not None else []
    width = len(SCORE_HEADER)
    return [(header(match.mode if match is not None else "ffa"), None)] + [
        (row.text.ljust(width), row.team) for row in rows(world, match)] + (
        [(WATCHING.ljust(width), None)] + [(f"{n:{width}}", None) for n in watching]
        if watching else [])


def _colour_rows(texts: list[CanvasText], teams: list[int | None], palette: Palette) -> None:
    """A team's header row in its team's colour (as the results show it), the rest white."""
    for text, team in zip(texts, teams + [None] * len(texts), strict=False):
        colour = row_colour(team, palette, SCORE_WHITE)
        if tuple(text.color[:3]) != colour:
            text.color = (*colour, 255)
