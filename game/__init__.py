"""Starlane, the LAN space shooter (``starlane.game``): simulation, rules, server, window.
``python -m starlane --help`` lists the ways to run it."""

from starlane import __version__

BUILD = f"starlane {__version__}"
"""What this game presents when it joins a server (``ClientConfig.build``), and the one a
server it runs admits: the state contract may change between releases, so players run
the same one. A plain neteria client presents none and is admitted."""
