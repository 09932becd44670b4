"""Stopping the server as deployed (``python -m app serve`` in a process group of its own).

Whatever receives the signal - the server alone, or its whole process group as
systemd's ``KillMode=control-group`` and Ctrl-C in a terminal do - the server stops
accepting, lets in-flight articles finish within the grace period (answering 503
for what does not), stops its annotator processes and exits 0 in bounded time. A
second signal cuts the grace short. Afterwards no process of the server's tree is
left (the process table is compared by pid and start time) and the tables hold
exactly the articles that were answered 201.
"""

from __future__ import annotations

import os
import signal
import time

import httpx
import pytest

from tests.e2e.test_annotator_faults import long_text, post_in_background
from tests.support.dedicated import key_in, migrated_db, row_counts
from tests.support.processes import annotators, busy_one, tree, wait_gone
from tests.support.server import spawn
from tests.support.texts import article_text


def send(server: int, sig: int, to: str) -> None:
    if to == "group":
        os.killpg(server, sig)  # the server leads its own group
    else:
        os.kill(server, sig)


def exit_time(process, since: float, timeout: float = 30.0) -> float:
    rc = process.wait(timeout)
    assert rc == 0, f"exit status {rc}"
    return time.monotonic() - since


@pytest.fixture
def deployed(fresh_db_url, tmp_path):
    started = []

    def start(grace: float):
        url = migrated_db(fresh_db_url, "stop")
        env = {
            "MIGEVENTS_DATABASE_URL": url,
            "MIGEVENTS_ANNOTATOR_PROCESSES": "2",
            "MIGEVENTS_PRELOAD_ANNOTATOR": "true",
            "MIGEVENTS_ANNOTATION_TIMEOUT_SECONDS": "120",
            "MIGEVENTS_SHUTDOWN_GRACE_SECONDS": str(grace),
        }
        srv = spawn(env, tmp_path / f"server{len(started)}.log", as_deployed=True)
        started.append(srv)
        key = key_in(url, "write", "stop")
        c = httpx.Client(base_url=srv.base_url, timeout=120, headers={"X-API-Key": key})
        assert c.post("/v1/articles", json={"text": article_text(1)}).status_code == 201
        assert len(annotators(srv.process.pid)) == 2
        return srv, url, c, tree(srv.process.pid)

    yield start
    for srv in started:
        if srv.process.poll() is None:
            os.killpg(srv.process.pid, signal.SIGKILL)
            srv.process.wait(10)


@pytest.mark.parametrize(
    "sig, to",
    [(sig, to) for sig in (signal.SIGTERM, signal.SIGINT) for to in ("group", "server")],
    ids=["TERM-group", "TERM-server", "INT-group", "INT-server"],
)
def test_an_idle_server_stops_at_once(deployed, sig, to):
    srv, url, c, procs = deployed(grace=10)
    assert len(procs) >= 3  # the server, its two annotator processes (and multiprocessing's tracker)
    since = time.monotonic()
    send(srv.process.pid, sig, to)
    took = exit_time(srv.process, since)
    print(f"\n{signal.Signals(sig).name} to the {to}: exit 0 in {took:.2f} s")
    assert took < 5
    assert wait_gone(procs, 2) == set(), "processes left behind"
    assert row_counts(url)["article"] == 1
    assert "Traceback" not in srv.log()


def test_an_in_flight_article_finishes_within_the_grace_period(deployed):
    srv, url, c, procs = deployed(grace=10)
    thread, out = post_in_background(c, {"text": long_text(2, "in-flight")})
    busy_one(srv.process.pid)
    since = time.monotonic()
    os.killpg(srv.process.pid, signal.SIGTERM)
    time.sleep(0.3)
    with pytest.raises(httpx.ConnectError):  # no longer accepting
        httpx.get(srv.base_url + "/health/live", timeout=2)
    thread.join(30)
    response, _ = out
    assert response.status_code == 201, response.text
    took = exit_time(srv.process, since)
    print(f"\nSIGTERM to the group with an article in flight: 201, exit 0 in {took:.2f} s")
    assert took < 10
    assert wait_gone(procs, 2) == set()
    counts = row_counts(url)
    assert counts["article"] == 2
    assert "Traceback" not in srv.log()


def test_what_the_grace_period_cannot_finish_is_answered_503(deployed):
    srv, url, c, procs = deployed(grace=2)
    before = row_counts(url)
    thread, out = post_in_background(c, {"text": long_text(6, "too-long")})  # many seconds
    busy_one(srv.process.pid)
    since = time.monotonic()
    os.killpg(srv.process.pid, signal.SIGTERM)
    thread.join(30)
    response, _ = out
    assert response.status_code == 503, response.text
    assert response.json()["type"].endswith("/annotator-unavailable")
    assert "Retry-After" in response.headers
    took = exit_time(srv.process, since)
    print(f"\nSIGTERM, article longer than the 2 s grace: 503, exit 0 in {took:.2f} s")
    assert took < 2 + 1.5
    assert wait_gone(procs, 2) == set()
    assert row_counts(url) == before


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_second_signal_cuts_the_grace_period_short(deployed, sig):
    srv, url, c, procs = deployed(grace=60)
    before = row_counts(url)
    thread, out = post_in_background(c, {"text": long_text(6, "twice")})
    busy_one(srv.process.pid)
    os.killpg(srv.process.pid, sig)
    time.sleep(0.5)
    since = time.monotonic()
    os.killpg(srv.process.pid, sig)
    took = exit_time(srv.process, since)
    thread.join(30)
    print(f"\n{signal.Signals(sig).name} twice: exit 0 in {took:.2f} s after the second")
    assert took < 3
    if sig == signal.SIGTERM:
        response, _ = out
        assert response.status_code == 503, response.text
    assert wait_gone(procs, 2) == set()
    assert row_counts(url) == before
