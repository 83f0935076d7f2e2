"""The reference builds, every public name of starlane.net says what it is, and the guide's
runnable examples run (on loopback: the suite runs in a private network namespace)."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import re
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

import starlane.net

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "guide.md"
sys.path.insert(0, str(ROOT / "tools"))
import build_docs  # noqa: E402  (tools/ is not a package)


def public(package: types.ModuleType, name: str) -> object:
    """``package.name`` as ``from package import *`` finds it: a name in ``__all__`` that
    the package does not import itself (``aio``, which would load asyncio) is a submodule."""
    if hasattr(package, name):
        return getattr(package, name)
    return importlib.import_module(f"{package.__name__}.{name}")


def public_modules(package: types.ModuleType) -> list[types.ModuleType]:
    """The submodules a package's ``__all__`` lists: the ones pdoc documents."""
    return [obj for obj in (public(package, name) for name in package.__all__)
            if inspect.ismodule(obj)]


def _own_doc(cls: type) -> str | None:
    doc = cls.__dict__.get("__doc__")
    if dataclasses.is_dataclass(cls) and doc and doc.startswith(f"{cls.__name__}("):
        return None  # the signature dataclass writes when the class has no docstring
    return doc


def _undocumented_members(cls: type, where: str) -> list[str]:
    missing = []
    for name, member in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(member, property):
            doc = member.__doc__
        elif inspect.isfunction(getattr(member, "__func__", member)):
            doc = inspect.getdoc(getattr(cls, name))  # an override inherits its base's doc
        else:
            continue
        if not doc:
            missing.append(f"{where}.{name}")
    return missing


def undocumented(module: types.ModuleType) -> list[str]:
    """Public classes, functions and methods of ``module`` without a docstring: those in
    its ``__all__``, else every name not ``_``-prefixed that it defines (not imports), as
    pdoc chooses them."""
    names = getattr(module, "__all__", None) or [
        name for name, obj in vars(module).items()
        if not name.startswith("_") and getattr(obj, "__module__", None) == module.__name__]
    missing = []
    for name in names:
        obj = public(module, name)
        where = f"{getattr(obj, '__module__', module.__name__)}.{name}"  # where it is defined
        if inspect.isclass(obj):
            if not _own_doc(obj):
                missing.append(where)
            missing += _undocumented_members(obj, where)
        elif inspect.isfunction(obj) and not obj.__doc__:
            missing.append(where)
    return missing


def test_every_public_name_of_starlane_net_has_a_docstring():
    missing = set(undocumented(starlane.net))  # a re-export is named once, where it is defined
    for module in public_modules(starlane.net):
        missing.update(undocumented(module))
    assert not missing, "public names without a docstring:\n  " + "\n  ".join(sorted(missing))


def instance_attributes(cls: type) -> set[str]:
    """The public attributes ``__init__`` (its own or a base's) sets on ``self``: help()
    and pdoc show them only where the class's docstring names them."""
    names = set()
    for klass in cls.__mro__:
        init = vars(klass).get("__init__")
        if not inspect.isfunction(init):
            continue
        for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(init)))):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and \
                    isinstance(node.value, ast.Name) and node.value.id == "self":
                names.add(node.attr)
    return {name for name in names if not name.startswith("_")}


def unsaid_attributes(cls: type) -> list[str]:
    """``cls``'s public instance attributes that its docstring does not name (as
    ````name````) and that are not a documented property."""
    doc = _own_doc(cls) or ""
    return sorted(name for name in instance_attributes(cls)
                  if f"``{name}``" not in doc
                  and not (isinstance(getattr(cls, name, None), property)
                           and getattr(cls, name).__doc__))


def public_classes() -> list[type]:
    """The classes a user of starlane.net meets: in its ``__all__``, in ``aio``'s, and
    defined in a public module; dataclasses show their fields in their signature."""
    found: dict[type, None] = {}
    for module in [starlane.net, public(starlane.net, "aio"), *public_modules(starlane.net)]:
        names = getattr(module, "__all__", None) or [
            name for name, obj in vars(module).items()
            if not name.startswith("_") and getattr(obj, "__module__", None) == module.__name__]
        for obj in (public(module, name) for name in names):
            if inspect.isclass(obj) and not dataclasses.is_dataclass(obj):
                found[obj] = None
    return list(found)


def test_every_public_attribute_is_in_its_class_docstring():
    unsaid = {f"{cls.__module__}.{cls.__name__}": missing for cls in public_classes()
              if (missing := unsaid_attributes(cls))}
    assert unsaid == {}


def test_the_classes_a_newcomer_meets_first_are_checked_for_their_attributes():
    checked = {cls.__name__ for cls in public_classes()}
    assert {"ClientProtocol", "ServerProtocol", "UdpEndpoint", "UdpClient", "AsyncClient",
            "AsyncServer", "ServerThread"} <= checked
    assert {"cuuid", "status", "pid", "pending"} <= instance_attributes(
        starlane.net.ClientProtocol)


def test_the_attribute_check_finds_an_unsaid_one():
    class Said:
        """Has ``told`` and a ``shown`` property."""

        def __init__(self) -> None:
            self.told, self.untold, self._own = 1, 2, 3

        @property
        def shown(self) -> int:
            """A documented property."""
            return 4

    assert unsaid_attributes(Said) == ["untold"]


def test_the_docstring_check_finds_what_lacks_one(tmp_path, monkeypatch):
    (tmp_path / "half_said.py").write_text(
        "from dataclasses import dataclass\n"
        "from os.path import join  # imported: not this module's to document\n\n"
        "class Said:\n    'A class that says.'\n"
        "    def quiet(self): pass\n"
        "    def _private(self): pass\n\n"
        "@dataclass\nclass Bare:\n    x: int = 0\n\n"
        "def silent(): pass\n\n"
        "def _hidden(): pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    half_said = importlib.import_module("half_said")
    assert sorted(undocumented(half_said)) == [
        "half_said.Bare", "half_said.Said.quiet", "half_said.silent"]


def test_the_reference_builds_without_warnings(tmp_path):
    built = subprocess.run([sys.executable, str(ROOT / "tools" / "build_docs.py"),
                            str(tmp_path)], capture_output=True, text=True, timeout=120,
                           check=False)
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""
    for module in public_modules(starlane.net):
        assert (tmp_path / (module.__name__.replace(".", "/") + ".html")).is_file()
    landing = (tmp_path / "starlane" / "net.html").read_text(encoding="utf-8")
    assert "Stability promise" in landing
    assert "Your first server and client" in landing  # the guide, included
    assert 'href="../protocol.html' in landing
    assert (tmp_path / "protocol.html").is_file()
    assert not (tmp_path / "starlane" / "game.html").exists()
    assert not (tmp_path / "starlane" / "net" / "channels.html").exists()  # internal


def test_a_pdoc_warning_fails_the_build(tmp_path, monkeypatch):
    source = tmp_path / "src"
    source.mkdir()
    (source / "broken_annotation.py").write_text(
        '"""A module whose annotation names nothing."""\n\n\n'
        'def f(x: "NoSuchType") -> None:\n    """Takes an x."""\n')
    monkeypatch.syspath_prepend(str(source))
    problems = build_docs.reference(tmp_path / "out", "broken_annotation")
    assert any("NoSuchType" in problem for problem in problems)


def runnable_blocks(markdown: str) -> list[str]:
    """The ```python blocks right after a ``<!-- runnable -->`` line."""
    return re.findall(r"<!-- runnable -->\n```python\n(.*?)\n```", markdown, re.DOTALL)


def test_the_guide_has_runnable_examples():
    assert runnable_blocks(GUIDE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("index", range(len(runnable_blocks(GUIDE.read_text(encoding="utf-8")))))
def test_a_runnable_guide_example_runs(index, tmp_path):
    code = runnable_blocks(GUIDE.read_text(encoding="utf-8"))[index]
    script = tmp_path / "example.py"
    script.write_text(code)
    ran = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=60, cwd=tmp_path, check=False)
    assert ran.returncode == 0, ran.stdout + ran.stderr


def test_importing_starlane_net_loads_no_game_code():
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, starlane.net; "
         "print(sorted(m for m in sys.modules if m.startswith(('starlane.game', 'arcade'))))"],
        capture_output=True, text=True, timeout=60, check=True)
    assert loaded.stdout.strip() == "[]"


def test_every_name_in_all_exists():
    assert [name for name in starlane.net.__all__ if not hasattr(starlane.net, name)] == []
