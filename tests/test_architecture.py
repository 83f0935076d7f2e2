"""Layering that a grep can prove, read from the source tree itself (nothing kept by hand):
the layers of net/ and the roles of game/, sans-IO protocol code, the game on the library's
public API, and no import circle anywhere."""

import ast
import pathlib
import subprocess
import sys

import pytest

import starlane.net

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCES = sorted([*(ROOT / "net").rglob("*.py"), *(ROOT / "game").rglob("*.py")])
NET_LAYERS = ["sync", "wire", "link", "ends", "io"]
"""net/'s layers, lowest first: a module imports only from its own layer and lower ones
(the asyncio adapter, net/aio.py, sits with io; net/__init__.py gathers them all)."""
SANS_IO_LAYERS = ["sync", "wire", "link", "ends"]
IO_MODULES = {"socket", "threading", "time", "random", "select", "selectors", "asyncio"}
SEEDED = {"net/link/netsim.py"}
"""Draws only from ``random.Random(spec.seed)``: its randomness is a parameter, not I/O."""
GAME_ROLES = {"core": set(), "server": {"core"}, "client": {"core", "server"},
              "ui": {"core", "client", "server"}}
"""Which other roles of game/ each may import (a client that takes over a match serves
it, so the client side may start the server side; nothing imports ui/)."""


def module_name(path: pathlib.Path) -> str:
    """``net/io/udp.py`` is ``starlane.net.io.udp``; a package is its ``__init__``."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["starlane", *parts])


MODULES = {module_name(p): p for p in SOURCES}


def imports(path: pathlib.Path) -> set[str]:
    """Full names of the modules a file imports anywhere (inside functions and under
    TYPE_CHECKING too), relative imports resolved; ``from pkg import sub`` counts ``sub``."""
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            subs = {f"{module}.{a.name}" for a in node.names} & MODULES.keys()
            names |= subs if subs else {module}
    return names


def top_levels(path: pathlib.Path) -> set[str]:
    return {name.split(".")[0] for name in imports(path)}


def layer_of(path: pathlib.Path) -> str | None:
    """net/'s layer (``aio.py`` counts as io) or game/'s role of a file; None for the
    packages' top-level modules."""
    parts = path.relative_to(ROOT).parts
    if len(parts) > 2:
        return parts[1]
    return "io" if parts == ("net", "aio.py") else None


def rel(path: pathlib.Path) -> str:
    return path.relative_to(ROOT).as_posix()


NET = [p for p in SOURCES if rel(p).startswith("net/")]
GAME = [p for p in SOURCES if rel(p).startswith("game/")]


@pytest.mark.parametrize("module", [rel(p) for p in NET if layer_of(p) in SANS_IO_LAYERS])
def test_protocol_modules_touch_no_socket_thread_clock_or_randomness(module):
    allowed = {"random"} if module in SEEDED else set()
    assert top_levels(ROOT / module) & (IO_MODULES - allowed) == set()


def test_the_sans_io_layers_hold_the_protocol():
    sans_io = {rel(p) for p in NET if layer_of(p) in SANS_IO_LAYERS}
    assert {"net/ends/server.py", "net/ends/client.py", "net/wire/messages.py",
            "net/link/connection.py", "net/ends/migration.py", "net/ends/handover.py",
            "net/wire/packing.py", "net/link/netsim.py"} <= sans_io


@pytest.mark.parametrize("module", [rel(p) for p in NET])
def test_net_never_imports_the_game_or_arcade(module):
    assert not {n for n in imports(ROOT / module)
                if n.split(".")[:2] == ["starlane", "game"] or n.split(".")[0] in
                ("arcade", "pyglet")}


@pytest.mark.parametrize("module", [rel(p) for p in NET if layer_of(p)])
def test_a_net_module_imports_only_its_own_and_lower_layers(module):
    rank = NET_LAYERS.index(layer_of(ROOT / module))
    reached = {MODULES[n] for n in imports(ROOT / module) if n in MODULES}
    higher = {rel(p) for p in reached if layer_of(p) in NET_LAYERS[rank + 1:]}
    assert higher == set()
    assert "starlane.net" not in imports(ROOT / module)  # not the package's own front door


def test_only_the_adapters_use_sockets():
    users = {rel(p) for p in NET if "socket" in top_levels(p)}
    assert users and all(layer_of(ROOT / u) == "io" for u in users)


@pytest.mark.parametrize("example", sorted(p.name for p in (ROOT / "examples").glob("*.py")))
def test_the_examples_use_starlane_net_alone(example):
    source = (ROOT / "examples" / example).read_text()
    assert "starlane.game" not in source


def public_api_imports(path: pathlib.Path) -> list[str]:
    """What a file takes from ``starlane.net`` beyond its promise: a name not in
    ``__all__``, or a submodule path (``starlane.net.io.udp``) instead of the front door."""
    wrong = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("starlane.net"):
            if node.module != "starlane.net":
                wrong.append(f"from {node.module}")
            wrong += [a.name for a in node.names if a.name not in starlane.net.__all__]
        elif isinstance(node, ast.Import):
            wrong += [a.name for a in node.names if a.name.startswith("starlane.net.")]
        elif isinstance(node, ast.ImportFrom) and node.level and node.module \
                and node.module.split(".")[0] == "net":
            wrong.append(f"relative import of {node.module}")
    return wrong


@pytest.mark.parametrize("module", [rel(p) for p in GAME])
def test_the_game_uses_only_what_starlane_net_promises(module):
    assert public_api_imports(ROOT / module) == []


def test_the_public_api_check_catches_an_internal_import(tmp_path):
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("from starlane.net.link._acks import AckState\n"
                      "from starlane.net import ServerProtocol, Outbox\n")
    assert public_api_imports(sneaky) == ["from starlane.net.link._acks", "AckState",
                                          "Outbox"]


@pytest.mark.parametrize("module", [rel(p) for p in GAME if layer_of(p)])
def test_a_game_role_imports_only_the_roles_below_it(module):
    role = layer_of(ROOT / module)
    reached = {layer_of(MODULES[n]) for n in imports(ROOT / module)
               if n.startswith("starlane.game.") and n in MODULES}
    assert reached - {role, None} <= GAME_ROLES[role]


@pytest.mark.parametrize("module", [rel(p) for p in GAME if layer_of(p) != "ui"])
def test_pyglet_and_arcade_are_imported_only_under_ui(module):
    assert top_levels(ROOT / module) & {"arcade", "pyglet"} == set()


def cycles() -> list[list[str]]:
    """The import circles among net/ and game/ (Tarjan's strongly connected components of
    more than one module, or a module importing itself)."""
    graph = {name: {n for n in imports(path) if n in MODULES} for name, path in MODULES.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for succ in graph[node]:
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                found.append(sorted(component))

    for name in graph:
        if name not in index:
            visit(name)
    return found


def test_no_import_circle_in_net_or_game_counting_imports_inside_functions():
    assert cycles() == []


EXTERNAL_PRIVATES = {"sys._MEIPASS"}  # PyInstaller's documented bundle folder


def own_privates(cls: ast.ClassDef) -> set[str]:
    """The ``_names`` a class defines: its methods and class attributes, and what its
    methods assign to ``self._name``."""
    names = {n.name for n in cls.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    names |= {t.id for n in cls.body if isinstance(n, ast.Assign | ast.AnnAssign)
              for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
              if isinstance(t, ast.Name)}
    names |= {n.attr for n in ast.walk(cls) if isinstance(n, ast.Attribute)
              and isinstance(n.value, ast.Name) and n.value.id == "self"}
    return {name for name in names if name.startswith("_")}


def foreign_private_accesses(path: pathlib.Path) -> list[str]:
    """``x._name`` where ``x`` is not ``self`` or ``cls`` and ``_name`` is not a member of
    the class the code is in (a classmethod building its own instance may touch it)."""
    found = []

    def walk(node: ast.AST, own: set[str]) -> None:
        if isinstance(node, ast.ClassDef):
            own = own_privates(node)
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                and not node.attr.startswith("__") and node.attr not in own \
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")) \
                and ast.unparse(node) not in EXTERNAL_PRIVATES:
            found.append(f"{node.lineno}: {ast.unparse(node)}")
        for child in ast.iter_child_nodes(node):
            walk(child, own)

    walk(ast.parse(path.read_text()), set())
    return found


@pytest.mark.parametrize("module", [rel(p) for p in SOURCES])
def test_nothing_outside_a_class_touches_its_private_members(module):
    assert foreign_private_accesses(ROOT / module) == []


def test_the_private_access_check_catches_a_function_reaching_into_an_object(tmp_path):
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("class A:\n    def _own(self): return self._x\n"
                      "    @classmethod\n    def make(cls):\n        a = cls(); a._own()\n"
                      "def reach(server):\n    return server._by_address\n")
    assert foreign_private_accesses(sneaky) == ["7: server._by_address"]


def test_the_headless_server_path_loads_no_arcade_at_run_time():
    code = ("import sys, starlane.game.cli, starlane.game.server.game_server; "
            "starlane.game.cli.build_parser(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('arcade', 'pyglet')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=30, check=True, env={"PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "[]"
