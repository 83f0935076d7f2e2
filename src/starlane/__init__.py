"""Starlane: a LAN space shooter (``starlane.game``) and the netcode library under it
(``starlane.net``). ``python -m starlane --help`` lists the ways to run the game.

In the source tree the two packages are the top-level folders ``game/`` and ``net/``, and
this one is ``src/starlane/`` (so that no folder at the repository root is named
``starlane`` and shadows an install); ``pyproject.toml`` installs the three under this one
name, so an installed Starlane adds the single top-level import name ``starlane`` to
site-packages.
"""

__version__ = "0.1.0"
