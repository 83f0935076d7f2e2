"""The figures of the net graph overlay (F3 in game): no arcade, so they can be tested."""

from __future__ import annotations

from dataclasses import dataclass

from ..core import sim


def ping_text(ping_ms: float | None) -> str:
    """A ping as the HUD writes it: tenths of a ms below 10 ms (a LAN is not "0 ms")."""
    if ping_ms is None:
        return "--"
    return f"{ping_ms:.1f} ms" if ping_ms < 10 else f"{ping_ms:.0f} ms"


@dataclass
class NetFigures:
    """One sample of the graph: ``ping_ms``, ``loss_up`` and ``loss_down`` (fractions),
    ``kbps_in`` and ``kbps_out`` (kbit/s), ``states_per_s``, the newest ``server_tick``,
    ``interp_ms`` (how far behind the server remote ships are drawn now, the jitter
    buffer's delay) and ``late_per_s`` (frames a second that found no state after the
    playhead, so carried ships on)."""

    ping_ms: float | None = None
    loss_up: float = 0.0  # fraction of our datagrams the server never acknowledged
    loss_down: float = 0.0  # fraction of the server's datagrams that never reached us
    kbps_in: float = 0.0
    kbps_out: float = 0.0
    states_per_s: float = 0.0
    server_tick: int | None = None
    interp_ms: float = 0.0
    late_per_s: float = 0.0
    state_age_ms: float | None = None  # since the newest state came: a stalled host grows it

    def lines(self) -> list[str]:
        age = "--" if self.state_age_ms is None else f"{self.state_age_ms:.0f} ms"
        return [f"ping {ping_text(self.ping_ms)}   "
                f"loss up {self.loss_up:.0%} down {self.loss_down:.0%}   last state {age} ago",
                f"in {self.kbps_in:.1f} kbit/s   out {self.kbps_out:.1f} kbit/s",
                f"{self.states_per_s:.0f} states/s   server tick {self.server_tick}   "
                f"interpolation {self.interp_ms:.0f} ms (late {self.late_per_s:.0f}/s)"]


class NetGraph:
    """Samples a session's counters every ``period`` seconds and turns them into rates."""

    def __init__(self, period: float = 0.5) -> None:
        self.period = period
        self.figures = NetFigures()
        # time, bytes in/out, states, late frames
        self._last: tuple[float, int, int, int, int] | None = None

    def sample(self, session, now: float) -> NetFigures:  # type: ignore[no-untyped-def]
        playout = session.world.playout
        counters = (now, session.endpoint.bytes_in, session.endpoint.bytes_out,
                    session.protocol.stats.states, playout.late_frames)
        if self._last is None:
            self._last = counters
        elapsed = now - self._last[0]
        if elapsed >= self.period:
            _, bytes_in, bytes_out, states, late = self._last
            acks = session.protocol.link.acks
            latest = session.world.latest
            self.figures = NetFigures(
                ping_ms=session.ping_ms,
                loss_up=acks.loss if acks else 0.0,
                loss_down=acks.incoming_loss if acks else 0.0,
                kbps_in=(counters[1] - bytes_in) * 8 / 1000 / elapsed,
                kbps_out=(counters[2] - bytes_out) * 8 / 1000 / elapsed,
                states_per_s=(counters[3] - states) / elapsed,
                server_tick=latest.tick if latest else None,
                state_age_ms=None if session.state_at is None
                else (now - session.state_at) * 1000,
                interp_ms=playout.delay_ticks * sim.DT * 1000,
                late_per_s=(counters[4] - late) / elapsed)
            self._last = counters
        return self.figures
