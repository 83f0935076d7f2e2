"""What packaging/starlane.spec asks PyInstaller to build on each platform.

Windows and macOS cannot be built here, so the spec is evaluated as PyInstaller does
(exec with SPECPATH, workpath and its classes in the namespace), with stand-ins for
Analysis/PYZ/EXE/COLLECT/BUNDLE that record how they were called, under a patched
sys.platform. The real builds run in .github/workflows/build.yml.
"""

import subprocess
import sys
from pathlib import Path

import pytest

import starlane

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "starlane.spec"
BUILD_PYTHON = ROOT / "build" / "venv" / "bin" / "python"


class Target:
    """Records one PyInstaller target: its arguments, in the order the spec built it."""

    built: list["Target"]

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        self.built.append(self)


class Analysis(Target):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pure, self.scripts = "analysis.pure", "analysis.scripts"
        self.binaries, self.datas = "analysis.binaries", "analysis.datas"


def evaluate_spec(platform: str, workpath: Path, monkeypatch) -> dict[str, list[Target]]:
    """The targets the spec builds on ``platform``, by class name."""
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec prepends SPECPATH
    built: list[Target] = []
    classes = {"Analysis": Analysis, **{name: type(name, (Target,), {}) for name in
                                        ("PYZ", "EXE", "COLLECT", "BUNDLE", "MERGE")}}
    for cls in classes.values():
        cls.built = built
    namespace = {"SPECPATH": str(SPEC.parent), "workpath": str(workpath), **classes}
    exec(compile(SPEC.read_text(), str(SPEC), "exec"), namespace)
    by_class: dict[str, list[Target]] = {}
    for target in built:
        by_class.setdefault(type(target).__name__, []).append(target)
    return by_class


def assert_icon_is_ours(target: Target):
    assert Path(target.kwargs["icon"]) == ROOT / "assets" / "icon.png"


def one_file_exe(targets: dict[str, list[Target]], console: bool) -> Target:
    """The build's only target: one ``starlane`` executable with the binaries and data
    inside (no COLLECT, no BUNDLE)."""
    assert set(targets) == {"Analysis", "PYZ", "EXE"}
    [exe] = targets["EXE"]
    assert {"analysis.binaries", "analysis.datas"} <= set(exe.args)
    assert not exe.kwargs.get("exclude_binaries")
    assert exe.kwargs["name"] == "starlane" and exe.kwargs["console"] is console
    return exe


def test_linux_builds_one_console_file_with_everything_inside(tmp_path, monkeypatch):
    one_file_exe(evaluate_spec("linux", tmp_path, monkeypatch), console=True)


def test_windows_builds_one_windowed_exe_with_icon_and_version_resource(tmp_path, monkeypatch):
    exe = one_file_exe(evaluate_spec("win32", tmp_path, monkeypatch), console=False)
    assert_icon_is_ours(exe)
    resource = Path(exe.kwargs["version"]).read_text(encoding="utf-8")
    assert f"StringStruct('ProductVersion', '{starlane.__version__}')" in resource
    assert f"StringStruct('FileVersion', '{starlane.__version__}')" in resource


def test_macos_builds_a_one_folder_app_bundle_not_one_file_in_an_app(tmp_path, monkeypatch):
    targets = evaluate_spec("darwin", tmp_path, monkeypatch)
    [app], [coll], [exe] = targets["BUNDLE"], targets["COLLECT"], targets["EXE"]
    assert app.args == (coll,), "BUNDLE must wrap the COLLECT folder, not a one-file EXE"
    assert coll.args[0] is exe and {"analysis.binaries", "analysis.datas"} <= set(coll.args)
    assert exe.kwargs["exclude_binaries"] is True
    assert not {"analysis.binaries", "analysis.datas"} & set(exe.args)
    assert exe.kwargs["console"] is False
    assert app.kwargs["name"] == "Starlane.app"
    assert_icon_is_ours(app)
    assert app.kwargs["version"] == starlane.__version__  # CFBundleShortVersionString
    plist = app.kwargs["info_plist"]
    assert plist["CFBundleVersion"] == starlane.__version__
    assert plist["NSHighResolutionCapable"] is True
    assert "local network" in plist["NSLocalNetworkUsageDescription"]
    assert app.kwargs["bundle_identifier"] == "net.starlane.game"


@pytest.mark.skipif(not BUILD_PYTHON.exists(), reason="no build venv: run packaging/build.sh")
def test_pyinstaller_reads_and_encodes_the_windows_version_resource(tmp_path, monkeypatch):
    [exe] = evaluate_spec("win32", tmp_path, monkeypatch)["EXE"]
    # versioninfo imports pefile and win32api, there on Windows only and used only to read
    # and patch executables, which this does not do: stand-ins let it load on Linux. Its
    # binary layout uses Windows' 4-byte longs, so only the parse and the encode run here.
    check = ("import sys, types; sys.modules['pefile'] = types.ModuleType('pefile'); "
             "import PyInstaller.compat as compat; compat.win32api = None; "
             "from PyInstaller.utils.win32 import versioninfo as v; "
             f"info = v.load_version_info_from_text_file({exe.kwargs['version']!r}); "
             "assert info.toRaw(); print(info)")
    done = subprocess.run([str(BUILD_PYTHON), "-c", check], capture_output=True, text=True,
                          timeout=60, check=True)
    numbers = (*(int(n) for n in starlane.__version__.split(".")), 0)
    assert f"filevers={numbers[:4]}" in done.stdout
    assert f"StringStruct('ProductVersion', '{starlane.__version__}')" in done.stdout


@pytest.mark.skipif(not BUILD_PYTHON.exists(), reason="no build venv: run packaging/build.sh")
@pytest.mark.parametrize(("kind", "magic"), [("ico", b"\x00\x00\x01\x00"), ("icns", b"icns")])
def test_pyinstaller_turns_our_png_icon_into_the_platforms_format(kind, magic, tmp_path):
    # The build venv has Pillow because arcade depends on it; PyInstaller converts with it.
    convert = ("from PyInstaller.building.icon import normalize_icon_type; "
               f"print(normalize_icon_type({str(ROOT / 'assets' / 'icon.png')!r}, "
               f"({kind!r},), {kind!r}, {str(tmp_path)!r}))")
    done = subprocess.run([str(BUILD_PYTHON), "-c", convert], capture_output=True, text=True,
                          timeout=60, check=True)
    assert Path(done.stdout.strip()).read_bytes()[:4] == magic
