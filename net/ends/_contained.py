"""Exceptions from the application's code, contained: one never stops a server.

The application's callbacks (the middleware's ``judge``, ``execute`` and hooks, a server
loop's ``on_tick`` and ``on_stop``) may have bugs; a server serving a LAN party must not
stop for everyone because of one. ``Contained.failed`` is called where such an exception
is caught: the first time a kind of exception comes from one place it is logged with its
traceback, later ones are only counted (a bug in a 20 Hz tick must not fill the log).
The middleware's boundary (``net.ends.middleware``) and the server loops of both adapters
(``net.io.serving``'s ``serve`` and ``ServerThread``, ``net.aio.AsyncServer``) share it, so
the same failure reads the same on each.
"""

from __future__ import annotations

import logging
from collections import Counter


class Contained:
    """Counts of contained exceptions by (place, exception type), logged once each to ``log``."""

    def __init__(self, log: logging.Logger) -> None:
        self.log = log
        self.counts: Counter[tuple[str, str]] = Counter()
        self.total = 0
        """Exceptions contained so far, logged or not (read once per EVENT: a plain int)."""

    def failed(self, place: str, error: BaseException, detail: str = "") -> None:
        """``error`` came out of the application's ``place`` (e.g. "on_tick", "middleware
        judge"; ``detail``: more words, e.g. for whom) and was contained: count it, and log
        it with its traceback if it is the first of its kind from there."""
        kind = type(error).__name__
        self.total += 1
        self.counts[place, kind] += 1
        if self.counts[place, kind] == 1:
            self.log.error("%s raised %s%s; contained, the server goes on (more %s from %s "
                           "are counted, not logged)", place, kind, detail, kind, place,
                           exc_info=error)
