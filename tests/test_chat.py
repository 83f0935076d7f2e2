"""Chat judging: what a player may say through the rules, and how often."""

from starlane.game.core import sim
from starlane.game.core.chat import BURST, MAX_CHARS, REFILL_TICKS, clean
from starlane.game.core.rules import Rules


def setup():
    world = sim.new_world(1)
    rules = Rules(world)
    ship = sim.add_ship(world, "Vega")
    return world, rules, ship.pid


def say(rules, pid, text):
    verdict = rules.judge(pid, {"CHAT": text})
    if verdict.legal:
        rules.execute(pid, {"CHAT": text})
    return verdict


def test_a_legal_line_reaches_the_feed_with_the_speakers_name():
    _, rules, pid = setup()
    assert say(rules, pid, "gg all").legal
    assert rules.drain_said() == [{"kind": "chat", "name": "Vega", "text": "gg all"}]
    assert rules.drain_said() == []


def test_control_characters_are_stripped_and_white_space_collapsed():
    _, rules, pid = setup()
    assert say(rules, pid, "hi\x1b[31m\tthere\u202e\r\nyou\x00").legal
    assert rules.drain_said()[0]["text"] == "hi[31m there you"


def test_a_line_of_nothing_but_control_characters_is_illegal():
    _, rules, pid = setup()
    assert say(rules, pid, "\x07\n\t ").reason == "empty message"


def test_a_line_over_the_length_cap_is_illegal():
    _, rules, pid = setup()
    assert say(rules, pid, "x" * MAX_CHARS).legal
    assert say(rules, pid, "x" * (MAX_CHARS + 1)).reason == \
        f"message too long ({MAX_CHARS + 1} characters, at most {MAX_CHARS})"


def test_chat_that_is_not_text_is_illegal():
    _, rules, pid = setup()
    assert say(rules, pid, ["hi"]).reason == "a chat message is text"


def test_chat_from_a_player_not_in_the_game_is_illegal():
    _, rules, pid = setup()
    assert say(rules, pid + 50, "hello").reason == "not in the game"


def test_a_burst_is_allowed_then_the_rate_limit_refuses_until_time_passes():
    world, rules, pid = setup()
    for n in range(BURST):
        assert say(rules, pid, f"line {n}").legal
    assert say(rules, pid, "one too many").reason == "slow down: too many messages"
    world.tick += REFILL_TICKS
    assert say(rules, pid, "later").legal
    assert say(rules, pid, "again").reason == "slow down: too many messages"


def test_one_players_rate_limit_does_not_silence_another():
    world, rules, pid = setup()
    other = sim.add_ship(world, "Orion").pid
    for n in range(BURST + 1):
        say(rules, pid, f"spam {n}")
    assert say(rules, other, "hello").legal


def test_chat_is_allowed_during_the_results():
    world, rules, pid = setup()
    world.ships[pid].score = rules.match.config.kills_to_win
    rules.match.step(world)
    assert rules.match.phase == "results"
    assert say(rules, pid, "gg").legal


def test_clean_keeps_letters_of_every_script():
    assert clean("  Grüße  ваш 友達 ") == "Grüße ваш 友達"
