"""Loading and saving settings: a good file, a corrupt one, a hand-edited one, an older one."""

import json
import logging

import pytest
from pydantic import ValidationError

from starlane.game import settings
from starlane.game.settings import Settings
from starlane.net import NAME_MAX


@pytest.fixture
def path(tmp_path):
    return tmp_path / "starlane" / "settings.json"


def assert_defaults(loaded: Settings) -> None:
    """Every setting at its default; the name a fresh random callsign (so no two compare)."""
    assert loaded.model_dump(exclude={"name"}) == Settings().model_dump(exclude={"name"})
    assert loaded.name.rsplit(" ", 1)[0] in settings.CALLSIGNS


def test_saved_settings_come_back_as_they_were(path):
    chosen = Settings(name="Ada", fullscreen=True, window_size=(1600, 900), master_volume=0.5,
                      effects_volume=0.25, palette="colour-blind safe",
                      keys={**settings.DEFAULT_KEYS, "up": ["Z"]})
    assert settings.save(chosen, path)
    assert settings.load(path) == chosen


def test_no_file_gives_defaults_without_a_log_line(path, caplog):
    with caplog.at_level(logging.INFO, "starlane"):
        assert_defaults(settings.load(path))
    assert caplog.records == []


def test_a_corrupt_file_gives_defaults_and_one_log_line(path, caplog):
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"name": "Ada", "fullscr\x00')
    with caplog.at_level(logging.INFO, "starlane"):
        assert_defaults(settings.load(path))
    assert len(caplog.records) == 1 and "unreadable" in caplog.records[0].getMessage()


def test_a_hand_edited_value_out_of_range_gives_defaults_and_one_log_line(path, caplog):
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 2, "name": "Ada", "master_volume": 7}))
    with caplog.at_level(logging.INFO, "starlane"):
        assert_defaults(settings.load(path))
    assert len(caplog.records) == 1
    assert "master_volume" in caplog.records[0].getMessage()


def test_a_file_that_is_not_an_object_gives_defaults(path):
    path.parent.mkdir(parents=True)
    path.write_text("[1, 2, 3]")
    assert_defaults(settings.load(path))


def test_a_version_1_file_keeps_its_name_and_gets_defaults_for_the_rest(path, caplog):
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"name": "Grace"}))
    with caplog.at_level(logging.INFO, "starlane"):
        loaded = settings.load(path)
    assert loaded == Settings(name="Grace")
    assert len(caplog.records) == 1 and "older version" in caplog.records[0].getMessage()


def test_a_file_missing_an_action_binding_gets_the_default_keys_for_it(path):
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 2, "name": "Ada", "keys": {"fire": ["F"]}}))
    keys = settings.load(path).keys
    assert keys["fire"] == ["F"] and keys["up"] == settings.DEFAULT_KEYS["up"]


def test_unknown_fields_from_a_newer_version_are_ignored(path):
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 3, "name": "Ada", "hats": "on"}))
    assert settings.load(path) == Settings(name="Ada")


def test_a_blank_name_is_refused():
    with pytest.raises(ValueError):
        Settings(name="   ")


def test_a_change_is_checked_as_a_loaded_file_is_and_its_refusal_is_worded():
    with pytest.raises(ValidationError) as refused:
        Settings(name="Ada", master_volume=1.0).changed(master_volume=1.1)
    assert settings.problem(refused.value).startswith("master_volume: ")


def test_a_changed_name_is_tidied_and_held_to_the_wire_s_length():
    assert Settings(name="Ada").changed(name="  Grace   Hopper ").name == "Grace Hopper"
    with pytest.raises(ValidationError):
        Settings(name="Ada").changed(name="x" * (NAME_MAX + 1))


def test_an_unwritable_folder_is_logged_not_raised(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with caplog.at_level(logging.WARNING, "starlane"):
        assert not settings.save(Settings(), blocker / "settings.json")
    assert len(caplog.records) == 1


def test_the_config_dir_follows_xdg_config_home(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert settings.config_dir() == tmp_path / "starlane"


def test_effects_play_at_master_times_effects_volume():
    assert Settings(master_volume=0.5, effects_volume=0.5).effects_gain == 0.25


def test_only_window_sizes_that_fit_the_screen_are_offered():
    assert settings.sizes_that_fit((1280, 800)) == ((960, 540), (1280, 720))


def test_a_screen_smaller_than_every_size_is_offered_the_smallest():
    assert settings.sizes_that_fit((800, 600)) == ((960, 540),)


def test_matches_are_recorded_and_the_last_50_kept_unless_the_player_says_otherwise():
    fresh = Settings()
    assert (fresh.record_matches, fresh.keep_recordings) == (True, 50)


@pytest.mark.parametrize("keep", [0, 1001])
def test_keeping_fewer_than_one_or_more_than_a_thousand_recordings_is_refused(keep):
    with pytest.raises(ValidationError, match="keep_recordings"):
        Settings().changed(keep_recordings=keep)


def test_the_local_players_added_are_remembered_and_one_removed_is_forgotten(path):
    added = Settings(name="Vega").with_pilot(2, added=True).with_pilot(4, added=True)
    settings.save(added.with_pilot(2, added=False), path)
    assert settings.load(path).added_pilots() == [4]
