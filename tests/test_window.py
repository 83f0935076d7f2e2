"""The real arcade window under Xvfb (Mesa llvmpipe): start screen, Host Game, join via LAN
list, a match against a bot (host panel, chat, destroyed by, results, round 2).

Screenshots land in artifacts/screenshots/ to be looked at. The test starts Xvfb itself when
there is no display, and skips with the reason when it cannot.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
DRIVER = [sys.executable, str(ROOT / "tests" / "window_driver.py")]


@pytest.fixture
def env(display, tmp_path):
    return {**os.environ, "DISPLAY": display, "XDG_CONFIG_HOME": str(tmp_path / "config")}


def lines(proc, until, timeout=60):
    """Read the driver's milestones until ``until``; fail with its output otherwise."""
    seen = []
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        line = proc.stdout.readline().strip()
        if not line and proc.poll() is not None:
            break
        seen.append(line)
        if line == until:
            return seen
    raise AssertionError(f"driver never said {until!r}: {seen} {proc.stderr.read()}")


def big_enough(path: Path, colours: int = 20) -> None:
    image = Image.open(path).convert("RGB")
    assert image.size == (1280, 720)
    assert len(image.getcolors(1 << 20) or []) > colours, f"{path} looks blank"


def test_the_start_screen_renders(env):
    out = SHOTS / "start"
    result = subprocess.run([*DRIVER, "start", str(out)], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    big_enough(out / "start.png")


def test_host_game_then_a_second_player_joins_through_the_lan_list(env):
    out = SHOTS / "play"
    host = subprocess.Popen([*DRIVER, "host", str(out)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    joiner = None
    try:
        lines(host, "playing")
        joiner = subprocess.Popen([*DRIVER, "join", str(out), "40080"], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines(joiner, "two-ships")
        lines(host, "two-ships")
        assert joiner.wait(timeout=20) == 0
        assert host.wait(timeout=30) == 0, host.stderr.read()
    finally:
        for proc in (host, joiner):
            if proc is not None and proc.poll() is None:
                proc.kill()
    for name in ("host-alone.png", "lan-list.png", "host-two.png", "join-two.png"):
        big_enough(out / name)


def test_a_hosted_match_against_a_bot_shows_panel_chat_killer_results_and_round_two(env):
    out = SHOTS / "match"
    proc = subprocess.Popen([*DRIVER, "match", str(out)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        seen = lines(proc, "round-2", timeout=180)
        assert seen[-5:] == ["panel", "chat", "destroyed", "results", "round-2"]
        assert proc.wait(timeout=30) == 0, proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
    for name in ("host-panel.png", "chat-typing.png", "chat.png", "destroyed.png",
                 "results.png", "round-2.png"):
        big_enough(out / name)


def test_play_vs_bots_starts_a_game_with_three_bots(env):
    out = SHOTS / "bots"
    result = subprocess.run([*DRIVER, "bots", str(out)], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0 and "vs-bots" in result.stdout, result.stderr
    big_enough(out / "vs-bots.png")


def test_host_game_flag_opens_the_window_and_hosts_at_once(env):
    import json

    game = subprocess.Popen([sys.executable, "-m", "game", "--host-game", "--name", "Lyra",
                             "--bots", "2", "--kills", "3"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        found = []
        end = time.monotonic() + 60
        while not found and time.monotonic() < end and game.poll() is None:
            scan = subprocess.run([sys.executable, "-m", "game", "--scan", "--json",
                                   "--no-broadcast", "--target", "127.0.0.1:40080",
                                   "--timeout", "0.5"], capture_output=True, text=True,
                                  timeout=30)
            found = [json.loads(line) for line in scan.stdout.splitlines()]
        assert [s["name"] for s in found] == ["Lyra's game"], game.stderr.read() \
            if game.poll() is not None else "no answer"
    finally:
        game.terminate()
        game.wait(timeout=10)
