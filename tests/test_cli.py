"""The command line as a user types it: one-line errors, a headless server, a scan."""

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import free_port, wait_until

PY = [sys.executable, "-m", "starlane"]


def run(*args, timeout=10):
    return subprocess.run([*PY, *args], capture_output=True, text=True, timeout=timeout)


def test_help_explains_the_modes():
    out = run("--help").stdout
    for flag in ("--server", "--scan", "--json", "--target", "--max-players", "40080",
                 "--kills", "--time-limit", "--bots", "--bot-skill", "--host-game",
                 "--password", "--keep-replays"):
        assert flag in out


@pytest.mark.parametrize("args,reason", [
    (["--port", "abc"], "port must be a number, not 'abc'"),
    (["--port", "70000"], "port must be 1-65535"),
    (["--max-players", "0"], "must be between 1 and 64"),
    (["--server", "--scan"], "not allowed with argument"),
    (["--bogus"], "unrecognized arguments: --bogus"),
    (["--netsim", "lag=5"], "bad netsim setting 'lag=5'"),
    (["--bots", "-1"], "argument --bots: must be between 0 and 63, not -1"),
    (["--server", "--bots", "abc"], "argument --bots: expected a number, not 'abc'"),
    (["--kills", "0"], "argument --kills: must be between 1 and 100, not 0"),
    (["--server", "--time-limit", "0.5"], "argument --time-limit: must be between 1 and 60, "
                                          "not 0.5"),
    (["--time-limit", "soon"], "argument --time-limit: expected a number, not 'soon'"),
    (["--bot-skill", "godlike"], "argument --bot-skill: invalid choice: 'godlike'"),
    (["--server", "--mode", "ctf"], "argument --mode: invalid choice: 'ctf'"),
    (["--host-game", "--arena", "moon"], "argument --arena: invalid choice: 'moon'"),
    (["--server", "--lives", "0"], "argument --lives: must be between 1 and 99, not 0"),
    (["--lives", "many"], "argument --lives: expected a number, not 'many'"),
    (["--host-game", "--server"], "--host-game opens the window and hosts: not with --server"),
    (["--server", "--password", ""], "--password must have 1-64 characters, not all spaces"),
    (["--scan", "--password", "pw"], "--password goes with --server, --host-game or --connect"),
    (["--server", "--keep-replays", "0"], "argument --keep-replays: must be between 1 and "
                                          "1000, not 0"),
    (["--server", "--keep-replays", "1001"], "--keep-replays: must be between 1 and 1000"),
    (["--server", "--keep-replays", "all"], "--keep-replays: expected a number, not 'all'"),
    (["--server", "--no-record", "--keep-replays", "5"],
     "--keep-replays N goes with recording, not --no-record"),
])
def test_a_bad_flag_prints_one_line_and_exits_2(args, reason):
    result = run(*args)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and reason in result.stderr


def test_an_unresolvable_target_is_one_line_not_a_traceback():
    result = run("--scan", "--no-broadcast", "--target", "no.such.host.invalid")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("starlane: Cannot look up 'no.such.host.invalid'")
    assert "Errno" not in result.stderr


@pytest.fixture
def server_process():
    port = free_port()
    proc = subprocess.Popen([*PY, "--server", "--host", "127.0.0.1", "--port", str(port),
                                  "--name", "CLI Test", "--max-players", "5"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert f"listening on UDP 127.0.0.1:{port}" in proc.stdout.readline()
    yield proc, port
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_the_headless_server_answers_a_json_scan_and_stops_cleanly(server_process):
    proc, port = server_process
    result = run("--scan", "--json", "--no-broadcast", "--target", f"127.0.0.1:{port}",
                 "--timeout", "0.5")
    [line] = result.stdout.splitlines()
    found = json.loads(line)
    assert set(found) == {"name", "host", "port", "protocol_version", "players", "max_players",
                          "spectators", "password", "ping_ms", "mode", "arena"}
    assert found["password"] is False
    assert (found["name"], found["host"], found["port"], found["players"], found["max_players"]) \
        == ("CLI Test", "127.0.0.1", port, 0, 5)
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=5)
    assert proc.returncode == 0 and "Server stopped after" in out


def test_a_server_with_a_password_shows_locked_in_scans_and_never_prints_it():
    port = free_port()
    proc = subprocess.Popen([*PY, "--server", "--host", "127.0.0.1", "--port", str(port),
                             "--password", "swordfish"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = proc.stdout.readline()
        assert "password needed to join" in banner and "swordfish" not in banner
        target = ("--no-broadcast", "--target", f"127.0.0.1:{port}", "--timeout", "0.5")
        [line] = run("--scan", "--json", *target).stdout.splitlines()
        assert json.loads(line)["password"] is True
        text = run("--scan", *target).stdout
        assert "locked" in text.splitlines()[1] and "swordfish" not in text
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=5)
        assert "swordfish" not in out + err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_signal_after_the_banner_ends_the_server_with_exit_0(server_process, signum):
    proc, _ = server_process
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "Server stopped after" in out and "Traceback" not in err


def catches(pid: int, signum: int) -> bool:
    """Whether the process has a handler for ``signum`` (SigCgt in /proc/PID/status)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) >> (signum - 1) & 1)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_signal_while_the_server_still_loads_ends_it_with_exit_0(signum):
    """Sent at the first instant Python code runs (the interpreter does not catch SIGTERM
    itself, so a caught SIGTERM means ``python -m starlane`` has run its first line): long
    before the imports, the socket and the banner."""
    proc = subprocess.Popen([*PY, "--server", "--host", "127.0.0.1", "--port", str(free_port())],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_until(lambda: catches(proc.pid, signal.SIGTERM), timeout=30)
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0 and "Traceback" not in err, err
    assert "Server stopped after" in out


def test_a_second_server_on_the_same_port_says_why_it_cannot_start(server_process):
    _, port = server_process
    result = run("--server", "--host", "127.0.0.1", "--port", str(port))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"starlane: cannot listen on 127.0.0.1:{port}: Address already in use")


def test_a_plain_scan_finds_a_server_on_this_machine(server_process):
    _, port = server_process
    result = run("--scan", "--port", str(port), "--timeout", "0.5")
    assert "CLI Test" in result.stdout and f"127.0.0.1:{port}" in result.stdout
    assert "PROTOCOL" in result.stdout


def test_with_no_broadcast_an_empty_scan_does_not_blame_the_interfaces():
    result = run("--scan", "--no-broadcast", "--port", str(free_port()), "--timeout", "0.2")
    assert result.returncode == 0 and "No server answered" in result.stdout
    assert "interface" not in result.stdout


def test_version_names_the_game_and_the_protocol():
    assert run("--version").stdout.strip() == "starlane 0.1.0 (Neteria protocol 1.0.2)"


def test_a_text_scan_with_no_answer_says_what_it_probed():
    port = free_port()
    result = run("--scan", "--no-broadcast", "--target", f"127.0.0.1:{port}", "--timeout", "0.2")
    assert result.returncode == 0
    assert (f"No server answered within 0.2 s (probed 127.0.0.1:40080, 127.0.0.1:{port})"
            in result.stdout)  # this machine first, as the window's LAN list does


def test_connect_to_an_unresolvable_host_is_one_line_and_exit_1_before_any_window():
    result = run("--connect", "no.such.host.invalid:40080")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("starlane: Cannot look up 'no.such.host.invalid'")


def test_more_bots_than_seats_are_capped_and_the_server_says_so():
    port = free_port()
    proc = subprocess.Popen([*PY, "--server", "--host", "127.0.0.1", "--port", str(port),
                             "--max-players", "3", "--bots", "5", "--kills", "4",
                             "--time-limit", "2"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip().endswith(
            "up to 3 players; ffa on field; rounds: first to 4 kills or 2 min, 3 normal bots. "
            "Ctrl-C to stop.")
        assert proc.stderr.readline().strip() == (
            "starlane: asked for 5 bots but there are only 3 seats (--max-players): starting 3")
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=5)


def test_more_bots_than_a_hosted_game_seats_are_capped_with_one_warning():
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run([*PY, "--host-game", "--bots", "20"], capture_output=True,
                            text=True, timeout=60, env=env)
    assert ("asked for 20 bots but a hosted game has 8 seats, one of them yours: starting 7"
            in result.stderr)


def test_the_scan_table_keeps_its_columns_in_line_when_a_game_has_watchers():
    from starlane.game.cli import scan_table
    from starlane.net import ServerInfo

    table = scan_table([
        ServerInfo("Full", "127.0.0.2", 40080, "1.0.2", 1, 1, 1.0, 0.0, spectators=1),
        ServerInfo("Open", "127.0.0.3", 40080, "1.0.2", 2, 8, 1.0, 0.0)])
    header, *rows = table
    assert "1/1 +1 watching" in rows[0]
    for row in rows:  # the ping ends where PING does; the version starts under PROTOCOL
        assert row.index("ms") + len("ms") == header.index("PING") + len("PING")
        assert row.index("1.0.2") == header.index("PROTOCOL")
