"""A server loop on a real socket: ``serve`` runs one on the calling thread (a headless
server), ``ServerThread`` runs it on a daemon thread (a player hosting from the game window).
Both pump a ``udp.UdpEndpoint`` and call the application's ``on_tick(now)`` at a fixed rate.

No exception from the application stops them: one raised by ``on_tick`` or ``on_stop`` is
logged with its traceback (the first of its kind from each; later ones are counted in
``ServeStats.app_errors``: ``net.ends._contained``) and the loop goes on, as the middleware's are
in ``ServerProtocol`` and as ``net.aio.AsyncServer`` does, in the same words.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from ..ends._contained import Contained
from .udp import UdpEndpoint

log = logging.getLogger("starlane.net.udp")

Callback = Callable[[float], None]
"""An application callback of the server loop, called with ``now`` (s, the endpoint's clock)."""


class ServeStats:
    """What a server loop counts: ``ticks`` run and ``overruns``, the ticks that started
    more than one tick interval late (the loop or the application fell behind its rate);
    ``contained``, the application's exceptions by (callback, exception type)."""

    def __init__(self, logger: logging.Logger = log) -> None:
        """``logger``: where a contained exception is logged (the adapter's own)."""
        self.ticks = 0
        self.overruns = 0
        self.contained = Contained(logger)

    @property
    def app_errors(self) -> int:
        """Exceptions the application's callbacks raised, all contained."""
        return self.contained.total

    def ticked(self, now: float, due: float, interval: float) -> float:
        """Count a tick due at ``due`` that starts at ``now``; returns when the next is due
        (``interval`` s on, or, after a long stall, one interval back from now: the
        schedule catches up at once rather than firing a burst of ticks)."""
        self.ticks += 1
        if now - due > interval:
            self.overruns += 1
        return max(due + interval, now - interval)

    def call(self, name: str, callback: Callback, now: float) -> None:
        """``callback(now)``, the application's ``name`` (``on_tick``, ``on_stop``), with
        an exception it raises contained: logged once per kind, counted, never raised."""
        try:
            callback(now)
        except Exception as err:  # noqa: BLE001 - the application's bug: contained, logged
            self.contained.failed(name, err)


def goodbye(protocol: object) -> Callback | None:
    """The protocol's ``close(now)`` when it has one (``ServerProtocol.close``: BYE
    REGISTER to every client), the default ``on_stop`` of every server loop."""
    close = getattr(protocol, "close", None)
    return close if callable(close) else None


def serve(endpoint: UdpEndpoint, stop: threading.Event,
          on_tick: Callback | None = None, tick_interval: float = 0.05,
          stats: ServeStats | None = None) -> ServeStats:
    """Run until ``stop`` is set: pump the endpoint and call ``on_tick(now)`` every
    ``tick_interval`` seconds (the application's fixed-rate update, e.g. a game step);
    an exception from ``on_tick`` is contained (logged once per kind, counted in
    ``stats.app_errors``) and the loop goes on. Enlarges the socket's receive queue first.
    Counts into ``stats`` (a new one by default) and returns it. Returns at once when
    ``stop`` is already set."""
    stats = stats if stats is not None else ServeStats()
    endpoint.enlarge_receive_buffer()
    next_tick = endpoint.clock()
    while not stop.is_set():
        until_tick = next_tick - endpoint.clock() if on_tick is not None else 0.1
        endpoint.wait(max(0.0, min(until_tick, 0.1)))  # 0.1 s at most: notice ``stop``
        endpoint.pump()
        now = endpoint.clock()
        if on_tick is not None and now >= next_tick:
            next_tick = stats.ticked(now, next_tick, tick_interval)
            stats.call("on_tick", on_tick, now)
            endpoint.flush()
    return stats


def serve_and_close(endpoint: UdpEndpoint, stop: threading.Event,
                    on_tick: Callback | None = None, tick_interval: float = 0.05,
                    on_stop: Callback | None = None,
                    stats: ServeStats | None = None) -> ServeStats:
    """``serve`` until ``stop`` is set, then the one way a server loop shuts down:
    ``on_stop(now)`` (by default the protocol's ``close``: goodbye to every client;
    ``lambda now: None`` says none), a flush of what it queued, the socket closed. The
    shutdown runs when the loop raises too (a bug outside the application's callbacks,
    which then goes on up)."""
    stats = stats if stats is not None else ServeStats()
    on_stop = on_stop if on_stop is not None else goodbye(endpoint.protocol)
    try:
        return serve(endpoint, stop, on_tick, tick_interval, stats)
    finally:
        if on_stop is not None:
            stats.call("on_stop", on_stop, endpoint.clock())
            endpoint.flush()
        endpoint.close()


class ServerThread:
    """``serve()`` in a daemon thread that a game starts and stops cleanly.

    ``on_tick`` as for ``serve``: an exception it raises is contained and the loop goes on.
    ``on_stop(now)`` runs on that thread after the loop ends (by default the protocol's
    ``close``: goodbye to every client, as ``net.aio.AsyncServer`` does); what it queues is
    flushed before the socket closes. It never busy-polls: it shares the interpreter lock
    with the game's own loop, which must not wait for it.

    Attributes: ``endpoint`` (as given), ``stats`` (``ServeStats``: the loop's ticks,
    overruns and contained application errors) and ``crashed`` (None, or the exception that
    ended the loop: a bug outside the application's callbacks, logged too).
    """

    def __init__(self, endpoint: UdpEndpoint, on_tick: Callback | None = None,
                 tick_interval: float = 0.05, on_stop: Callback | None = None) -> None:
        self.endpoint = endpoint
        endpoint.poll.window = 0.0
        self._stop = threading.Event()
        self._on_stop = on_stop
        self._thread = threading.Thread(
            target=self._run, args=(on_tick, tick_interval), name="starlane-server", daemon=True)
        self.crashed: BaseException | None = None
        self.stats = ServeStats()

    def start(self) -> None:
        """Start the loop on its daemon thread (once)."""
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Ask the loop to end and wait for it (at most ``timeout`` s)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        """The loop's thread is alive: False before ``start``, after ``stop``, or when it
        crashed (``crashed`` holds the exception: a bug outside the application's callbacks,
        whose exceptions are contained)."""
        return self._thread.is_alive()

    def _run(self, on_tick: Callback | None, tick_interval: float) -> None:
        try:
            serve_and_close(self.endpoint, self._stop, on_tick, tick_interval, self._on_stop,
                            self.stats)
        except BaseException as err:  # kept in ``crashed`` and logged; never silently lost
            log.exception("the server loop crashed; its socket is closed")
            self.crashed = err
