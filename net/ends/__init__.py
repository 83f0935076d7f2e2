"""The two ends of the protocol, as sans-IO state machines: the server (``server``, its
``serverconfig``, the application boundary ``middleware``, the seats in ``_seats`` and the
host handover in ``handover``), the client (``client`` and its events in ``client_api``),
LAN discovery (``discovery``) and host migration (``migration``). Datagrams and ``now``
in, datagrams and events out: no sockets, threads or clock here."""
