"""A byte-counting UDP relay for one client: client <-> relay <-> server, on loopback."""

from __future__ import annotations

import select
import socket
import threading


class Relay:
    def __init__(self, server: tuple[str, int]) -> None:
        self.server = server
        self.front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.front.bind(("127.0.0.1", 0))
        self.back = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.back.bind(("127.0.0.1", 0))
        self.address = self.front.getsockname()
        self.down = self.up = self.datagrams_down = 0
        self._client: tuple[str, int] | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def reset(self) -> None:
        self.down = self.up = self.datagrams_down = 0

    def close(self) -> None:
        self._stop.set()
        self._thread.join(1)
        self.front.close()
        self.back.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.front, self.back], [], [], 0.05)
            for sock in ready:
                data, source = sock.recvfrom(65535)
                if sock is self.front:
                    self._client = source
                    self.up += len(data)
                    self.back.sendto(data, self.server)
                elif self._client is not None:
                    self.down += len(data)
                    self.datagrams_down += 1
                    self.front.sendto(data, self._client)
