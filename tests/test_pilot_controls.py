"""Keys and pads routed to the pilots of one window (P1 and its local players), without a
window: key symbols are pyglet's, pads any object."""

import pyglet

pyglet.options["shadow_window"] = False  # key symbols without a display (no arcade here)

from pyglet.window import key  # noqa: E402

from starlane.game import settings as stored  # noqa: E402
from starlane.game.client.controls import PilotControls, share_keys  # noqa: E402
from starlane.game.settings import PILOT_KEYS, Settings  # noqa: E402
from starlane.game.ui.keys import KeyBindings  # noqa: E402


def own_keys(settings: Settings, *pilots: int) -> dict[int, dict[int, str]]:
    """Each pilot's keys as the settings keep them (symbol -> action)."""
    return {n: KeyBindings(settings.pilot_keys(n)).symbols for n in pilots}


def two_pilots() -> PilotControls:
    controls = PilotControls()
    controls.set_pilots(own_keys(Settings(), 1, 2))
    return controls


def test_with_a_second_pilot_p1_flies_wasd_and_space_and_p2_the_arrows_and_right_ctrl():
    shared = share_keys(own_keys(Settings(), 1, 2))
    p1 = KeyBindings(Settings().keys).keeping(shared[1])
    p2 = KeyBindings(Settings().pilot_keys(2)).keeping(shared[2])
    assert p1.short() == "W A S D, Space to fire"
    assert p2.short() == "Up Left Down Right, Right Ctrl or Enter to fire"


def test_alone_p1_keeps_the_arrows_and_wasd():
    shared = share_keys(own_keys(Settings(), 1))
    assert {key.UP, key.W, key.SPACE} <= set(shared[1])


def test_a_key_steers_the_pilot_it_belongs_to():
    controls = two_pilots()
    assert controls.key(key.W, down=True) == (1, ["up"], [])
    assert controls.key(key.UP, down=True) == (2, ["up"], [])
    assert controls.key(key.RCTRL, down=True) == (2, ["fire"], [])
    assert controls.key(key.W, down=False) == (1, [], ["up"])
    assert controls.key(key.F3, down=True) is None


def test_a_pilots_keys_and_its_pad_merge_letting_go_of_one_keeps_the_other():
    controls = two_pilots()
    pad = object()
    controls.give_pad(2, [pad])
    assert controls.key(key.LEFT, down=True) == (2, ["left"], [])
    assert controls.pad(pad, {"left"}) == (2, [], [])
    assert controls.key(key.LEFT, down=False) == (2, [], [])  # the pad still holds it
    assert controls.pad(pad, set()) == (2, [], ["left"])


def test_a_pad_pressed_first_steers_the_lowest_pilot_without_one():
    controls = two_pilots()
    first, second, third = object(), object(), object()
    assert controls.pad(first, {"up"}) == (1, ["up"], [])
    assert controls.pad(second, {"fire"}) == (2, ["fire"], [])
    assert controls.pad(third, {"up"}) is None  # every pilot has a pad
    assert controls.pads == {first: 1, second: 2}


def test_a_pilot_added_takes_a_connected_pad_no_one_uses():
    controls = two_pilots()
    used, free = object(), object()
    controls.pad(used, {"up"})
    assert controls.give_pad(2, [used, free]) is free
    assert controls.pad(free, {"left"}) == (2, ["left"], [])


def test_a_pilot_removed_frees_its_pad_and_its_keys_go_back_to_p1():
    controls = two_pilots()
    pad = object()
    controls.give_pad(2, [pad])
    controls.set_pilots(own_keys(Settings(), 1))
    assert controls.pads == {}
    assert controls.key(key.UP, down=True) == (1, ["up"], [])
    assert controls.pad(pad, {"fire"}) == (1, ["fire"], [])


def test_an_unplugged_pad_lets_go_and_its_pilot_takes_the_next_pad_pressed():
    controls = two_pilots()
    old, new = object(), object()
    controls.pad(old, {"up"})
    assert controls.forget_pad(old) == [(1, [], ["up"])]
    assert controls.pad(new, {"up"}) == (1, ["up"], [])


def test_opening_a_menu_lets_every_pilot_go_of_what_it_held():
    controls = two_pilots()
    controls.key(key.W, down=True)
    controls.key(key.RIGHT, down=True)
    assert controls.let_go() == [(1, [], ["up"]), (2, [], ["right"])]
    assert controls.key(key.W, down=False) == (1, [], [])


def test_a_local_players_own_default_comes_back_when_a_rebinding_takes_its_only_key():
    p2 = KeyBindings(Settings().pilot_keys(2), PILOT_KEYS[0]).rebind("fire", key.K)
    assert p2.rebind("up", key.K).names["fire"] == ["RCTRL"]  # P2's default, not Space


def test_a_local_player_is_named_after_the_player_and_its_number_until_named():
    settings = Settings(name="Vega")
    assert settings.pilot_name(2) == "Vega 2"
    assert settings.with_pilot(2, name="  Rigel ").pilot_name(2) == "Rigel"


def test_a_local_players_name_colour_and_keys_are_remembered(tmp_path):
    path = tmp_path / "settings.json"
    changed = Settings(name="Vega").with_pilot(3, name="Lyra", colour="gold",
                                               keys={**PILOT_KEYS[1], "fire": ["O"]})
    stored.save(changed, path)
    loaded = stored.load(path)
    assert (loaded.pilot_name(3), loaded.pilot_colour(3)) == ("Lyra", "gold")
    assert loaded.pilot_keys(3)["fire"] == ["O"] and loaded.pilot_keys(2) == PILOT_KEYS[0]
