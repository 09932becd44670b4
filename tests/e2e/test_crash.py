"""SIGKILL the server in the middle of ingesting, restart it, and find nothing half-done.

A batch of articles goes to POST /v1/articles/batch while three more writers POST
single articles. Once some are stored, the server process gets SIGKILL (no shutdown,
no flush). A new server on the same database must hold only whole articles: each
one annotated, with exactly the annotation rows the annotator makes for its text,
and no annotation rows without their article. Re-sending everything then stores
the rest, each article exactly once.
"""

from __future__ import annotations

import signal
import threading
import time

import httpx
import pytest
from sqlalchemy import text

from app import annotator
from app.core.db import get_engines
from tests.support.dedicated import dispose, key_in, migrated_db, row_counts
from tests.support.server import spawn
from tests.support.texts import article_text

BATCH = 90
SINGLES = 45  # sent by three writers, one article at a time
KILL_AFTER = 25  # stored articles before the kill

PER_ARTICLE = """
    SELECT a.url, a.annotated_at IS NOT NULL AS annotated,
        (SELECT count(*) FROM event e WHERE e.article_id = a.id) AS events,
        (SELECT count(*) FROM statement s WHERE s.article_id = a.id) AS statements,
        (SELECT count(*) FROM actor_mention m WHERE m.article_id = a.id) AS mentions
    FROM article a
"""
ORPHANS = """
    SELECT (SELECT count(*) FROM event WHERE article_id NOT IN (SELECT id FROM article))
         + (SELECT count(*) FROM statement WHERE article_id NOT IN (SELECT id FROM article))
         + (SELECT count(*) FROM actor_mention WHERE article_id NOT IN (SELECT id FROM article))
"""


def payload(i: int) -> dict:
    # Offset from the concurrency test's texts so the two never look alike in a failure.
    return {"text": article_text(5000 + i), "url": f"https://news.example.org/crash/{i}"}


@pytest.fixture(scope="module")
def expected() -> dict[str, tuple[int, int, int]]:
    """What the annotator makes of each text: (events, statements, mentions) by URL."""
    out = {}
    for i in range(BATCH + SINGLES):
        p = payload(i)
        ann = annotator.annotate(p["text"])
        mentions = sum(len(a.mentions) for a in ann.actors)
        out[p["url"]] = (len(ann.events), len(ann.statements), mentions)
    return out


def stored(url: str) -> dict[str, tuple[bool, int, int, int]]:
    with get_engines(url)[0].connect() as conn:
        return {row[0]: tuple(row[1:]) for row in conn.execute(text(PER_ARTICLE))}


def send_everything(base_url: str, key: str) -> tuple[list, list]:
    """The batch plus three single-article writers, all at once; connection errors are kept."""
    batch_result: list = []
    single_results: list = []

    def batch() -> None:
        with httpx.Client(base_url=base_url, headers={"X-API-Key": key}, timeout=300) as c:
            try:
                batch_result.append(c.post("/v1/articles/batch", json=[payload(i) for i in range(BATCH)]))
            except httpx.TransportError as exc:
                batch_result.append(exc)

    def singles(offset: int) -> None:
        with httpx.Client(base_url=base_url, headers={"X-API-Key": key}, timeout=300) as c:
            for i in range(BATCH + offset, BATCH + SINGLES, 3):
                try:
                    single_results.append(c.post("/v1/articles", json=payload(i)))
                except httpx.TransportError as exc:
                    single_results.append(exc)
                    return

    threads = [threading.Thread(target=batch)] + [
        threading.Thread(target=singles, args=(k,)) for k in range(3)
    ]
    for t in threads:
        t.start()
    return threads, [batch_result, single_results]


def test_sigkill_mid_ingest_leaves_only_whole_articles(fresh_db_url, tmp_path, expected):
    url = migrated_db(fresh_db_url, "crash")
    key = key_in(url, "write", "crash")
    env = {"MIGEVENTS_DATABASE_URL": url}

    first = spawn(env, tmp_path / "first.log")
    try:
        threads, _ = send_everything(first.base_url, key)
        deadline = time.monotonic() + 120
        while row_counts(url, ["article"])["article"] < KILL_AFTER:
            assert time.monotonic() < deadline, first.log()[-3000:]
            time.sleep(0.02)
        first.kill(signal.SIGKILL)
    finally:
        first.kill(signal.SIGKILL)
    for t in threads:
        t.join(timeout=60)
    dispose(url)  # forget connections opened before the crash

    second = spawn(env, tmp_path / "second.log")
    try:
        survived = stored(url)
        print(f"\n{len(survived)} of {BATCH + SINGLES} articles stored before SIGKILL")
        assert KILL_AFTER <= len(survived) < BATCH + SINGLES  # killed mid-way, not after the end
        for article_url, (annotated, *rows) in survived.items():
            assert annotated, f"{article_url} stored without its annotation"
            assert tuple(rows) == expected[article_url], article_url
        with get_engines(url)[0].connect() as conn:
            assert conn.execute(text(ORPHANS)).scalar_one() == 0

        # Everything again: what survived is found, the rest is stored, nothing twice.
        threads, (batch_result, single_results) = send_everything(second.base_url, key)
        for t in threads:
            t.join(timeout=300)
        [response] = batch_result
        assert response.status_code == 200, response
        tally = response.json()
        assert tally["rejected"] == 0 and tally["created"] + tally["existing"] == BATCH
        assert len(single_results) == SINGLES
        assert {r.status_code for r in single_results} <= {200, 201}
        existing = tally["existing"] + sum(r.status_code == 200 for r in single_results)
        assert existing == len(survived)

        final = stored(url)
        assert set(final) == set(expected)
        assert {u: tuple(rows) for u, (_, *rows) in final.items()} == expected
        counts = row_counts(url)
        assert counts["article"] == BATCH + SINGLES
        assert counts["event"] == sum(e for e, _, _ in expected.values())
        with get_engines(url)[0].connect() as conn:
            hashes = conn.execute(text("SELECT count(DISTINCT content_hash) FROM article")).scalar_one()
        assert hashes == BATCH + SINGLES
        assert "internal-error" not in second.log()
    finally:
        second.kill(signal.SIGTERM)
