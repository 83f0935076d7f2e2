"""Chat judging: what a player may say through the rules, and how often; and the chat
panel's model: how long a line stays, and scrolling back."""

from starlane.game.core import sim
from starlane.game.core.chat import (
    BURST,
    HISTORY,
    KEEP_SECONDS,
    MAX_CHARS,
    REFILL_TICKS,
    ChatLog,
    clean,
)
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


# ---- the chat panel's model: how long lines stay, and scrolling back ---------------------


def chat_log(count: int, at: float = 0.0) -> ChatLog:
    log = ChatLog()
    for n in range(count):
        log.add(f"Vega: line {n}", at)
    return log


def test_a_chat_line_stays_in_the_closed_panel_for_keep_seconds():
    log = chat_log(1)
    assert log.recent(KEEP_SECONDS - 0.1, rows=5) == ["Vega: line 0"]
    assert log.recent(KEEP_SECONDS, rows=5) == []


def test_the_closed_panel_shows_the_newest_lines_oldest_first():
    assert chat_log(8).recent(1.0, rows=3) == ["Vega: line 5", "Vega: line 6", "Vega: line 7"]


def test_only_the_last_history_lines_are_kept():
    log = chat_log(HISTORY + 5)
    assert len(log.lines) == HISTORY and log.lines[0][1] == "Vega: line 5"


def test_the_open_panel_scrolls_back_no_further_than_the_oldest_line():
    log = chat_log(12)
    log.scroll(100, rows=10)
    assert log.page(10)[0] == "Vega: line 0" and log.scrolled == 2


def test_scrolling_forward_stops_at_the_newest_line():
    log = chat_log(12)
    log.scroll(-3, rows=10)
    assert log.page(10)[-1] == "Vega: line 11" and log.scrolled == 0


def test_a_line_arriving_while_scrolled_back_leaves_the_page_where_it_was():
    log = chat_log(30)
    log.scroll(5, rows=10)
    before = log.page(10)
    log.add("Orion: new", 1.0)
    assert log.page(10) == before
