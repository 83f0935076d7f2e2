"""The window's seat without a window: one session and one server a game runs, and leaving
says goodbye and hands a hosted match on (real UDP on 127.0.0.1)."""

from starlane.game.client.seat import Seat
from starlane.game.client.session import NetSession
from starlane.game.core.match import MatchConfig
from tests.helpers import wait_until


def hosting(seat: Seat, name: str = "Vega") -> NetSession:
    return seat.host(f"{name}'s game", name, "127.0.0.1", 0, MatchConfig(), 0, "normal")


def test_a_seat_leaving_its_hosted_game_hands_the_match_to_the_player_who_can_host():
    seat = Seat()
    vega = hosting(seat)
    orion = NetSession(vega.server, "Orion")
    try:
        assert wait_until(lambda: orion.follower.package is not None
                          and vega.status == "playing", 10, lambda: (vega.pump(), orion.pump()))
        seat.leave()
        assert seat.session is None and seat.hosted_game is None
        assert wait_until(lambda: orion.status == "reconnecting", 5, orion.pump)
        assert orion.message == "Vega left; Orion is now hosting"
        assert wait_until(lambda: orion.status == "playing" and orion.follower.own.running, 10,
                          orion.pump)
    finally:
        orion.close()
        seat.leave()


def test_a_seat_runs_one_server_joining_elsewhere_stops_the_one_it_hosted():
    seat, elsewhere = Seat(), Seat()
    try:
        hosting(seat)
        other = hosting(elsewhere, "Orion")
        assert seat.hosted_game is not None
        joined = seat.join(other.server, "Vega")
        assert seat.hosted_game is None and seat.session is joined
        assert wait_until(lambda: joined.status == "playing", 10, joined.pump)
    finally:
        seat.leave()
        elsewhere.leave()
