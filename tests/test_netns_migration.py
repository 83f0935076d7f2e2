"""Host migration on a namespace LAN with real broadcast: Vega hosts on one machine,
Orion and Lyra join from two others; Vega's game is killed; a fresh ``--scan`` from a
fourth machine lists the same game at Orion's address, where Lyra plays on
(tests/netlab.py; nothing leaves the namespaces the test makes)."""

from __future__ import annotations

import json

import pytest

from tests.netlab import Lan, lan_or_skip
from tests.player_process import PlayerProcess

pytestmark = pytest.mark.netns


@pytest.fixture
def lan():
    with lan_or_skip(4) as made:
        yield made


def scan(lan: Lan, host: int) -> set[tuple[str, str, int]]:
    out = lan.run(host, ["-m", "starlane", "--scan", "--json", "--timeout", "1.5"])
    assert out.returncode == 0, out.stderr
    return {(s["name"], s["host"], s["port"]) for s in map(json.loads, out.stdout.splitlines())}


def test_after_the_host_dies_a_fresh_scan_lists_the_game_at_the_successors_address(lan):
    vega = PlayerProcess("Vega", lan.popen(1, ["-m", "tests.lan_player", "--name", "Vega",
                                               "--join", "0.0.0.0:40080", "--host-game"]))
    players = [vega]
    try:
        vega.wait_for(lambda line: "hosting" in line)
        for host, name in ((2, "Orion"), (3, "Lyra")):
            players.append(PlayerProcess(name, lan.popen(host, [
                "-m", "tests.lan_player", "--name", name, "--join",
                f"{lan.address(1)}:40080"])))
            players[-1].wait_for(lambda line: line.get("status") == "playing")
        for player in players:
            player.sees({"Vega", "Orion", "Lyra"})
        assert scan(lan, 4) == {("Vega's game", lan.address(1), 40080)}
        vega.proc.kill()
        orion, lyra = players[1:]
        orion.wait_for(lambda line: line.get("serving") is True)
        moved = lyra.wait_for(lambda line: "ships" in line
                              and line["server"] == f"{lan.address(2)}:40080")
        assert set(moved["ships"]) <= {"Orion", "Lyra"}
        assert scan(lan, 4) == {("Vega's game", lan.address(2), 40080)}
    finally:
        for player in players:
            player.stop()
