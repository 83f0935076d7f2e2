"""Hits and explosions drawn where they happened, so a player sees them, not only hears
(and ``Sounds``, so they hear them).

A hit is a white ring snapping out from the ship (0.35 s); an explosion is an orange
flash, an expanding ring and sparks flying out (0.9 s). Positions are arena units,
times seconds on the session's clock.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import arcade

from .. import resources

log = logging.getLogger("starlane")

LIFETIMES = {"hit": 0.35, "explosion": 0.9}
SPARKS = 12


class Sounds:
    """Fire, hit, explosion and a power-up taken; silent (with one log line) where audio
    cannot start."""

    def __init__(self) -> None:
        self._sounds: dict[str, arcade.Sound] = {}
        try:
            for key, file in (("laser", "laser1.wav"), ("hit", "hit1.wav"),
                              ("explosion", "explosion1.wav"), ("powerup", "powerup1.wav")):
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


@dataclass
class Effect:
    kind: str
    x: float
    y: float
    born: float


class Effects:
    def __init__(self) -> None:
        self.live: list[Effect] = []

    def add(self, kind: str, x: float, y: float, now: float) -> None:
        if kind in LIFETIMES:
            self.live.append(Effect(kind, x, y, now))

    def draw(self, now: float) -> None:
        self.live = [e for e in self.live if now - e.born < LIFETIMES[e.kind]]
        for effect in self.live:
            age = (now - effect.born) / LIFETIMES[effect.kind]  # 0 -> 1
            fade = int(255 * (1 - age))
            if effect.kind == "hit":
                arcade.draw_circle_outline(effect.x, effect.y, 22 + 26 * age,
                                           (255, 255, 255, fade), 4)
                continue
            arcade.draw_circle_filled(effect.x, effect.y, 46 * (1 - age) + 4,
                                      (255, 170, 40, fade))
            arcade.draw_circle_outline(effect.x, effect.y, 20 + 90 * age,
                                       (255, 230, 150, fade), 3)
            for n in range(SPARKS):
                angle = 2 * math.pi * n / SPARKS
                reach = 25 + 110 * age
                arcade.draw_circle_filled(effect.x + math.cos(angle) * reach,
                                          effect.y + math.sin(angle) * reach, 3,
                                          (255, 210, 90, fade))
