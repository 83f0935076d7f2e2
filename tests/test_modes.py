"""Modes on the pure core: teams and friendly fire (tdm), lives and the last pilot
standing (lms), who wins each; on fake time (the world's tick)."""

from starlane.game.core import modes, sim
from starlane.game.core.feed import line
from starlane.game.core.match import RESULTS_TICKS, Match, MatchConfig

MINUTE = 60 * sim.TICK_RATE


def arena(mode, humans=(), bots=(), kills=3, lives=3):
    """A world in ``mode`` with ``humans`` then ``bots`` joined (names), round 1 begun."""
    world = sim.new_world(5)
    world.asteroids.clear()
    match = Match(MatchConfig(kills_to_win=kills, time_limit_s=60, mode=mode, lives=lives))
    match.begin(world)
    for name in humans:
        match.join(world, sim.add_ship(world, name))
    for name in bots:
        ship = sim.add_ship(world, name)
        ship.bot = True
        match.join(world, ship)
    return world, match


def named(world, name):
    return next(s for s in world.ships.values() if s.name == name)


def run(world, match, ticks):
    happened = []
    for _ in range(ticks):
        happened += match.step(world)
    return happened


def team_sizes(world):
    return [sum(1 for s in world.ships.values() if s.team == t) for t in range(modes.TEAMS)]


def shoot(world, shooter, target):
    """A bullet from ``shooter`` about to reach ``target`` (spawn shields long gone)."""
    world.tick = max(world.tick, shooter.shield_until, target.shield_until)
    bullet = sim.Bullet(world.new_id(), shooter.pid, target.x, target.y - 30.0, 0.0,
                        sim.BULLET_SPEED, world.tick + sim.BULLET_TICKS)
    world.bullets[bullet.bid] = bullet
    return bullet


def shoot_down(world, shooter, target):
    """``target`` at its last hit point, a bullet from ``shooter`` about to reach it."""
    shoot(world, shooter, target)
    target.hp = 1


def test_tdm_humans_spread_over_the_two_teams():
    world, _ = arena("tdm", humans=("Vega", "Orion", "Lyra", "Deneb"))
    teams = [named(world, n).team for n in ("Vega", "Orion", "Lyra", "Deneb")]
    assert sorted(teams) == [0, 0, 1, 1]


def test_tdm_bots_fill_the_smaller_team():
    world, _ = arena("tdm", humans=("Vega",), bots=("Kestrel", "Talon", "Rook"))
    assert team_sizes(world) == [2, 2]
    assert named(world, "Vega").team != named(world, "Kestrel").team


def test_tdm_a_human_taking_a_bots_seat_leaves_the_teams_even():
    world, match = arena("tdm", humans=("Vega",), bots=("Kestrel", "Talon", "Rook"))
    orion = sim.add_ship(world, "Orion")
    match.join(world, orion)
    del world.ships[named(world, "Rook").pid]  # the newest bot gives up its seat
    match.balance(world)
    assert team_sizes(world) == [2, 2]
    assert orion.team != named(world, "Vega").team  # humans spread


def test_tdm_humans_keep_their_team_when_bots_even_the_teams_out():
    world, match = arena("tdm", humans=("Vega", "Orion"), bots=("Kestrel", "Talon"))
    vega_team = named(world, "Vega").team
    for bot in ("Kestrel", "Talon"):
        named(world, bot).team = vega_team ^ 1
    del world.ships[named(world, "Orion").pid]  # Orion leaves: 1 against 2 bots
    match.balance(world)
    assert named(world, "Vega").team == vega_team and sorted(team_sizes(world)) == [1, 2]


def test_tdm_a_bullet_passes_through_a_team_mate_unharmed():
    world, _ = arena("tdm", humans=("Vega", "Orion", "Lyra"))
    vega, orion, lyra = (named(world, n) for n in ("Vega", "Orion", "Lyra"))
    mate = vega if lyra.team == vega.team else orion
    bullet = shoot(world, lyra, mate)
    sim.step(world)
    assert mate.hp == sim.MAX_HP and bullet.bid in world.bullets


def test_tdm_a_bullet_hits_the_other_team():
    world, _ = arena("tdm", humans=("Vega", "Orion"))
    vega, orion = named(world, "Vega"), named(world, "Orion")
    shoot(world, vega, orion)
    sim.step(world)
    assert orion.hp == sim.MAX_HP - 1 and not world.bullets


def test_in_ffa_anyone_may_hit_anyone():
    world, _ = arena("ffa", humans=("Vega", "Orion"))
    vega, orion = named(world, "Vega"), named(world, "Orion")
    assert vega.team == orion.team == 0
    shoot(world, vega, orion)
    sim.step(world)
    assert orion.hp == sim.MAX_HP - 1


def test_tdm_kills_score_for_the_killers_team():
    world, match = arena("tdm", humans=("Vega", "Orion"), kills=10)
    vega, orion = named(world, "Vega"), named(world, "Orion")
    shoot_down(world, vega, orion)
    match.step(world)
    assert match.team_scores[vega.team] == 1 and match.team_scores[vega.team ^ 1] == 0


def test_tdm_the_first_team_to_the_kills_to_win_wins_and_all_its_pilots_with_it():
    world, match = arena("tdm", humans=("Vega", "Orion"), bots=("Kestrel", "Talon"), kills=3)
    vega = named(world, "Vega")
    mate = next(s for s in world.ships.values() if s.team == vega.team and s is not vega)
    foe = next(s for s in world.ships.values() if s.team != vega.team)
    match.team_scores[vega.team] = 2
    shoot_down(world, mate, foe)
    happened = match.step(world)
    assert match.phase == "results"
    assert sorted(match.winners) == sorted([vega.pid, mate.pid])
    assert any(e["kind"] == "round_over" for e in happened)


def test_tdm_a_tie_at_the_time_limit_is_shared_by_both_teams():
    world, match = arena("tdm", humans=("Vega", "Orion"), kills=50)
    match.team_scores[:] = [4, 4]
    run(world, match, MINUTE)
    assert sorted(match.winners) == sorted(world.ships)


def test_tdm_team_scores_reset_with_the_next_round():
    world, match = arena("tdm", humans=("Vega", "Orion"), kills=1)
    shoot_down(world, named(world, "Vega"), named(world, "Orion"))
    run(world, match, RESULTS_TICKS + 2)
    assert match.round == 2 and match.team_scores == [0, 0]


def test_lms_every_pilot_starts_with_the_hosts_lives():
    world, _ = arena("lms", humans=("Vega", "Orion"), lives=4)
    assert [s.lives for s in world.ships.values()] == [4, 4]


def kill(world, ship):
    """``ship`` destroyed by an asteroid now (shields long gone)."""
    world.tick = max(world.tick, ship.shield_until, ship.hurt_until)
    ship.hp = 1
    rock = sim.Asteroid(world.new_id(), ship.x, ship.y, 0.0, 0.0)
    world.asteroids[rock.aid] = rock


def test_lms_a_death_takes_a_life_and_the_pilot_respawns_while_lives_remain():
    world, match = arena("lms", humans=("Vega", "Orion", "Lyra"), lives=3)
    vega = named(world, "Vega")
    kill(world, vega)
    match.step(world)
    world.asteroids.clear()
    assert (vega.alive, vega.lives) == (False, 2)
    run(world, match, sim.RESPAWN_TICKS)
    assert vega.alive


def test_lms_a_pilot_out_of_lives_stays_out_until_the_round_ends():
    world, match = arena("lms", humans=("Vega", "Orion", "Lyra"), lives=1)
    vega = named(world, "Vega")
    kill(world, vega)
    match.step(world)
    world.asteroids.clear()
    run(world, match, 2 * sim.RESPAWN_TICKS)
    assert (vega.alive, vega.lives, match.phase) == (False, 0, "playing")
    assert modes.out_of_lives(world, vega)


def test_lms_the_last_pilot_with_lives_wins_the_round():
    world, match = arena("lms", humans=("Vega", "Orion", "Lyra"), lives=1)
    vega, orion, lyra = (named(world, n) for n in ("Vega", "Orion", "Lyra"))
    kill(world, vega)
    match.step(world)
    assert match.phase == "playing"
    world.asteroids.clear()
    kill(world, orion)
    match.step(world)
    assert match.phase == "results" and match.winners == [lyra.pid]


def test_lms_a_pilot_alone_plays_on_until_the_time_limit():
    world, match = arena("lms", humans=("Vega",))
    run(world, match, MINUTE - 1)
    assert match.phase == "playing"


def test_lms_at_the_time_limit_most_lives_win_then_most_kills():
    world, match = arena("lms", humans=("Vega", "Orion", "Lyra"), lives=3)
    vega, orion, lyra = (named(world, n) for n in ("Vega", "Orion", "Lyra"))
    vega.lives, orion.lives, lyra.lives = 2, 2, 1
    vega.score, orion.score, lyra.score = 1, 2, 5
    run(world, match, MINUTE)
    assert match.phase == "results" and match.winners == [orion.pid]


def test_lms_a_pilot_joining_mid_round_gets_the_fewest_lives_anyone_still_has():
    world, match = arena("lms", humans=("Vega", "Orion"), lives=3)
    named(world, "Vega").lives = 1
    late = sim.add_ship(world, "Late")
    match.join(world, late)
    assert late.lives == 1 and late.alive


def test_lms_everyone_has_full_lives_again_in_the_next_round():
    world, match = arena("lms", humans=("Vega", "Orion", "Lyra"), lives=2)
    vega = named(world, "Vega")
    vega.lives = 0
    named(world, "Orion").lives = 0
    run(world, match, RESULTS_TICKS + 1)
    assert match.round == 2
    assert all(s.lives == 2 and s.alive for s in world.ships.values())


def test_tdm_the_round_over_notice_names_the_winning_team():
    world, match = arena("tdm", humans=("Vega", "Orion"), kills=1)
    vega = named(world, "Vega")
    shoot_down(world, vega, named(world, "Orion"))
    over = next(e for e in match.step(world) if e["kind"] == "round_over")
    assert over["team"] == modes.team_name(vega.team)
    assert line(over) == f"Round 1 over: {modes.team_name(vega.team)} wins"
