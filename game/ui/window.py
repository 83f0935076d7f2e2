"""The game window: owns the settings, the controls and the seat (the session and the server
this game runs), and switches the screens, which it builds with itself as their ``Shell``.

Whatever screen is open when the window closes (or Ctrl-C stops it), the seat says goodbye
to the server and hands a match this game runs on (``leave``)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path

import arcade

from starlane.net import DEFAULT_PORT, Address, NetSim, Replay, ReplayError

from .. import settings as stored
from ..client.controls import PilotControls
from ..client.local_pilots import LocalPilots
from ..client.seat import Seat
from ..client.session import Happenings, NetSession
from ..core.match import MatchConfig
from ..server.game_server import GameServer
from ..server.recording import RecordChoice, RecordingPlan, default_folder
from ..settings import MAX_PILOTS, PILOT_KEYS, Action, Settings
from .game_view import GameView
from .gamepads import Gamepads
from .host_panel import HostPanelView
from .keys import KeyBindings
from .replay_view import ReplayView
from .replays_view import ReplaysView
from .settings_view import SettingsView
from .start_view import StartView


class StarlaneWindow(arcade.Window):
    """``lan_targets``: where the LAN list probes (broadcast addresses and unicast ones).
    ``port``: the UDP port Host Game binds (the window's ``--port``). ``match``, ``bots``
    and ``skill``: what the next hosted game plays (the flags, then the host panel).
    ``record``: what the command line said about recording the matches it hosts (the
    settings decide the rest).

    A pad's change reaches the screen shown as the ``on_pad(pad, held)`` window event; a pad
    unplugged frees its pilot for another (whatever screen is shown), and what that pilot
    let go of reaches the screen as ``on_steer(steers)``.
    ``controls``: which keys and pad steer each pilot (P1 and the local players)."""

    def __init__(self, lan_targets: list[Address], settings: Settings,
                 netsim: NetSim | None = None, port: int = DEFAULT_PORT,
                 match: MatchConfig | None = None, bots: int = 0,
                 skill: str = "normal", password: str | None = None,
                 record: RecordChoice | None = None) -> None:
        super().__init__(*settings.window_size, "Starlane", update_rate=1 / 60,
                         resizable=True, fullscreen=settings.fullscreen)
        self.background_color = (6, 8, 22, 255)
        self.lan_targets = lan_targets
        self.settings = settings
        self.bindings = KeyBindings(settings.keys)
        self.port = port
        self.seat = Seat(netsim)  # every session of this window goes through netsim
        self.seat.locals.add_remembered(settings)  # the friends added when it last ran
        self.gamepads = Gamepads(self._on_pad)
        self.controls = PilotControls()
        self._share_keys()
        self.match = match or MatchConfig()
        self.bots = bots
        self.skill = skill
        self.password = password  # the next hosted game's (the host panel sets it)
        self.record = record or RecordChoice()

    @property
    def player_name(self) -> str:
        return self.settings.name

    def remember_name(self, name: str) -> None:
        """Keep the name played under, a fresh install's random callsign too (saved even
        when unchanged, so that it is the same next time)."""
        self.apply(self.settings.changed(name=name))

    def apply(self, settings: Settings) -> None:
        """Use ``settings`` (checked ones: ``Settings.changed`` makes them) from now on, and
        remember them."""
        old, self.settings = self.settings, settings
        self.bindings = KeyBindings(self.settings.keys)
        self.seat.locals.follow_names(self.settings)
        self._share_keys()
        if self.settings.fullscreen != old.fullscreen:
            self.set_fullscreen(self.settings.fullscreen)
        if not self.settings.fullscreen and (
                self.settings.window_size != old.window_size or old.fullscreen):
            self.set_size(*self.settings.window_size)
        stored.save(self.settings)

    def letterbox(self, width: float, height: float) -> arcade.types.Rect:
        """Where a canvas of ``width`` x ``height`` units is drawn, in framebuffer pixels:
        as large as the window allows, its shape kept, centred (dark bars fill the rest)."""
        pixels_w, pixels_h = self.get_framebuffer_size()
        scale = min(pixels_w / width, pixels_h / height)
        shown_w, shown_h = width * scale, height * scale
        return arcade.LBWH((pixels_w - shown_w) / 2, (pixels_h - shown_h) / 2, shown_w, shown_h)

    # ---- the local pilots ------------------------------------------------------------------

    @property
    def local_pilots(self) -> LocalPilots:
        return self.seat.locals

    def pilot_bindings(self, number: int) -> KeyBindings:
        """Pilot ``number``'s own keys, as the settings keep them (1: the player's)."""
        if number == 1:
            return self.bindings
        return KeyBindings(self.settings.pilot_keys(number), PILOT_KEYS[number - 2])

    def pilot_keys(self, number: int) -> str:
        """The keys pilot ``number`` steers with now, in a few words (P1 gives up the keys a
        local player takes), and its pad if it has one."""
        keys = self.pilot_bindings(number).keeping(self.controls.keymaps.get(number, {}))
        pad = " (and a gamepad)" if number in self.controls.pads.values() else ""
        return f"P{number} {self.settings.pilot_name(number)}: {keys.short()}{pad}"

    def add_local_player(self) -> str:
        """One more pilot on this machine (its name, colour and keys from the settings;
        a gamepad no pilot uses, if one is plugged in; the settings remember it is added):
        the line that says so, or why not."""
        pilots = self.seat.locals
        if pilots.next_number is None:
            return f"At most {MAX_PILOTS} players on one machine."
        pilot = pilots.add(self.settings.pilot_name(pilots.next_number))
        self.apply(self.settings.with_pilot(pilot.number, added=True))  # shares the keys
        self.controls.give_pad(pilot.number, self.gamepads.pads)
        return f"Added {self.pilot_keys(pilot.number)}."

    def remove_local_player(self, number: int) -> None:
        """Pilot ``number`` leaves (its BYE; the settings forget it was added); the others
        play on."""
        self.seat.locals.remove(number)
        self.apply(self.settings.with_pilot(number, added=False))  # shares the keys

    def pump_local_pilots(self) -> list[str]:
        """Once a frame in a match (``Seat.pump_locals``); a pilot the server refused is no
        longer remembered as added. The lines for the screen."""
        lines = self.seat.pump_locals()
        if (kept := self.seat.locals.forget_refused(self.settings)) is not self.settings:
            self.apply(kept)
        return lines

    def _share_keys(self) -> None:
        self.controls.set_pilots({n: self.pilot_bindings(n).symbols
                                  for n in (1, *self.seat.locals.pilots)})

    def _on_pad(self, pad: Hashable, held: set[Action]) -> None:
        if pad in self.gamepads.pads:
            self.dispatch_event("on_pad", pad, held)
        else:  # unplugged
            self.dispatch_event("on_steer", self.controls.forget_pad(pad))

    # ---- the seat --------------------------------------------------------------------------

    @property
    def hosted_game(self) -> GameServer | None:
        """The server this window runs: the game it hosts, or a match it took over."""
        return self.seat.hosted_game

    def host(self, server_name: str, name: str, *, practice: bool = False,
             bots: int | None = None, skill: str | None = None) -> NetSession:
        """Serve a game with this window's match settings and bots (or ``bots`` of
        ``skill``) on ``self.port`` for the LAN, or, for ``practice``, on this machine only
        (loopback, any free port; it pauses in the menu), and join it as ``name``.
        Raises OSError if the port is taken."""
        return self.seat.host(server_name, name, "127.0.0.1" if practice else "0.0.0.0",
                              0 if practice else self.port, self.match,
                              self.bots if bots is None else bots, skill or self.skill,
                              None if practice else self.password, practice=practice,
                              record=self.recording_plan())

    def pause(self, paused: bool) -> bool:
        return self.seat.pause(paused)

    def join(self, address: Address, name: str, password: str | None = None) -> NetSession:
        return self.seat.join(address, name, password, record=self.recording_plan())

    def recording_plan(self) -> RecordingPlan | None:
        """Where the matches this game serves are recorded, as the command line and the
        settings say (None: not recorded)."""
        return self.record.plan(self.settings.record_matches, self.settings.keep_recordings)

    def leave_match(self) -> None:
        self.seat.leave()

    def leave(self) -> None:
        """The player goes (window closed, Ctrl-C) from whatever screen: the screen is
        hidden for good, then the seat says goodbye and hands a hosted match over."""
        self.hide_view()
        self.seat.leave()

    def on_close(self) -> None:
        self.leave()
        super().on_close()

    def quit(self) -> None:
        self.on_close()

    # ---- the screens -----------------------------------------------------------------------

    def show_start(self, message: str = "", host: bool = False, error: bool = True) -> None:
        self.seat.leave()
        start = StartView(self, message, error)
        self.show_view(start)
        if host:
            start.host_game()

    def show_host_panel(self) -> None:
        self.show_view(HostPanelView(self))

    def show_game(self, session: NetSession, first: Happenings) -> None:
        self.show_view(GameView(self, session, first))

    def show_settings(self, back: Callable[[], None],
                      keep_alive: Callable[[float], None] | None = None,
                      back_text: str = "Back") -> None:
        self.show_view(SettingsView(self, back, keep_alive, back_text))

    def show_replays(self) -> None:
        self.show_view(ReplaysView(self, self.record.folder or default_folder()))

    def show_replay(self, path: Path, back: Callable[[], None]) -> str | None:
        try:
            replay = Replay.open(path)
        except ReplayError as err:
            return str(err)
        self.show_view(ReplayView(self, replay, path.name, back))
        return None


StarlaneWindow.register_event_type("on_pad")
StarlaneWindow.register_event_type("on_steer")
