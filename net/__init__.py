"""Starlane's netcode: the Neteria UDP/JSON protocol, sans-IO, with the holes filled.

- ``net.messages``: the wire (pydantic models, ``decode``/``encode``).
- ``net.server`` / ``net.client``: protocol state machines (no sockets, no clock).
- ``net.acks`` / ``net.sync``: the state-sync extension (packet acks; change-tracked state,
  keyframes and diffs against each client's acknowledged state); ``net.packing``: those
  diffs in a compact binary form.
- ``net.discovery``: the LAN browser (OHAI / OHAI Client); ``net.interfaces``: where to probe.
- ``net.netsim``: a simulated bad network around any protocol object.
- ``net.udp``: runs any of them on a real socket (threads, or pumped by a game loop);
  ``net.aio``: the same on an asyncio loop; ``net.lan``: scanning helpers.
"""
