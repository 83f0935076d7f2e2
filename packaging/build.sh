#!/usr/bin/env bash
# Builds dist/starlane (dist/starlane.exe on Windows): one file, for the platform it runs on
# (PyInstaller does not cross-compile). A separate venv in build/venv holds only the game's
# runtime dependencies plus PyInstaller, so a dependency missing from pyproject.toml shows
# up as a build that fails to start, not as a build that works by luck.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
[ -x build/venv/bin/python ] || [ -x build/venv/Scripts/python.exe ] || "$python" -m venv build/venv
venv_python=build/venv/bin/python
[ -x "$venv_python" ] || venv_python=build/venv/Scripts/python.exe
"$venv_python" -m pip install -q --disable-pip-version-check . "pyinstaller==6.22.*"
# -P: analyse the installed starlane package, not the source tree's starlane/ folder
"$venv_python" -P -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/starlane.spec
ls -l dist/
