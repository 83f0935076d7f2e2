"""Key bindings and the gamepad mapping, driven by key symbols and fake controller events."""

import importlib

import pyglet

pyglet.options["shadow_window"] = False  # key symbols without a display (no arcade here)

import pytest  # noqa: E402
from pyglet.window import key  # noqa: E402

from starlane.game.client.controls import HeldActions, PadState  # noqa: E402
from starlane.game.settings import DEFAULT_KEYS  # noqa: E402
from starlane.game.ui.keys import (  # noqa: E402
    RESERVED,
    KeyBindings,
    label_of,
    rebound,
    symbol_of,
)


def test_default_bindings_steer_with_arrows_and_wasd_and_fire_with_space():
    bindings = KeyBindings(DEFAULT_KEYS)
    assert [bindings.action(s) for s in (key.UP, key.W, key.A, key.RIGHT, key.SPACE)] == [
        "up", "up", "left", "right", "fire"]
    assert bindings.action(key.F3) is None


def test_rebinding_a_key_makes_it_do_that_action_and_nothing_else():
    bindings = KeyBindings(DEFAULT_KEYS).rebind("up", key.Z)  # an AZERTY player
    assert bindings.action(key.Z) == "up"
    assert bindings.names["up"] == ["Z", "UP"]
    moved = bindings.rebind("fire", key.A)
    assert moved.action(key.A) == "fire" and moved.names["left"] == ["LEFT"]


def test_the_keys_the_game_keeps_for_chat_the_net_graph_and_the_menu_cannot_be_bound():
    bindings = KeyBindings(DEFAULT_KEYS)
    with pytest.raises(ValueError, match=r"^T is for chat$"):
        bindings.rebind("fire", key.T)
    for symbol in (key.F3, key.ESCAPE):
        with pytest.raises(ValueError):
            bindings.rebind("up", symbol)
    assert not any(bindings.action(symbol) for symbol in RESERVED)  # nor are they by default


def test_taking_an_actions_only_key_gives_it_back_its_default():
    bindings = KeyBindings({**DEFAULT_KEYS, "left": ["Q"]}).rebind("fire", key.Q)
    assert bindings.names["left"] == ["LEFT"]
    assert bindings.action(key.Q) == "fire"


def test_a_key_tells_which_actions_it_is_bound_to():
    assert KeyBindings(DEFAULT_KEYS).actions_of(key.LEFT) == ["left"]
    assert KeyBindings(DEFAULT_KEYS).actions_of(key.Q) == []


def test_a_rebinding_says_what_the_key_no_longer_does():
    bindings = KeyBindings(DEFAULT_KEYS).rebind("fire", key.LEFT)
    assert rebound("fire", key.LEFT, bindings, ["left"]) == (
        "Fire: Left or Space. Left no longer does 'turn left', which now has A.")


def test_bindings_survive_the_trip_through_their_stored_names():
    bindings = KeyBindings(DEFAULT_KEYS).rebind("down", key.user_key(0x26))
    again = KeyBindings(bindings.names)
    assert again.action(key.user_key(0x26)) == "down"


def test_an_unknown_key_name_is_skipped():
    bindings = KeyBindings({**DEFAULT_KEYS, "fire": ["NO_SUCH_KEY", "F"]})
    assert bindings.action(key.F) == "fire"
    assert symbol_of("NO_SUCH_KEY") is None


def test_key_names_read_as_words():
    assert [label_of(n) for n in ("W", "LEFT", "NUM_8", "user_key(1a)")] == [
        "W", "Left", "Num 8", "Key #26"]


def test_the_help_line_names_the_keys_in_force():
    line = KeyBindings(DEFAULT_KEYS).rebind("up", key.Z).help_line()
    assert "Z or Up: thrust" in line and "Space: fire" in line


def test_a_stick_pushed_past_the_deadzone_turns_and_thrusts():
    pad = PadState(stick=(-0.9, 0.8))
    assert pad.held() == {"left", "up"}


def test_a_resting_stick_does_nothing():
    assert PadState(stick=(0.2, -0.3)).held() == set()


def test_the_dpad_steers_like_the_stick():
    assert PadState(dpad=(1.0, -1.0)).held() == {"right", "down"}


def test_the_a_button_or_the_right_trigger_fires():
    assert PadState(buttons={"a"}).held() == {"fire"}
    assert PadState(trigger=0.8).held() == {"fire"}
    assert PadState(buttons={"b"}).held() == set()


def test_an_action_is_released_only_when_the_last_source_lets_go():
    held = HeldActions()
    assert held.set("keyboard", {"up"}) == (["up"], [])
    assert held.set("pad-1", {"up", "left"}) == (["left"], [])
    assert held.set("keyboard", set()) == ([], [])
    assert held.set("pad-1", set()) == ([], ["left", "up"])


def test_clearing_releases_everything_held():
    held = HeldActions()
    held.set("keyboard", {"up"})
    held.set("pad-1", {"fire"})
    assert held.clear() == ["fire", "up"]
    assert held.union() == set()


class FakeController:
    """Stands in for a pyglet Controller: keeps the handlers the game pushes."""

    def __init__(self, name="Pad"):
        self.name = name
        self.handlers = {}

    def open(self):
        pass

    def push_handlers(self, **handlers):
        self.handlers.update(handlers)

    def send(self, event, *args):
        self.handlers[event](self, *args)


class FakeManager(FakeController):
    def __init__(self, present=()):
        super().__init__("manager")
        self.present = list(present)

    def get_controllers(self):
        return self.present


class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y


def pads_with_log(manager):
    from starlane.game.ui.gamepads import Gamepads

    seen = []
    return Gamepads(lambda pad, held: seen.append((pad.name, sorted(held))), manager), seen


def test_a_controller_present_at_start_steers_with_its_stick():
    pad = FakeController()
    _, seen = pads_with_log(FakeManager([pad]))
    pad.send("on_stick_motion", "leftstick", Vec(-1.0, 0.9))
    assert seen == [("Pad", ["left", "up"])]


def test_a_controller_plugged_in_mid_game_works_and_unplugging_releases_its_keys():
    manager = FakeManager()
    pads, seen = pads_with_log(manager)
    pad = FakeController("Late pad")
    manager.handlers["on_connect"](pad)
    pad.send("on_dpad_motion", Vec(1, 0))
    pad.send("on_button_press", "a")
    manager.handlers["on_disconnect"](pad)
    assert seen == [("Late pad", ["right"]), ("Late pad", ["fire", "right"]), ("Late pad", [])]
    assert pads.names == []


def test_the_right_stick_does_not_steer():
    pad = FakeController()
    _, seen = pads_with_log(FakeManager([pad]))
    pad.send("on_stick_motion", "rightstick", Vec(-1.0, 0.0))
    assert seen == []


def test_a_machine_without_controller_support_says_so_in_one_line_without_a_traceback(
        monkeypatch, caplog):
    def no_input_devices():
        raise FileNotFoundError(2, "No such file or directory", "/dev/input")

    from starlane.game.ui.gamepads import Gamepads

    input_module = importlib.import_module("pyglet.input")  # the module, not pyglet's proxy
    monkeypatch.setattr(input_module, "ControllerManager", no_input_devices)
    with caplog.at_level("INFO", logger="starlane"):
        pads = Gamepads(lambda pad, held: None)
    assert pads.names == []
    [record] = caplog.records
    assert record.exc_info is None and "no gamepad support here" in record.getMessage()
