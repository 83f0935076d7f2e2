"""Gamepads through pyglet's controller API, plugged in before the game or during it.

pyglet's ``ControllerManager`` finds the controllers present and reports ones plugged in
or out later (``on_connect`` / ``on_disconnect``, dispatched on the main thread). Each
controller's stick, d-pad (arcade #2871: once ignored), trigger and buttons update its
``PadState``; whoever listens gets the actions that pad now holds, keyed by the pad.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from typing import Any

import pyglet

from ..client.controls import PadState
from ..settings import Action

log = logging.getLogger("starlane")

Listener = Callable[[Hashable, set[Action]], None]


class Gamepads:
    """``listener(pad, held)`` runs whenever what a pad holds may have changed (and with
    an empty set when it is unplugged). ``manager=None`` opens pyglet's; a machine
    without controller support just has no pads (one log line)."""

    def __init__(self, listener: Listener, manager: Any = None) -> None:
        self.listener = listener
        self.pads: dict[Any, PadState] = {}
        if manager is None:
            try:
                manager = pyglet.input.ControllerManager()
            except Exception as err:  # noqa: BLE001 - no /dev/input, no backend: keyboard only
                log.info("no gamepad support here (%s): keyboard only", err)  # one line
                return
        manager.push_handlers(on_connect=self.connect, on_disconnect=self.disconnect)
        for controller in manager.get_controllers():
            self.connect(controller)

    @property
    def names(self) -> list[str]:
        return [getattr(c, "name", "controller") for c in self.pads]

    def connect(self, controller: Any) -> None:
        try:
            controller.open()
        except Exception as err:  # busy or gone already
            log.warning("cannot use controller %s: %s", getattr(controller, "name", "?"), err,
                        exc_info=True)
            return
        self.pads[controller] = PadState()
        controller.push_handlers(
            on_stick_motion=self.on_stick_motion, on_dpad_motion=self.on_dpad_motion,
            on_trigger_motion=self.on_trigger_motion, on_button_press=self.on_button_press,
            on_button_release=self.on_button_release)
        log.info("controller connected: %s", getattr(controller, "name", "?"))

    def disconnect(self, controller: Any) -> None:
        if self.pads.pop(controller, None) is not None:
            self.listener(controller, set())
            log.info("controller disconnected: %s", getattr(controller, "name", "?"))

    def on_stick_motion(self, controller: Any, stick: str, vector: Any) -> None:
        if stick == "leftstick":
            self._change(controller, stick=(vector.x, vector.y))

    def on_dpad_motion(self, controller: Any, vector: Any) -> None:
        self._change(controller, dpad=(vector.x, vector.y))

    def on_trigger_motion(self, controller: Any, trigger: str, value: float) -> None:
        if trigger == "righttrigger":
            self._change(controller, trigger=value)

    def on_button_press(self, controller: Any, button: str) -> None:
        if pad := self.pads.get(controller):
            pad.buttons.add(button)
            self.listener(controller, pad.held())

    def on_button_release(self, controller: Any, button: str) -> None:
        if pad := self.pads.get(controller):
            pad.buttons.discard(button)
            self.listener(controller, pad.held())

    def _change(self, controller: Any, **fields: Any) -> None:
        pad = self.pads.get(controller)
        if pad is not None:
            for name, value in fields.items():
                setattr(pad, name, value)
            self.listener(controller, pad.held())
