"""Start the servers under test on loopback, each pinned to the core the load driver leaves free."""

from __future__ import annotations

import importlib.util
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

from bench.load import cpu_pin
from tests.support.postgres import TempPostgres, free_port

ROOT = Path(__file__).resolve().parents[1]
LOGS = ROOT / "bench" / "out" / "logs"
SERVER_CPU = 1


@dataclass
class Running:
    base_url: str
    process: subprocess.Popen


def uvicorn_cmd(app_ref: str, port: int) -> list[str]:
    """One worker, with uvloop and httptools when installed: the service's production settings."""
    cmd = [sys.executable, "-m", "uvicorn", app_ref, "--workers", "1", "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
    if importlib.util.find_spec("uvloop"):
        cmd += ["--loop", "uvloop"]
    if importlib.util.find_spec("httptools"):
        cmd += ["--http", "httptools"]
    return cmd


@contextmanager
def serve(
    name: str, cmd: list[str], port: int, env: dict[str, str], ready: str, cwd: Path = ROOT
) -> Iterator[Running]:
    LOGS.mkdir(parents=True, exist_ok=True)
    with open(LOGS / f"{name}.log", "ab") as log:
        proc = subprocess.Popen(
            [*cpu_pin(SERVER_CPU), *cmd],
            cwd=cwd,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited early; see {LOGS / (name + '.log')}")
                try:
                    if httpx.get(base + ready, timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not become ready")
                time.sleep(0.2)
            yield Running(base, proc)
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def service(db_url: str, tag: str) -> Iterator[Running]:
    """The service, from this checkout or from BENCH_SERVICE_ROOT's (bench/run.py --service-root)."""
    port = free_port()
    env = {
        "MIGEVENTS_DATABASE_URL": db_url,
        # The limiter still runs on every request; the cap is just out of the driver's reach.
        "MIGEVENTS_RATE_LIMIT_PER_MINUTE": "1000000000",
        "MIGEVENTS_PRELOAD_ANNOTATOR": "false",
        "MIGEVENTS_LOG_LEVEL": "INFO",
    }
    root = Path(os.environ.get("BENCH_SERVICE_ROOT") or ROOT)
    return serve(f"service-{tag}", uvicorn_cmd("app.asgi:app", port), port, env, "/health/ready", root)


def ceiling(body_path: Path) -> Iterator[Running]:
    port = free_port()
    env = {"BENCH_CEILING_BODY": str(body_path)}
    return serve("ceiling", uvicorn_cmd("bench.ceiling:app", port), port, env, "/health/ready")


def datasette(db_path: Path, max_rows: int = 1000) -> Iterator[Running]:
    """Datasette at its best for this query: immutable file, no counts, facets or suggestions."""
    port = free_port()
    exe = Path(sys.executable).with_name("datasette")
    cmd = [str(exe), "serve", "-i", str(db_path), "--host", "127.0.0.1", "--port", str(port)]
    for setting in (
        "suggest_facets off",
        "default_facet_size 0",
        "allow_facet off",
        "sql_time_limit_ms 60000",
        f"max_returned_rows {max_rows}",
    ):
        cmd += ["--setting", *setting.split()]
    return serve("datasette", cmd, port, {}, "/-/versions.json")


def pin_postgres(pg: TempPostgres) -> None:
    """Put the PostgreSQL server (and the backends it forks later) on the server core too."""
    pid = (pg.datadir / "postmaster.pid").read_text().split()[0]
    if cpu_pin(SERVER_CPU):
        subprocess.run(["taskset", "-a", "-p", "-c", str(SERVER_CPU), pid], capture_output=True, check=False)
