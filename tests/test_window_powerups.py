"""Power-ups in the real window under Xvfb, driven by tests/powerup_tour.py: a shield
taken by our own ship (the feed and the HUD say so), a pickup of each kind on the field,
bots carrying rapid fire and spread shot, at 960x540, 1280x720 and 1920x1080 and in the
colour-blind palette. Screenshots land in artifacts/screenshots/powerups/ to be looked at."""

import json
import re
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers import tour_fixture

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "artifacts" / "screenshots" / "powerups"


tour = tour_fixture("powerup_tour.py", OUT)


def test_the_feed_says_who_took_what(tour):
    assert "Vega took a shield" in json.loads(tour["feed"])


@pytest.mark.parametrize("width", [960, 1280, 1920])
def test_the_hud_shows_our_power_and_its_seconds_left(tour, width):
    assert re.fullmatch(r"SHIELD  \d\.\d s", tour[f"hud at {width}"])


def test_each_kind_waiting_on_the_field_is_drawn(tour):
    assert set(json.loads(tour["pickups drawn in powerups-1280"])) == {
        "shield", "rapid", "spread"}


def test_every_carrier_is_marked(tour):
    assert json.loads(tour["carriers drawn in powerups-1280"]) == ["rapid", "shield", "spread"]


@pytest.mark.parametrize("name,size", [("powerups-960", (960, 540)),
                                       ("powerups-1280", (1280, 720)),
                                       ("powerups-1920", (1920, 1080)),
                                       ("powerups-colour-blind", (1920, 1080))])
def test_the_screen_is_drawn(tour, name, size):
    image = Image.open(OUT / f"{name}.png").convert("RGB")
    assert image.size == size and len(image.getcolors(1 << 20) or []) > 20
