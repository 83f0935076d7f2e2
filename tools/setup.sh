#!/usr/bin/env bash
# Installs what Starlane needs on a fresh Debian/Ubuntu machine, idempotently:
#   tools/setup.sh        system packages for playing + .venv with the game
#   tools/setup.sh test   the same plus what the test suite needs
# Installs happen here, outside any private network namespace.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-play}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need=()
python3 -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null \
  || { echo "Starlane needs Python 3.11 or newer as python3." >&2; exit 1; }
python3 -m venv --help >/dev/null 2>&1 && python3 -c 'import ensurepip' 2>/dev/null \
  || need+=(python3-venv)
has_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
for pkg in libgl1 fonts-dejavu-core; do  # OpenGL for the window, a font for its text
  has_pkg "$pkg" || need+=("$pkg")
done
if [ "$mode" = test ]; then
  command -v ip >/dev/null || need+=(iproute2)
  command -v unshare >/dev/null || need+=(util-linux)
  command -v Xvfb >/dev/null || need+=(xvfb)  # window tests on a virtual screen
  command -v import >/dev/null || need+=(imagemagick)  # screenshots of the built executable
  has_pkg libgl1-mesa-dri || need+=(libgl1-mesa-dri)  # Mesa llvmpipe: OpenGL without a GPU
fi
say() { echo "starlane setup: $*" >&2; }  # stderr: ./play --scan --json keeps a clean stdout
if [ ${#need[@]} -gt 0 ]; then
  say "installing system packages with apt-get (needs sudo): ${need[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  say "first run: creating a Python environment in .venv (this happens once)"
  python3 -m venv .venv
fi
# pip takes seconds even when nothing is missing: skip it while pyproject.toml is what the
# venv was last installed from (the game itself is an editable install: code needs none)
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
installed() { [ "$(cat ".venv/.installed-$1" 2>/dev/null)" = "$wanted" ]; }
if installed "$mode" || { [ "$mode" = play ] && installed test; }; then
  exit 0
fi
# the game window's packages (the extra "window") for playing; the tests' on top (their
# extra "test" includes "window")
extra="[window]"
[ "$mode" = test ] && extra="[test]"
packages="$(python3 - "$mode" <<'PY'
import re, sys, tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
extras = project["optional-dependencies"]
wanted = project["dependencies"] + extras["window"]
if sys.argv[1] == "test":
    wanted += extras["test"]
names = (re.split(r"[<>=!~\[; ]", spec)[0] for spec in wanted)
print(", ".join(name for name in names if name != project["name"]))
PY
)"
say "installing Starlane and the Python packages it needs into .venv: $packages"
say "(the first time this downloads them and takes a while; later runs skip it)"
started=$SECONDS
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extra}"
echo "$wanted" > ".venv/.installed-$mode"
say "ready after $((SECONDS - started)) s"
