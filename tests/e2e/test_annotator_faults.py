"""Annotator processes that die or overrun, on a real server: each one is noticed and replaced.

The server runs two annotator processes (preloaded). An idle process killed with
SIGKILL (what the kernel's OOM killer sends) is replaced before the next article
needs it; one killed mid-article has its article retried on the other; a second
death on the same article is a prompt 503 with Retry-After. An article that takes
its process over the memory limit fails alone with a 422. Afterwards the pool has
exactly its configured size and the tables hold exactly the articles answered 201.
"""

from __future__ import annotations

import os
import signal
import threading
import time

import httpx
import pytest

from tests.conftest import corpus_articles
from tests.support.dedicated import key_in, migrated_db, row_counts
from tests.support.processes import annotators, busy_one
from tests.support.server import running
from tests.support.texts import article_text

PROCESSES = 2


def long_text(copies: int, tag: str) -> str:
    """Seconds of annotation: the development corpus ``copies`` times, made unique by ``tag``."""
    texts = [t for i, t, _ in corpus_articles() if i != "seed" and not i.startswith("d12")]
    return "\n\n".join(texts * copies) + f"\n\nOfficials in Rome said case {tag} was closed."


def post_in_background(c: httpx.Client, body: dict) -> tuple[threading.Thread, list]:
    out: list = []

    def send() -> None:
        started = time.monotonic()
        out.append(c.post("/v1/articles", json=body))
        out.append(time.monotonic() - started)

    t = threading.Thread(target=send)
    t.start()
    return t, out


def wait_for_full_pool(c: httpx.Client, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = c.get("/health/ready")
        if r.status_code == 200 and r.json()["checks"]["annotator"]["ready"] == PROCESSES:
            return r.json()["checks"]["annotator"]
        time.sleep(0.1)
    raise AssertionError(f"the pool did not get back to {PROCESSES} processes: {r.text}")


@pytest.fixture
def target(fresh_db_url, tmp_path):
    def start(**env: str):
        url = migrated_db(fresh_db_url, "faults")
        settings = {
            "MIGEVENTS_DATABASE_URL": url,
            "MIGEVENTS_ANNOTATOR_PROCESSES": str(PROCESSES),
            "MIGEVENTS_PRELOAD_ANNOTATOR": "true",
            **{f"MIGEVENTS_{k.upper()}": v for k, v in env.items()},
        }
        return url, running(settings, tmp_path / "server.log"), key_in(url, "write", "faults")

    return start


def test_killed_idle_processes_are_replaced_before_the_next_article(target):
    url, server, key = target()
    with server as srv, httpx.Client(base_url=srv.base_url, timeout=60, headers={"X-API-Key": key}) as c:
        first = c.post("/v1/articles", json={"text": article_text(1)})
        assert first.status_code == 201, first.text
        killed = annotators(srv.process.pid)
        assert len(killed) == PROCESSES
        for pid in killed:
            os.kill(pid, signal.SIGKILL)

        started = time.monotonic()
        second = c.post("/v1/articles", json={"text": article_text(2)})
        elapsed = time.monotonic() - started
        print(f"\nnext article after SIGKILL of both idle processes: {second.status_code} in {elapsed:.1f} s")
        assert second.status_code == 201, second.text
        assert elapsed < 30  # a replacement's start-up, not the 60 s client timeout of the report

        health = wait_for_full_pool(c)
        assert health["alive"] == PROCESSES and health["replaced"] == PROCESSES
        now = annotators(srv.process.pid)
        assert len(now) == PROCESSES and not set(now) & set(killed)
        counts = row_counts(url)
        assert counts["article"] == 2
        assert counts["event"] == first.json()["annotation"]["events"] + second.json()["annotation"]["events"]
        assert "internal-error" not in srv.log()


def test_a_process_killed_mid_article_is_retried_once_then_answered_503(target):
    url, server, key = target(annotation_timeout_seconds="120")
    with server as srv, httpx.Client(base_url=srv.base_url, timeout=120, headers={"X-API-Key": key}) as c:
        # Killed while annotating: the article is annotated again on the other process.
        thread, out = post_in_background(c, {"text": long_text(2, "first")})
        victim = busy_one(srv.process.pid)
        os.kill(victim, signal.SIGKILL)
        thread.join(120)
        retried, elapsed = out
        print(f"\narticle whose process was killed mid-way: {retried.status_code} in {elapsed:.1f} s")
        assert retried.status_code == 201, retried.text
        assert retried.json()["annotation"]["events"] > 0
        assert victim not in annotators(srv.process.pid)
        assert row_counts(url)["article"] == 1

        # Both processes killed on the same article: a prompt 503, nothing stored.
        wait_for_full_pool(c)
        thread, out = post_in_background(c, {"text": long_text(2, "second")})
        first_victim = busy_one(srv.process.pid)
        other = set(annotators(srv.process.pid)) - {first_victim}
        os.kill(first_victim, signal.SIGKILL)
        second_victim = busy_one(srv.process.pid, among=other)  # the retry, not the replacement
        os.kill(second_victim, signal.SIGKILL)
        killed_at = time.monotonic()
        thread.join(60)
        refused, _ = out
        answered_in = time.monotonic() - killed_at
        print(f"503 {answered_in:.2f} s after the second process was killed")
        assert refused.status_code == 503, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["type"].endswith("/annotator-unavailable")
        assert int(refused.headers["Retry-After"]) > 0
        assert answered_in < 2
        assert row_counts(url)["article"] == 1

        health = wait_for_full_pool(c)
        assert health["alive"] == PROCESSES and health["replaced"] == 3
        assert len(annotators(srv.process.pid)) == PROCESSES
        again = c.post("/v1/articles", json={"text": article_text(3)})
        assert again.status_code == 201
        counts = row_counts(url)
        assert counts["article"] == 2
        stored = [retried, again]
        assert counts["event"] == sum(r.json()["annotation"]["events"] for r in stored)


def test_an_article_over_the_memory_limit_fails_alone(target):
    # The loaded model takes ~140 MB; this article would take a process to ~400 MB.
    url, server, key = target(annotator_memory_limit_mb="260", annotation_timeout_seconds="120")
    with server as srv, httpx.Client(base_url=srv.base_url, timeout=120, headers={"X-API-Key": key}) as c:
        before = annotators(srv.process.pid)
        thread, out = post_in_background(c, {"text": long_text(6, "big")})
        busy = busy_one(srv.process.pid)
        # Meanwhile the other process annotates as usual.
        beside = c.post("/v1/articles", json={"text": article_text(4)})
        assert beside.status_code == 201, beside.text
        thread.join(120)
        refused, elapsed = out
        print(f"\narticle over the memory limit: {refused.status_code} in {elapsed:.1f} s")
        assert refused.status_code == 422, refused.text
        assert refused.json()["type"].endswith("/annotation-memory-limit")
        assert "260 MB" in refused.json()["detail"]
        assert row_counts(url)["article"] == 1

        health = wait_for_full_pool(c)
        assert health["replaced"] == 1 and health["memory_limit_mb"] == 260
        now = annotators(srv.process.pid)
        assert busy not in now and len(now) == PROCESSES and len(set(now) & set(before)) == 1
        after = c.post("/v1/articles", json={"text": article_text(5)})
        assert after.status_code == 201
        assert row_counts(url)["article"] == 2
