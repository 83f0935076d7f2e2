"""The game's version for the build: read from ``src/starlane/__init__.py`` without importing
the package (the spec runs in the build venv, the smoke check in any Python), and the
Windows version resource made from it.

Used by ``packaging/starlane.spec`` and ``packaging/smoke.py``; stdlib only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read_version(root: Path = ROOT) -> str:
    """``starlane.__version__`` as written in ``src/starlane/__init__.py`` (e.g. ``"0.1.0"``)."""
    source = (root / "src" / "starlane" / "__init__.py").read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id == "__version__"):
            version = ast.literal_eval(node.value)
            if isinstance(version, str):
                return version
    raise ValueError(f"no __version__ = '...' line in {root / 'starlane' / '__init__.py'}")


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """The four 16-bit numbers Windows shows for a version: ``"0.1.0"`` -> (0, 1, 0, 0);
    a pre-release or local suffix (``"1.2rc1"``, ``"1.2+git"``) keeps only its release part."""
    release = re.match(r"\d+(\.\d+)*", version)
    if release is None:
        raise ValueError(f"version {version!r} does not start with a number")
    numbers = [min(int(n), 0xFFFF) for n in release.group().split(".")][:4]
    first, second, third, fourth = numbers + [0] * (4 - len(numbers))
    return first, second, third, fourth


def windows_version_resource(version: str) -> str:
    """PyInstaller's text form of a Windows version resource (what
    ``PyInstaller.utils.win32.versioninfo.load_version_info_from_text_file`` reads): the
    numbers in the file's Properties > Details, and the strings beside them."""
    numbers = version_numbers(version)
    strings = {
        "CompanyName": "Starlane",
        "FileDescription": "Starlane: a LAN space shooter",
        "FileVersion": version,
        "InternalName": "starlane",
        "LegalCopyright": "MIT License",
        "OriginalFilename": "starlane.exe",
        "ProductName": "Starlane",
        "ProductVersion": version,
    }
    table = ",\n        ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,  # Windows NT, 32-bit Windows API
    fileType=0x1,  # an application
    subtype=0x0,
    date=(0, 0)),
  kids=[
    StringFileInfo([
      StringTable('040904B0', [  # US English, Unicode
        {table}])]),
    VarFileInfo([VarStruct('Translation', [0x0409, 1200])])
  ]
)
"""
