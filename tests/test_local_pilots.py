"""Friends on one machine without a window: the seat's local pilots, each its own session and
its own seat in the match (real UDP on 127.0.0.1, a hosted server on a thread)."""

import pytest

from starlane.game.client import resume
from starlane.game.client.local_pilots import LocalPilots
from starlane.game.client.own_server import OwnServer
from starlane.game.client.seat import Seat
from starlane.game.core.match import MatchConfig
from starlane.game.server.game_server import host
from starlane.game.settings import MAX_PILOTS, Settings
from tests.helpers import wait_until


def names_in_play(seat: Seat) -> set[str]:
    """The ships P1's session sees in the newest state."""
    latest = seat.session.world.latest if seat.session else None
    return {ship.name for ship in latest.ships.values()} if latest else set()


def pump(seat: Seat, lines: list[str]) -> None:
    """Pump P1's session and the local pilots'; ``lines``: the feed lines the screen shows
    (P1's feed and the local pilots' lines)."""
    lines += seat.session.pump().feed
    lines += seat.pump_locals()


@pytest.fixture
def seat():
    seat = Seat()
    yield seat
    seat.leave()


@pytest.fixture
def full_at_two():
    """A game of at most two players, served on a thread; yields its address."""
    server = OwnServer()
    hosted = host("Small game", "127.0.0.1", 0, max_players=2, seed=3)
    server.run(hosted)
    yield "127.0.0.1", hosted.address[1]
    server.stop()


def test_a_local_pilot_added_before_the_game_boards_it_as_its_own_player(seat):
    seat.locals.add("Vega 2")
    seat.host("Vega's game", "Vega", "127.0.0.1", 0, MatchConfig(), 0, "normal")
    lines: list[str] = []
    assert wait_until(lambda: names_in_play(seat) == {"Vega", "Vega 2"}, 10,
                      lambda: pump(seat, lines))
    [p2] = seat.locals.sessions()
    assert p2.world.my_pid != seat.session.world.my_pid


def test_a_local_pilot_joining_is_one_line_in_the_feed(seat):
    seat.locals.add("Vega 2")
    seat.host("Vega's game", "Vega", "127.0.0.1", 0, MatchConfig(), 0, "normal")
    lines: list[str] = []
    assert wait_until(lambda: "Vega 2 joined" in lines, 10, lambda: pump(seat, lines))
    wait_until(lambda: False, 0.3, lambda: pump(seat, lines))  # anything said after it
    assert [line for line in lines if "Vega 2" in line] == ["Vega 2 joined"]


def test_a_local_pilot_whose_name_is_taken_is_told_the_name_it_plays_as(seat):
    seat.locals.add("Vega")
    seat.host("Vega's game", "Vega", "127.0.0.1", 0, MatchConfig(), 0, "normal")
    lines: list[str] = []
    assert wait_until(lambda: '"Vega" is taken here: P2 plays as "Vega 2"' in lines, 10,
                      lambda: pump(seat, lines))


def test_a_local_pilot_added_during_the_game_joins_at_once(seat):
    seat.host("Vega's game", "Vega", "127.0.0.1", 0, MatchConfig(), 0, "normal")
    assert wait_until(lambda: names_in_play(seat) == {"Vega"}, 10, seat.session.pump)
    seat.locals.add("Rigel")
    assert wait_until(lambda: names_in_play(seat) == {"Vega", "Rigel"}, 10,
                      lambda: pump(seat, []))


def test_removing_a_local_pilot_takes_its_ship_out_and_the_others_play_on(seat):
    for name in ("Orion", "Lyra"):
        seat.locals.add(name)
    seat.host("Vega's game", "Vega", "127.0.0.1", 0, MatchConfig(), 0, "normal")
    assert wait_until(lambda: names_in_play(seat) == {"Vega", "Orion", "Lyra"}, 10,
                      lambda: pump(seat, []))
    seat.locals.remove(2)  # P2, Orion: its BYE
    assert wait_until(lambda: names_in_play(seat) == {"Vega", "Lyra"}, 10,
                      lambda: pump(seat, []))
    assert list(seat.locals.pilots) == [3]
    assert seat.session.status == "playing" and seat.locals.sessions()[0].status == "playing"


def test_each_local_pilot_counts_against_max_players_and_one_too_many_is_told_so(
        seat, full_at_two):
    seat.locals.add("Orion")
    seat.join(full_at_two, "Vega")
    lines: list[str] = []
    assert wait_until(lambda: names_in_play(seat) == {"Vega", "Orion"}, 10,
                      lambda: pump(seat, lines))
    seat.locals.add("Lyra")  # a third player in a game of two
    assert wait_until(lambda: 3 not in seat.locals.pilots, 10, lambda: pump(seat, lines))
    assert lines[-1] == ("The game is full: P3 (Lyra) cannot play, and is taken out. "
                         "Another player must leave first.")
    assert names_in_play(seat) == {"Vega", "Orion"}


def test_a_local_pilot_the_full_game_refuses_is_no_longer_remembered_as_added(
        seat, full_at_two):
    remembered = Settings(name="Vega").with_pilot(2, added=True).with_pilot(3, added=True)
    seat.locals.add("Orion")
    seat.join(full_at_two, "Vega")
    assert wait_until(lambda: names_in_play(seat) == {"Vega", "Orion"}, 10,
                      lambda: pump(seat, []))
    seat.locals.add("Lyra")  # P3: a third player in a game of two
    assert wait_until(lambda: 3 not in seat.locals.pilots, 10, lambda: pump(seat, []))
    assert seat.locals.forget_refused(remembered).added_pilots() == [2]


def test_leaving_the_game_says_bye_for_every_pilot_who_then_waits_for_the_next(
        seat, full_at_two):
    seat.locals.add("Orion")
    seat.join(full_at_two, "Vega")
    assert wait_until(lambda: names_in_play(seat) == {"Vega", "Orion"}, 10,
                      lambda: pump(seat, []))
    seat.leave()
    assert seat.locals.sessions() == [] and seat.locals.pilots[2].name == "Orion"
    seat.join(full_at_two, "Vega")  # two seats free again: both pilots sit in them
    assert wait_until(lambda: names_in_play(seat) == {"Vega", "Orion"}, 10,
                      lambda: pump(seat, []))


def test_a_local_pilot_takes_the_lowest_free_number_up_to_the_most_one_machine_flies():
    pilots = LocalPilots()
    assert [pilots.add(name).label for name in ("a", "b", "c")] == ["P2", "P3", "P4"]
    pilots.remove(3)
    assert pilots.add("d").number == 3
    assert pilots.next_number is None
    with pytest.raises(ValueError, match=f"at most {MAX_PILOTS} players on one machine"):
        pilots.add("e")


def test_a_game_started_again_adds_back_the_pilots_it_had_under_their_numbers_and_names():
    remembered = Settings(name="Vega").with_pilot(3, added=True, name="Lyra").with_pilot(
        4, added=True)
    pilots = LocalPilots()
    pilots.add_remembered(remembered)
    assert {n: p.name for n, p in pilots.pilots.items()} == {3: "Lyra", 4: "Vega 4"}
    assert pilots.add("Orion").number == 2


def test_a_local_pilot_renamed_plays_its_match_out_under_its_name_and_the_next_under_the_new(
        seat, full_at_two):
    seat.locals.add("Orion")
    seat.join(full_at_two, "Vega")
    assert wait_until(lambda: names_in_play(seat) == {"Vega", "Orion"}, 10,
                      lambda: pump(seat, []))
    seat.locals.follow_names(Settings(name="Vega").with_pilot(2, name="Lyra"))
    wait_until(lambda: False, 0.3, lambda: pump(seat, []))
    assert names_in_play(seat) == {"Vega", "Orion"}
    seat.join(full_at_two, "Vega")  # the next game
    assert wait_until(lambda: names_in_play(seat) == {"Vega", "Lyra"}, 10,
                      lambda: pump(seat, []))


def crash(seat: Seat) -> None:
    """The game process dies: no goodbye, its tokens stay saved, its sockets close."""
    for session in [seat.session, *seat.locals.sessions()]:
        session.endpoint.close()
        session.follower.close()
        resume.release(session.protocol.cuuid)


def test_a_game_killed_and_started_again_adds_its_local_pilot_back_and_each_resumes_its_seat(
        full_at_two):
    remembered = Settings(name="Vega").with_pilot(2, added=True)
    before, after = Seat(), Seat()
    try:
        before.locals.add_remembered(remembered)
        before.join(full_at_two, "Vega")
        assert wait_until(lambda: names_in_play(before) == {"Vega", "Vega 2"}, 10,
                          lambda: pump(before, []))
        pids = [s.world.my_pid for s in [before.session, *before.locals.sessions()]]
        crash(before)
        after.locals.add_remembered(remembered)  # the game started again
        after.join(full_at_two, "Vega")  # a game of two: only resumed seats fit
        assert wait_until(lambda: len(after.locals.sessions()) == 1 and all(
            s.world.me() is not None for s in [after.session, *after.locals.sessions()]),
            10, lambda: pump(after, []))
        assert [s.world.my_pid for s in [after.session, *after.locals.sessions()]] == pids
    finally:
        after.leave()


def test_each_local_pilot_keeps_its_own_seat_to_resume_after_a_crash():
    server = ("127.0.0.1", 40080)
    resume.save(server, "cuuid-p1", "token-p1")
    resume.save(server, "cuuid-p2", "token-p2", pilot=2)
    assert resume.load(server) == ("cuuid-p1", "token-p1")
    assert resume.load(server, 2) == ("cuuid-p2", "token-p2")
    resume.forget(server, 2)  # P2 left: P1's seat is still kept
    assert resume.load(server, 2) is None and resume.load(server) == ("cuuid-p1", "token-p1")


def test_when_the_host_leaves_p1_takes_the_match_over_and_the_local_pilot_follows_it(seat):
    elsewhere = Seat()  # the host, on another machine
    try:
        elsewhere.host("Orion's game", "Orion", "127.0.0.1", 0, MatchConfig(), 0, "normal")
        seat.locals.add("Vega 2")
        seat.join(elsewhere.session.server, "Vega")

        def everyone() -> None:
            elsewhere.session.pump()
            pump(seat, [])

        assert wait_until(lambda: names_in_play(seat) == {"Orion", "Vega", "Vega 2"}
                          and seat.session.follower.package is not None, 10, everyone)
        elsewhere.leave()
        assert wait_until(lambda: seat.session.follower.own.running
                          and names_in_play(seat) == {"Vega", "Vega 2"}, 15,
                          lambda: pump(seat, []))
        [p2] = seat.locals.sessions()
        assert wait_until(lambda: p2.status == "playing", 5, lambda: pump(seat, []))
        assert p2.server == seat.session.server  # it followed P1's match to P1's machine
    finally:
        elsewhere.leave()
