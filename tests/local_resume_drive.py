"""Friends on one machine after a crash, in one real window under Xvfb, for
tests/test_window_local_resume.py:

    python tests/local_resume_drive.py crash PORT     Add local player, Connect to the
                                                      server at 127.0.0.1:PORT; once both
                                                      pilots play, the process dies (no
                                                      goodbye: a crash)
    python tests/local_resume_drive.py again PORT     the game started again with the same
                                                      settings: who flies from here, then
                                                      Connect to the same server

Prints ``what: value`` lines (each pilot's seat, its pid and name) and ends with ``done``
(exit 1 with the reason after ``DEADLINE`` seconds of waiting).
"""

from __future__ import annotations

import os
import sys

from local_pilots_drive import ships
from window_driver import click, on_the_start_screen, run_until, say

from starlane.game import settings
from starlane.game.ui.game_view import GameView


def main() -> None:
    mode, port = sys.argv[1], int(sys.argv[2])
    window, start = on_the_start_screen(settings.load().model_copy(update={"name": "Vega"}),
                                        port)
    if mode == "crash":
        click(window, start.add_pilot_button)
        window.test(3)
    say(f"flying from here: {start.add_pilot_button.text}")
    start.address_input.text = f"127.0.0.1:{port}"
    click(window, start.connect_button)
    run_until(window, lambda: isinstance(window.current_view, GameView)
              and len(ships(window.current_view)) == 2, "both pilots' ships")
    view = window.current_view
    seats = {f"P{n}": (s.world.my_pid, s.name) for n, s in view.pilot_sessions().items()}
    say(f"seats: {sorted(seats.items())}")
    if mode == "crash":
        say("done")
        os._exit(0)  # killed: no goodbye, the seats saved stay saved
    window.on_close()
    say("done")


if __name__ == "__main__":
    main()
