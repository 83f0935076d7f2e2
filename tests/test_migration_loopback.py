"""Host migration between real game sessions, each in its own process, on loopback.

Vega hosts (the embedded server in a thread of her process, as the window's Host Game),
the others join with the game's session code (``tests.lan_player``). Her process is
SIGKILLed mid-round, or she leaves; the others play on at the successor. Figures printed
(seconds from the kill or the leave to the first state from the new host); the tests
assert behaviour only.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from starlane.net import ServerInfo
from tests.helpers import listed_from
from tests.player_process import ROOT, Party

ANOTHER_MACHINE = ("127.0.0.2", 0)  # where a LAN list looks from: not the party's 127.0.0.1


@pytest.fixture
def party3():
    party = Party(["Orion", "Lyra"])
    yield party
    party.stop()


@pytest.fixture
def party4():
    party = Party(["Orion", "Lyra", "Deneb"])
    yield party
    party.stop()


def before(party: Party, name: str) -> dict:
    return party.players[name].wait_for(lambda line: "ships" in line and line["me"])


def test_sigkill_of_the_host_mid_round_the_others_play_on_at_the_successor(party3):
    seats = {name: before(party3, name)["me"] for name in ("Orion", "Lyra")}
    killed = time.monotonic()
    party3.vega.proc.kill()
    after = {name: party3.resumed(name) for name in ("Orion", "Lyra")}
    for name, line in after.items():
        assert set(line["ships"]) <= party3.everyone - {"Vega"}
        assert line["me"] is None or line["me"]["pid"] == seats[name]["pid"]
    orion, lyra = after["Orion"], after["Lyra"]
    assert orion["server"] == lyra["server"]
    assert party3.players["Orion"].wait_for(lambda line: line.get("serving"))["serving"]
    lyra_sees = party3.players["Lyra"].wait_for(lambda line: "ships" in line and line["me"]
                                                and line["server"] != party3.old)
    assert lyra_sees["me"]["deaths"] >= seats["Lyra"]["deaths"]
    print(f"\ncrash -> play resumed: Orion {orion['t'] - killed:.2f} s, "
          f"Lyra {lyra['t'] - killed:.2f} s")


def test_an_announced_leave_hands_over_and_everyone_plays_on(party3):
    left = time.monotonic()
    party3.vega.send("leave")
    after = {name: party3.resumed(name) for name in ("Orion", "Lyra")}
    told = [line["message"] for line in party3.players["Lyra"].seen
            if line.get("status") == "reconnecting"]
    assert told == ["Vega left; Orion is now hosting"]
    assert after["Orion"]["server"] == after["Lyra"]["server"]
    assert party3.vega.proc.wait(timeout=10) == 0
    print(f"\nleave -> play resumed: Orion {after['Orion']['t'] - left:.2f} s, "
          f"Lyra {after['Lyra']['t'] - left:.2f} s")


def test_host_and_successor_killed_together_the_next_in_line_serves(party4):
    killed = time.monotonic()
    party4.vega.proc.kill()
    party4.players["Orion"].proc.kill()
    after = {name: party4.resumed(name) for name in ("Lyra", "Deneb")}
    assert after["Lyra"]["server"] == after["Deneb"]["server"]
    assert party4.players["Lyra"].wait_for(lambda line: line.get("serving"))["serving"]
    assert not party4.players["Deneb"].last["status"]["serving"]
    deneb = party4.players["Deneb"].wait_for(
        lambda line: "ships" in line and "Lyra" in line["ships"] and line["server"] != party4.old)
    assert not {"Vega", "Orion"} & set(deneb["ships"])
    told = [line["message"] for line in party4.players["Deneb"].seen
            if line.get("status") == "reconnecting"]
    assert told == ["The host stopped answering: Orion takes over…",
                    "No answer from Orion's game either: Lyra takes over…"]
    print(f"\nhost + successor killed -> play resumed: Lyra {after['Lyra']['t'] - killed:.2f} "
          f"s, Deneb {after['Deneb']['t'] - killed:.2f} s")


def test_the_match_moves_again_when_the_new_host_leaves(party4):
    party4.vega.proc.kill()
    orion_serves = party4.players["Orion"].wait_for(lambda line: line.get("serving"))
    for name in ("Lyra", "Deneb"):
        party4.players[name].wait_for(lambda line: "ships" in line and "Orion" in line["ships"]
                                      and line["server"] == orion_serves["server"])
    time.sleep(0.5)  # a few states: Lyra holds the new host's handover
    party4.players["Orion"].send("leave")
    lyra = party4.players["Lyra"].wait_for(lambda line: line.get("serving"))
    deneb = party4.players["Deneb"].wait_for(
        lambda line: "ships" in line and line["server"] == lyra["server"]
        and {"Lyra", "Deneb"} <= set(line["ships"]))
    assert not {"Vega", "Orion"} & set(deneb["ships"])
    told = [line["message"] for line in party4.players["Deneb"].seen
            if line.get("status") == "reconnecting"]
    assert told[-1] == "Orion left; Lyra is now hosting"


def port_of(address: str) -> int:
    return int(address.rsplit(":", 1)[1])


def listed_as(name: str, port: int, timeout: float = 10.0) -> ServerInfo:
    """The row another machine's LAN list shows for ``name`` when it probes this machine at
    ``port`` (one probe a second until it appears)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        rows = listed_from(ANOTHER_MACHINE, [("127.0.0.1", port)])
        if (row := next((r for r in rows if r.name == name), None)) is not None:
            return row
        time.sleep(max(0.0, 1.0 - (time.monotonic() % 1.0)))
    raise AssertionError(f"{name!r} was not listed at port {port} within {timeout} s")


def test_a_successor_on_the_crashed_hosts_machine_keeps_the_match_listed_at_its_port(party3):
    old = port_of(party3.old)
    assert listed_as("Vega's game", old).port == old
    killed = time.monotonic()
    party3.vega.proc.kill()
    serving = party3.players["Orion"].wait_for(lambda line: line.get("serving"))["server"]
    assert port_of(serving) != old  # Vega's port was taken on this machine when Orion joined
    row = listed_as("Orion's game", old)
    assert (row.host, row.port) == ("127.0.0.1", port_of(serving))
    print(f"\ncrash -> listed again at the old port: {time.monotonic() - killed:.2f} s")


def scanned(port: int) -> list[dict]:
    """``starlane --scan`` of this machine at ``port``, as a player types it."""
    done = subprocess.run([sys.executable, "-m", "starlane", "--scan", "--port", str(port),
                           "--no-broadcast", "--json", "--timeout", "0.5"],
                          cwd=ROOT, capture_output=True, text=True, timeout=30, check=True)
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_after_the_host_leaves_scan_lists_the_match_under_its_new_host(party3):
    old = port_of(party3.old)
    left = time.monotonic()
    party3.vega.send("leave")
    serving = party3.players["Orion"].wait_for(lambda line: line.get("serving"))["server"]
    rows: list[dict] = []
    for _ in range(10):  # each scan starts a process: ~1 s
        if rows := [r for r in scanned(old) if r["name"] == "Orion's game"]:
            break
    assert [(r["host"], r["port"]) for r in rows] == [("127.0.0.1", port_of(serving))]
    print(f"\nleave -> --scan lists Orion's game at the old port: {time.monotonic() - left:.2f} s")
