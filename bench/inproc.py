"""An in-process link for byte-counting benchmarks: one server protocol, many clients,
every datagram delivered at once and the server's counted per client. No sockets."""

from __future__ import annotations

from starlane.net import ClientConfig, ClientProtocol, ServerProtocol

SERVER = ("10.0.0.1", 40080)


class Link:
    def __init__(self, server: ServerProtocol, players: int, sync: int) -> None:
        self.server = server
        self.clients = {(f"10.0.1.{n}", 5000): ClientProtocol(
            SERVER, name=f"P{n}", config=ClientConfig(sync=sync)) for n in range(players)}
        self.down = dict.fromkeys(self.clients, 0)  # bytes from the server, per client
        self.now = 0.0

    def join(self) -> None:
        """Register every client, then start counting from zero."""
        for client in self.clients.values():
            client.register(self.now)
        self.exchange()
        self.down = dict.fromkeys(self.clients, 0)

    def exchange(self) -> None:
        """Deliver everything both ways until nothing is left to send."""
        moved = True
        while moved:
            moved = False
            for address, client in self.clients.items():
                for datagram, _ in client.datagrams_to_send(self.now):
                    self.server.receive(datagram, address, self.now)
                    moved = True
            for datagram, address in self.server.datagrams_to_send(self.now):
                self.down[address] += len(datagram)
                self.clients[address].receive(datagram, SERVER, self.now)
                moved = True

    def per_client(self, seconds: float) -> float:
        """Mean bytes per second each client received."""
        return sum(self.down.values()) / len(self.down) / seconds
