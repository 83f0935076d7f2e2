"""Skills that show: against the scripted average human of bench/bot_rounds.py (it turns to
the nearest ship and fires when lined up), a better bot scores more, easy ones fewer kills
than that human and hard ones more. Seeded rounds on the pure core: the same every run."""

from functools import cache

from bench.bot_rounds import play_round, summary

ROUNDS = 10  # seeded rounds per skill
ROUND_S = 60.0  # s of game time per round


@cache
def against_the_average_human(skill):
    """Kills per minute of one bot of ``skill`` and of the average human it fights."""
    row = summary([play_round(seed, skill, 1, "average", ROUND_S)
                   for seed in range(1, ROUNDS + 1)])
    return row["bot_kpm"], row["human_kpm"]


def test_better_bots_score_more_kills_per_minute_against_the_average_human():
    easy, normal, hard = (against_the_average_human(s)[0] for s in ("easy", "normal", "hard"))
    assert easy < normal < hard


def test_easy_bots_score_fewer_kills_than_the_average_human_and_hard_ones_more():
    easy_bot, easy_human = against_the_average_human("easy")
    hard_bot, hard_human = against_the_average_human("hard")
    assert easy_bot < easy_human and hard_bot > hard_human
