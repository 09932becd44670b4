"""Run the real service under uvicorn on a loopback port, as a child process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.postgres import free_port

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class LiveServer:
    base_url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)


def spawn(
    env_overrides: dict[str, str],
    log_path: Path,
    port: int | None = None,
    *,
    as_deployed: bool = False,
    workers: int = 1,
) -> LiveServer:
    """uvicorn on the app; ``as_deployed``: ``python -m app serve`` (the Docker command) in a
    process group of its own, as a service manager starts it, with ``workers`` processes."""
    port = port or free_port()
    env = {**os.environ, "MIGEVENTS_LOG_LEVEL": "INFO", **env_overrides}
    log = open(log_path, "ab")  # noqa: SIM115 - owned by the child's lifetime
    if as_deployed:
        cmd = [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port)]
        cmd += ["--workers", str(workers)]
    else:
        cmd = [sys.executable, "-m", "uvicorn", "app.asgi:app", "--host", "127.0.0.1", "--port", str(port)]
        cmd += ["--log-level", "warning", "--no-access-log"]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=as_deployed
    )
    server = LiveServer(f"http://127.0.0.1:{port}", proc, log_path)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{server.log()[-3000:]}")
        try:
            if httpx.get(server.base_url + "/health/ready", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"server did not become ready:\n{server.log()[-3000:]}")


@contextmanager
def running(env_overrides: dict[str, str], log_path: Path) -> Iterator[LiveServer]:
    server = spawn(env_overrides, log_path)
    try:
        yield server
    finally:
        server.kill(signal.SIGTERM)
