"""The link between two peers, above the wire and below the two ends: ``connection`` (one
peer's lifecycle table, its channels and budgets), and the internal parts it is made of:
``_acks`` (sequence/ack bitfields, RTT, loss), ``_congestion`` (queueing delay and the
state rate it allows), ``_retransmit`` (the reliable outbox),
``_channels`` (reliable messages, state snapshots and diffs), ``_ratelimit`` (budgets);
plus ``netsim``, a simulated bad link for tests and demos. Pure: ``now`` comes in."""
