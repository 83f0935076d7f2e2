"""The game screen's HUD, laid out so that it never covers play.

The window shows a canvas of the arena (``sim.WIDTH`` x ``sim.HEIGHT``) with a bar of
``BAR`` units under it: health on the left, the key help in the middle, the ping on the
right. Nothing flies in the bar. What must sit over the arena sits at its edge on a dark
panel, so a ship or asteroid passing under it never makes it unreadable: the feed (kills,
chat, joins) top left, wrapped short of the round clock top centre; the scores top right;
the F3 net graph bottom left, and the chat line, while it is open, above it. The results
(``game.ui.results``) take the middle between rounds. Units are arena units (the camera
scales).
"""

from __future__ import annotations

import textwrap

import arcade
import pyglet

from ..client.netgraph import NetGraph, ping_text
from ..client.session import NetSession
from ..core import sim
from .chat import ChatLine
from .results import round_status

BAR = 40
PANEL = (4, 6, 18, 190)
BAR_COLOUR = (14, 18, 40, 255)
MONOSPACE = ("DejaVu Sans Mono", "Consolas", "Menlo", "Courier New")
FEED_ROWS = 6
FEED_CHARS = 52  # a longer line wraps: the feed stays left of the round clock
SCORE_ROWS = 12  # the header, 8 pilots, spectators
SPECTATING = "Spectating — you get a seat when one frees"
WARNING = (255, 110, 110)  # the centre line: waiting, reconnecting
CALM = (150, 200, 255)  # the centre line while spectating: nothing is wrong
LINE = 22
MARGIN = 14


class Hud:
    def __init__(self, help_line: str) -> None:
        self.texts = pyglet.graphics.Batch()  # every HUD text: one draw call
        mid_bar = -BAR / 2
        self.health = arcade.Text("", MARGIN, mid_bar, arcade.color.WHITE, 14, bold=True,
                                  anchor_y="center", batch=self.texts)
        self.help = arcade.Text(help_line, sim.WIDTH / 2, mid_bar, (220, 220, 240), 11,
                                anchor_x="center", anchor_y="center", batch=self.texts)
        self.ping = arcade.Text("", sim.WIDTH - MARGIN, mid_bar, (150, 160, 190), 12,
                                anchor_x="right", anchor_y="center", batch=self.texts)
        self.respawn = arcade.Text("", sim.WIDTH / 2, sim.HEIGHT / 2 + 60, (255, 196, 0), 28,
                                   anchor_x="center", bold=True, batch=self.texts)
        self.status = arcade.Text("", sim.WIDTH / 2, sim.HEIGHT / 2, WARNING, 18,
                                  anchor_x="center", batch=self.texts)
        top = sim.HEIGHT - MARGIN - 14
        self.round = arcade.Text("", sim.WIDTH / 2, top, (255, 196, 0), 14, anchor_x="center",
                                 batch=self.texts)
        self.scores = [arcade.Text("", sim.WIDTH - MARGIN, top - LINE * i, arcade.color.WHITE,
                                   12, anchor_x="right", font_name=MONOSPACE, batch=self.texts)
                       for i in range(SCORE_ROWS)]
        self.feed = [arcade.Text("", MARGIN, top - LINE * i, (230, 230, 230), 13,
                                 batch=self.texts) for i in range(FEED_ROWS)]
        self.graph = NetGraph()
        self.graph_lines = [arcade.Text("", MARGIN, MARGIN + 18 * i, (120, 255, 160), 11,
                                        font_name=MONOSPACE, batch=self.texts)
                            for i in range(3)]
        self.chat = ChatLine(self.texts)

    def update(self, session: NetSession, own: sim.Ship | None, now: float,
               feed: list[str], show_graph: bool) -> None:
        self._status(session, own, now)
        self.respawn.text = _respawn_line(session, own, now)
        match = session.match
        if match is not None and match.phase == "results":  # the results say it all
            self.respawn.text = self.health.text = ""
        self.round.text = round_status(match)
        self.ping.text = f"ping {ping_text(session.ping_ms)}"
        _fill(self.scores, _score_rows(session))
        _fill(self.feed, [part for line in feed for part in textwrap.wrap(line, FEED_CHARS)])
        _fill(self.graph_lines, list(reversed(self.graph.sample(session, now).lines()))
              if show_graph else [])

    def _status(self, session: NetSession, own: sim.Ship | None, now: float) -> None:
        """The status line (reconnecting, host silent, spectating, waiting) and the health
        bar."""
        colour = CALM if session.spectating and session.status == "playing" else WARNING
        if tuple(self.status.color[:3]) != colour:
            self.status.color = colour
        if session.status == "reconnecting":
            self.status.text = session.message
        elif silence := session.host_silence(now):
            self.status.text = silence
        elif session.spectating:
            self.status.text, self.health.text = SPECTATING, ""
        elif own is None or session.world.latest is None:
            self.status.text = "Waiting for the first state from the server..."
            self.health.text = ""
        else:
            self.status.text = ""
            self.health.text = "HEALTH " + "#" * own.hp + "-" * (sim.MAX_HP - own.hp)

    def draw(self) -> None:
        arcade.draw_lrbt_rectangle_filled(0, sim.WIDTH, -BAR, 0, BAR_COLOUR)
        for lines in (self.scores, self.feed, [self.round], self.graph_lines):
            _panel(lines)
        self.chat.draw_backdrop()
        self.texts.draw()


def _respawn_line(session: NetSession, own: sim.Ship | None, now: float) -> str:
    """Who destroyed the own ship and when it respawns ("" while it flies); while the
    server is silent no count runs: it respawns the ship, and it is not answering."""
    if own is None or session.world.latest is None or own.alive:
        return ""
    by = session.destroyed_by
    who = "" if by is None else f" by {by or 'an asteroid'}"
    if session.host_silence(now):
        return f"Destroyed{who} - respawning once the host answers"
    seconds = max(own.respawn_tick - session.world.server_tick(now), 0) * sim.DT
    return f"Destroyed{who} - respawning in {seconds:.1f} s"


def _score_rows(session: NetSession) -> list[str]:
    """The scoreboard: a header, the pilots by kills (then fewer deaths, then name), then
    the spectators."""
    latest, match = session.world.latest, session.match
    ships = sorted(latest.ships.values(), key=lambda s: (-s.score, s.deaths, s.name)) \
        if latest else []
    return ["PILOT            KILLS  DEATHS"] + [
        f"{f'{s.name[:10]} bot' if s.bot else s.name[:14]:14}  {s.score:5}  {s.deaths:6}"
        for s in ships] + [f"{name[:14]:14}  {'spectating':13}" for name in
                           (match.spectators if match is not None else ())]


def _fill(texts: list[arcade.Text], lines: list[str]) -> None:
    for text, line in zip(texts, lines + [""] * len(texts), strict=False):
        text.text = line


def _panel(texts: list[arcade.Text]) -> None:
    """A dark panel behind the non-empty lines of ``texts`` (padding: 6 units)."""
    shown = [t for t in texts if t.text]
    if not shown:
        return
    left = min(t.left for t in shown) - 6
    right = max(t.right for t in shown) + 6
    bottom = min(t.bottom for t in shown) - 6
    top = max(t.top for t in shown) + 6
    arcade.draw_lrbt_rectangle_filled(left, right, bottom, top, PANEL)
