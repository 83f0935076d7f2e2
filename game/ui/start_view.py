"""Start screen: player name, Host Game (through the host panel), Play vs bots, Add local
player (friends on this machine: they board whichever game P1 joins or hosts), the live
LAN list, Join, join by address, Settings, Replays, Quit."""

from __future__ import annotations

import errno
import logging
from functools import partial

import arcade
from arcade.gui import (
    UIAnchorLayout,
    UIBoxLayout,
    UIFlatButton,
    UILabel,
    UIOnChangeEvent,
)

from starlane.net import NAME_MAX, LanScanner, ServerInfo, clean_name, parse_address

from ..client.netgraph import ping_text
from ..client.session import NetSession
from ..core.bots import SKILLS
from ..core.match_options import played
from .shell import Shell
from .text_fields import PasswordInput, PixelInputText
from .widgets import ACCENT, ERROR, MUTED, CentredLabel, FittedUIView, on_click, set_text

log = logging.getLogger("starlane")
ROW = UIFlatButton.DEFAULT_STYLE
SELECTED_ROW = {state: UIFlatButton.UIStyle(font_color=(20, 16, 0, 255), bg=ACCENT,
                                            border=(255, 255, 255, 255), border_width=2)
                for state in ("normal", "hover", "press", "disabled")}


LOCK = "[locked]"  # the game needs a password (a word: the UI font has no padlock glyph)
PRACTICE_BOTS = 3  # "Play vs bots" when no bot count was chosen


class StartView(FittedUIView):
    """``session``: the seat's session while it joins (this screen pumps it until it plays;
    the window's seat owns and closes it)."""

    ROWS = 6

    def __init__(self, app: Shell, message: str = "", error: bool = True) -> None:
        super().__init__()
        self.app = app
        self.scanner: LanScanner | None = None
        self.servers: list[ServerInfo] = []
        self.selected: str | None = None  # ServerInfo.key of the chosen row
        self.session: NetSession | None = None
        self.joining = ""  # the server being joined, as the player knows it
        self.drawn = False

        root = self.add_widget(UIAnchorLayout())
        title = UIBoxLayout(space_between=4)
        title.add(UILabel("STARLANE", font_size=48, bold=True, text_color=ACCENT))
        title.add(UILabel("LAN space combat", font_size=14, text_color=MUTED))
        root.add(title, anchor_y="top", align_y=-40)

        left = UIBoxLayout(space_between=12)
        left.add(UILabel("Your name", font_size=14, text_color=MUTED, width=320))
        self.name_input = left.add(PixelInputText(width=320, height=36, font_size=16,
                                               text=self.app.player_name))
        self.host_button = left.add(UIFlatButton(text="Host Game", width=320, height=50))
        # Play vs bots, then the bots' skill in its place (normal, the default, stands out)
        self.practice_row = left.add(UIBoxLayout(vertical=False, space_between=10))
        self.bots_button = self.practice_row.add(UIFlatButton(text="Play vs bots", width=320,
                                                              height=40))
        self.skill_buttons = {skill: UIFlatButton(text=skill.capitalize(), width=100,
                                                  height=40, style=SELECTED_ROW
                                                  if skill == "normal" else ROW)
                              for skill in SKILLS}
        self.pilots_row = left.add(UIBoxLayout(vertical=False, space_between=10))
        self.add_pilot_button = self.pilots_row.add(UIFlatButton(
            text="Add local player", width=205, height=40))
        self.remove_pilot_button = self.pilots_row.add(UIFlatButton(
            text="Remove", width=105, height=40))
        left.add(UILabel("Join by address (host or host:port)", font_size=12,
                         text_color=MUTED, width=320))
        self.address_input = left.add(PixelInputText(width=320, height=36, font_size=14))
        self.connect_button = left.add(UIFlatButton(text="Connect", width=320, height=40))
        self.menu_row = left.add(UIBoxLayout(vertical=False, space_between=10))
        self.settings_button = self.menu_row.add(UIFlatButton(text="Settings", width=155,
                                                              height=40))
        self.replays_button = self.menu_row.add(UIFlatButton(text="Replays", width=155,
                                                             height=40))
        self.quit_button = left.add(UIFlatButton(text="Quit", width=320, height=40))
        root.add(left, anchor_x="left", align_x=110, anchor_y="center", align_y=-30)

        right = UIBoxLayout(space_between=8)
        right.add(UILabel("Servers on your LAN", font_size=18, bold=True, width=560))
        self.list_status = right.add(UILabel("Scanning the LAN...", font_size=12,
                                             text_color=MUTED, width=560))
        self.rows = [right.add(UIFlatButton(text="", width=560, height=40))
                     for _ in range(self.ROWS)]
        # asked for when a locked game is chosen (or a server asks for one)
        self.password_label = right.add(UILabel("", font_size=12, text_color=ACCENT,
                                                width=560))
        self.password_input = right.add(PasswordInput(width=560, height=36, font_size=14))
        self.password_label.visible = self.password_input.visible = False
        self.join_button = right.add(UIFlatButton(text="Join", width=560, height=50))
        root.add(right, anchor_x="right", align_x=-110, anchor_y="center", align_y=-30)

        self.status = root.add(CentredLabel(message, font_size=14, width=1100,
                                       text_color=ERROR if message and error else MUTED),
                               anchor_y="bottom", align_y=30)

        self.name_input.event("on_change")(self.keep_name_short)
        on_click(self.host_button, self.open_host_panel)
        on_click(self.bots_button, self.ask_skill)
        for skill, button in self.skill_buttons.items():
            on_click(button, partial(self.play_vs_bots, skill))
        on_click(self.connect_button, self.connect_to_typed_address)
        on_click(self.join_button, self.join_selected)
        on_click(self.settings_button, self.open_settings)
        on_click(self.add_pilot_button, self.add_local_player)
        on_click(self.remove_pilot_button, self.remove_local_player)
        on_click(self.replays_button, self.app.show_replays)
        self._show_pilots()
        on_click(self.quit_button, self.app.quit)
        for index, row in enumerate(self.rows):
            on_click(row, partial(self.select, index))
            row.visible = False

    # ---- actions -------------------------------------------------------------------------

    def keep_name_short(self, event: UIOnChangeEvent) -> None:
        """The name field takes what the game keeps (``NAME_MAX`` characters), and says
        so when typing or pasting goes past it."""
        if len(event.new_value) > NAME_MAX:
            self.name_input.text = event.new_value[:NAME_MAX]
            self.say(f"A name is at most {NAME_MAX} characters: the rest is left out.")

    def player(self) -> str | None:
        name = clean_name(self.name_input.text)[:NAME_MAX]
        if not name:
            self.say("Type a name first.", error=True)
            return None
        self.app.remember_name(name)
        return name

    def host_game(self) -> None:
        """Host with the window's match settings and join: Host Game's panel, --host-game."""
        name = self.player()
        if name is None:
            return
        try:
            self.session = self.app.host(f"{name}'s game", name)
        except OSError as err:
            self.session = None
            self.say(f"Cannot host on UDP port {self.app.port}: {_why(err)}", error=True)
            return
        self.say(self.session.message)

    def add_local_player(self) -> None:
        """A friend on this machine: it joins whichever game this window plays next."""
        self.app.remember_name(self.player() or self.app.player_name)  # its default name
        added = self.app.add_local_player()
        self._show_pilots()
        self.say(f"{added} {self.app.pilot_keys(1)}.")

    def remove_local_player(self) -> None:
        """The last local player added goes."""
        pilots = self.app.local_pilots.pilots
        if pilots:
            number = max(pilots)
            self.app.remove_local_player(number)
            self.say(f"P{number} removed.")
        self._show_pilots()

    def _show_pilots(self) -> None:
        """The buttons say how many fly from here, and which pilot Remove takes out."""
        pilots = self.app.local_pilots.pilots
        set_text(self.add_pilot_button, f"Add local player ({len(pilots) + 1} here)"
                 if pilots else "Add local player")
        set_text(self.remove_pilot_button, f"Remove P{max(pilots)}" if pilots else "Remove")
        self.remove_pilot_button.disabled = not pilots

    def open_host_panel(self) -> None:
        if self.player() is not None:
            self.app.show_host_panel()

    def ask_skill(self) -> None:
        """Play vs bots: its button gives way to the bots' skills to pick from."""
        self.practice_row.clear()
        for button in self.skill_buttons.values():
            self.practice_row.add(button)
        self.say("How good are the bots? Normal is the usual game.")

    def play_vs_bots(self, skill: str) -> None:
        """Single player: a game on this machine only (loopback, any free port) with bots of
        ``skill``; it pauses while its menu is open."""
        name = self.player()
        if name is None:
            return
        self.session = self.app.host(f"{name}'s practice", name, practice=True,
                                     bots=self.app.bots or PRACTICE_BOTS, skill=skill)
        self.say(self.session.message)

    def select(self, index: int) -> None:
        if index < len(self.servers):
            self.selected = self.servers[index].key
            self.refresh_rows()

    def join_selected(self) -> None:
        chosen = next((s for s in self.servers if s.key == self.selected), None)
        if chosen is None:
            self.say("Pick a server from the list first, or join by address.", error=True)
            return
        if chosen.password and not self.password_input.text:
            self.ask_password(chosen.name)
            return
        if (name := self.player()) is not None:
            self.join((chosen.host, chosen.port), name, self.typed_password())

    def connect_to_typed_address(self) -> None:
        try:
            address = parse_address(self.address_input.text)
        except ValueError as err:
            self.say(str(err), error=True)
            return
        if (name := self.player()) is not None:
            self.join(address, name, self.typed_password())

    def join(self, address: tuple[str, int], name: str, password: str | None = None) -> None:
        self.session = self.app.join(address, name, password)
        self.joining = next((s.name for s in self.servers if (s.host, s.port) == address),
                            f"{address[0]}:{address[1]}")
        self.say(self.session.message)

    def ask_password(self, server: str, why: str = "") -> None:
        """Show the password field for ``server`` (a locked game), typing into it;
        ``why``: the server's refusal, if it refused us."""
        set_text(self.password_label, f"Password for {server[:40]}:")
        self.password_label.visible = self.password_input.visible = True
        self.password_input.activate()
        self.say(why or f"{server} is locked: type its password, then Join.", error=True)

    def typed_password(self) -> str | None:
        """The password typed for a locked game, if its field is shown and not empty."""
        shown = self.password_input.visible and self.password_input.text
        return self.password_input.text if shown else None

    def open_settings(self) -> None:
        self.app.show_settings(back=self.app.show_start)

    def say(self, text: str, error: bool = False) -> None:
        self.status.text = text
        self.status.update_font(font_color=ERROR if error else MUTED)

    # ---- lifecycle -----------------------------------------------------------------------

    def on_show_view(self) -> None:
        super().on_show_view()
        self.scanner = LanScanner(self.app.lan_targets)

    def on_hide_view(self) -> None:
        super().on_hide_view()
        self.close()

    def close(self) -> None:
        if self.scanner is not None:
            self.scanner.close()
            self.scanner = None

    def on_update(self, _delta_time: float) -> None:
        if self.scanner is not None:
            self.servers = self.scanner.pump()
            self.refresh_rows()
        if self.session is not None:
            happened = self.session.pump()
            if self.session.status == "playing":
                session, self.session = self.session, None
                self.app.show_game(session, happened)
            elif self.session.status in ("failed", "disconnected"):
                message = self.session.message
                self.session = None
                self.app.leave_match()
                self.say(message, error=True)
                if "password" in message:  # needed, or wrong: ask (again), keep the reason
                    self.ask_password(self.joining, message)

    def on_mouse_motion(self, _x: int, _y: int, _dx: int, _dy: int) -> None:
        self._player_is_here()

    def on_key_press(self, _symbol: int, _modifiers: int) -> None:
        self._player_is_here()

    def _player_is_here(self) -> None:
        """Scanning stops by itself after a while; any activity starts it again."""
        if self.scanner is not None and self.scanner.paused:
            self.scanner.restart()

    def refresh_rows(self) -> None:
        scans = self.scanner.scans if self.scanner else 0
        if self.scanner is not None and self.scanner.paused:
            status = "Scanning paused while you were away: move the mouse to scan again."
        elif (chosen := next((s for s in self.servers if s.key == self.selected), None)):
            status = f"{chosen.name} is selected: press Join."
        elif self.servers:
            status = f"{len(self.servers)} found. Pick one, then Join."
        elif not self.app.lan_targets:
            status = "No network to scan: join by address instead."
        else:
            status = f"Scanning the LAN... no servers yet (scan {scans})."
        set_text(self.list_status, status)
        for index, row in enumerate(self.rows):
            row.visible = index < len(self.servers)
            if row.visible:
                s = self.servers[index]
                picked = s.key == self.selected
                lock = LOCK if s.password else " " * len(LOCK)
                mode, arena = played(s.advertised)
                set_text(row, f"{'>' if picked else ' '} {lock} {s.name[:20]:20} {mode:4}"
                              f"{arena:6} {s.occupancy:>5} {ping_text(s.ping_ms):>8}  "
                              f"{s.host}:{s.port}")
                style = SELECTED_ROW if picked else ROW
                if row.style is not style:
                    row.style = style
                    row.trigger_full_render()

    def on_draw_before_ui(self) -> None:
        arcade.draw_lrbt_rectangle_filled(0, self.window.width, 0, 4, ACCENT)

    def on_draw_after_ui(self) -> None:
        if not self.drawn:
            self.drawn = True
            log.info("start screen shown")


def _why(err: OSError) -> str:
    """A busy port in words; other socket errors by their text, without "[Errno N]"."""
    if err.errno == errno.EADDRINUSE:
        return "another program (another Starlane server?) already uses it."
    if err.errno == errno.EACCES:
        return "this system does not allow it (ports below 1024 need special rights)."
    return f"{err.strerror or type(err).__name__}."
