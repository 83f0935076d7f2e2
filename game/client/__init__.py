"""The player's side, without a window: the connection to a match (``session``), own-ship
prediction (``prediction``), where remote ships are drawn (``playout``: the jitter buffer,
bounded extrapolation, smoothed corrections), following a match to its next
host (``follow``), resume tokens (``resume``), the net graph's figures (``netgraph``) and
the input-to-action mapping (``controls``). No arcade."""
