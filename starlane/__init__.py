"""Starlane: a LAN space shooter (``starlane.game``) and the netcode library under it
(``starlane.net``). ``python -m starlane --help`` lists the ways to run the game.

In the source tree the two packages are the top-level folders ``game/`` and ``net/``;
``pyproject.toml`` installs them under this one name, so an installed Starlane adds the
single top-level import name ``starlane`` to site-packages.
"""

__version__ = "0.1.0"
