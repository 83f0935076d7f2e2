"""What one forged datagram makes a server send: the shipped game server vs neteria 1.0.2.

    python bench/amplification.py [--seconds 6]

UDP source addresses can be forged, so whatever a server sends to an address that never
proves it asked is traffic aimed at a victim. A socket sends one REGISTER (about 100
bytes; plain Neteria, or asking for our sync extension) and then stays silent for
``--seconds``, counting the datagrams and bytes it gets (goal: at most 10 and 16 kB).
Then one OHAI probe: the size of its answer against the request's (goal: at most 4x).
Ours is ``python -m starlane --server`` with its defaults; neteria its ``NeteriaServer``
(it speaks no sync extension, so its sync row repeats the plain REGISTER). Loopback only.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.procs import Row, ServerProcess, table
from starlane.net import PROTOCOL_VERSION, SYNC_LEVEL


def register(sync: bool) -> bytes:
    cuuid = str(uuid.uuid4())
    message: dict[str, object] = {  # its own name: a taken one is refused
        "method": "REGISTER", "cuuid": cuuid, "version": PROTOCOL_VERSION,
        "name": f"Silent {cuuid[:8]}"}
    if sync:
        message["sync"] = SYNC_LEVEL
    return json.dumps(message).encode()


def silent_register(server: tuple[str, int], sync: bool, seconds: float) -> dict[str, int]:
    """One REGISTER, then only listening: datagrams and bytes received in ``seconds``."""
    request = register(sync)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.sendto(request, server)
    datagrams = received = 0
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            received += len(sock.recv(65536))
        except TimeoutError:
            break
        datagrams += 1
    sock.close()
    return {"request": len(request), "datagrams": datagrams, "bytes": received}


def ohai(server: tuple[str, int]) -> dict[str, int]:
    """One OHAI probe: its size and its answer's (0: no answer within 2 s)."""
    request = json.dumps({"method": "OHAI", "cuuid": str(uuid.uuid4()),
                          "version": PROTOCOL_VERSION}).encode()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(2.0)
        sock.sendto(request, server)
        try:
            answer = len(sock.recv(65536))
        except TimeoutError:
            answer = 0
    return {"request": len(request), "answer": answer}


def rows(seconds: float = 6.0) -> list[Row]:
    results = {}
    for kind in ("game", "neteria"):
        server = ServerProcess(kind)
        try:
            results[kind] = (silent_register(server.address, False, seconds),
                             silent_register(server.address, True, seconds),
                             ohai(server.address))
        finally:
            server.stop()

    def sent(result: dict[str, int]) -> str:
        size = (f"{result['bytes'] / 1000:.1f} kB" if result["bytes"] >= 1000
                else f"{result['bytes']} B")
        return (f"{result['datagrams']} datagram{'s' if result['datagrams'] != 1 else ''}, "
                f"{size} ({result['bytes'] / result['request']:.1f}x the "
                f"{result['request']} B asked)")

    (plain, sync, ours_ohai), (peer_plain, peer_sync, peer_ohai) = results["game"], \
        results["neteria"]
    return [
        (f"one REGISTER, then silence: what the server sends that address in {seconds:g} s "
         f"(defaults)", sent(plain), sent(peer_plain), "goal: <= 10 datagrams, <= 16 kB"),
        ("  the same, the REGISTER asking for sync level 3", sent(sync), sent(peer_sync),
         "neteria: no sync extension"),
        ("OHAI answer size / request size",
         f"{ours_ohai['answer']} B / {ours_ohai['request']} B = "
         f"{ours_ohai['answer'] / ours_ohai['request']:.1f}x",
         f"{peer_ohai['answer']} B / {peer_ohai['request']} B = "
         f"{peer_ohai['answer'] / peer_ohai['request']:.1f}x", "goal: <= 4x"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=6.0)
    args = parser.parse_args()
    print(table(rows(args.seconds)), flush=True)


if __name__ == "__main__":
    main()
