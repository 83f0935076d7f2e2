"""The game's pure core, shared by the server, the client's prediction and the bots: the
simulation (``sim``, the tick, over ``bodies`` and ``combat``: game code imports the world
through ``sim``), the rules that judge each event (``rules``), rounds (``match`` and
its options), bots, chat and feed words, and the state contract (``netstate``). No
sockets, no clock, no arcade or pyglet."""
