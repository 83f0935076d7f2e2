"""How long a hosted match stops when its host goes: from SIGKILL of the host's process,
and from the host leaving (its server hands over), to play resumed at the successor.

    .venv/bin/python bench/migration.py [--tries N]

What users run: the hosted game's server (``game.server.host`` in a thread, as Host Game,
shipped defaults, one bot) and the game's own session code in every player's process
(``tests.lan_player``), all on loopback. Per try: Vega hosts, Orion and Lyra join; Vega's
process is SIGKILLed (crash) or leaves; or Vega's and Orion's are SIGKILLed together (Deneb
joined as well: Lyra serves). "Play resumed" for a player is the first state it
gets from the new host (its clock and ours are the same ``time.monotonic``). Each try
counts both survivors; rows give p50 and the worst of them. No peer migrates a host
(neteria 1.0.2 and pygase end the match with it), so there is no peer column.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench  # noqa: E402, F401  (the players' config folder: a temporary one)
from tests.player_process import Party  # noqa: E402


def one_try(how: str) -> tuple[list[float], str]:
    """Seconds from the host going to each survivor's first state from the new host, and
    what the last survivor read meanwhile. ``how``: "leave", "crash", or "double" (the
    host and its successor SIGKILLed together; Deneb joined too)."""
    party = Party(["Orion", "Lyra", "Deneb"] if how == "double" else ["Orion", "Lyra"])
    survivors = party.names[1:] if how == "double" else party.names
    try:
        went = time.monotonic()
        if how == "leave":
            party.vega.send("leave")
        else:
            party.vega.proc.kill()
        if how == "double":
            party.players["Orion"].proc.kill()
        times = [party.resumed(name)["t"] - went for name in survivors]
        told = [line["message"] for line in party.players[survivors[-1]].seen
                if line.get("status") == "reconnecting"]
        return times, told[0] if told else ""
    finally:
        party.stop()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tries", type=int, default=10)
    args = parser.parse_args()
    print(f"host migration, {args.tries} tries each, 2 survivors a try (loopback, hosted "
          "defaults, 1 bot)")
    print(f"{'host':26} {'p50 s':>6} {'worst s':>8}  players read meanwhile")
    for how, label in (("leave", "leaves (hands over)"), ("crash", "SIGKILLed (crash)"),
                       ("double", "and successor SIGKILLed")):
        times: list[float] = []
        told = ""
        for _ in range(args.tries):
            got, told = one_try(how)
            times += got
        print(f"{label:26} {statistics.median(times):6.2f} {max(times):8.2f}  {told!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
