"""Admission: who may take a new seat. A password proven without crossing the wire, a
limit on wrong tries, and what the middleware's ``admit`` hook is shown (``Admission``).

The exchange (``docs/protocol.md``, "Admission"), for a server with a password:

1. REGISTER without a proof: BYE REGISTER with ``reason`` ("this server needs a
   password"), ``challenge`` (a nonce for this address) and ``salt`` (the server's).
   A plain neteria client reads a refusal and stops; ours answers:
2. REGISTER again with ``nonce`` (the challenge) and ``proof``: the hex HMAC-SHA256 of
   ``"<nonce>:<cuuid>"`` keyed by PBKDF2-HMAC-SHA256(password, salt, ``KDF_ITERATIONS``).
3. OK REGISTER when it matches (and the hook admits); else BYE REGISTER "wrong password".

Why PBKDF2 with the server's salt rather than the password's SHA-256: a sniffed
challenge and proof let anyone on the LAN guess passwords offline; 200,000 iterations
(about 50 ms here) make each guess that much dearer, and a salt fresh for each server run
makes tables computed in advance useless. It is in ``hashlib`` everywhere (no extra
package), and the server derives its key once, so it never holds more than that key and
the password it was given. The proof names the cuuid, so it cannot seat another client;
a nonce answers once, for the address it was issued to, within ``CHALLENGE_TTL``.

Wrong proofs are counted per IP (not ip:port: a guesser changes ports for free): after
``MAX_TRIES`` within ``TRY_WINDOW`` seconds, that IP is refused without a challenge
until the oldest of them is ``TRY_WINDOW`` old, and the refusal says how long.

Sans-IO: nonces and the salt come from the server's ``new_token``, time as ``now``.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from ..link._retransmit import Address
from ..wire import messages as m
from .serverconfig import ServerStats

KDF_ITERATIONS = 200_000
"""PBKDF2-HMAC-SHA256 rounds from a password to its key (about 50 ms in CPython)."""
CHALLENGE_TTL = 30.0
"""Seconds a challenge may be answered."""
MAX_CHALLENGES = 256
"""Challenges awaiting an answer at once (the oldest goes first): memory stays bounded."""
MAX_TRIES = 5
"""Wrong passwords from one IP within ``TRY_WINDOW`` before it is refused outright."""
TRY_WINDOW = 60.0
"""Seconds over which wrong passwords are counted."""
MAX_ADDRESSES = 4096
"""IPs whose wrong tries are remembered at once (the oldest goes first)."""
NEEDS_PASSWORD = "this server needs a password"
WRONG_PASSWORD = "wrong password"


@dataclass(frozen=True, slots=True)
class Admission:
    """What a client presents for a new seat, as ``Middleware.admit`` sees it.

    ``build`` is the application's own build string (``ClientConfig.build``; None from a
    plain neteria client), ``version`` the protocol's (None from neteria 1.0.2), ``name``
    the name asked for (the server may still suffix it), ``password`` whether it proved
    the server's password (always False on a server without one)."""

    cuuid: str
    address: Address
    name: str | None
    version: str | None
    build: str | None
    password: bool


def derive_key(password: str, salt: str) -> bytes:
    """The key a password stands for with this ``salt`` (PBKDF2-HMAC-SHA256)."""
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), KDF_ITERATIONS)


def prove(key: bytes, nonce: str, cuuid: str) -> str:
    """The answer to challenge ``nonce`` for client ``cuuid``: 64 hex digits."""
    return hmac.new(key, f"{nonce}:{cuuid}".encode(), hashlib.sha256).hexdigest()


class Answers:
    """A client's password, kept to answer challenges during a registration; never shown
    (``repr`` hides it). The key is derived once per salt (a server run), not at each
    challenge; at most ``MAX_ANSWERS`` challenges are answered per registration."""

    MAX_ANSWERS = 3  # one, unless it expired or our answer was lost

    def __init__(self, password: str | None) -> None:
        self._password = password
        self._keys: dict[str, bytes] = {}
        self._answered: list[str] = []

    def reset(self) -> None:
        """A new registration: the count of answers starts again."""
        self._answered = []

    def to(self, bye: m.ByeRegister, cuuid: str) -> tuple[str, str] | bool:
        """What to do with ``bye``, received while registering: (nonce, proof) to send in
        a new REGISTER; True to ignore it (a copy of a challenge already answered); False
        when it refuses us (no challenge, no password, or enough answers given)."""
        nonce, salt = bye.challenge, bye.salt
        if nonce is None or salt is None:
            return False
        if nonce in self._answered:
            return True
        if self._password is None or len(self._answered) >= self.MAX_ANSWERS:
            return False
        key = self._keys.get(salt)
        if key is None:
            key = self._keys[salt] = derive_key(self._password, salt)
        self._answered.append(nonce)
        return nonce, prove(key, nonce, cuuid)

    def __repr__(self) -> str:
        return "Answers(<hidden>)"


class Gate:
    """The server's side: challenges out, proofs checked, wrong tries counted per IP.
    Without a ``password`` every REGISTER passes and nothing is drawn from ``new_token``."""

    def __init__(self, password: str | None, new_token: Callable[[], str],
                 stats: ServerStats, lock: tuple[str, str] | None = None) -> None:
        """``lock``: instead of a password, a (salt, key in hex) pair another server derived
        from it (``lock`` of that server's gate): a match taken over keeps its password."""
        self.salt: str | None = lock[0] if lock else new_token() if password else None
        self._key: bytes | None = bytes.fromhex(lock[1]) if lock else (
            derive_key(password, self.salt) if password and self.salt else None)
        self._new_token, self._stats = new_token, stats
        self._challenges: dict[Address, tuple[str, float]] = {}  # nonce, issued at
        self._wrong: dict[str, deque[float]] = {}  # by IP: when each wrong proof came

    @property
    def lock(self) -> tuple[str, str] | None:
        """(salt, key in hex): what a successor's server needs to ask for the same password
        without knowing it (None: no password). It lets whoever holds it answer challenges:
        hand it only to players already admitted, as the match's handover does."""
        if self._key is None or self.salt is None:
            return None
        return self.salt, self._key.hex()

    @property
    def private(self) -> bool:
        """Whether a password is asked for (OHAI answers say ``"password": true``)."""
        return self._key is not None

    def check(self, msg: m.Register, address: Address, now: float) -> m.ByeRegister | None:
        """None when ``msg`` may take a seat as far as the password goes; else the refusal
        to send (a challenge, a wrong password, or too many of those)."""
        if self._key is None:
            return None
        wait = self._blocked(address[0], now)
        if wait is not None:
            return m.ByeRegister(reason=f"too many wrong passwords from {address[0]}: "
                                        f"{MAX_TRIES} in {TRY_WINDOW:.0f} s; try again in "
                                        f"{math.ceil(wait)} s")
        issued = self._challenges.get(address)
        if issued is None or now - issued[1] > CHALLENGE_TTL:
            issued = self._issue(address, now)
        if msg.proof is None or msg.nonce != issued[0]:  # first try, or a stale answer
            return m.ByeRegister(reason=NEEDS_PASSWORD, challenge=issued[0], salt=self.salt)
        del self._challenges[address]  # a nonce answers once
        if hmac.compare_digest(prove(self._key, issued[0], msg.cuuid), msg.proof):
            return None
        return m.ByeRegister(reason=self._count_wrong(address[0], now))

    def _issue(self, address: Address, now: float) -> tuple[str, float]:
        for old in [a for a, (_, t) in self._challenges.items() if now - t > CHALLENGE_TTL]:
            del self._challenges[old]
        while len(self._challenges) >= MAX_CHALLENGES:
            del self._challenges[next(iter(self._challenges))]
        issued = self._challenges[address] = (self._new_token(), now)
        return issued

    def _blocked(self, ip: str, now: float) -> float | None:
        """Seconds until ``ip`` may try again, or None when it may now."""
        times = self._wrong.get(ip)
        if times is None:
            return None
        while times and now - times[0] >= TRY_WINDOW:
            times.popleft()
        if not times:
            del self._wrong[ip]
            return None
        return times[0] + TRY_WINDOW - now if len(times) >= MAX_TRIES else None

    def _count_wrong(self, ip: str, now: float) -> str:
        """Count a wrong proof from ``ip``; the refusal's reason, saying what is left."""
        self._stats.wrong_passwords += 1
        if ip not in self._wrong and len(self._wrong) >= MAX_ADDRESSES:
            del self._wrong[next(iter(self._wrong))]
        times = self._wrong.setdefault(ip, deque())
        times.append(now)
        left = MAX_TRIES - len(times)
        if left > 0:
            return f"{WRONG_PASSWORD} ({left} more {'try' if left == 1 else 'tries'} " \
                   f"from this address within {TRY_WINDOW:.0f} s)"
        return f"{WRONG_PASSWORD}: no more tries from this address for {TRY_WINDOW:.0f} s"
