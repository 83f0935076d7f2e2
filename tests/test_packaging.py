"""Smoke tests of the built executable (dist/starlane), not of the source tree.

packaging/build.sh makes it (./run-tests runs the build before the tests, outside the
private network namespace, because the build installs from PyI). Skipped, with the reason,
when there is no build. Size and cold start times go to artifacts/packaging.json.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from starlane.net import scan
from tests.helpers import free_port, read_until, wait_until

ROOT = Path(__file__).resolve().parent.parent
EXE = Path(os.environ.get("STARLANE_EXE", ROOT / "dist" / ("starlane.exe" if sys.platform ==
                                                            "win32" else "starlane")))
ARTIFACTS = ROOT / "artifacts"

pytestmark = pytest.mark.skipif(not EXE.exists(), reason=f"no build at {EXE}: run "
                                                         "packaging/build.sh")


def record(**figures):
    path = ARTIFACTS / "packaging.json"
    path.parent.mkdir(exist_ok=True)
    old = json.loads(path.read_text()) if path.exists() else {}
    path.write_text(json.dumps({**old, **figures}, indent=1))


def test_the_executable_reports_its_version():
    out = subprocess.run([str(EXE), "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    assert out.stdout.strip() == "starlane 0.1.0 (Neteria protocol 1.0.2)"
    record(size_mb=round(EXE.stat().st_size / 2**20, 1))


def test_the_executables_server_answers_ohai_and_a_real_neteria_client_registers():
    neteria_client = pytest.importorskip("neteria.client")
    port = free_port()
    proc = subprocess.Popen([str(EXE), "--server", "--host", "127.0.0.1", "--port", str(port),
                             "--name", "Frozen"], stdout=subprocess.PIPE, text=True)
    try:
        assert "listening" in proc.stdout.readline()
        [found] = scan([("127.0.0.1", port)], timeout=0.5)
        assert (found.name, found.port) == ("Frozen", port)
        client = neteria_client.NeteriaClient(server_port=port, client_address="127.0.0.1",
                                              client_port=free_port())
        client.listen()
        client.register(("127.0.0.1", port))
        assert wait_until(lambda: client.registered, timeout=5)
        client.event({"KEYDOWN": "left"})
        assert wait_until(lambda: len(client.event_notifies) > 3 and not client.event_uuids)
        assert not client.event_rollbacks
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0


@pytest.mark.skipif(shutil.which("import") is None, reason="needs ImageMagick's import")
def test_the_executable_opens_the_start_screen_under_xvfb(display, tmp_path):
    env = {**os.environ, "DISPLAY": display, "XDG_CONFIG_HOME": str(tmp_path)}
    starts = []
    shot = ARTIFACTS / "screenshots" / "frozen" / "start.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(3):
        began = time.monotonic()
        proc = subprocess.Popen([str(EXE), "--no-broadcast"], env=env, stderr=subprocess.PIPE,
                                text=True)
        try:
            read_until(proc.stderr, "start screen shown")
            starts.append(time.monotonic() - began)
            if attempt == 0:
                time.sleep(0.5)
                subprocess.run(["import", "-display", display, "-window", "root", str(shot)],
                               check=True, timeout=30)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    image = Image.open(shot).convert("RGB")
    assert len(image.getcolors(1 << 20) or []) > 20, "the screenshot is blank"
    title_yellow = sum(1 for r, g, b in image.getdata() if r > 240 and 180 < g < 210 and b < 30)
    assert title_yellow > 500, "the STARLANE title is not on screen"
    record(cold_start_s=[round(s, 2) for s in starts])


def test_the_smoke_check_the_ci_workflow_runs_passes_on_this_build():
    done = subprocess.run([sys.executable, str(ROOT / "packaging" / "smoke.py"), str(EXE)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "answered OHAI" in done.stdout
