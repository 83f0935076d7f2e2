"""The game screen: the arena, the HUD, and the Esc menu. Draws what ``NetSession`` predicts."""

from __future__ import annotations

import logging
import math
import random
import time
from typing import cast

import arcade
import pyglet
from arcade.gui import UIAnchorLayout, UIBoxLayout, UIFlatButton, UIManager

from game import resources, sim
from game.netgraph import NetGraph
from game.session import Happenings, NetSession
from game.ui.chat import ChatLine
from game.ui.results import ResultsOverlay, round_status
from game.ui.widgets import on_click
from game.ui.window import StarlaneWindow

log = logging.getLogger("starlane")

PLAYER_COLOURS = [(255, 99, 71), (100, 181, 246), (129, 199, 132), (255, 213, 79),
                  (186, 104, 200), (77, 208, 225), (255, 138, 101), (240, 98, 146)]
KEYMAP = {arcade.key.UP: "up", arcade.key.W: "up", arcade.key.DOWN: "down",
          arcade.key.S: "down", arcade.key.LEFT: "left", arcade.key.A: "left",
          arcade.key.RIGHT: "right", arcade.key.D: "right", arcade.key.SPACE: "fire"}
CONTROLS = "Left/Right or A/D: turn    Up or W: thrust    Down or S: reverse    " \
           "Space: fire    T: chat    F3: net graph    Esc: menu"
FEED_SECONDS = 6.0
MONOSPACE = ("DejaVu Sans Mono", "Consolas", "Menlo", "Courier New")


def colour_of(pid: int) -> tuple[int, int, int]:
    return PLAYER_COLOURS[pid % len(PLAYER_COLOURS)]


class Sounds:
    """Fire, hit and explosion; silent (with one log line) where audio cannot start."""

    def __init__(self) -> None:
        self._sounds: dict[str, arcade.Sound] = {}
        try:
            for key, file in (("laser", "laser1.wav"), ("hit", "hit1.wav"),
                              ("explosion", "explosion1.wav")):
                self._sounds[key] = arcade.load_sound(resources.sound(file))
        except Exception as err:  # no audio device: play on without sound
            log.warning("sound disabled: %s", err)
            self._sounds.clear()

    def play(self, key: str) -> None:
        if key in self._sounds:
            try:
                arcade.play_sound(self._sounds[key], volume=0.4)
            except Exception as err:
                log.warning("sound disabled: %s", err)
                self._sounds.clear()


class GameView(arcade.View):
    def __init__(self, session: NetSession, first: Happenings | None = None) -> None:
        """``first``: what the session brought while the start screen still had it."""
        super().__init__()
        self.session = session
        self.sounds = Sounds()
        self.moved = False
        self.feed = [(time.monotonic(), line) for line in reversed(first.feed)] if first else []
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
        self.bullets: arcade.SpriteList[arcade.Sprite] = arcade.SpriteList()
        self.rocks: arcade.SpriteList[arcade.Sprite] = arcade.SpriteList()
        self.texts = pyglet.graphics.Batch()  # every HUD text and name label: one draw call
        self.labels: dict[int, arcade.Text] = {}
        self.hud = {
            "health": arcade.Text("", 20, 20, arcade.color.WHITE, 16, bold=True,
                                  batch=self.texts),
            "ping": arcade.Text("", sim.WIDTH - 20, 20, (150, 160, 190), 12, anchor_x="right",
                                batch=self.texts),
            "controls": arcade.Text(CONTROLS, sim.WIDTH / 2, 60, (220, 220, 240), 14,
                                    anchor_x="center", batch=self.texts),
            "respawn": arcade.Text("", sim.WIDTH / 2, sim.HEIGHT / 2 + 60, (255, 196, 0), 28,
                                   anchor_x="center", bold=True, batch=self.texts),
            "status": arcade.Text("", sim.WIDTH / 2, sim.HEIGHT / 2, (255, 110, 110), 18,
                                  anchor_x="center", batch=self.texts),
            "round": arcade.Text("", sim.WIDTH / 2, sim.HEIGHT - 30, (255, 196, 0), 14,
                                 anchor_x="center", batch=self.texts),
        }
        self.chat = ChatLine(self.texts)
        self.results = ResultsOverlay()
        self.score_lines = [arcade.Text("", sim.WIDTH - 20, sim.HEIGHT - 30 - 22 * i,
                                        arcade.color.WHITE, 12, anchor_x="right",
                                        font_name=MONOSPACE, batch=self.texts)
                            for i in range(9)]
        self.feed_lines = [arcade.Text("", 20, sim.HEIGHT - 30 - 22 * i, (230, 230, 230), 13,
                                       batch=self.texts)
                           for i in range(5)]
        self.graph = NetGraph()
        self.graph_lines = [arcade.Text("", 20, 50 + 18 * i, (120, 255, 160), 11,
                                        font_name=MONOSPACE, batch=self.texts)
                            for i in range(3)]
        self.menu = UIManager()
        box = UIBoxLayout(space_between=16)
        box.add(on_click(UIFlatButton(text="Resume", width=260, height=50), self.toggle_menu))
        box.add(on_click(UIFlatButton(text="Leave game", width=260, height=50), self.leave))
        self.menu.add(UIAnchorLayout()).add(box)
        self.menu_open = False
        self.show_graph = False

    @property
    def app(self) -> StarlaneWindow:
        return cast(StarlaneWindow, self.window)

    # ---- input ---------------------------------------------------------------------------

    def on_key_press(self, symbol: int, modifiers: int) -> None:
        if self.chat.open:
            if (line := self.chat.on_key(symbol)) is not None:
                self.session.say(line)
            return
        if symbol == arcade.key.T and not self.menu_open:
            self.release_all()
            self.chat.start()
        elif symbol == arcade.key.ESCAPE:
            self.toggle_menu()
        elif symbol == arcade.key.F3:
            self.show_graph = not self.show_graph
        elif (key := KEYMAP.get(symbol)) and not self.menu_open:
            self.moved = True
            if self.session.press(key) and key == "fire":
                self.sounds.play("laser")

    def on_key_release(self, symbol: int, modifiers: int) -> None:
        if (key := KEYMAP.get(symbol)) and key != "fire":
            self.session.release(key)

    def on_text(self, text: str) -> None:
        self.chat.on_text(text)

    def release_all(self) -> None:
        for key in list(self.session.world.keys):
            self.session.release(key)

    def toggle_menu(self) -> None:
        self.menu_open = not self.menu_open
        if self.menu_open:
            self.release_all()
            self.menu.enable()
        else:
            self.menu.disable()

    def leave(self) -> None:
        self.menu.disable()
        self.session.close()
        self.app.back_to_menu("You left the game.")

    def on_hide_view(self) -> None:
        self.menu.disable()

    # ---- update and draw -----------------------------------------------------------------

    def on_update(self, delta_time: float) -> None:
        happened = self.session.pump()
        now = time.monotonic()
        for line in happened.feed:
            self.feed.insert(0, (now, line))
        self.feed = [(t, line) for t, line in self.feed[:5] if now - t < FEED_SECONDS]
        for key in happened.sounds:
            self.sounds.play(key)
        if self.session.status in ("failed", "disconnected"):
            self.session.close()
            self.app.back_to_menu(self.session.message)
            return
        self._place_sprites(self.session.clock())

    def _place_sprites(self, now: float) -> None:
        world = self.session.world
        own = world.own_ship(now)
        ships = [s for s in [own, *world.remote_ships(now)] if s is not None and s.alive]
        _fit(self.ships, len(ships), self.ship_texture, 0.5)
        for sprite, ship in zip(self.ships, ships, strict=True):
            sprite.position = ship.x, ship.y
            sprite.angle = ship.angle
            sprite.color = colour_of(ship.pid)
            latest = world.latest
            shielded = latest is not None and latest.tick < ship.shield_until
            sprite.alpha = 150 if shielded else 255
        self._place_labels(ships)
        bullets = world.bullets(now)
        _fit(self.bullets, len(bullets), self.bullet_texture, 0.5)
        for sprite, bullet in zip(self.bullets, bullets, strict=True):
            sprite.position = bullet.x, bullet.y
            sprite.angle = math.degrees(math.atan2(bullet.vx, bullet.vy)) - 90
        rocks = world.rocks(now)
        _fit(self.rocks, len(rocks), self.rock_texture, 0.8)
        for sprite, rock in zip(self.rocks, rocks, strict=True):
            sprite.position = rock.x, rock.y
        self._update_hud(own, now)

    def _place_labels(self, ships: list[sim.Ship]) -> None:
        shown = set()
        for ship in ships:
            label = self.labels.get(ship.pid)
            name = f"{ship.name} (bot)" if ship.bot else ship.name
            if label is None:
                label = self.labels[ship.pid] = arcade.Text(
                    name, 0, 0, colour_of(ship.pid), 11, anchor_x="center", batch=self.texts)
            elif label.text != name:  # a bot renamed for a player who took its name
                label.text = name
            label.position = ship.x, ship.y - 38
            label.visible = True
            shown.add(ship.pid)
        for pid in set(self.labels) - shown:
            self.labels[pid].visible = False

    def _update_hud(self, own: sim.Ship | None, now: float) -> None:
        world = self.session.world
        latest = world.latest
        if self.session.status == "reconnecting":
            self.hud["status"].text = self.session.message
        elif own is None or latest is None:
            self.hud["status"].text = "Waiting for the first state from the server..."
            self.hud["health"].text = ""
        else:
            self.hud["status"].text = ""
            self.hud["health"].text = "HEALTH " + "#" * own.hp + "-" * (sim.MAX_HP - own.hp)
        respawn = ""
        if own is not None and latest is not None and not own.alive:
            seconds = max(own.respawn_tick - world.server_tick(now), 0) * sim.DT
            by = self.session.destroyed_by
            who = "" if by is None else f" by {by or 'an asteroid'}"
            respawn = f"Destroyed{who} - respawning in {seconds:.1f} s"
        ping = self.session.ping_ms
        self.hud["ping"].text = f"ping {ping:.0f} ms" if ping is not None else "ping --"
        ships = sorted(latest.ships.values(), key=lambda s: (-s.score, s.deaths, s.name)) \
            if latest else []
        rows = ["PILOT            KILLS  DEATHS"] + [
            f"{f'{s.name[:10]} bot' if s.bot else s.name[:14]:14}  {s.score:5}  {s.deaths:6}"
            for s in ships]
        match = self.session.match
        self.hud["round"].text = round_status(match)
        self.results.update(match, latest, own.pid if own is not None else None)
        if self.results.visible:  # the results say it all: everyone is out of play
            respawn = self.hud["health"].text = ""
        self.hud["respawn"].text = respawn
        for text, line in zip(self.score_lines, rows + [""] * len(self.score_lines), strict=False):
            text.text = line
        for text, entry in zip(self.feed_lines, self.feed + [(0.0, "")] * 5, strict=False):
            text.text = entry[1]
        graph = self.graph.sample(self.session, now).lines() if self.show_graph else [""] * 3
        for text, line in zip(self.graph_lines, reversed(graph), strict=True):
            text.text = line

    def on_draw(self) -> None:
        self.clear()
        self.stars.draw()
        self.rocks.draw()
        self.bullets.draw()
        self.ships.draw()
        self.hud["controls"].visible = not self.moved
        self.chat.draw_backdrop()
        self.texts.draw()
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
