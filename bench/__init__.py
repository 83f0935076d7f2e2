"""The benchmarks (``bench/run.py`` runs them all). Importing the package points the
config folder (settings, saved seats) of every player and server a benchmark makes, in
this process and the ones it starts, at a temporary one: never the user's own."""

import os
import tempfile

_CONFIG = tempfile.TemporaryDirectory(prefix="starlane-bench-")
os.environ["XDG_CONFIG_HOME"] = _CONFIG.name
