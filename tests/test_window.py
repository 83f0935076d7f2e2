"""The real arcade window under Xvfb (Mesa llvmpipe): start screen, Host Game, join via LAN
list, a match against a bot (host panel, chat, destroyed by, results, round 2), a match
listed again under its new host's name after its host left, a seat taken back after a crash.

Screenshots land in artifacts/screenshots/ to be looked at. The test starts Xvfb itself when
there is no display, and skips with the reason when it cannot.
"""

import json
import os
import re
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
DRIVER = [sys.executable, str(ROOT / "tests" / "window_driver.py")]


@pytest.fixture
def env(display, tmp_path):
    return {**os.environ, "DISPLAY": display, "XDG_CONFIG_HOME": str(tmp_path / "config")}


def lines(proc, until, timeout=60):
    """Read the driver's milestones until ``until``; fail with its output otherwise."""
    seen = []
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        line = proc.stdout.readline().strip()
        if not line and proc.poll() is not None:
            break
        seen.append(line)
        if line == until:
            return seen
    raise AssertionError(f"driver never said {until!r}: {seen} {proc.stderr.read()}")


def big_enough(path: Path, colours: int = 20) -> None:
    image = Image.open(path).convert("RGB")
    assert image.size == (1280, 720)
    assert len(image.getcolors(1 << 20) or []) > colours, f"{path} looks blank"


def test_the_start_screen_renders(env):
    out = SHOTS / "start"
    result = subprocess.run([*DRIVER, "start", str(out)], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    big_enough(out / "start.png")


def test_host_game_then_a_second_player_joins_through_the_lan_list(env):
    out = SHOTS / "play"
    host = subprocess.Popen([*DRIVER, "host", str(out)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    joiner = None
    try:
        lines(host, "playing")
        joiner = subprocess.Popen([*DRIVER, "join", str(out), "40080"], env=env,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        lines(joiner, "two-ships")
        lines(host, "two-ships")
        # the joined window could host: the match would go on there
        assert lines(host, "still-playing")[-2] == "asked: Orion will host the game when you leave."
        joiner.stdin.write("leave\n")
        joiner.stdin.flush()
        assert joiner.wait(timeout=20) == 0
        assert host.wait(timeout=30) == 0, host.stderr.read()
    finally:
        for proc in (host, joiner):
            if proc is not None and proc.poll() is None:
                proc.kill()
    for name in ("host-alone.png", "lan-list.png", "host-two.png", "join-two.png",
                 "host-leave-confirm.png"):
        big_enough(out / name)


def driven(mode, out, env, *args):
    result = subprocess.run([*DRIVER, mode, str(out), *args], env=env, capture_output=True,
                            text=True, timeout=90)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


def test_every_setting_applies_when_clicked_and_is_remembered(env):
    out = SHOTS / "settings"
    said = driven("settings", out, env)
    assert "fullscreen True" in said and "size 960x540" in said and "back StartView" in said
    saved = json.loads(next(line for line in said if line.startswith("saved "))[6:])
    assert (saved["fullscreen"], saved["window_size"], saved["master_volume"],
            saved["effects_volume"], saved["palette"], saved["keys"]["up"],
            saved["record_matches"], saved["keep_recordings"]) == (
        False, [960, 540], 0.5, 0.7, "colour-blind safe", ["Z", "UP"], False, 30)
    stored = json.loads((Path(env["XDG_CONFIG_HOME"]) / "starlane" / "settings.json").read_text())
    assert stored == saved
    big_enough(out / "settings.png")
    for name in ("settings-press-a-key.png", "settings-changed.png"):
        assert Image.open(out / name).size == (960, 540)


def test_the_game_scales_to_a_small_window_and_obeys_rebound_keys_and_a_late_pad(env):
    folder = Path(env["XDG_CONFIG_HOME"]) / "starlane"
    folder.mkdir(parents=True)
    (folder / "settings.json").write_text(json.dumps({
        "version": 2, "name": "Vega", "window_size": [960, 540],
        "palette": "colour-blind safe", "keys": {"up": ["Z"]}}))
    out = SHOTS / "scaled"
    said = driven("scaled", out, env)
    assert "thrust 960x540" in said and "back in the game" in said and "pad steered" in said
    image = Image.open(out / "scaled-game.png").convert("RGB")
    assert image.size == (960, 540) and len(image.getcolors(1 << 20) or []) > 20


def test_host_game_uses_the_windows_port_and_names_it_when_it_is_taken(env):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("0.0.0.0", 0))
        port = taken.getsockname()[1]
        said = driven("busy", SHOTS / "busy", env, str(port))
    assert f"status: Cannot host on UDP port {port}: another program" in said[-1]
    assert "Errno" not in said[-1]


def test_a_match_against_a_bot_shows_panel_chat_killer_results_round_two_and_leaves_unasked(env):
    out = SHOTS / "match"
    proc = subprocess.Popen([*DRIVER, "match", str(out)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        seen = lines(proc, "left", timeout=180)
        assert seen[-7:] == ["panel", "chat", "centre under the menu: ''", "destroyed",
                             "results", "round-2", "left"]  # the menu never sits on a banner
        assert proc.wait(timeout=30) == 0, proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
    for name in ("host-panel.png", "chat-typing.png", "chat.png", "destroyed.png",
                 "destroyed-menu.png", "results.png", "round-2.png"):
        big_enough(out / name)


def test_play_vs_bots_asks_the_skill_starts_three_bots_and_pauses_in_the_menu(env):
    out = SHOTS / "bots"
    result = subprocess.run([*DRIVER, "bots", str(out)], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-6:] == ["vs-bots", "hard", "paused", "0", "ticks",
                                          "resumed"], result.stdout
    big_enough(out / "vs-bots.png")


def scan_until_found(game: subprocess.Popen) -> list[dict]:
    """Scan 127.0.0.1:40080 until the game hosting there answers (60 s at most)."""
    import json

    found: list[dict] = []
    end = time.monotonic() + 60
    while not found and time.monotonic() < end and game.poll() is None:
        scan = subprocess.run([sys.executable, "-m", "starlane", "--scan", "--json",
                               "--no-broadcast", "--target", "127.0.0.1:40080",
                               "--timeout", "0.5"], capture_output=True, text=True, timeout=30)
        found = [json.loads(line) for line in scan.stdout.splitlines()]
    return found


def test_host_game_flag_opens_the_window_and_hosts_at_once(env):
    game = subprocess.Popen([sys.executable, "-m", "starlane", "--host-game", "--name", "Lyra",
                             "--bots", "2", "--kills", "3"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        found = scan_until_found(game)
        assert [s["name"] for s in found] == ["Lyra's game"], game.stderr.read() \
            if game.poll() is not None else "no answer"
    finally:
        game.terminate()
        game.wait(timeout=10)


def test_the_host_window_is_killed_and_the_two_joined_windows_play_on(env):
    out = SHOTS / "migration"
    host = subprocess.Popen([sys.executable, "-m", "starlane", "--host-game", "--name", "Vega",
                             "--bots", "1"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    followers = []
    try:
        assert scan_until_found(host), "the host window never answered"
        for name in ("Orion", "Lyra"):
            followers.append(subprocess.Popen(
                [*DRIVER, "follow", str(out), "40080", name], env={
                    **env, "XDG_CONFIG_HOME": f"{env['XDG_CONFIG_HOME']}-{name}"},
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
            lines(followers[-1], "ready")
        for follower in followers:
            lines(follower, "playing", timeout=90)
        host.kill()
        for follower in followers:
            lines(follower, "resumed", timeout=60)
            assert follower.wait(timeout=30) == 0, follower.stderr.read()
    finally:
        for proc in (host, *followers):
            if proc.poll() is None:
                proc.kill()
    for name in ("Orion", "Lyra"):
        for moment in ("before", "after"):
            big_enough(out / f"{name}-{moment}.png")


def test_a_silent_host_is_said_on_screen_with_the_countdown_to_the_takeover(env):
    out = SHOTS / "silent"
    result = subprocess.run([*DRIVER, "silent", str(out)], env=env, capture_output=True,
                            text=True, timeout=90)
    assert result.returncode == 0, result.stdout + result.stderr
    said = result.stdout.splitlines()
    [status] = [line for line in said if line.startswith("status: ")]
    assert re.fullmatch(r"status: Host not answering… you take over in [0-2]\.\d s", status)
    assert "respawn: Destroyed - respawning once the host answers" in said
    assert "ping: ping --" in said
    [graph] = [line for line in said if line.startswith("graph: ")]
    stalled = re.search(r"last state (\d+) ms ago", graph)
    assert stalled and int(stalled[1]) >= 200  # states come every 33 ms while it answers
    assert said[-1] == "serving"
    big_enough(out / "host-silent.png")


def test_closing_the_window_from_the_settings_opened_in_a_game_says_goodbye(env):
    from tests.helpers import free_port

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "starlane", "--server", "--host",
                               "127.0.0.1", "--port", str(port)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)  # read raw: select sees every byte
    try:
        assert b"listening" in server.stdout.readline()
        said = driven("close-in-settings", SHOTS / "close", env, str(port), "Vega")
        assert said[-1] == "closing from SettingsView"
        logged = ""
        end = time.monotonic() + 30  # a silent player is lost well within this
        while "Vega left" not in logged and "Vega lost" not in logged:
            assert time.monotonic() < end, f"the server never said Vega went: {logged}"
            if select.select([server.stderr], [], [], 0.5)[0]:
                logged += os.read(server.stderr.fileno(), 4096).decode()
        assert "Vega left (" in logged, logged  # a goodbye, not a silence
    finally:
        server.kill()
        server.wait(timeout=5)
    big_enough(SHOTS / "close" / "settings-then-close.png")


def test_ctrl_c_of_a_hosted_game_hands_the_match_over(env):
    import signal

    from tests.player_process import spawn

    host = subprocess.Popen([sys.executable, "-m", "starlane", "--host-game", "--name", "Vega"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    players = []
    try:
        assert scan_until_found(host), "the host window never answered"
        for name in ("Orion", "Lyra"):
            players.append(spawn(name, "--join", "127.0.0.1:40080"))
            players[-1].sees({"Vega", *(p.name for p in players)})
        time.sleep(0.5)  # a few states: Orion holds the handover
        host.send_signal(signal.SIGINT)
        assert host.wait(timeout=20) == 0, host.stderr.read()
        for player in players:
            player.wait_for(lambda line: "ships" in line and "Vega" not in line["ships"])
        told = [line["message"] for line in players[1].seen
                if line.get("status") == "reconnecting"]
        assert told == ["Vega left; Orion is now hosting"]
    finally:
        if host.poll() is None:
            host.kill()
        for player in players:
            player.stop()



def test_a_full_game_listed_as_watchable_is_joined_as_a_spectator_who_then_gets_a_seat(env):
    from tests.helpers import headless_server
    from tests.player_process import spawn

    out = SHOTS / "spectate"
    with headless_server("--max-players", "2") as (port, _):
        address = f"127.0.0.1:{port}"
        players = []
        driver = None
        try:
            for name, sees in (("Vega", {"Vega"}), ("Orion", {"Vega", "Orion"}),
                               ("Lyra", {"Vega", "Orion"})):  # Lyra spectates
                players.append(spawn(name, "--join", address))
                players[-1].sees(sees)
            players[0].send("press left")  # Vega circles: the match moves while watched
            driver = subprocess.Popen([*DRIVER, "spectate", str(out), str(port), "Deneb"],
                                      env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True)
            listed = lines(driver, "listed", timeout=90)
            assert any(line.startswith("row: ") and "2/2 +1 watching" in line for line in listed)
            watching = lines(driver, "spectating", timeout=60)
            assert "status: Spectating — you get a seat when one frees" in watching
            assert "help: Spectating    T: chat    Esc: menu    F3: net graph" in watching
            scores = next(line for line in watching if line.startswith("scores: "))
            watchers = scores.split("'WATCHING'")[1]  # under a header of their own
            assert "'Deneb'" in watchers and "'Lyra'" in watchers
            for player in players[:2]:  # both seats free: Lyra (waiting longest), then Deneb
                player.send("leave")
            players[2].sees({"Lyra", "Deneb"})
            lines(driver, "seated", timeout=60)
            assert driver.wait(timeout=30) == 0, driver.stderr.read()
        finally:
            for proc in [p.proc for p in players] + ([driver] if driver else []):
                if proc.poll() is None:
                    proc.kill()
            for player in players:
                player.stop()
    for name in ("lan-list-full.png", "spectating.png", "seated.png"):
        big_enough(out / name)


def test_a_locked_game_in_the_lan_list_asks_for_its_password_and_lets_the_player_in(env):
    from tests.helpers import headless_server

    out = SHOTS / "locked"
    with headless_server("--password", "swordfish", "--name", "Private") as (port, _):
        said = driven("locked", out, env, str(port), "Deneb")
    assert any(line.startswith("row: [locked] Private") for line in said), said
    assert "status: Private is locked: type its password, then Join." in said
    assert said[-1] == "playing"
    for name in ("lan-list-locked.png", "password-prompt.png"):
        big_enough(out / name)


def test_a_match_whose_host_left_stays_in_the_lan_list_under_its_successors_name(env):
    """Vega hosts on this machine and Orion, on it too, takes the match over on another
    port: the window's LAN list (probing Vega's port) lists it again, as Orion's game."""
    from tests.player_process import Party

    out = SHOTS / "relisted"
    party = Party(["Orion"])
    driver = None
    try:
        port = party.old.split(":")[1]
        driver = subprocess.Popen([*DRIVER, "relisted", str(out), port, "Deneb"], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines(driver, "listed", timeout=60)
        party.vega.send("leave")
        serving = party.players["Orion"].wait_for(lambda line: line.get("serving"))["server"]
        rows = json.loads(lines(driver, "relisted", timeout=60)[-2].removeprefix("rows: "))
        assert driver.wait(timeout=30) == 0, driver.stderr.read()
    finally:
        if driver is not None and driver.poll() is None:
            driver.kill()
        party.stop()
    [row] = rows
    assert serving != party.old and row.startswith("Orion's game") and row.endswith(serving)
    for name in ("lan-list-before.png", "lan-list-after.png"):
        big_enough(out / name)


def test_a_window_killed_and_started_again_takes_its_seat_back_and_the_feed_says_so(env):
    from tests.helpers import headless_server

    out = SHOTS / "resume"
    with headless_server() as (port, _):
        crashed = subprocess.Popen([*DRIVER, "crash", str(out), str(port), "Deneb"], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            lines(crashed, "playing", timeout=60)
        finally:
            crashed.kill()
            crashed.wait(timeout=10)
        said = driven("resume", out, env, str(port), "Deneb")
    feed = json.loads(said[-2].removeprefix("feed: "))
    assert "You are back in the game" in feed  # and never "Deneb is back" about ourself
    assert not any("Deneb" in line for line in feed), feed
    big_enough(out / "resumed.png")
