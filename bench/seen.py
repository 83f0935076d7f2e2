"""What another player sees: a key press in client A to the frame in which client B draws
A's ship turning, and how far and how smoothly B's picture follows the server's.

    python bench/seen.py [--seconds 40] [--runs 2] [--profiles clean,wifi,bad,delay150]

Real processes on real sockets, loopback only: ``python -m starlane --server`` with its
shipped defaults (8 seats), 8 players (``bench/seen_player.py``, one process each, each a
``NetSession`` behind the profile's ``--netsim`` on its own socket, both ways) in a 60 Hz
frame loop doing what ``GameView.on_update`` does: ``pump()``, ``own_ship(now)``,
``remote_ships(now)``. So the figures follow whatever the prediction does inside. Each
player turns left or right at random moments (0.2-0.5 s, after 0.7-1.5 s of no turning)
and thrusts on and off; every process stamps events with ``time.monotonic``, which is one
clock for all processes on Linux, so A's press and B's frames compare directly.

- press -> drawn: for each turn press of A and each other player B, the first frame of B
  whose drawn heading of A leaves its trend over B's two frames before the press (B drew A
  steady then, by the quiet gap); p50 and p95 over all (press, screen) pairs. Beside it the
  same for the heading in B's newest state (when the state arrived, not when it is drawn).
  A frame is timed when it computed what to draw; drawing and the display's flip come on
  top. A pair with no response within 2 s counts as missed; one where B still drew A
  turning at the press (a lost release not yet shown) as unsteady: neither is timed.
- error: every frame, every remote ship as B draws it against where the server had it at
  that moment (``bench/seen_metrics.Truth``: a 9th client, an observer on an unimpaired
  link, joins the full server as a spectator, holding no ship, and timestamps every
  state; the server's tick clock is read off the earliest arrivals). RMS and max, px.
- visible steps: a remote ship moving more than 3 frames' worth of its speed in one frame
  (+1 px), per screen and minute (each screen shows 7 remote ships; each ship's step
  counts, so a gap in the states that jolts all 7 at once counts 7).
- own corrections: when a state arrives, how far the own drawn ship lands from where its
  last frame's position and velocity would put it (p95, px).
- states per client per s: new newest states seen at frames (two arriving within one frame
  count once, as only the newer is drawn from); bytes per client per s (the socket's, both
  ways, sync level 3: the default); the server's CPU (8 players and the observer).

Deaths and respawns (ships hit asteroids) are left out for 1.5 s before and 0.5 s after.
The netsim holds delayed datagrams until the next pump, as it does in the game: up to a
frame (17 ms) more each way than the profile says. Each run is a new server; with
``--runs`` above 1 each figure is the median of the runs (runs interleave the profiles).
This machine is shared and has 2 cores for 10 processes: frames come late at times.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Any, NoReturn

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.procs import ROOT, Row, ServerProcess, table  # noqa: E402
from bench.seen_metrics import summary  # noqa: E402
from starlane.net import DEFAULT_MAX_PLAYERS  # noqa: E402

PROFILES = {"clean": "", "wifi": "loss=2,jitter=10", "bad": "loss=10,delay=100,jitter=20",
            "delay150": "delay=150"}
PLAYERS = DEFAULT_MAX_PLAYERS  # the observer, one more, is then a spectator
START_FOR = 30.0  # s: how long a process may take to join
FINISH_FOR = 60.0  # s: how long a process may take to write its record after the end
LEAD = 1.0  # s between "go" and the start, for every process to be listening


class Player:
    """One ``bench/seen_player.py`` process; ``out``: where it writes its record, ``proc``
    the process, ``errors`` its stderr (a file)."""

    def __init__(self, address: tuple[str, int], name: str, folder: Path, seed: int,
                 spec: str, observer: bool = False) -> None:
        self.out = folder / f"{name}.json"
        self.errors: IO[str] = open(folder / f"{name}.err", "w+")
        home = folder / name
        home.mkdir()  # its own config dir: no process takes another's resume token
        command = [sys.executable, str(HERE / "seen_player.py"), f"{address[0]}:{address[1]}",
                   name, str(self.out), "--seed", str(seed)]
        if spec:
            command += ["--netsim", f"{spec},seed={seed}"]
        if observer:
            command.append("--observer")
        self.proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors,
            text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT),
                                      "XDG_CONFIG_HOME": str(home)})

    def fail(self, why: str) -> NoReturn:
        self.errors.seek(0)
        raise SystemExit(f"{self.out.stem}: {why}\n{self.errors.read()[-2000:]}")

    def expect(self, said: str) -> None:
        """Wait (``START_FOR`` s at most) for its line starting with ``said``."""
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], START_FOR)
        line = self.proc.stdout.readline() if ready else ""
        if not line.startswith(said):
            self.fail(f"expected {said!r}, got {line!r}")

    def go(self, start: float, end: float) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"go {start} {end}\n")
        self.proc.stdin.flush()

    def record(self) -> dict[str, Any]:
        try:
            code = self.proc.wait(timeout=FINISH_FOR)
        except subprocess.TimeoutExpired:
            self.fail("did not finish")
        if code != 0:
            self.fail(f"exit status {code}")
        result: dict[str, Any] = json.loads(self.out.read_text())
        return result

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.errors.close()


def run_once(spec: str, seconds: float, seed: int) -> dict[str, float]:
    """One run of ``seconds`` with every player behind ``spec``: ``seen_metrics.summary``'s
    figures plus the server's CPU share and each client's bytes per second (median)."""
    server = ServerProcess("game")
    players: list[Player] = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            for n in range(PLAYERS):
                players.append(Player(server.address, f"P{n}", Path(folder), seed * 100 + n,
                                      spec))
            for player in players:
                player.expect("joined")
            players.append(Player(server.address, "observer", Path(folder), 0, "", True))
            players[-1].expect("joined spectator")
            start = time.monotonic() + LEAD
            for player in players:
                player.go(start, start + seconds)
            time.sleep(LEAD)
            cpu = server.cpu()
            time.sleep(seconds)
            cpu = (server.cpu() - cpu) / seconds
            records = [player.record() for player in players]
    finally:
        for player in players:
            player.stop()
        server.stop()
    figures = summary(records[:-1], records[-1])
    figures["server_cpu"] = cpu
    figures["bytes_in_per_s"] = statistics.median(r["bytes_in"] for r in records[:-1]) / seconds
    figures["bytes_out_per_s"] = statistics.median(r["bytes_out"] for r in records[:-1]
                                                   ) / seconds
    return figures


def profile_rows(name: str, runs: list[dict[str, float]]) -> list[Row]:
    """The table's rows for one profile, each figure the median of ``runs``."""
    def m(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    each = ", ".join(f"{run['drawn_p50_ms']:.0f}" for run in runs)
    spec = PROFILES[name] or "no netsim"
    return [
        (f"seen, {name} ({spec}): A's key press -> B draws A's ship turning, p50, 8 players",
         f"{m('drawn_p50_ms'):.0f} ms (p95 {m('drawn_p95_ms'):.0f})", "",
         f"in B's newest state at p50 {m('received_p50_ms'):.0f} ms; "
         f"{m('trials'):.0f} presses x screens, {m('missed'):.0f} missed, "
         f"{m('unsteady'):.0f} unsteady before; runs' p50: {each}"),
        ("  remote ship drawn vs where the server had it then, RMS / max",
         f"{m('error_rms_px'):.1f} / {m('error_max_px'):.0f} px", "", ""),
        ("  visible steps of remote ships, per screen-minute (7 ships each)",
         f"{m('steps_per_min'):.2f}", "", "> 3 frames' worth of its speed in one frame; "
         "runs: " + ", ".join(f"{run['steps_per_min']:.2f}" for run in runs)),
        ("  own ship corrected when a state arrives, p95",
         f"{m('correction_p95_px'):.1f} px", "", ""),
        ("  new states a client's frames draw from per s, median (least)",
         f"{m('states_per_s'):.1f} ({m('states_per_s_min'):.1f})", "",
         f"server sends every {m('truth_interval_ticks'):g} ticks"),
        ("  states a client applied per s (F3's states/s), median (least)",
         f"{m('applied_per_s'):.1f} ({m('applied_per_s_min'):.1f})", "",
         "every state its protocol rebuilt, two in one frame both counted"),
        ("  bytes per client per s, down / up (sync level 3)",
         f"{m('bytes_in_per_s') / 1000:.1f} / {m('bytes_out_per_s') / 1000:.1f} kB", "", ""),
        ("  server CPU, 8 players + the observer", f"{m('server_cpu'):.0%} of a core", "", ""),
    ]


def rows(seconds: float = 40.0, runs: int = 1, profiles: tuple[str, ...] = tuple(PROFILES)
         ) -> list[Row]:
    """``runs`` runs of ``seconds`` per profile, interleaved (all profiles, then again)."""
    results: dict[str, list[dict[str, float]]] = {name: [] for name in profiles}
    for run in range(runs):
        for name in profiles:
            results[name].append(run_once(PROFILES[name], seconds, seed=run + 1))
    return [row for name in profiles for row in profile_rows(name, results[name])]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")


def _profiles(text: str) -> tuple[str, ...]:
    names = tuple(filter(None, text.split(",")))
    unknown = [name for name in names if name not in PROFILES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown profile {', '.join(unknown) or text!r}: choose from {', '.join(PROFILES)}")
    return names


def _positive(kind: type) -> Any:
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, not {text!r}") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"must be above 0, not {text}")
        return value
    return parse


def main() -> None:
    parser = _Parser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=_positive(float), default=40.0,
                        help="measured seconds per run (default: 40)")
    parser.add_argument("--runs", type=_positive(int), default=2,
                        help="runs per profile; figures are their medians (default: 2)")
    parser.add_argument("--profiles", type=_profiles, default=tuple(PROFILES),
                        help=f"comma-separated, from {', '.join(PROFILES)} (default: all)")
    args = parser.parse_args()
    print(table(rows(args.seconds, args.runs, args.profiles)), flush=True)


if __name__ == "__main__":
    main()
