"""Real broadcast discovery between two network namespaces that this test creates.

Host A (server) and host B (scanner) are joined by a veth pair on 10.231.0.0/24; B's
probe goes to A's subnet broadcast 10.231.0.255, chosen from B's interfaces by netifaces.
Nothing leaves the two namespaces. Needs root and iproute2; skipped with the reason otherwise.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.netns

if os.geteuid() != 0 or shutil.which("ip") is None:
    pytest.skip("needs root and iproute2 to create network namespaces", allow_module_level=True)

SUBNET = "10.231.0"


def ip(*args):
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=10)


def in_ns(ns, *args, **kw):
    return subprocess.run(["ip", "netns", "exec", ns, sys.executable, *args], capture_output=True,
                          text=True, timeout=20, **kw)


@pytest.fixture(scope="module")
def lan():
    a, b = f"sl{os.getpid()}a", f"sl{os.getpid()}b"
    try:
        ip("netns", "add", a)
        ip("netns", "add", b)
    except subprocess.CalledProcessError as err:
        pytest.skip(f"cannot create network namespaces here: {err.stderr.decode().strip()}")
    try:
        ip("link", "add", "veth-a", "netns", a, "type", "veth", "peer", "name", "veth-b",
           "netns", b)
        for ns, dev, host in ((a, "veth-a", 1), (b, "veth-b", 2)):
            ip("-n", ns, "addr", "add", f"{SUBNET}.{host}/24", "brd", f"{SUBNET}.255", "dev", dev)
            ip("-n", ns, "link", "set", dev, "up")
            ip("-n", ns, "link", "set", "lo", "up")
        yield a, b
    finally:
        for ns in (a, b):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, timeout=10)


@pytest.fixture
def server_in_a(lan):
    a, _ = lan
    proc = subprocess.Popen(["ip", "netns", "exec", a, sys.executable, "-m", "starlane", "--server",
                             "--name", "Namespace A", "--max-players", "6"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert "listening" in proc.stdout.readline()
    yield proc
    proc.terminate()
    proc.communicate(timeout=5)


def test_netifaces_reports_the_veth_broadcast_address(lan):
    _, b = lan
    out = in_ns(b, "-c", "from starlane.net import broadcast_interfaces; "
                         "print(broadcast_interfaces())")
    assert out.stdout.strip() == (
        f"[Interface(name='veth-b', address='{SUBNET}.2', broadcast='{SUBNET}.255')]")


def test_scan_json_lists_a_server_started_in_another_namespace(lan, server_in_a):
    _, b = lan
    out = in_ns(b, "-m", "starlane", "--scan", "--json", "--timeout", "1")
    assert out.returncode == 0, out.stderr
    [line] = out.stdout.splitlines()
    found = json.loads(line)
    assert (found["name"], found["host"], found["port"], found["players"],
            found["max_players"]) == ("Namespace A", f"{SUBNET}.1", 40080, 0, 6)


def test_scanning_only_another_interface_does_not_broadcast_on_this_one(lan, server_in_a):
    _, b = lan
    out = in_ns(b, "-m", "starlane", "--scan", "--json", "--interface", "lo", "--timeout", "0.3")
    assert (out.returncode, out.stdout) == (0, "")  # only this machine was probed
