"""The X server's keyboard, typed on through XTEST, as a player's fingers would: for the
window drivers (tests/local_pilots_drive.py, tests/hosted_pair_drive.py)."""

from __future__ import annotations

import ctypes
import os
import time

import arcade

XK = {"w": 0x77, "d": 0x64, "space": 0x20, "Up": 0xFF52, "Left": 0xFF51,
      "Control_R": 0xFFE4}
"""The X keysyms of the keys the drivers type, by X's names."""
HOLD_S = 0.4
"""Seconds a driver holds a pilot's keys: a turn of ~100 degrees (240 a second), never a
whole one back to the heading it had, however slow a loaded machine's frames are (a
count of frames is not a time)."""


def hold(window: arcade.Window, seconds: float = HOLD_S) -> None:
    """Draw ``window``'s frames for ``seconds`` (and one at least) while keys stay down."""
    until = time.monotonic() + seconds
    window.test(1)
    while time.monotonic() < until:
        window.test(1)


class Keyboard:
    """The X server's keyboard, the pointer put over ``window`` (which has the focus
    without a window manager: X's focus follows the pointer)."""

    def __init__(self, window: arcade.Window) -> None:
        self.xlib, self.xtst = ctypes.CDLL("libX11.so.6"), ctypes.CDLL("libXtst.so.6")
        self.xlib.XOpenDisplay.restype = ctypes.c_void_p
        self.dpy = ctypes.c_void_p(self.xlib.XOpenDisplay(os.environ["DISPLAY"].encode()))
        x, y = window.get_location()
        self.xtst.XTestFakeMotionEvent(self.dpy, -1, x + window.width // 2,
                                       y + window.height // 2, 0)

    def key(self, name: str, down: bool) -> None:
        """Press (``down``) or release the key X calls ``name`` (one of ``XK``)."""
        code = self.xlib.XKeysymToKeycode(self.dpy, XK[name])
        self.xtst.XTestFakeKeyEvent(self.dpy, code, down, 0)
        self.xlib.XFlush(self.dpy)

    def release_all(self) -> None:
        for name in XK:
            self.key(name, False)

    def close(self) -> None:
        self.xlib.XCloseDisplay(self.dpy)
