#!/usr/bin/env bash
# Builds Starlane for the platform it runs on (PyInstaller does not cross-compile):
# dist/starlane on Linux, dist/starlane.exe on Windows (one file each), dist/Starlane.app on
# macOS (one folder); see packaging/starlane.spec. The CI workflow
# (.github/workflows/build.yml) runs this same script on all three. A separate venv in
# build/venv holds only the game's runtime dependencies (the extra "window" included) plus
# PyInstaller, so a dependency missing from pyproject.toml shows up as a build that fails to
# start, not as a build that works by luck.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}  # the interpreter that makes build/venv
[ -x build/venv/bin/python ] || [ -x build/venv/Scripts/python.exe ] || "$python" -m venv build/venv
venv_python=build/venv/bin/python
[ -x "$venv_python" ] || venv_python=build/venv/Scripts/python.exe
# setuptools builds the wheel in build/lib and keeps what it finds there: files of an older
# layout (top-level net/ and game/ before they became starlane.net/.game) would ship too
rm -rf build/lib build/bdist.*
"$venv_python" -m pip install -q --disable-pip-version-check ".[window]" "pyinstaller==6.22.*"
"$venv_python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/starlane.spec
ls -l dist/
