"""The wire: what a datagram holds. ``messages`` (one pydantic model per Neteria method,
``decode`` / ``encode``, the constants), ``packing`` (the packed binary diff codec),
``_framing`` (the binary packet frame around it) and ``_batching`` (packet headers stamped
on JSON messages, several messages joined into one datagram). Pure: no sockets, no clock."""
