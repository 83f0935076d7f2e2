"""Host migration on a namespace LAN with real broadcast: Vega hosts on one machine,
Orion and Lyra join from two others; Vega's game is killed; a fresh ``--scan`` from a
fourth machine lists the same game, now Orion's, at Orion's address, where Lyra plays on
(tests/netlab.py; nothing leaves the namespaces the test makes)."""

from __future__ import annotations

import contextlib
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


@contextlib.contextmanager
def party(lan: Lan, orion_on: int, lyra_on: int):
    """Vega hosting on machine 1, Orion and Lyra joined from the machines given, all seeing
    each other; yields [Vega, Orion, Lyra] (their processes)."""
    vega = PlayerProcess("Vega", lan.popen(1, ["-m", "tests.lan_player", "--name", "Vega",
                                               "--join", "0.0.0.0:40080", "--host-game"]))
    players = [vega]
    try:
        vega.wait_for(lambda line: "hosting" in line)
        for host, name in ((orion_on, "Orion"), (lyra_on, "Lyra")):
            players.append(PlayerProcess(name, lan.popen(host, [
                "-m", "tests.lan_player", "--name", name, "--join",
                f"{lan.address(1)}:40080"])))
            players[-1].wait_for(lambda line: line.get("status") == "playing")
        for player in players:
            player.sees({"Vega", "Orion", "Lyra"})
        yield players
    finally:
        for player in players:
            player.stop()


def test_after_the_host_dies_a_fresh_scan_lists_the_game_at_the_successors_address(lan):
    with party(lan, orion_on=2, lyra_on=3) as (vega, orion, lyra):
        assert scan(lan, 4) == {("Vega's game", lan.address(1), 40080)}
        vega.proc.kill()
        orion.wait_for(lambda line: line.get("serving") is True)
        moved = lyra.wait_for(lambda line: "ships" in line
                              and line["server"] == f"{lan.address(2)}:40080")
        assert set(moved["ships"]) <= {"Orion", "Lyra"}
        assert scan(lan, 4) == {("Orion's game", lan.address(2), 40080)}  # Vega is gone


def test_a_successor_on_the_hosts_machine_keeps_the_match_listed_at_the_usual_port(lan):
    """Vega and Orion play on one machine (Orion could not have port 40080 there), Lyra on
    another; Vega's game is killed; a broadcast scan from a third machine still finds the
    match on port 40080, pointing to the port Orion serves on."""
    with party(lan, orion_on=1, lyra_on=2) as (vega, orion, lyra):
        vega.proc.kill()
        serving = orion.wait_for(lambda line: line.get("serving") is True)["server"]
        port = int(serving.rsplit(":", 1)[1])
        assert port != 40080
        lyra.wait_for(lambda line: "ships" in line
                      and line["server"] == f"{lan.address(1)}:{port}")
        assert scan(lan, 3) == {("Orion's game", lan.address(1), port)}
