"""The adapters: the only code in ``starlane.net`` that touches sockets, threads and the
clock. ``udp`` runs a protocol object on a UDP socket (pumped from a game loop, or
``serve`` / ``ServerThread``), ``lan`` and ``interfaces`` find servers on the LAN; the
internal ``_sockets``, ``_stamps``, ``_polling`` and ``_aio_endpoint`` are their shared
parts. The asyncio adapter is the public module ``starlane.net.aio``, outside this folder
so that its import path stays short and ``import starlane.net`` does not load asyncio."""
