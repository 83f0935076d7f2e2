"""The window's local players (P2 to P4): friends on one machine, each its own seat.

Each local pilot plays through its own ``NetSession``, as a player on another machine
would, rather than sharing P1's connection: every seat then registers, resumes, is
judged (ILLEGAL input rolled back), leaves with its own BYE and follows a host migration
exactly as any player's does, and the server counts it against ``--max-players``, all with
no protocol change. The cost is one more state stream per local pilot on the LAN (a few
kB/s: README's How to play gives the figure).

A pilot added before a match boards it once P1 plays (so P1 takes the first seat, and a
hosted server is up); one added during a match boards at once. A local pilot offers no
host port (``can_host=False``): the machine's P1 stands for it in the line of succession,
and a local pilot follows a moved match like any player without a port of its own.

No arcade: the unit tests drive it without a window.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from starlane.net import Address, NetSim

from ..settings import MAX_PILOTS, Settings
from .session import NetSession, udp_link


@dataclass
class LocalPilot:
    """``number``: 2 to ``MAX_PILOTS`` ("P2"...). ``name``: the name it asks to play under.
    ``session``: its seat in the match now (None: it boards when P1 next plays)."""

    number: int
    name: str
    session: NetSession | None = None

    @property
    def label(self) -> str:
        """How the screen names it: "P2"."""
        return f"P{self.number}"


class LocalPilots:
    """The local pilots P2 to P4 of one window; ``pilots`` by number. ``netsim``: the
    simulated network their sessions go through (None: the real one)."""

    def __init__(self, netsim: NetSim | None = None) -> None:
        self.netsim = netsim
        self.pilots: dict[int, LocalPilot] = {}
        self._refused: list[int] = []  # numbers taken out since ``forget_refused``

    @property
    def next_number(self) -> int | None:
        """The number the next pilot added gets (the lowest free), None when the window
        flies ``MAX_PILOTS`` already."""
        return next((n for n in range(2, MAX_PILOTS + 1) if n not in self.pilots), None)

    def add(self, name: str, number: int | None = None) -> LocalPilot:
        """A pilot called ``name``, numbered ``number`` (None: ``next_number``); it boards
        the match P1 plays at the next ``pump``. ``ValueError`` when the window flies
        ``MAX_PILOTS``, or ``number`` is taken or not 2 to ``MAX_PILOTS``."""
        number = self.next_number if number is None else number
        if number is None:
            raise ValueError(f"at most {MAX_PILOTS} players on one machine")
        if number in self.pilots or not 2 <= number <= MAX_PILOTS:
            raise ValueError(f"P{number} cannot be added: pilots are P2 to P{MAX_PILOTS}, "
                             "each once")
        pilot = self.pilots[number] = LocalPilot(number, name)
        return pilot

    def add_remembered(self, settings: Settings) -> list[LocalPilot]:
        """The pilots ``settings`` remember as added, each under its own number (a game
        started again: each then resumes its own seat, saved by its number) and name."""
        return [self.add(settings.pilot_name(number), number)
                for number in settings.added_pilots() if number not in self.pilots]

    def follow_names(self, settings: Settings) -> None:
        """Each pilot takes its name in ``settings`` for the next match it boards: a
        player's name is sent when it joins, and the protocol has no renaming mid-match,
        so a pilot in a match plays it out under the name it joined with."""
        for number, pilot in self.pilots.items():
            pilot.name = settings.pilot_name(number)

    def remove(self, number: int) -> None:
        """Pilot ``number`` goes: its session says BYE (the others play on)."""
        pilot = self.pilots.pop(number, None)
        if pilot is not None and pilot.session is not None:
            pilot.session.close()

    def pump(self, server: Address | None, password: str | None = None) -> list[str]:
        """Once a frame while P1 plays at ``server`` (None: P1 is not in a match): board the
        pilots waiting (``password``: the server's), pump every pilot's session, and take out
        those the match will not have. Returns a line for the screen about each pilot the
        server renamed (as P1 is told; a join itself is the match feed's line, "Vega 2
        joined", which every player reads), or took out and why."""
        lines = []
        for pilot in list(self.pilots.values()):
            if pilot.session is None and server is not None:
                pilot.session = NetSession(
                    server, pilot.name, link=partial(udp_link, netsim=self.netsim),
                    can_host=False, password=password, pilot=pilot.number)
            if pilot.session is not None:
                lines += self._pump(pilot, pilot.session)
        return lines

    def forget_refused(self, settings: Settings) -> Settings:
        """``settings`` where the pilots the server refused since the last call (the game
        was full, or it failed to join) are no longer added: a game started again would
        only bring each back to be refused again. A pilot whose link was lost keeps its
        flag (its seat may be resumed). ``settings`` itself when none was refused."""
        refused, self._refused = self._refused, []
        for number in refused:
            settings = settings.with_pilot(number, added=False)
        return settings

    def _pump(self, pilot: LocalPilot, session: NetSession) -> list[str]:
        was = session.status
        session.pump()
        if session.status == "playing" and session.spectating:
            self._take_out(pilot, refused=True)
            return [f"The game is full: {pilot.label} ({pilot.name}) cannot play, and is "
                    "taken out. Another player must leave first."]
        if session.status in ("failed", "disconnected"):
            self._take_out(pilot, refused=session.status == "failed" and was == "connecting")
            return [f"{pilot.label} ({pilot.name}) is out: {session.message}"]
        if session.status == "playing" and was != "playing" and session.name != pilot.name:
            return [f'"{pilot.name}" is taken here: {pilot.label} plays as "{session.name}"']
        return []

    def _take_out(self, pilot: LocalPilot, refused: bool) -> None:
        """``pilot`` leaves play; ``refused``: the server would not seat it (a join that
        failed, not a resume: ``forget_refused``)."""
        self.remove(pilot.number)
        if refused:
            self._refused.append(pilot.number)

    def leave(self) -> None:
        """Every pilot's session says BYE; the pilots stay, to board the next match."""
        for pilot in self.pilots.values():
            if pilot.session is not None:
                pilot.session.close()
                pilot.session = None

    def sessions(self) -> list[NetSession]:
        """The sessions of the pilots in the match now, by number."""
        return [p.session for _, p in sorted(self.pilots.items()) if p.session is not None]
