"""LAN lists name each match's mode and arena: the game server advertises them in its OHAI
answers, ``--scan`` prints them (text and JSON)."""

import json
import signal
import subprocess

from starlane.game.core.match import MatchConfig
from starlane.game.core.match_options import played
from starlane.game.server.game_server import GameServer
from starlane.net import ServerConfig
from tests.helpers import free_port
from tests.test_cli import PY, run


def test_the_game_server_advertises_its_mode_and_arena():
    config = ServerConfig()
    GameServer(config, match=MatchConfig(mode="tdm", arena="walls"))
    assert config.advertised == {"mode": "tdm", "arena": "walls"}


def test_a_server_that_names_no_mode_is_listed_with_question_marks():
    assert played({}) == ("?", "?")


def test_scan_prints_the_mode_and_arena_of_a_headless_server():
    port = free_port()
    proc = subprocess.Popen([*PY, "--server", "--host", "127.0.0.1", "--port", str(port),
                             "--mode", "lms", "--arena", "sun"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "listening" in proc.stdout.readline()
        target = ("--no-broadcast", "--target", f"127.0.0.1:{port}", "--timeout", "0.5")
        [line] = run("--scan", "--json", *target).stdout.splitlines()
        assert (json.loads(line)["mode"], json.loads(line)["arena"]) == ("lms", "sun")
        header, row = run("--scan", *target).stdout.splitlines()
        assert row[header.index("MODE"):header.index("ADDRESS")].split() == ["lms", "sun"]
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
