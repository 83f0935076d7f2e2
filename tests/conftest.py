"""Shared fixtures: a virtual screen for the window tests; a config dir of the test's own;
a data folder of the session's own (the replays every test server records)."""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.helpers import Table

DATA_VARIABLES = ("STARLANE_DATA_DIR", "XDG_DATA_HOME", "LOCALAPPDATA")
"""The game's own override of the data folder (every platform: macOS's platformdirs reads
no variable for it), and what platformdirs reads (Linux, Windows) for anything else put
there; the processes the tests start inherit them."""


@pytest.fixture(scope="session", autouse=True)
def own_data_dir(tmp_path_factory):
    """Recordings (and anything else in the data folder) go to the session's own folder,
    never the user's: hundreds of test servers record their matches."""
    folder = tmp_path_factory.mktemp("data")
    before = {name: os.environ.get(name) for name in DATA_VARIABLES}
    os.environ.update({name: str(folder) for name in DATA_VARIABLES})
    yield folder
    for name, value in before.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def own_config_dir(tmp_path, monkeypatch):
    """Settings and resume tokens go to a folder of this test's, never the user's."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "config"))


@pytest.fixture(scope="session")
def display():
    """$DISPLAY, or an Xvfb started for the session (skips with the reason without one)."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    if shutil.which("Xvfb") is None:
        pytest.skip("no display and no Xvfb (apt-get install xvfb)")
    number = 90 + os.getpid() % 100
    xvfb = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1920x1080x24", "-nolisten",
                             "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if Path(f"/tmp/.X11-unix/X{number}").exists():
            break
        time.sleep(0.05)
    yield f":{number}"
    xvfb.terminate()
    xvfb.wait(timeout=5)


@pytest.fixture
def closing():
    """``closing(session)``: ``session`` (or a ``Table`` of sessions), closed when the test
    ends: a session reserves a real UDP port (40080 first) to take a match over on, even on
    a test's fake wire, and a port left reserved makes a later test fail to bind it."""
    opened = []

    def kept(session):
        opened.append(session)
        return session
    yield kept
    for session in opened:
        session.close()


@pytest.fixture
def tables(closing):
    """``tables(game)``: a ``Table`` for ``game``, its sessions closed when the test ends."""
    return lambda game: closing(Table(game))
