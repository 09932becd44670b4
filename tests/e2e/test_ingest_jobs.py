"""Ingestion jobs: POST /v1/ingest-jobs (NDJSON, 202), `python -m app worker`, and a worker killed mid-job.

Each test module gets a server and database of its own: the workers take every pending
item of the database they are pointed at.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from app.core.db import get_engines
from tests.support.dedicated import dispose, key_in, migrated_db
from tests.support.server import ROOT, running

NDJSON = {"content-type": "application/x-ndjson"}
LIMITS = {"MIGEVENTS_MAX_JOB_ITEMS": "400", "MIGEVENTS_MAX_JOB_BODY_BYTES": "200000"}
COUNTRIES = ["Rwanda", "Uganda", "Kenya", "Ghana", "Senegal", "Albania", "Tunisia", "Morocco"]


def article(i: int) -> dict:
    country = COUNTRIES[i % len(COUNTRIES)]
    return {
        "text": (
            f"{country} confirmed on Sunday that it is in talks with the United States about accepting "
            f"{i + 10} migrants deported from America. The foreign minister said the talks were at an "
            "early stage."
        ),
        "url": f"https://news.example.org/{i}",
        "outlet": "Example News",
        "published_at": "2025-05-05",
    }


def ndjson(rows: list) -> bytes:
    return ("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n").encode()


def query(url: str, sql: str) -> list:
    with get_engines(url)[0].connect() as conn:
        return list(conn.execute(text(sql)))


def start_worker(url: str, log: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "MIGEVENTS_DATABASE_URL": url, "MIGEVENTS_LOG_LEVEL": "INFO"}
    with open(log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "app", "worker", "--concurrency", "2", *extra],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_job(c: httpx.Client, job: int, until, timeout: float = 300) -> dict:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = c.get(f"/v1/ingest-jobs/{job}").json()
        if until(body):
            return body
        time.sleep(0.2)
    raise AssertionError(f"job {job} did not get there: {body}")


@pytest.fixture(scope="module")
def jobs_server(fresh_db_url, tmp_path_factory):
    url = migrated_db(fresh_db_url, "jobs")
    with running({"MIGEVENTS_DATABASE_URL": url, **LIMITS}, tmp_path_factory.mktemp("jobs") / "s.log") as srv:
        key = key_in(url, "read write", "loader")
        with httpx.Client(base_url=srv.base_url, timeout=120, headers={"X-API-Key": key}) as c:
            yield c, url
    dispose(url)


def is_problem(r: httpx.Response, status: int, slug: str) -> dict:
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"].endswith("/" + slug)
    return r.json()


def job_count(url: str) -> int:
    return query(url, "SELECT count(*) FROM ingest_job")[0][0]


def test_bad_streams_are_problems_and_store_nothing(jobs_server):
    c, url = jobs_server
    before = job_count(url)
    is_problem(c.post("/v1/ingest-jobs", content=ndjson([article(0)])), 415, "unsupported-media-type")
    r = c.post("/v1/ingest-jobs", content=ndjson([article(0)]), headers={"content-type": "application/json"})
    is_problem(r, 415, "unsupported-media-type")
    too_many = ndjson([{"text": f"Short article number {i}."} for i in range(401)])
    body = is_problem(c.post("/v1/ingest-jobs", content=too_many, headers=NDJSON), 413, "job-too-large")
    assert "400" in body["detail"]
    too_big = ndjson([{"text": "x" * 150_000}, {"text": "y" * 60_000}])
    is_problem(c.post("/v1/ingest-jobs", content=too_big, headers=NDJSON), 413, "payload-too-large")

    def chunked():  # no Content-Length: the cap holds on what arrives
        for _ in range(30):
            yield b'{"text": "' + b"z" * 9_000 + b'"}\n'

    is_problem(c.post("/v1/ingest-jobs", content=chunked(), headers=NDJSON), 413, "payload-too-large")
    is_problem(c.post("/v1/ingest-jobs", content=b"\n \n", headers=NDJSON), 422, "validation-error")
    assert (
        httpx.post(
            str(c.base_url) + "/v1/ingest-jobs", content=ndjson([article(0)]), headers=NDJSON
        ).status_code
        == 401
    )
    assert job_count(url) == before
    is_problem(c.get("/v1/ingest-jobs/999999"), 404, "not-found")


def test_malformed_lines_are_item_problems_and_the_worker_does_the_rest(jobs_server, tmp_path):
    c, url = jobs_server
    rows = [
        article(0),
        "{not json",
        article(1),
        {"text": ""},
        [1, 2],
        article(0),
        {"text": "x", "language": "fr"},
    ]
    r = c.post("/v1/ingest-jobs", content=ndjson(rows) + b"\xff\xfe\n", headers=NDJSON)
    assert r.status_code == 202, r.text
    job = r.json()
    assert r.headers["location"] == f"/v1/ingest-jobs/{job['id']}"
    assert job["total"] == 8
    assert job["counts"] == {"pending": 4, "created": 0, "existing": 0, "rejected": 4}
    assert job["state"] == "queued"
    lines = {p["line"]: p["problem"] for p in job["problems"]}
    assert set(lines) == {2, 4, 5, 8}
    assert "JSON" in lines[2]["detail"] and "UTF-8" in lines[8]["detail"]
    assert lines[4]["errors"][0]["name"] == "text"
    assert all(p["status"] == 422 for p in lines.values())

    worker = start_worker(url, tmp_path / "worker.log", "--until-idle")
    assert worker.wait(timeout=300) == 0, (tmp_path / "worker.log").read_text()[-3000:]
    done = c.get(f"/v1/ingest-jobs/{job['id']}").json()
    assert done["state"] == "done" and done["progress"] == 1.0 and done["finished_at"]
    # The French one fails when prepared (the annotator reads English only): a problem of its own.
    assert done["counts"] == {"pending": 0, "created": 2, "existing": 1, "rejected": 5}
    items = c.get(f"/v1/ingest-jobs/{job['id']}/items", params={"limit": 3}).json()
    assert [i["index"] for i in items["items"]] == [0, 1, 2] and items["next_cursor"]
    seen = list(items["items"])
    while items["next"]:
        items = c.get(items["next"]).json()
        seen += items["items"]
    assert [i["index"] for i in seen] == list(range(8))
    by_index = {i["index"]: i for i in seen}
    assert by_index[5]["status"] == "existing" and by_index[5]["article_id"] == by_index[0]["article_id"]
    assert by_index[6]["problem"]["type"].endswith("/unsupported-language")
    assert c.get(f"/v1/articles/{by_index[2]['article_id']}/annotations").status_code == 200
    rejected = c.get(f"/v1/ingest-jobs/{job['id']}/items", params={"status": "rejected"}).json()["items"]
    assert {i["index"] for i in rejected} == {1, 3, 4, 6, 7}


def test_a_worker_killed_mid_job_loses_nothing_and_repeats_nothing(jobs_server, tmp_path):
    """SIGKILL the worker mid-job, start it again: every article stored once, annotated once, exact counts."""
    c, url = jobs_server
    n = 300
    rows = [article(1000 + i) for i in range(n)]
    rows += [article(1000 + i) for i in range(0, n, 10)]  # 30 repeats: existing, not stored again
    rows += ["{broken"] * 5
    r = c.post("/v1/ingest-jobs", content=ndjson(rows), headers=NDJSON)
    assert r.status_code == 202, r.text
    job = r.json()["id"]
    log1, log2 = tmp_path / "first.log", tmp_path / "second.log"

    first = start_worker(url, log1)
    at_kill = wait_job(c, job, lambda b: b["counts"]["created"] >= 40)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    mid = c.get(f"/v1/ingest-jobs/{job}").json()
    assert mid["counts"]["pending"] > 0, "the worker must die mid-job"
    assert mid["state"] == "running"

    second = start_worker(url, log2)
    try:
        final = wait_job(c, job, lambda b: b["state"] == "done")
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=60)
    assert at_kill["counts"]["created"] >= 40
    assert final["counts"] == {"pending": 0, "created": n, "existing": n // 10, "rejected": 5}
    assert final["total"] == n + n // 10 + 5

    # Stored once: one article per distinct URL and text, and each item points at its own.
    urls = [
        row[0]
        for row in query(
            url,
            "SELECT a.url FROM ingest_job_item i JOIN article a ON a.id = i.article_id "
            f"WHERE i.job_id = {job} AND i.status = 'created'",
        )
    ]
    assert len(urls) == len(set(urls)) == n
    # Annotated once: each item was stored by one worker, once (its log line follows the commit).
    done = Counter()
    for log in (log1, log2):
        for line in log.read_text(errors="replace").splitlines():
            if line.startswith("{") and '"item done"' in line:
                rec = json.loads(line)
                if rec["status"] == "created":
                    done[rec["item"]] += 1
    assert len(done) == n and set(done.values()) == {1}
    per_article = query(
        url,
        "SELECT e.article_id, count(*), count(DISTINCT e.type || ':' || e.start || ':' || e.\"end\") "
        "FROM event e JOIN ingest_job_item i ON i.article_id = e.article_id "
        f"WHERE i.job_id = {job} AND i.status = 'created' GROUP BY e.article_id",
    )
    assert len(per_article) == n, "every article has its events"
    assert all(total == distinct for _, total, distinct in per_article), "and none twice"
