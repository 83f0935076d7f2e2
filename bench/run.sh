#!/usr/bin/env bash
# Installs the benchmark peers (neteria 1.0.2, pygase 0.3.1) and runs every benchmark side
# by side.
# Pass --readme to write the table into README.md. Loopback only; bounded in time (about 6 min; --quick: about 1 min).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh test
.venv/bin/python -m pip install -q --disable-pip-version-check "neteria==1.0.2" "pygase==0.3.1"
exec .venv/bin/python bench/run.py "$@"
