"""The replay viewer: a recorded match drawn as the game drew it, with its scoreboard and
feed as they were, under a clock the viewer controls.

The world comes from the recording through the client's own readers
(``game.client.replay_frames``) and is drawn by the game screen's ``Scene``, under the
same HUD; the clock (``game.client.playback``) runs at 0.25x to 8x, pauses, seeks (a click
or a drag on the bar: dragging scrubs), jumps 10 s and from kill to kill. The picture is
worked out when a frame is drawn, at the clock's position then: a click shows its tick in
the first frame after it.

Following a pilot (the Follow button and F cycle through them, a click on one's row of the
scoreboard picks it) keeps the whole arena in view, the pilot ringed in gold with its name,
health and respawn count in the HUD bar: the arena wraps around, so a camera centred on a
ship would show the void past an edge and swing across at the seam, and the whole arena
already fits the window (nothing a zoom would show is missing).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import arcade

from starlane.net import Replay

from ..client.playback import JUMP_S, Playback
from ..client.replay_frames import Frame, ReplayFrames
from ..client.replay_list import minutes
from ..core import sim
from .hud import BAR, Hud
from .pixels import PixelCanvas
from .replay_controls import CONTROLS, ReplayControls, canvas_point
from .results import GOLD, ResultsOverlay
from .scene import SHIELD_RADIUS, Picture, Scene, arena_camera
from .shell import Shell
from .standings import rows

log = logging.getLogger("starlane")
CANVAS = (sim.WIDTH, sim.HEIGHT + BAR + CONTROLS)
HELP = "Space: pause   Left/Right: 10 s   , .: kills   - +: speed   F: follow   " \
       "Tab: scores   Esc: back"
EVERYONE = "Follow: everyone"
ENDED = "End of the recording - Space plays it again"
KEYS: dict[int, str] = {
    arcade.key.SPACE: "play", arcade.key.LEFT: "back10", arcade.key.RIGHT: "fwd10",
    arcade.key.COMMA: "kill_back", arcade.key.PAGEUP: "kill_back",
    arcade.key.PERIOD: "kill_next", arcade.key.PAGEDOWN: "kill_next",
    arcade.key.MINUS: "slower", arcade.key.NUM_SUBTRACT: "slower",
    arcade.key.EQUAL: "faster", arcade.key.PLUS: "faster", arcade.key.NUM_ADD: "faster",
    arcade.key.F: "follow", arcade.key.TAB: "scores", arcade.key.ESCAPE: "leave"}
"""What each key does: the name of the button it stands for."""


class ReplayView(arcade.View):
    """Plays ``replay`` (read from the file ``name``); ``back()`` leaves (the Replays list,
    or closing the window when it was opened with ``--replay``).

    ``playback``: the clock; ``frames``: the pictures read; ``frame``: the one drawn last
    (None before the first); ``follow``: the pid of the pilot followed (None: everyone);
    ``show_scores``: the scoreboard is up (Tab); ``controls``: the seek bar and buttons;
    ``dragging``: the seek bar is held; ``drawn``: a frame of the recording was drawn
    (the first one is logged)."""

    def __init__(self, app: Shell, replay: Replay, name: str,
                 back: Callable[[], None]) -> None:
        super().__init__()
        self.app = app
        self.replay = replay
        self.name = name
        self.back = back
        self.frames = ReplayFrames(replay)
        self.playback = Playback(replay.first_tick, replay.last_tick, replay.tick_rate,
                                 [t for t, kind, _ in replay.marks if kind == "kill"],
                                 time.monotonic())
        self.frame: Frame | None = None
        self.follow: int | None = None
        self.show_scores = True
        self.dragging = False
        self.drawn = False
        self.canvas = PixelCanvas(CANVAS[0], origin=(0, -BAR - CONTROLS))
        self.scene = Scene(self.canvas)
        self.hud = Hud(self.canvas, HELP)
        self.results = ResultsOverlay(self.canvas)
        self.camera = arena_camera(self.app.letterbox(*CANVAS), CANVAS, BAR + CONTROLS)
        span = max(replay.last_tick - replay.first_tick, 1)
        self.kill_marks = [(t - replay.first_tick) / span for t in self.playback.kill_ticks]
        self.controls = ReplayControls(self.canvas, [
            ("kill_back", "< Kill", 84, self._act(self.playback.previous_kill)),
            ("back10", "-10 s", 70, self._act(lambda now: self.playback.jump(-JUMP_S, now))),
            ("play", "Pause", 84, self._act(self.playback.toggle_pause)),
            ("fwd10", "+10 s", 70, self._act(lambda now: self.playback.jump(JUMP_S, now))),
            ("kill_next", "Kill >", 84, self._act(self.playback.next_kill)),
            ("slower", "Slower", 78, self._act(self.playback.slower)),
            ("faster", "Faster", 78, self._act(self.playback.faster)),
            ("follow", EVERYONE, 250, self.follow_next),
            ("scores", "Scores", 78, self.toggle_scores),
            ("leave", "Back", 78, self.leave)],
            note=f"file cut at {minutes(replay.duration_s)}" if replay.truncated else "")

    @staticmethod
    def _act(action: Callable[[float], object]) -> Callable[[], None]:
        """A button's action: ``action(now)`` on the clock."""
        def act() -> None:
            action(time.monotonic())
        return act

    # ---- controls ------------------------------------------------------------------------

    def follow_next(self) -> None:
        """Follow the next pilot (by pid) of the picture shown, then everyone again."""
        pids = sorted(self.frame.world.ships) if self.frame is not None else []
        later = [p for p in pids if self.follow is None or p > self.follow]
        self.follow = later[0] if later else None

    def follow_clicked_pilot(self, x: float, y: float) -> None:
        """A click on a pilot's row of the scoreboard (canvas point x, y) follows that
        pilot: the scoreboard is the list to pick from (not drawn during the results)."""
        if self.frame is None or not self.show_scores or self.results.visible:
            return
        px, py = self.canvas.pixels(x, y)
        for line, row in zip(self.hud.scores[1:], rows(self.frame.world, self.frame.match),
                             strict=False):
            if row.pid is not None and line.left <= px <= line.right and \
                    line.bottom <= py <= line.top:
                self.follow = row.pid

    def leave(self) -> None:
        """Back to the Replays list, or the window closes (``--replay``): logged, so
        that the one who ran ``--replay`` sees why it ended."""
        log.info("replay left: %s", self.name)
        self.back()

    def toggle_scores(self) -> None:
        self.show_scores = not self.show_scores

    def on_key_press(self, symbol: int, _modifiers: int) -> None:
        if (name := KEYS.get(symbol)) is not None:
            self.controls.by_name[name].action()

    def on_mouse_press(self, x: int, y: int, _button: int, _modifiers: int) -> None:
        at = canvas_point(self.canvas, self.window, x, y)
        if self.controls.on_bar(*at):
            self.dragging = True
            self.playback.seek_fraction(self.controls.fraction_at(at[0]), time.monotonic())
        elif not self.controls.press(*at):
            self.follow_clicked_pilot(*at)

    def on_mouse_drag(self, x: int, y: int, _dx: int, _dy: int, _buttons: int,
                      _modifiers: int) -> None:
        if self.dragging:  # scrubbing: the picture follows the pointer
            at = canvas_point(self.canvas, self.window, x, y)
            self.playback.seek_fraction(self.controls.fraction_at(at[0]), time.monotonic())

    def on_mouse_release(self, _x: int, _y: int, _button: int, _modifiers: int) -> None:
        self.dragging = False

    # ---- the picture ---------------------------------------------------------------------

    def on_show_view(self) -> None:
        self.on_resize(*self.window.get_size())

    def on_resize(self, _width: int, _height: int) -> None:
        self.camera.viewport = self.app.letterbox(*CANVAS)
        self.canvas.fit(self.camera.viewport)

    def show(self, now: float) -> None:
        """Work out the picture at the clock's position at ``now``: sprites, HUD, texts."""
        position = self.playback.position(now)
        frame = self.frames.frame(position)
        if frame is not None:
            self.frame = frame
            world = frame.world
            self.scene.place(Picture(
                [s for s in world.ships.values() if s.alive], list(world.bullets.values()),
                list(world.asteroids.values()), list(world.powerups.values()), frame.tick,
                position, world.mode, world.arena), self.app.settings.palette)
            self.hud.show(frame.match, world, frame.feed, self.app.settings.palette,
                          self.show_scores)
            self.results.update(frame.match, world, None)
            self._followed(frame)
        self._bar_texts(now, position)

    def _followed(self, frame: Frame) -> None:
        """The followed pilot's name, health and respawn count in the HUD (between rounds
        the results say it all, as in the game)."""
        ship = frame.world.ships.get(self.follow) if self.follow is not None else None
        self.controls.relabel("follow", f"Follow: {ship.name}" if ship else EVERYONE)
        self.hud.health.text = ship.name.upper() if ship else ""
        playing = frame.match is None or frame.match.phase != "results"
        self.hud.hp = ship.hp if ship is not None and ship.alive and playing else None
        self.hud.respawn.text = "" if ship is None or ship.alive or not playing else \
            f"{ship.name} destroyed - back in " \
            f"{max(ship.respawn_tick - frame.tick, 0) * sim.DT:.1f} s"

    def _bar_texts(self, now: float, position: float) -> None:
        """The time and speed on the bar's right, the play button, the centre line."""
        playback = self.playback
        self.hud.ping.text = f"{minutes(self.replay.seconds(round(position)))} / " \
                             f"{minutes(self.replay.duration_s)}   {playback.speed:g}x"
        self.controls.relabel("play", "Play" if playback.paused or playback.ended(now)
                              else "Pause")
        ended = playback.ended(now)
        self.hud.status.text = self.frames.problem or (
            (self.replay.truncated or ENDED) if ended else "")
        if ended and not playback.paused:
            playback.toggle_pause(now)  # at the end it waits (Space plays it again)

    def on_draw(self) -> None:
        self.show(time.monotonic())
        self.clear()
        with self.camera.activate():
            self.scene.stars.draw()
            self.scene.draw_bodies(time.monotonic())
            self._draw_marker()
        with self.canvas.camera.activate():  # text at the window's own pixels
            self.scene.marks.draw_text()
            self.hud.draw()
            self.results.draw()
            self.controls.draw(self.playback.fraction(time.monotonic()), self.kill_marks)
        if self.frame is not None and not self.drawn:
            self.drawn = True
            log.info("replay shown: %s", self.name)

    def _draw_marker(self) -> None:
        """A gold ring around the pilot followed (the arena camera is active)."""
        if self.frame is None or self.follow is None:
            return
        ship = self.frame.world.ships.get(self.follow)
        if ship is not None and ship.alive:
            arcade.draw_circle_outline(ship.x, ship.y, SHIELD_RADIUS + 8, GOLD, 3)
