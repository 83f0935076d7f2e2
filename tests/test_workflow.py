"""The CI workflow (.github/workflows/build.yml) cannot run here: these keep it in step with
the Linux build the tests do run (packaging/build.sh, its one spec, packaging/smoke.py)."""

import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "build.yml"
BUILD_SH = ROOT / "packaging" / "build.sh"


@pytest.fixture(scope="module")
def job() -> dict:
    [build] = yaml.safe_load(WORKFLOW.read_text())["jobs"].values()
    return build


def runs(job: dict) -> list[str]:
    return [step["run"].strip() for step in job["steps"] if "run" in step]


def uses(job: dict, action: str) -> dict:
    [step] = [s for s in job["steps"] if s.get("uses", "").startswith(action + "@")]
    return step


def test_it_builds_on_linux_windows_and_macos(job):
    assert {row["os"] for row in job["strategy"]["matrix"]["include"]} == {
        "ubuntu-latest", "windows-latest", "macos-latest"}
    assert job["runs-on"] == "${{ matrix.os }}"


def test_every_os_runs_packaging_build_sh_itself_not_a_copy_of_its_flags(job):
    assert "bash packaging/build.sh" in runs(job)
    assert "pyinstaller" not in "\n".join(runs(job)).lower()
    assert job["defaults"]["run"]["shell"] == "bash"  # the same script under Git Bash


def test_the_build_uses_the_one_spec_in_the_repository(job):
    specs = [p for p in ROOT.rglob("*.spec") if not {"build", "dist", ".venv"} & set(p.parts)]
    assert specs == [ROOT / "packaging" / "starlane.spec"]
    assert "packaging/starlane.spec" in BUILD_SH.read_text()
    assert ".spec" not in "\n".join(runs(job))


def test_it_uses_the_oldest_python_the_project_supports(job):
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    [minimum] = re.fullmatch(r">=\s*(\d+\.\d+)", requires).groups()
    assert uses(job, "actions/setup-python")["with"]["python-version"] == minimum
    assert job["env"]["PYTHON"] == "python"  # build.sh makes its venv from that interpreter
    assert "${PYTHON:-" in BUILD_SH.read_text()


def test_it_runs_the_smoke_check_the_linux_tests_run_on_what_each_os_built(job):
    smoke = [line for run in runs(job) for line in run.splitlines() if "smoke.py" in line]
    assert smoke == ['python packaging/smoke.py "${{ matrix.program }}"']
    assert "packaging\" / \"smoke.py" in (ROOT / "tests" / "test_packaging.py").read_text()
    programs = {row["os"]: row["program"] for row in job["strategy"]["matrix"]["include"]}
    assert programs == {"ubuntu-latest": "dist/starlane", "windows-latest": "dist/starlane.exe",
                        "macos-latest": "dist/Starlane.app/Contents/MacOS/starlane"}


def test_it_uploads_each_build(job):
    upload = uses(job, "actions/upload-artifact")
    assert upload["uses"] == "actions/upload-artifact@v4"
    assert upload["with"]["path"] == "${{ matrix.artifact }}"
    artifacts = {row["os"]: row["artifact"] for row in job["strategy"]["matrix"]["include"]}
    assert artifacts["macos-latest"] == "dist/Starlane.app.zip"
    assert "ditto -c -k --keepParent dist/Starlane.app dist/Starlane.app.zip" in runs(job)
