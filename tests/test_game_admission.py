"""The game admits players of its own release, and plain neteria clients; another release
is refused with a reason that says what to do."""

from starlane.game import BUILD
from starlane.game.client.session import NetSession
from starlane.game.server.game_server import GameServer
from starlane.net import Admission, ServerConfig
from tests.helpers import SERVER, NoLink


def hello(build):
    return Admission(cuuid="c1", address=("127.0.0.1", 5000), name="Vega", version="1.0.2",
                     build=build, password=False)


def test_a_player_of_the_same_release_is_admitted():
    assert GameServer(ServerConfig(), seed=1).admit(hello(BUILD)) is None


def test_a_plain_neteria_client_names_no_build_and_is_admitted():
    assert GameServer(ServerConfig(), seed=1).admit(hello(None)) is None


def test_another_release_is_refused_with_both_versions_named():
    reason = GameServer(ServerConfig(), seed=1).admit(hello("starlane 0.0.1"))
    assert reason is not None and BUILD in reason and "starlane 0.0.1" in reason


def test_a_session_presents_this_release(closing):
    session = closing(NetSession(SERVER, "Vega", link=lambda *_: NoLink()))
    assert session.protocol.config.build == BUILD
