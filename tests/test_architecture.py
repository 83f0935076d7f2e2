"""Layering that a grep can prove: sans-IO protocol modules, and net/ knowing nothing of game/."""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SANS_IO = ["net/messages.py", "net/server.py", "net/client.py", "net/discovery.py",
           "net/acks.py", "net/sync.py", "net/retransmit.py", "net/ratelimit.py",
           "net/connection.py", "net/channels.py", "net/seats.py", "net/middleware.py",
           "net/serverconfig.py", "net/client_api.py"]
IO_MODULES = {"socket", "threading", "time", "random", "select", "asyncio"}


PACKAGES = {"net": "starlane.net", "game": "starlane.game", "ui": "starlane.game.ui",
            "examples": "examples"}


def imported_modules(path: pathlib.Path) -> set[str]:
    """Full names of the modules a file imports, relative imports resolved against the
    installed package the file belongs to (``net/x.py`` is ``starlane.net.x``)."""
    package = PACKAGES[path.parent.name].split(".")
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            names.add(".".join([*base, *([node.module] if node.module else [])]))
    return names


def imported(path: pathlib.Path) -> set[str]:
    """Top-level names imported, and each starlane subpackage a file reaches into."""
    names = set()
    for name in imported_modules(path):
        parts = name.split(".")
        names.add(parts[0] if parts[0] != "starlane" else ".".join(parts[:2]))
    return names


@pytest.mark.parametrize("module", SANS_IO)
def test_protocol_modules_touch_no_socket_thread_clock_or_randomness(module):
    assert imported(ROOT / module) & IO_MODULES == set()


@pytest.mark.parametrize("module", sorted(p.name for p in (ROOT / "net").glob("*.py")))
def test_net_never_imports_the_game_or_arcade(module):
    assert imported(ROOT / "net" / module) & {"starlane.game", "arcade", "pyglet"} == set()


@pytest.mark.parametrize("example", sorted(p.name for p in (ROOT / "examples").glob("*.py")))
def test_the_examples_use_starlane_net_alone(example):
    assert "starlane.game" not in imported(ROOT / "examples" / example)


def test_only_the_adapters_and_their_shared_socket_module_use_sockets():
    users = {p.name for p in (ROOT / "net").glob("*.py") if "socket" in imported(p)}
    assert users == {"udp.py", "aio_endpoint.py", "sockets.py"}


@pytest.mark.parametrize("module", ["sim", "rules", "netstate", "server", "prediction",
                                    "session", "settings", "match", "bots", "chat", "feed",
                                    "match_options", "controls"])
def test_the_simulation_server_and_cli_do_not_import_arcade(module):
    assert imported(ROOT / "game" / f"{module}.py") & {"arcade", "pyglet"} == set()


def test_the_headless_server_path_loads_no_arcade_at_run_time():
    import subprocess
    import sys

    code = ("import sys, starlane.game.cli, starlane.game.server; "
            "starlane.game.cli.build_parser(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('arcade', 'pyglet')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=30, check=True, env={"PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "[]"
