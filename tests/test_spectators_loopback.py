"""Spectating on loopback: the real ``python -m starlane --server --max-players 2`` and three
scripted players, each in its own process (tests.lan_player)."""

from tests.helpers import headless_server
from tests.player_process import spawn


def test_the_third_player_spectates_sees_both_ships_and_gets_the_seat_vega_leaves():
    with headless_server("--max-players", "2") as (port, _):
        address = f"127.0.0.1:{port}"
        players = []
        try:
            vega = spawn("Vega", "--join", address)
            players.append(vega)
            vega.sees({"Vega"})
            orion = spawn("Orion", "--join", address)
            players.append(orion)
            orion.sees({"Vega", "Orion"})
            lyra = spawn("Lyra", "--join", address)
            players.append(lyra)
            lyra.wait_for(lambda line: line.get("spectating") is True)
            watching = lyra.sees({"Vega", "Orion"})
            assert watching["me"] is None
            vega.send("leave")
            seated = lyra.sees({"Orion", "Lyra"})
            assert seated["me"] is not None
            lyra.wait_for(lambda line: line.get("status") == "playing"
                          and line.get("spectating") is False)
            orion.sees({"Orion", "Lyra"})
        finally:
            for player in players:
                player.stop()
