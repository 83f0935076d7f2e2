"""A LAN chat room on starlane.net and asyncio: the host judges every line, everyone sees it.

    python examples/lan_chat.py host --name Alice [--port 40090]
    python examples/lan_chat.py join [--name Bob] [--target HOST[:PORT]]... [--no-broadcast]

``host`` serves a room and answers LAN discovery (OHAI). ``join`` probes each LAN broadcast
address, this machine and each ``--target``, joins the first room that answers and sends
each line typed (stdin: a terminal or a pipe) as an EVENT, which the host judges (ILLEGAL:
empty, or over ``MAX_LINE`` characters) and pushes to everyone as a NOTIFY if LEGAL."""

import argparse
import asyncio
import sys
from typing import Any

from starlane.net import (
    LEGAL,
    ClientProtocol,
    Connection,
    Disconnected,
    EventJudged,
    Middleware,
    Notified,
    ServerConfig,
    ServerProtocol,
    Verdict,
    illegal,
    probe_targets,
    resolve,
)
from starlane.net.aio import AsyncClient, AsyncServer, RegisterError, discover

PORT = 40090
MAX_LINE = 200  # characters


class ChatRoom(Middleware):
    """The host's middleware: judges lines; legal ones wait in ``said`` for the next tick."""

    def __init__(self) -> None:
        self.said: list[dict[str, str]] = []

    def judge(self, _conn: Connection, event_data: Any) -> Verdict:
        text = event_data.get("say") if isinstance(event_data, dict) else None
        if not isinstance(text, str) or not text.strip():
            return illegal("empty line")
        return LEGAL if len(text) <= MAX_LINE else illegal(f"over {MAX_LINE} characters")

    def execute(self, conn: Connection, event_data: Any) -> None:
        self.said.append({"from": conn.name, "say": event_data["say"]})

    def joined(self, conn: Connection) -> None:  # lifecycle hooks: said by the room
        self.execute(conn, {"say": "(joined)"})

    def left(self, conn: Connection, reason: str) -> None:
        self.execute(conn, {"say": f"(left: {reason})"})


async def host(args: argparse.Namespace) -> int:
    room, name = ChatRoom(), args.name or "Chat room"
    protocol = ServerProtocol(room, ServerConfig(server_name=name))

    def push(now: float) -> None:  # each tick: what was said since, to everyone
        for line in room.said:
            protocol.notify_all(line, now)
            print(f"{line['from']}: {line['say']}")
        room.said.clear()

    async with AsyncServer(protocol, "0.0.0.0", args.port, on_tick=push) as server:
        print(f"Chat room {name!r} on UDP {server.address[0]}:{server.address[1]}.")
        await server.serve_forever()
    return 0


async def send_typed(client: AsyncClient) -> None:
    """Each line typed, as an EVENT; at the end of input, leave the room."""
    reader = asyncio.StreamReader()
    await asyncio.get_running_loop().connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        client.event({"say": line.decode(errors="replace").rstrip("\r\n")})
    await client.close()


async def join(args: argparse.Namespace) -> int:
    rooms = await discover(probe_targets(args.port, broadcast=not args.no_broadcast,
                                         unicast=tuple(args.target)), args.timeout)
    if not rooms:
        sys.exit(f"lan_chat: no chat room answered within {args.timeout:g} s")
    room = rooms[0]
    print(f"Found {room.name!r} at {room.host}:{room.port} ({room.ping_ms:.1f} ms)")
    async with await AsyncClient.connect(ClientProtocol((room.host, room.port), args.name)
                                         ) as client:
        try:
            me = await client.register()
        except RegisterError as err:
            sys.exit(f"lan_chat: {err}")
        print(f"Joined as {me.name}. Type lines; Ctrl-D leaves.")
        typing = asyncio.create_task(send_typed(client))
        async for event in client.events():  # until we leave or the host stops
            if isinstance(event, Notified):
                print(f"{event.event_data['from']}: {event.event_data['say']}")
            elif isinstance(event, EventJudged) and event.outcome != "legal":
                print(f"(not sent: {event.reason or event.outcome})")
            elif isinstance(event, Disconnected):
                print(f"(disconnected: {event.reason})")
        typing.cancel()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["host", "join"])
    parser.add_argument("--name", help="the room's name (host) or yours (join)")
    parser.add_argument("--port", type=int, default=PORT, help=f"UDP port (default {PORT})")
    parser.add_argument("--target", action="append", default=[], help="join: also probe "
                        "HOST[:PORT] (repeatable)", type=lambda text: resolve(
                            text.partition(":")[0], int(text.partition(":")[2] or PORT)))
    parser.add_argument("--no-broadcast", action="store_true", help="join: no LAN broadcast")
    parser.add_argument("--timeout", type=float, default=1.0, help="join: seconds to look")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # each line as said
    try:
        return asyncio.run(join(args) if args.mode == "join" else host(args))
    except KeyboardInterrupt:  # Ctrl-C: the host said goodbye to everyone
        return 0


if __name__ == "__main__":
    sys.exit(main())
