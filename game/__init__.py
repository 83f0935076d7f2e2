"""Starlane, the LAN space shooter (``starlane.game``): simulation, rules, server, window.
``python -m starlane --help`` lists the ways to run it."""
