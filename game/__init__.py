"""Starlane, the LAN space shooter. ``python -m game --help`` lists the ways to run it."""

__version__ = "0.1.0"
