"""The Dockerfile passes hadolint and keeps its promises (no Docker engine here to build it)."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"


def test_hadolint_passes():
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    result = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_multi_stage_non_root_with_healthcheck():
    text = DOCKERFILE.read_text()
    assert text.count("\nFROM ") + text.startswith("FROM ") >= 2, "multi-stage build expected"
    assert "\nUSER 10001" in text
    assert "HEALTHCHECK" in text and "/health/ready" in text
    assert "--require-hashes" in text
    # The command applies migrations before serving.
    assert '"app", "serve"' in text


def test_runtime_files_exist():
    for name in ("requirements/app.lock", "alembic.ini", "migrations", "app", "pyproject.toml", "README.md"):
        assert (ROOT / name).exists(), name


def _exec_form(instruction: str) -> list[str]:
    import json

    [line] = [ln for ln in DOCKERFILE.read_text().splitlines() if ln.startswith(instruction + " ")]
    argv = json.loads(line[len(instruction) + 1 :])  # exec form: a JSON array, no shell in between
    assert isinstance(argv, list)
    return argv


def test_pid_1_is_tini_and_the_server_runs_in_exec_form():
    assert _exec_form("ENTRYPOINT") == ["/usr/bin/tini", "--"]
    assert _exec_form("CMD")[:4] == ["python", "-m", "app", "serve"]
    assert "STOPSIGNAL SIGTERM" in DOCKERFILE.read_text()


def test_the_image_command_as_pid_1_stops_on_sigterm_with_exit_0(fresh_db_url, tmp_path):
    """The image's ENTRYPOINT + CMD as PID 1 of a PID namespace of its own (as in a container):
    SIGTERM to PID 1 reaches the server, which stops its annotator processes; exit status 0."""
    import os
    import signal
    import time

    import httpx
    import pytest

    from tests.support.postgres import free_port
    from tests.support.processes import annotators, table, tree, wait_gone

    tini, unshare = shutil.which("tini"), shutil.which("unshare")
    if not tini or not unshare:
        pytest.skip("needs tini and unshare")
    if subprocess.run([unshare, "--pid", "--fork", "--mount-proc", "true"], capture_output=True).returncode:
        pytest.skip("no permission to make a PID namespace here")
    port = free_port()
    cmd = [arg.replace("0.0.0.0", "127.0.0.1").replace("8000", str(port)) for arg in _exec_form("CMD")]
    cmd[0] = sys.executable
    entry = [tini if arg == "/usr/bin/tini" else arg for arg in _exec_form("ENTRYPOINT")]
    env = {
        **os.environ,
        "MIGEVENTS_DATABASE_URL": fresh_db_url("pid1"),
        "MIGEVENTS_PRELOAD_ANNOTATOR": "true",
        "MIGEVENTS_ANNOTATOR_PROCESSES": "2",
    }
    log = open(tmp_path / "pid1.log", "wb")  # noqa: SIM115
    ns = subprocess.Popen(
        [unshare, "--pid", "--fork", "--mount-proc", *entry, *cmd], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert ns.poll() is None and time.monotonic() < deadline, (tmp_path / "pid1.log").read_text()
            try:
                ready = httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=2)
                if ready.status_code == 200 and ready.json()["checks"]["annotator"]["ready"] == 2:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        [pid1] = [pid for pid, (ppid, _, _) in table().items() if ppid == ns.pid]  # tini, seen from outside
        [server] = [pid for pid, (ppid, _, _) in table().items() if ppid == pid1]
        assert len(annotators(server)) == 2
        procs = tree(ns.pid)
        since = time.monotonic()
        os.kill(pid1, signal.SIGTERM)
        assert ns.wait(30) == 0, (tmp_path / "pid1.log").read_text()
        print(f"\nSIGTERM to PID 1 (tini): exit 0 in {time.monotonic() - since:.2f} s")
        assert wait_gone(procs, 2) == set()
    finally:
        if ns.poll() is None:
            ns.kill()
            ns.wait(10)
