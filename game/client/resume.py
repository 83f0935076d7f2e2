"""The seat to take back after a crash: {server, cuuid, resume token} in the config dir.

A game killed and started again within the server's hold time (30 s by default) resumes
its seat (ship, score, deaths). A clean leave forgets it. The token is a secret: the file
is the player's own (mode 0600 where the OS has modes). An entry saved by another game
still running on this machine is left alone, so two windows never take each other's seat.
Each local pilot of a window (P1, P2...) keeps its own entry: ``pilot`` in every call.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

from starlane.net import Address

from ..settings import config_dir

log = logging.getLogger("starlane")


def _path() -> Path:
    return config_dir() / "resume.json"


def _key(server: Address, pilot: int) -> str:
    """P1's entry is the server's address alone (as before local players); P2's adds "#2"."""
    return f"{server[0]}:{server[1]}" + (f"#{pilot}" if pilot != 1 else "")


def _entries() -> dict[str, dict[str, object]]:
    try:
        entries = json.loads(_path().read_text())
    except (OSError, ValueError):
        return {}
    return entries if isinstance(entries, dict) else {}


def _running_elsewhere(owner: object) -> bool:
    """Whether the game process ``owner`` that saved an entry still runs (POSIX only:
    on Windows ``os.kill`` would end it, so there an entry is always taken)."""
    if not isinstance(owner, int) or owner == os.getpid() or sys.platform == "win32":
        return False
    try:
        os.kill(owner, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, owned by someone else
        return True
    return True


_held: set[str] = set()
"""The cuuids of the sessions alive in this process: their saved seats are taken."""


def load(server: Address, pilot: int = 1) -> tuple[str, str] | None:
    """(cuuid, token) saved for local pilot ``pilot`` at ``server`` by a game no longer
    running, or by a session of this process that has ended; None otherwise."""
    entry = _entries().get(_key(server, pilot))
    if not isinstance(entry, dict) or _running_elsewhere(entry.get("owner")):
        return None
    cuuid, token = entry.get("cuuid"), entry.get("token")
    if not isinstance(cuuid, str) or not isinstance(token, str) or cuuid in _held:
        return None
    return cuuid, token


def hold(cuuid: str) -> None:
    """A session of this process plays with ``cuuid``: no other session may load its seat."""
    _held.add(cuuid)


def release(cuuid: str) -> None:
    """The session with ``cuuid`` has ended (its seat may be loaded again)."""
    _held.discard(cuuid)


def save(server: Address, cuuid: str, token: str, pilot: int = 1) -> None:
    entries = _entries()
    entries[_key(server, pilot)] = {"cuuid": cuuid, "token": token, "owner": os.getpid()}
    _write(entries)


def forget(server: Address, pilot: int = 1) -> None:
    entries = _entries()
    if entries.pop(_key(server, pilot), None) is not None:
        _write(entries)


def _write(entries: dict[str, dict[str, object]]) -> None:
    path = _path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(json.dumps(entries))
    except OSError as err:  # not fatal: the game just cannot resume after a crash
        log.warning("could not save the resume token to %s: %s", path, err)
