"""The game screen: the arena, the HUD, and the Esc menu. Draws what ``NetSession`` predicts.

The arena and its HUD bar are one canvas scaled to fit the window, its shape kept (see
the window's ``letterbox``); its text (HUD, names, results) is rendered at the window's own
pixels (``game.ui.pixels``), never scaled. Keys (as bound in the settings) and gamepads
both steer: ``HeldActions`` merges them, so letting go of one never cancels the other.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Hashable

import arcade
import pyglet
from arcade.gui import UIAnchorLayout, UIBoxLayout, UIFlatButton, UILabel

from .. import resources
from ..client.controls import HeldActions
from ..client.session import Happenings, NetSession
from ..core import sim
from ..server.leaving import leave_question
from ..settings import Action, Palette
from .effects import Effects
from .hud import BAR, MARGIN, Hud
from .keys import CHAT_KEY
from .palette import ship_colour
from .pixels import CanvasText, PixelCanvas
from .results import ResultsOverlay
from .shell import Shell
from .widgets import ERROR, FittedUIManager, on_click

log = logging.getLogger("starlane")

FEED_SECONDS = 6.0
HELP_SECONDS = 30.0  # the key help gives way to a short reminder after this, or a move
CHAT_HELP = "    T: chat"
REMINDER = "T: chat    Esc: menu, settings and keys    F3: net graph"
WATCHER_HELP = "Spectating    T: chat    Esc: menu    F3: net graph"
LABEL_DROP = 38  # a ship's name sits this far under it (canvas units)
CANVAS = (sim.WIDTH, sim.HEIGHT + BAR)
SHIELD_RADIUS = sim.SHIP_RADIUS + 8  # px: the ring drawn around a ship in its spawn shield


class Sounds:
    """Fire, hit and explosion; silent (with one log line) where audio cannot start."""

    def __init__(self) -> None:
        self._sounds: dict[str, arcade.Sound] = {}
        try:
            for key, file in (("laser", "laser1.wav"), ("hit", "hit1.wav"),
                              ("explosion", "explosion1.wav")):
                self._sounds[key] = arcade.load_sound(resources.sound(file))
        except Exception as err:  # no audio device: play on without sound
            log.warning("sound disabled: %s", err, exc_info=True)
            self._sounds.clear()

    def play(self, key: str, volume: float) -> None:
        """``volume``: 0..1 (the settings' master times effects volume)."""
        if key in self._sounds and volume > 0:
            try:
                arcade.play_sound(self._sounds[key], volume=volume)
            except Exception as err:
                log.warning("sound disabled: %s", err, exc_info=True)
                self._sounds.clear()


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
        self.held = HeldActions()
        self.keys_down: set[int] = set()
        self.effects = Effects()
        self.ship_texture = arcade.load_texture(resources.image("ship.png"))
        self.bullet_texture = arcade.load_texture(resources.image("laserBlue01.png"))
        self.rock_texture = arcade.load_texture(resources.image("meteorGrey_big1.png"))
        self.stars: arcade.SpriteList[arcade.Sprite] = arcade.SpriteList()
        rng = random.Random(7)
        for _ in range(160):
            star = arcade.SpriteSolidColor(2, 2, color=(200, 200, 255, rng.randint(60, 200)))
            star.position = rng.uniform(0, sim.WIDTH), rng.uniform(0, sim.HEIGHT)
            self.stars.append(star)
        self.ships: arcade.SpriteList[arcade.Sprite] = arcade.SpriteList()
        self.shields: list[tuple[float, float, tuple[int, int, int]]] = []  # x, y, colour
        self.bullets: arcade.SpriteList[arcade.Sprite] = arcade.SpriteList()
        self.rocks: arcade.SpriteList[arcade.Sprite] = arcade.SpriteList()
        self.canvas = PixelCanvas(CANVAS[0], origin=(0, -BAR))  # where text is drawn
        self.hud = Hud(self.canvas, self.app.bindings.help_line() + CHAT_HELP)
        self.labels: dict[int, CanvasText] = {}  # names under ships...
        self.label_texts = pyglet.graphics.Batch()  # ...drawn in one call, under the HUD
        self.results = ResultsOverlay(self.canvas)
        self.camera = arcade.Camera2D(
            viewport=self.app.letterbox(*CANVAS),
            position=(CANVAS[0] / 2, CANVAS[1] / 2 - BAR),
            projection=arcade.LRBT(-CANVAS[0] / 2, CANVAS[0] / 2, -CANVAS[1] / 2, CANVAS[1] / 2))
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
            box.add(on_click(UIFlatButton(text="Leave game", width=260, height=50),
                             self.ask_to_leave))
        self.menu.add(UIAnchorLayout()).add(box)

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
        elif self.app.bindings.action(symbol) and not self.menu_open:
            self.keys_down.add(symbol)
            self._hold("keyboard", self.keys_down)

    def on_key_release(self, symbol: int, _modifiers: int) -> None:
        if symbol in self.keys_down:
            self.keys_down.discard(symbol)
            self._hold("keyboard", self.keys_down)

    def on_pad(self, pad: Hashable, held: set[Action]) -> None:
        if not self.menu_open:
            self._steer(*self.held.set(pad, held))

    def on_text(self, text: str) -> None:
        self.hud.chat.on_text(text)

    def on_mouse_scroll(self, _x: int, _y: int, _scroll_x: float, scroll_y: float) -> None:
        self.hud.chat.scroll(round(scroll_y))  # the wheel up scrolls the open chat back

    def _hold(self, source: Hashable, symbols: set[int]) -> None:
        bindings = self.app.bindings
        actions = {a for a in map(bindings.action, symbols) if a is not None}
        self._steer(*self.held.set(source, actions))

    def _steer(self, pressed: list[Action], released: list[Action]) -> None:
        for action in pressed:
            self.moved = True
            if self.session.press(action) and action == "fire":
                self.sounds.play("laser", self.app.settings.effects_gain)
        for action in released:
            if action != "fire":  # a shot is one press: there is nothing to let go of
                self.session.release(action)

    def _let_go_of_everything(self) -> None:
        self.keys_down.clear()
        self._steer([], self.held.clear())

    # ---- update and draw -----------------------------------------------------------------

    def on_update(self, _delta_time: float) -> None:
        happened = self.session.pump()
        now = time.monotonic()
        for line in happened.feed:
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
                        self.show_graph)
        if self.menu_open:
            self.hud.quiet_centre()
        self.results.update(self.session.match, self.session.world.latest,
                            own.pid if own is not None else None, self.app.settings.palette)

    def _place_sprites(self, own: sim.Ship | None, now: float) -> None:
        world = self.session.world
        palette = self.app.settings.palette
        ships = [s for s in [own, *world.remote_ships(now)] if s is not None and s.alive]
        _fit(self.ships, len(ships), self.ship_texture, 0.5)
        latest = world.latest
        mode = latest.mode if latest is not None else "ffa"
        for sprite, ship in zip(self.ships, ships, strict=True):
            sprite.position = ship.x, ship.y
            sprite.angle = ship.angle
            sprite.color = ship_colour(ship, mode, palette)
        self.shields = [(s.x, s.y, ship_colour(s, mode, palette)) for s in ships
                        if latest is not None and s.shielded(latest.tick)]
        self._place_labels(ships, palette, mode)
        bullets = world.bullets(now)
        _fit(self.bullets, len(bullets), self.bullet_texture, 0.5)
        for sprite, bullet in zip(self.bullets, bullets, strict=True):
            sprite.position = bullet.x, bullet.y
            sprite.angle = math.degrees(math.atan2(bullet.vx, bullet.vy)) - 90
        rocks = world.rocks(now)
        _fit(self.rocks, len(rocks), self.rock_texture, 0.8)
        for sprite, rock in zip(self.rocks, rocks, strict=True):
            sprite.position = rock.x, rock.y

    def _place_labels(self, ships: list[sim.Ship], palette: Palette, mode: str) -> None:
        """Each ship's name under it, kept whole inside the arena (slid in from an
        edge)."""
        shown = set()
        for ship in ships:
            label = self.labels.get(ship.pid)
            name = f"{ship.name} (bot)" if ship.bot else ship.name
            if label is None:
                label = self.labels[ship.pid] = self.canvas.text(
                    self.label_texts, name, 0, 0, (255, 255, 255), 11, anchor_x="center")
            elif label.text != name:  # a bot renamed for a player who took its name
                label.text = name
            colour = ship_colour(ship, mode, palette)
            if tuple(label.color[:3]) != colour:  # a colour change re-uploads the label
                label.color = colour
            half = label.content_width / self.canvas.scale / 2 + MARGIN
            self.canvas.place(label, min(max(ship.x, half), sim.WIDTH - half),
                              max(ship.y - LABEL_DROP, MARGIN))
            label.visible = True
            shown.add(ship.pid)
        for pid in set(self.labels) - shown:
            self.labels[pid].visible = False

    def on_draw(self) -> None:
        self.clear()
        with self.camera.activate():
            self.stars.draw()
        with self.canvas.camera.activate():  # the graph and chat: under the ships
            self.hud.draw_under_ships()
        with self.camera.activate():
            self.rocks.draw()
            self.bullets.draw()
            self.ships.draw()
            for x, y, colour in self.shields:  # the spawn shield: nothing hurts, or is hurt
                arcade.draw_circle_outline(x, y, SHIELD_RADIUS, (*colour, 170), 3)
            self.effects.draw(self.session.clock())
        with self.canvas.camera.activate():  # text at the window's own pixels
            self.label_texts.draw()
            self.hud.draw()
            self.results.draw()
        if self.menu_open:
            arcade.draw_lrbt_rectangle_filled(0, self.window.width, 0, self.window.height,
                                              (0, 0, 0, 160))
            self.menu.draw()


def _fit(sprites: arcade.SpriteList, count: int, texture: arcade.Texture, scale: float) -> None:
    """Grow or shrink a sprite list to ``count`` sprites (sprites are reused each frame)."""
    while len(sprites) < count:
        sprites.append(arcade.Sprite(texture, scale=scale))
    while len(sprites) > count:
        sprites.pop()
