"""The one entry point: ``python -m starlane`` and the ``starlane`` console script.

Modes: ``--server`` (headless, no display needed), ``--scan`` (list LAN servers).
Bad flags and unreachable hosts give a one-line reason and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sys
from pathlib import Path
from typing import NoReturn

from starlane import __version__
from starlane.net import DEFAULT_MAX_PLAYERS, DEFAULT_PORT, NAME_MAX, PROTOCOL_VERSION, ServerInfo

from . import replay_cli, stopping
from .core.match_options import (
    HOSTED_BOTS,
    MAX_PLAYERS,
    add_match_options,
    capped_bots_note,
    describe_match,
    match_config,
    played,
    seated_bots,
)
from .core.match_options import bounded as _bounded

EXIT_USAGE = 2
EXIT_FAILURE = 1
EXIT_INTERRUPTED = 130  # the shell's code for a program ended by Ctrl-C


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see --help)\n")


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port must be a number, not {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 1-65535, not {value}")
    return value


def _host_port(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":") if ":" in text else (text, "", "")
    if not host:
        raise argparse.ArgumentTypeError(f"expected HOST or HOST:PORT, not {text!r}")
    return host, _port(port) if port else DEFAULT_PORT


def _netsim(text: str):  # type: ignore[no-untyped-def]
    from starlane.net import netsim

    try:
        return netsim.parse(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


PASSWORD_MAX = 64  # characters


def _password(text: str) -> str:
    """A game password: 1-``PASSWORD_MAX`` characters; the reason never repeats it."""
    if not text.strip() or len(text) > PASSWORD_MAX:
        raise argparse.ArgumentTypeError(f"--password must have 1-{PASSWORD_MAX} characters, "
                                         "not all spaces")
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="starlane",
        description="Starlane: a LAN multiplayer space shooter over the Neteria UDP protocol.",
        epilog=f"UDP port {DEFAULT_PORT} must be open in the host's firewall for others to join.")
    parser.add_argument("--version", action="version",
                        version=f"starlane {__version__} (Neteria protocol {PROTOCOL_VERSION})")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--server", action="store_true",
                      help="run a headless server (no window, no display needed) until Ctrl-C")
    mode.add_argument("--scan", action="store_true",
                      help="list the servers that answer on the LAN, then exit")
    mode.add_argument("--replay", type=Path, metavar="FILE", help=replay_cli.REPLAY_HELP)
    replay_cli.add_replay_options(parser)

    srv = parser.add_argument_group("server options")
    srv.add_argument("--host", default="0.0.0.0",
                     help="address to listen on (default: all interfaces)")
    srv.add_argument("--port", type=_port, default=DEFAULT_PORT,
                     help="UDP port to listen on (--server, and Host Game in the window) "
                          f"and to probe on the LAN (default: {DEFAULT_PORT})")
    srv.add_argument("--name", help="with --server: the server name in LAN lists "
                                    "(default: Starlane server); otherwise: your player name")
    srv.add_argument("--max-players", type=_bounded(int, 1, MAX_PLAYERS),
                     default=DEFAULT_MAX_PLAYERS,
                     help="players allowed at once, bots included "
                          f"(1-{MAX_PLAYERS}, default: {DEFAULT_MAX_PLAYERS})")
    srv.add_argument("--password", type=_password, metavar="TEXT",
                     help="with --server or --host-game: players must give this password "
                          "to join (it never crosses the network); with --connect: the "
                          "password to join with")
    add_match_options(parser)

    scan = parser.add_argument_group("scan options")
    scan.add_argument("--timeout", type=_bounded(float, 0.1, 30), default=1.0,
                      help="seconds to wait for answers (default: 1.0)")
    scan.add_argument("--json", action="store_true",
                      help="print one JSON object per server: name, host, port, "
                           "protocol_version (the Neteria wire version, not the game's), "
                           "players, max_players, spectators, password (true: joining needs "
                           "one), ping_ms")
    scan.add_argument("--target", action="append", type=_host_port, default=[],
                      metavar="HOST[:PORT]", help="also probe this address (repeatable)")
    scan.add_argument("--interface", action="append", default=None, metavar="NAME",
                      help="broadcast only on this interface (repeatable; default: all)")
    scan.add_argument("--no-broadcast", action="store_true",
                      help="send no broadcast: probe only this machine and the --target "
                           "addresses")

    parser.add_argument("--netsim", type=_netsim, metavar="SPEC",
                        help="simulate a bad network on this end, each way: e.g. "
                             "loss=20,delay=80,jitter=20,dup=5,reorder=5 (percent, ms)")

    play = parser.add_argument_group("window options")
    play.add_argument("--connect", type=_host_port, metavar="HOST[:PORT]",
                      help="skip the menu and join this server")
    play.add_argument("--host-game", action="store_true",
                      help="skip the menu and host a game at once (as if Host Game was "
                           "pressed), with the match options")
    return parser


def main(argv: list[str] | None = None) -> int:
    stopping.catch()  # again for the ``starlane`` script, which does not run __main__
    _write_to_log_file_without_console()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.host_game and (args.server or args.scan or args.connect):
        parser.error("--host-game opens the window and hosts: "
                     "not with --server, --scan or --connect")
    if args.password and args.scan:
        parser.error("--password goes with --server, --host-game or --connect, not --scan")
    replay_cli.check(parser, args)
    if args.replay and args.info:
        return replay_cli.run_info(args)
    if args.replay and replay_cli.readable(args.replay) is None:
        return EXIT_USAGE  # before any window opens
    if args.server:
        return run_server(args)
    if stopping.release():
        return EXIT_INTERRUPTED
    if args.scan:
        return run_scan(args)
    return run_window(args)


def _fail(message: str) -> int:
    print(f"starlane: {message}", file=sys.stderr)
    return EXIT_FAILURE


def run_server(args: argparse.Namespace) -> int:
    """Serve until SIGINT or SIGTERM, which may come at any moment from the program's first
    line (``stopping``): the loop then ends, the clients get BYE REGISTER, exit status 0."""
    from .server.game_server import host

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    name = args.name or "Starlane server"
    bots = seated_bots(args.bots, args.max_players)
    try:
        hosted = host(name, args.host, args.port, args.max_players, netsim=args.netsim,
                      match=match_config(args), bots=bots, skill=args.bot_skill, hosted=False,
                      password=args.password, record=replay_cli.record_choice(args).plan())
    except ValueError as err:
        return _fail(str(err))
    except OSError as err:
        return _fail(f"cannot listen on {args.host}:{args.port}: {err.strerror or err}")
    host_ip, port = hosted.address
    _settle_garbage_collector()
    if note := capped_bots_note(args, bots):
        print(f"starlane: {note}", file=sys.stderr, flush=True)
    print(f"Starlane server {name!r} listening on UDP {host_ip}:{port}, up to "
          f"{args.max_players} players; {describe_match(args, bots)}"
          f"{'; password needed to join' if args.password else ''}. Ctrl-C to stop.",
          flush=True)
    if args.netsim:
        print(f"Simulating a bad network: {args.netsim}", flush=True)
    if hosted.game.recording is not None:
        print(f"Recording the match to {hosted.game.recording.path}", flush=True)
    stats = hosted.serve(stopping.requested)
    print(f"Server stopped after {stats.ticks} ticks, {stats.overruns} of them started "
          f"more than a tick late.", flush=True)
    return 0


GC_YOUNG_THRESHOLD = 10_000  # allocations between young collections (CPython's default: 700)


def _settle_garbage_collector() -> None:
    """Tune the collector for a long-running server, once start-up is done.

    ``gc.freeze()`` moves everything alive now (modules, classes, pydantic schemas, the
    world) out of the collector's sight, so later full collections no longer walk it. A
    young generation of ``GC_YOUNG_THRESHOLD`` allocations instead of 700 runs about 14
    times fewer young collections: nearly every object a datagram makes is freed by its
    reference count long before the next one, so each collection finds little. Measured
    in-process (32 plain clients, 30k verdicts/s): collection time 0.41-0.48 -> 0.09-0.14
    us per verdict; the soak's RSS growth is unchanged (bench/soak.py).
    """
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


def lan_targets(args: argparse.Namespace) -> list[tuple[str, int]]:
    """Where the LAN list (window) and ``--scan`` probe: each chosen interface's broadcast
    (unless ``--no-broadcast``), this machine, and the ``--target`` addresses. Raises
    ``ValueError`` for a target that does not resolve."""
    from starlane.net import probe_targets, resolve

    unicast = tuple(resolve(h, p) for h, p in args.target)
    return probe_targets(args.port, _interfaces(args), broadcast=not args.no_broadcast,
                         unicast=unicast)


def _interfaces(args: argparse.Namespace) -> set[str] | None:
    return set(args.interface) if args.interface else None


WINDOW_PACKAGES = frozenset({"arcade", "pyglet", "pymunk", "PIL"})
"""What the game window needs and a lean install (``pip install starlane``) lacks: arcade
and what it brings. ``--server`` and ``--scan`` never import them."""

WINDOW_HINT = ('the game window needs arcade, which is not installed: pip install '
               '"starlane[window]" (or ./play in a checkout); --server and --scan work without it')


def run_window(args: argparse.Namespace) -> int:
    """The game window, with the remembered settings (``--name`` overrides the name).
    Without the window's packages (a lean install): ``WINDOW_HINT`` and exit status 2."""
    from pydantic import ValidationError

    from starlane.net import resolve

    from . import settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    bots = seated_bots(args.bots, HOSTED_BOTS)
    if bots < args.bots:
        logging.getLogger("starlane").warning(
            "asked for %d bots but a hosted game has %d seats, one of them yours: "
            "starting %d", args.bots, DEFAULT_MAX_PLAYERS, bots)
    try:
        targets = lan_targets(args)
        connect = resolve(*args.connect) if args.connect else None
        chosen = settings.load()
        if args.name:
            chosen = chosen.changed(name=args.name)
    except ValidationError:
        return _fail(f"--name must have 1-{NAME_MAX} characters that are not all spaces")
    except ValueError as err:
        return _fail(str(err))
    try:
        from .ui import launch

        window, start = launch.open_window(
            targets, chosen, netsim=args.netsim, port=args.port, match=match_config(args),
            bots=bots, skill=args.bot_skill, password=args.password,
            record=replay_cli.record_choice(args))
    except Exception as err:  # noqa: BLE001 - no display, no OpenGL: one line for the player
        if isinstance(err, ModuleNotFoundError) and \
                (err.name or "").partition(".")[0] in WINDOW_PACKAGES:
            print(f"starlane: {WINDOW_HINT}", file=sys.stderr)
            return EXIT_USAGE
        return _fail(f"cannot open the game window ({err}); "
                     "use --server to run a headless server")
    launch.run(window, start, connect, args.host_game, args.replay)
    return 0


def _write_to_log_file_without_console() -> None:
    """A windowed build (Windows, the macOS .app) started without a console or a redirect
    has ``sys.stdout`` / ``sys.stderr`` None: ``--version``, ``--help``, a bad flag's reason,
    the server's lines and the window's log would vanish. They go to ``starlane.log`` in
    the config folder instead."""
    if sys.stdout is not None and sys.stderr is not None:
        return
    from .settings import config_dir

    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    log = open(folder / "starlane.log", "a", encoding="utf-8", buffering=1)
    sys.stdout = sys.stdout or log
    sys.stderr = sys.stderr or log


def run_scan(args: argparse.Namespace) -> int:
    from starlane.net import broadcast_interfaces, scan

    try:
        targets = lan_targets(args)
    except ValueError as err:
        return _fail(str(err))
    servers = scan(targets, timeout=args.timeout)
    if args.json:
        for server in servers:
            print(json.dumps(server.as_dict()))
        return 0
    if not servers:
        print(f"No server answered within {args.timeout:g} s "
              f"(probed {', '.join(f'{h}:{p}' for h, p in targets)}).")
        if not args.no_broadcast and not broadcast_interfaces(_interfaces(args)):
            print("No network interface that can broadcast is up, so only this machine "
                  "and the --target addresses were probed.")
        return 0
    for row in scan_table(servers):
        print(row)
    return 0


def scan_table(servers: list[ServerInfo]) -> list[str]:
    """The --scan table: a header, then a row per server, each column as wide as its
    widest entry (a "2/2 +1 watching" never pushes the columns after it out of line)."""
    players = max([len("PLAYERS")] + [len(s.occupancy) for s in servers])
    rows = [f"{'NAME':24} {'MODE':4} {'ARENA':6} {'ADDRESS':21} {'PLAYERS':>{players}} "
            f"{'PING':>8}  {'LOCK':6} PROTOCOL"]
    return rows + [f"{s.name[:24]:24} {'{:4} {:6}'.format(*played(s.advertised))} "
                   f"{s.host + ':' + str(s.port):21} "
                   f"{s.occupancy:>{players}} {s.ping_ms:6.1f}ms  "
                   f"{'locked' if s.password else '':6} {s.version}" for s in servers]
