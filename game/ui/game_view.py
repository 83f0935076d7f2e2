"""The game screen: the arena, the HUD, and the Esc menu. Draws what ``NetSession`` predicts.

The arena and its HUD bar are one canvas scaled to fit the window, its shape kept (see
the window's ``letterbox``); its text (HUD, names, results) is rendered at the window's own
pixels (``game.ui.pixels``), never scaled. Keys (as bound in the settings) and gamepads
steer the window's pilots: P1, and the friends on this machine added from the Esc menu or
the start screen (``game.client.local_pilots``), each with its own session, keys and pad
(the window's ``PilotControls`` routes them). The world is drawn from P1's session;
each local pilot's own ship is its own session's prediction, ringed in its colour.
"""

from __future__ import annotations

import time
from collections.abc import Hashable
from functools import partial

import arcade
from arcade.gui import UIAnchorLayout, UIBoxLayout, UIFlatButton, UILabel

from ..client.controls import Steer
from ..client.session import Happenings, NetSession
from ..core import sim
from ..server.leaving import leave_question
from ..settings import MARKER_RGB, Action
from .arena_art import standing_tick
from .effects import Effects, Sounds
from .hud import BAR, Downed, Hud
from .keys import CHAT_KEY
from .pixels import PixelCanvas
from .results import ResultsOverlay
from .scene import Picture, Scene, arena_camera
from .shell import Shell
from .ship_marks import PilotMark
from .widgets import ERROR, CentredLabel, FittedUIManager, on_click

FEED_SECONDS = 6.0
HELP_SECONDS = 30.0  # the key help gives way to a short reminder after this, or a move
CHAT_HELP = "    T: chat"
REMINDER = "T: chat    Esc: menu, settings and keys    F3: net graph"
WATCHER_HELP = "Spectating    T: chat    Esc: menu    F3: net graph"
CANVAS = (sim.WIDTH, sim.HEIGHT + BAR)


class GameView(arcade.View):
    def __init__(self, app: Shell, session: NetSession, first: Happenings | None = None
                 ) -> None:
        """``session``: the window's seat's (this screen pumps and draws it; leaving goes
        back to the start screen, which closes it). ``first``: what the session brought
        while the start screen still had it."""
        super().__init__()
        self.app = app
        self.session = session
        self.sounds = Sounds()
        self.moved = False
        self.shown_at = time.monotonic()
        self.feed = [(time.monotonic(), line) for line in reversed(first.feed)] if first else []
        self.first_chat = first.chat if first else []
        self.effects = Effects()
        self.canvas = PixelCanvas(CANVAS[0], origin=(0, -BAR))  # where text is drawn
        self.scene = Scene(self.canvas)
        self.hud = Hud(self.canvas, self.app.bindings.help_line() + CHAT_HELP)
        self.results = ResultsOverlay(self.canvas)
        self.camera = arena_camera(self.app.letterbox(*CANVAS), CANVAS, BAR)
        self.menu = FittedUIManager()
        self.menu_open = False
        self.paused = False  # a practice game's world stands still: so do its sprites
        self.show_graph = False
        self._build_menu()

    # ---- the Esc menu --------------------------------------------------------------------

    def _build_menu(self, question: tuple[str, str] | None = None) -> None:
        """The Esc menu; with ``question`` (text, leave button), the host's confirmation."""
        self.menu.clear()
        box = UIBoxLayout(space_between=16)
        if question:
            box.add(UILabel(question[0], font_size=18, text_color=ERROR))
            box.add(on_click(UIFlatButton(text=question[1], width=260, height=50),
                             self.leave))
            box.add(on_click(UIFlatButton(text="Cancel", width=260, height=50),
                             self._build_menu))
        else:
            box.add(on_click(UIFlatButton(text="Resume", width=260, height=50),
                             self.toggle_menu))
            box.add(on_click(UIFlatButton(text="Settings", width=260, height=50),
                             self.open_settings))
            self._pilot_buttons(box)
            box.add(on_click(UIFlatButton(text="Leave game", width=260, height=50),
                             self.ask_to_leave))
        self.menu.add(UIAnchorLayout()).add(box)

    def _pilot_buttons(self, box: UIBoxLayout) -> None:
        """Add local player, a Remove button for each, and who steers with which keys."""
        pilots = self.app.local_pilots.pilots
        if self.app.local_pilots.next_number is not None:
            box.add(on_click(UIFlatButton(text="Add local player", width=260, height=44),
                             self.add_local_player))
        for number, pilot in sorted(pilots.items()):
            box.add(on_click(UIFlatButton(text=f"Remove {pilot.label}", width=260,
                                          height=44),
                             partial(self.remove_local_player, number)))
        if pilots:
            box.add(CentredLabel("\n".join(self.app.pilot_keys(n)
                                            for n in (1, *sorted(pilots))),
                                 font_size=13, multiline=True, width=620))

    def add_local_player(self) -> None:
        self._tell(self.app.add_local_player())
        self._build_menu()

    def remove_local_player(self, number: int) -> None:
        self.app.remove_local_player(number)
        self._tell(f"P{number} left the game.")
        self._build_menu()

    def _tell(self, line: str) -> None:
        """A line in the kill feed (the local pilots' comings and goings)."""
        self.feed.insert(0, (time.monotonic(), line))

    def toggle_menu(self) -> None:
        self.menu_open = not self.menu_open
        self.paused = self.app.pause(self.menu_open)  # a practice game waits for its player
        if self.menu_open:
            self._let_go_of_everything()
            self._build_menu()
            self.menu.enable()
        else:
            self.menu.disable()

    def ask_to_leave(self) -> None:
        """The host is asked first: who hosts the game next, or how many it ends for."""
        question = leave_question(self.app.hosted_game)
        if question is None:
            self.leave()
            return
        self._build_menu(question)

    def leave(self) -> None:
        self.menu.disable()
        self.app.show_start("You left the game.", error=False)  # the seat says goodbye

    def open_settings(self) -> None:
        self.app.show_settings(back=self.back_from_settings, keep_alive=self.on_update,
                               back_text="Back to the game")

    def back_from_settings(self) -> None:
        """Straight back into play, the Esc menu closed (as the button says)."""
        if self.menu_open:
            self.toggle_menu()
        self.window.show_view(self)

    def on_show_view(self) -> None:
        self.hud.help.text = self._help_line()  # keys may have changed
        self.on_resize(*self.window.get_size())
        if self.menu_open:
            self.menu.enable()

    def on_hide_view(self) -> None:
        self.menu.disable()

    def on_resize(self, _width: int, _height: int) -> None:
        self.camera.viewport = self.app.letterbox(*CANVAS)
        self.canvas.fit(self.camera.viewport)

    def _help_line(self) -> str:
        """The bar's help: the flight keys while they mean something, then a reminder."""
        if self.session.spectating:
            return WATCHER_HELP
        if self.moved or time.monotonic() - self.shown_at > HELP_SECONDS:
            return REMINDER
        if pilots := sorted(self.app.local_pilots.pilots):
            return "    ".join(self.app.pilot_keys(n) for n in (1, *pilots)) + CHAT_HELP
        return self.app.bindings.help_line() + CHAT_HELP

    # ---- input ---------------------------------------------------------------------------

    def on_key_press(self, symbol: int, _modifiers: int) -> None:
        if self.hud.chat.open:
            if (line := self.hud.chat.on_key(symbol)) is not None:
                self.session.say(line)
            return
        if symbol == CHAT_KEY and not self.menu_open:
            self._let_go_of_everything()
            self.hud.chat.start()
        elif symbol == arcade.key.ESCAPE:
            self.toggle_menu()
        elif symbol == arcade.key.F3:
            self.show_graph = not self.show_graph
        elif not self.menu_open:
            self._steer(self.app.controls.key(symbol, down=True))

    def on_key_release(self, symbol: int, _modifiers: int) -> None:
        self._steer(self.app.controls.key(symbol, down=False))

    def on_pad(self, pad: Hashable, held: set[Action]) -> None:
        if not self.menu_open:
            self._steer(self.app.controls.pad(pad, held))

    def on_steer(self, steers: list[Steer]) -> None:
        """What pilots let go of without a key or pad of theirs (a pad unplugged)."""
        self._steer(*steers)

    def on_text(self, text: str) -> None:
        self.hud.chat.on_text(text)

    def on_mouse_scroll(self, _x: int, _y: int, _scroll_x: float, scroll_y: float) -> None:
        self.hud.chat.scroll(round(scroll_y))  # the wheel up scrolls the open chat back

    def pilot_sessions(self) -> dict[int, NetSession]:
        """The session of each pilot in the match, by pilot number (1: P1's)."""
        return {1: self.session, **{n: p.session for n, p in
                                    self.app.local_pilots.pilots.items() if p.session}}

    def _steer(self, *steers: Steer | None) -> None:
        sessions = self.pilot_sessions()
        for steer in steers:
            if steer is None or (session := sessions.get(steer[0])) is None:
                continue
            _, pressed, released = steer
            for action in pressed:
                self.moved = True
                if session.press(action) and action == "fire":
                    self.sounds.play("laser", self.app.settings.effects_gain)
            for action in released:
                if action != "fire":  # a shot is one press: there is nothing to let go of
                    session.release(action)

    def _let_go_of_everything(self) -> None:
        self._steer(*self.app.controls.let_go())

    # ---- update and draw -----------------------------------------------------------------

    def on_update(self, _delta_time: float) -> None:
        happened = self.session.pump()
        now = time.monotonic()
        for line in [*happened.feed, *self.app.pump_local_pilots()]:
            self.feed.insert(0, (now, line))
        self.feed = [(t, line) for t, line in self.feed[:5] if now - t < FEED_SECONDS]
        self.hud.chat.update(self.first_chat + happened.chat, now)
        self.first_chat = []
        for key in happened.sounds:
            self.sounds.play(key, self.app.settings.effects_gain)
        clock = self.session.clock()
        for kind, x, y in happened.effects:
            self.effects.add(kind, x, y, clock)
        if self.session.status in ("failed", "disconnected"):
            self.app.show_start(self.session.message)  # the seat closes the session
            return
        own = self.session.world.own_ship(clock)  # predicted: once a frame, for all below
        if not self.paused:
            self._place_sprites(own, clock)
        if (help_line := self._help_line()) != self.hud.help.text:
            self.hud.help.text = help_line
        self.hud.update(self.session, own, clock, [line for _, line in self.feed],
                        self.show_graph, self.app.settings.palette,
                        "P1" if self.app.local_pilots.pilots else "")  # alone: no label
        if self.menu_open:
            self.hud.quiet_centre()
        self.results.update(self.session.match, self.session.world.latest,
                            own.pid if own is not None else None, self.app.settings.palette)

    def _place_sprites(self, own: sim.Ship | None, now: float) -> None:
        world = self.session.world
        pilots = self._pilot_ships(own)
        ours = {ship.pid for ship, _ in pilots}
        ships = [s for s in [*(ship for ship, _ in pilots),
                             *(s for s in world.remote_ships(now) if s.pid not in ours)]
                 if s.alive]
        latest = world.latest
        marked = bool(self.app.local_pilots.pilots)  # alone, a player needs no mark
        self.scene.place(Picture(
            ships, world.bullets(now), world.rocks(now), world.powerups(),
            latest.tick if latest is not None else None, world.server_tick(now),
            latest.mode if latest is not None else "ffa",
            latest.arena if latest is not None else "field", own,
            [mark for _, mark in pilots] if marked else [], self.hud.panels(),
            standing_tick(world, now)), self.app.settings.palette)

    def _pilot_ships(self, own: sim.Ship | None) -> list[tuple[sim.Ship, PilotMark]]:
        """Each pilot's own ship as its own session predicts it (P1's is ``own``), with
        the mark that shows its player which one it is: a local pilot's, while its ship is
        out of play, says when it is back (P1's says it in the middle, ``Hud``)."""
        found = []
        for number, session in self.pilot_sessions().items():
            clock = session.clock()
            ship = own if number == 1 else session.world.own_ship(clock)
            if ship is None:
                continue
            label = f"P{number}"
            downed = Downed.of(session, ship, clock) if number != 1 else None
            found.append((ship, PilotMark(
                ship.pid, label, MARKER_RGB[self.app.settings.pilot_colour(number)],
                "" if downed is None else downed.pilot_line(label), (ship.x, ship.y))))
        return found

    def on_draw(self) -> None:
        self.clear()
        with self.camera.activate():
            self.scene.stars.draw()
        with self.canvas.camera.activate():  # the graph and chat: under the ships
            self.hud.draw_under_ships()
        with self.camera.activate():
            self.scene.draw_bodies(self.session.clock())
            self.effects.draw(self.session.clock())
        with self.canvas.camera.activate():  # text at the window's own pixels
            self.scene.marks.draw_text()
            self.hud.draw()
            self.scene.powerup_art.draw_text()
            self.results.draw()
        if self.menu_open:
            arcade.draw_lrbt_rectangle_filled(0, self.window.width, 0, self.window.height,
                                              (0, 0, 0, 160))
            self.menu.draw()

