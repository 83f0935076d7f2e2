"""The authoritative side: the game server loop (``game_server``: core + rules + bots on a
``starlane.net`` server, headless or in a thread), taking over a match as the new host
(``takeover``) and what a leaving host is asked (``leaving``). No arcade or pyglet."""
