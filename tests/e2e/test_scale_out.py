"""Several server processes on one database: `python -m app serve --workers N`, the Docker command.

The rate limit holds across all of them (a count in the database), each has an annotator
pool of its own within the machine's cores, and the schema is migrated once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, pool

from app.core import migrate
from tests.support.dedicated import dispose, key_in
from tests.support.processes import annotators, table
from tests.support.server import ROOT, LiveServer, spawn

LIMIT = 30


def log_lines(server: LiveServer) -> list[dict]:
    out = []
    for line in server.log().splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out


def wait_for_workers(server: LiveServer, n: int, timeout: float = 120) -> set[int]:
    """The pids of the worker processes, once ``n`` of them have started their application."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = {
            rec["pid"] for rec in log_lines(server) if rec.get("msg") == "Application startup complete."
        }
        if len(started) >= n:
            return started
        time.sleep(0.2)
    raise AssertionError(f"{n} workers did not start:\n{server.log()[-3000:]}")


def wait_for_quiet_minute() -> None:
    """The limit counts per minute: hammer well inside one, not across the boundary."""
    if time.time() % 60 > 45:
        time.sleep(61 - time.time() % 60)


@pytest.fixture(scope="module")
def two_workers(fresh_db_url, tmp_path_factory):
    """`serve --workers 2` on a database nobody has migrated: the server must do it, once."""
    url = fresh_db_url("scaleout")
    env = {
        "MIGEVENTS_DATABASE_URL": url,
        "MIGEVENTS_RATE_LIMIT_PER_MINUTE": str(LIMIT),
        "MIGEVENTS_PRELOAD_ANNOTATOR": "true",
        "MIGEVENTS_LOG_LEVEL": "INFO",
    }
    env.pop("MIGEVENTS_RATE_LIMIT_STORE", None)
    env["MIGEVENTS_ANNOTATOR_PROCESSES"] = "0"  # the server's own split of the cores
    server = spawn(env, tmp_path_factory.mktemp("scale") / "server.log", as_deployed=True, workers=2)
    try:
        pids = wait_for_workers(server, 2)
        yield server, url, pids
    finally:
        server.kill(signal.SIGTERM)
        dispose(url)


def test_the_rate_limit_holds_across_both_processes(two_workers):
    server, url, pids = two_workers
    key = key_in(url, "read write", "hammer")
    other = key_in(url, "read", "bystander")
    wait_for_quiet_minute()

    def get(_: int) -> httpx.Response:
        # A connection per request, so the kernel spreads them over both processes' accept queues.
        with httpx.Client(base_url=server.base_url, timeout=60) as c:
            return c.get("/v1/events?limit=1", headers={"X-API-Key": key})

    with ThreadPoolExecutor(16) as ex:
        answers = list(ex.map(get, range(LIMIT * 3)))
    admitted = [r for r in answers if r.status_code == 200]
    refused = [r for r in answers if r.status_code == 429]
    assert len(admitted) == LIMIT, [r.status_code for r in answers]
    assert len(refused) == LIMIT * 2
    assert all(r.headers["content-type"] == "application/problem+json" for r in refused)
    assert all(1 <= int(r.headers["retry-after"]) <= 60 for r in refused)
    # Both processes answered: each request's log line names the process that served it.
    served_by = {rec["pid"] for rec in log_lines(server) if rec.get("msg") == "request"}
    assert served_by == pids
    # The count is per key: another key still gets its own minute.
    assert httpx.get(server.base_url + "/v1/events?limit=1", headers={"X-API-Key": other}).status_code == 200


def test_each_process_has_its_own_bounded_annotator_pool(two_workers):
    _, _, pids = two_workers
    cores = len(os.sched_getaffinity(0))
    per_worker = max(1, cores // 2)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and any(len(annotators(p)) != per_worker for p in pids):
        time.sleep(0.2)
    assert {p: len(annotators(p)) for p in pids} == dict.fromkeys(pids, per_worker)
    assert all(table()[p][0] == table()[next(iter(pids))][0] for p in pids), "workers share one parent"


def test_the_schema_was_migrated_once_by_the_parent(two_workers):
    server, url, pids = two_workers
    revisions = list(ScriptDirectory.from_config(migrate.alembic_config(url)).walk_revisions())
    runs = [rec for rec in log_lines(server) if str(rec.get("msg", "")).startswith("Running upgrade")]
    assert len(runs) == len(revisions)
    assert {rec["pid"] for rec in runs}.isdisjoint(pids), "the workers never migrate"


def test_migrations_started_at_once_on_one_database_all_succeed(fresh_db_url):
    url = fresh_db_url("racing")
    env = {**os.environ, "MIGEVENTS_DATABASE_URL": url}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "app", "migrate"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=180)[0].decode(errors="replace") for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outputs
    # Without the lock the later ones trip over tables the first has just made (PostgreSQL) or
    # over a locked database (SQLite); with it they wait, then find the schema at head.
    head = ScriptDirectory.from_config(migrate.alembic_config(url)).get_current_head()
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head
    engine.dispose()
