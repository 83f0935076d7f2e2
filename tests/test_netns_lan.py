"""A LAN party on a namespace LAN: 2 headless servers and 3 players on one bridge.

Real broadcast discovery, joining, one player on a bad link (user-space simulator), a pulled
cable and the seat resumed, leaving: between processes in namespaces this test makes
(tests/netlab.py); nothing leaves them. The tests share one party and run in file order,
as the evening goes.
"""

from __future__ import annotations

import json

import pytest

from tests.netlab import Lan, lan_or_skip
from tests.player_process import PlayerProcess

pytestmark = pytest.mark.netns

SERVERS = {1: "Alpha LAN", 2: "Beta LAN"}


@pytest.fixture(scope="module")
def lan():
    with lan_or_skip(5) as made:
        yield made


@pytest.fixture(scope="module")
def servers(lan):
    procs = [lan.popen(host, ["-m", "starlane", "--server", "--name", name])
             for host, name in SERVERS.items()]
    try:
        for proc in procs:
            assert "listening" in proc.stdout.readline()
        yield procs
    finally:
        for proc in procs:
            proc.terminate()
            proc.communicate(timeout=10)


def lan_player(lan: Lan, host: int, name: str, server: int, *extra: str) -> PlayerProcess:
    """A ``tests.lan_player`` in namespace ``host``, joined to the server of host ``server``."""
    return PlayerProcess(name, lan.popen(host, ["-m", "tests.lan_player", "--join",
                                                f"{lan.address(server)}:40080", "--name",
                                                name, *extra]))


@pytest.fixture(scope="module")
def party(lan, servers):
    players = [lan_player(lan, 3, "Vega", 1), lan_player(lan, 4, "Orion", 1),
               lan_player(lan, 5, "Lyra", 1, "--netsim", "loss=10,delay=40,jitter=10")]
    try:
        yield players
    finally:
        for player in players:
            player.stop()


def test_a_scan_from_a_player_host_lists_both_servers(lan, servers):
    out = lan.run(3, ["-m", "starlane", "--scan", "--json", "--timeout", "1.5"])
    assert out.returncode == 0, out.stderr
    found = {(s["name"], s["host"]) for s in map(json.loads, out.stdout.splitlines())}
    assert found == {(name, lan.address(host)) for host, name in SERVERS.items()}


def test_three_players_join_and_see_each_other_even_on_a_bad_link(party):
    for player in party:
        player.wait_for(lambda line: line.get("status") == "playing")
    for player in party:
        player.sees({"Vega", "Orion", "Lyra"})


def test_a_pulled_cable_loses_the_ship_and_plugging_back_resumes_the_same_seat(lan, party):
    vega, orion, _ = party
    for player in party:
        player.sees({"Vega", "Orion", "Lyra"})
    seat = orion.wait_for(lambda line: (line.get("me") or {}).get("pid") is not None)["me"]
    lan.cable(4, plugged=False)
    try:
        orion.wait_for(lambda line: line.get("status") == "reconnecting")
        vega.sees({"Vega", "Lyra"})  # the server let Orion's ship leave play
    finally:
        lan.cable(4, plugged=True)
    orion.wait_for(lambda line: line.get("status") == "playing")
    back = orion.sees({"Vega", "Orion", "Lyra"})
    assert back["me"]["pid"] == seat["pid"]
    vega.sees({"Vega", "Orion", "Lyra"})


def test_a_player_who_leaves_is_gone_for_the_others(lan, party):
    vega, orion, lyra = party
    for player in party:
        player.sees({"Vega", "Orion", "Lyra"})
    lyra.send("leave")
    assert lyra.proc.wait(timeout=10) == 0
    vega.sees({"Vega", "Orion"})
    orion.sees({"Vega", "Orion"})
