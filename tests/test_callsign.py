"""A fresh install's default name: a star callsign, not "Pilot", and rarely the same twice."""

import random
import re

from starlane.game import settings
from starlane.game.settings import CALLSIGNS, default_name


def test_a_fresh_install_gets_a_star_callsign_with_a_number(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    name = settings.load().name
    star, number = name.rsplit(" ", 1)
    assert star in CALLSIGNS and re.fullmatch(r"[1-9][0-9]", number)
    assert "Pilot" not in name


def test_fresh_installs_rarely_share_a_default_name():
    names = {default_name(random.Random(seed)) for seed in range(40)}
    assert len(names) >= 38  # 1440 callsigns: a few collisions among 40 at most
