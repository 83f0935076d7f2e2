"""The middleware's hooks are declared (net.middleware): a misspelt or mis-typed hook is a
TypeError when the server is built, and mypy --strict flags a Middleware subclass's hook
with the wrong signature."""

import pathlib
import subprocess
import sys
import textwrap

import pytest

from starlane.net import LEGAL, Middleware, ServerProtocol
from tests.helpers import join

ROOT = pathlib.Path(__file__).resolve().parent.parent


class Plain:
    """Neteria's shape: no base class, ``judge``, ``execute`` and one hook."""

    def __init__(self) -> None:
        self.joined_names: list[str] = []

    def judge(self, conn, event_data):
        return LEGAL

    def execute(self, conn, event_data):
        pass

    def joined(self, conn):
        self.joined_names.append(conn.name)


def test_a_misspelt_hook_is_a_type_error_when_the_server_is_built():
    class Misspelt(Plain):
        def joinned(self, conn):
            pass

    with pytest.raises(TypeError, match=r"Misspelt\.joinned is not a middleware method: "
                                        r"did you mean joined"):
        ServerProtocol(Misspelt())


def test_a_hook_missing_an_argument_is_a_type_error_when_the_server_is_built():
    class NoReason(Plain):
        def left(self, conn):
            pass

    with pytest.raises(TypeError, match=r"NoReason\.left must take \(conn, reason\)"):
        ServerProtocol(NoReason())


def test_the_applications_own_methods_and_data_are_left_alone():
    class Busy(Plain):
        executed: list = []  # noqa: RUF012 - data named like execute: not a method, no error

        def announce(self, entry):
            pass

        def on_tick(self, now):
            pass

    ServerProtocol(Busy())


def test_a_plain_middleware_without_the_base_class_has_its_hooks_called():
    app = Plain()
    join(ServerProtocol(app), name="Vega")
    assert app.joined_names == ["Vega"]


def test_a_middleware_subclass_leaving_out_the_hooks_gets_a_no_op_for_each():
    class Judge(Middleware):
        def judge(self, conn, event_data):
            return LEGAL

        def execute(self, conn, event_data):
            pass

    server = ServerProtocol(Judge())
    join(server)
    server.kick("c1", "bye", 1.0)
    assert server.stats.middleware_errors == 0 and not server.connections


def test_mypy_strict_reports_a_hook_override_with_the_wrong_signature(tmp_path):
    (tmp_path / "starlane").mkdir()
    (tmp_path / "starlane" / "__init__.py").write_text("")
    (tmp_path / "starlane" / "net").symlink_to(ROOT / "net")  # as installed: starlane.net
    (tmp_path / "app.py").write_text(textwrap.dedent("""\
        from typing import Any

        from starlane.net import LEGAL, Connection, Middleware, Verdict


        class Rules(Middleware):
            def judge(self, conn: Connection, event_data: Any) -> Verdict:
                return LEGAL

            def execute(self, conn: Connection, event_data: Any) -> None:
                pass

            def left(self, conn: Connection) -> None:
                pass
        """))
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir",
                             str(tmp_path / "cache"), "app.py"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert 'app.py:13: error: Signature of "left" incompatible with supertype' in result.stdout
    assert result.stdout.count("error:") == 1, result.stdout
