"""Writes ``assets/sounds/powerup1.wav``: the chime a power-up plays when its ship takes it.

Ours, made by this script (the other sounds are Kenney's, CC0): two quick notes a fifth
apart (880 Hz, then 1320 Hz), each a sine with a soft attack and an exponential decay,
0.24 s in all, 22050 samples a second, 16-bit mono. Run it again only to change the sound:

    python tools/make_powerup_sound.py
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050  # samples per second
NOTES = ((880.0, 0.0, 0.10), (1320.0, 0.08, 0.16))  # (Hz, start s, length s)
PEAK = 0.45  # of full scale: as loud as the Kenney sounds beside it
ATTACK_S = 0.005
DECAY_PER_S = 18.0  # the envelope falls by e every 1/18 s
OUT = Path(__file__).resolve().parent.parent / "assets" / "sounds" / "powerup1.wav"


def sample(t: float) -> float:
    """The chime's value at ``t`` seconds (-1..1)."""
    value = 0.0
    for hz, start, length in NOTES:
        age = t - start
        if 0.0 <= age < length:
            envelope = min(age / ATTACK_S, 1.0) * math.exp(-DECAY_PER_S * age)
            value += envelope * math.sin(2 * math.pi * hz * age)
    return value * PEAK


def main() -> None:
    end = max(start + length for _, start, length in NOTES)
    frames = b"".join(struct.pack("<h", round(32767 * max(-1.0, min(1.0, sample(n / RATE)))))
                      for n in range(round(end * RATE)))
    with wave.open(str(OUT), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)
    print(f"wrote {OUT} ({len(frames)} bytes of samples)")


if __name__ == "__main__":
    main()
