"""Starlane's netcode: the Neteria UDP/JSON protocol, sans-IO, with the holes filled.

- ``net.messages``: the wire (pydantic models, ``decode``/``encode``).
- ``net.server`` / ``net.client``: protocol state machines (no sockets, no clock).
- ``net.discovery``: the LAN browser (OHAI / OHAI Client); ``net.interfaces``: where to probe.
- ``net.udp``: runs any of them on a real socket; ``net.lan``: scanning helpers.
"""
