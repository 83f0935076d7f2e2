"""Stop requests (SIGINT, SIGTERM) caught from the program's first line, not mid-import.

``python -m starlane`` calls ``catch()`` before it imports anything heavy (pydantic and the net
package take a good part of a second to load), so a Ctrl-C or a ``kill`` that comes while
the server is still starting is remembered in ``requested`` rather than raised as a
``KeyboardInterrupt`` from inside some import (a traceback, a non-zero exit). The headless
server's loop stops when ``requested`` is set, says goodbye to its clients and exits 0,
whenever the signal came. The window and the scan get Python's usual signals back with
``release()``.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

requested = threading.Event()


def _request(signum: int, frame: FrameType | None) -> None:
    requested.set()


def catch() -> None:
    """From now on SIGINT and SIGTERM only set ``requested``. Main thread only."""
    signal.signal(signal.SIGINT, _request)
    signal.signal(signal.SIGTERM, _request)


def release() -> bool:
    """Give SIGINT (``KeyboardInterrupt``) and SIGTERM (end at once) their usual effect back.
    Returns whether a stop was requested while they were caught: the caller then ends."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    return requested.is_set()
