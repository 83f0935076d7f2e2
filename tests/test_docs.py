"""The reference builds, every public name of starlane.net says what it is, and the guide's
runnable examples run (on loopback: the suite runs in a private network namespace)."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import re
import subprocess
import sys
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
