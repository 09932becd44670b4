"""Eight writers ingest 400 articles at once over HTTP; a quarter are duplicates.

Half the duplicates repeat an article exactly (same URL, same text), half send the
same text under another URL. Each duplicate is queued right after its original, so
the two are usually in flight together: both annotate, and the second one's write
meets the first one's row. Afterwards the counts are exact on the current backend:
one row per distinct article, one actor row per identity, and as many events as the
per-article annotations reported.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import Counter

import httpx
import pytest
from sqlalchemy import text

from app.core.db import get_engines
from tests.support.dedicated import key_in, migrated_db, row_counts
from tests.support.server import running
from tests.support.texts import article_text

WRITERS = 8
UNIQUE = 300
DUPLICATES = 100  # a quarter of the 400 requests

SAME_ACTOR_TWICE = """
    SELECT kind, name_key, country FROM actor GROUP BY kind, name_key, country HAVING count(*) > 1
"""
EVENTS_PER_ARTICLE = """
    SELECT a.url, count(e.id) FROM article a LEFT JOIN event e ON e.article_id = a.id GROUP BY a.url
"""


def jobs() -> list[tuple[int, dict]]:
    """(original index, payload) in sending order; each duplicate right after its original."""
    out: list[tuple[int, dict]] = []
    for i in range(UNIQUE):
        payload = {"text": article_text(i), "url": f"https://news.example.org/c/{i}", "title": f"Report {i}"}
        out.append((i, payload))
        if i % 3 == 0 and i // 3 < DUPLICATES:
            if (i // 3) % 2:
                out.append((i, dict(payload)))  # the very same request again
            else:
                out.append((i, payload | {"url": f"https://mirror.example.net/c/{i}"}))  # same text
    return out


@pytest.fixture(scope="module")
def target(fresh_db_url, tmp_path_factory):
    url = migrated_db(fresh_db_url, "conc")
    key = key_in(url, "read write", "writers")
    with running({"MIGEVENTS_DATABASE_URL": url}, tmp_path_factory.mktemp("conc") / "server.log") as srv:
        yield srv, url, key


def test_texts_are_distinct_and_article_sized():
    texts = [article_text(i) for i in range(UNIQUE)]
    assert len(set(texts)) == UNIQUE
    assert all(60 <= len(t.split()) <= 120 for t in texts)
    assert len(jobs()) == UNIQUE + DUPLICATES


def test_concurrent_writers_store_each_article_once(target):
    srv, url, key = target
    work: queue.Queue = queue.Queue()
    for job in jobs():
        work.put(job)
    results: list[tuple[int, int, dict | str]] = []
    spans: dict[int, list[tuple[float, float]]] = {}
    lock = threading.Lock()

    def writer() -> None:
        with httpx.Client(base_url=srv.base_url, headers={"X-API-Key": key}, timeout=300) as c:
            while True:
                try:
                    index, payload = work.get_nowait()
                except queue.Empty:
                    return
                sent = time.monotonic()
                r = c.post("/v1/articles", json=payload)
                body = r.json() if r.headers.get("content-type") == "application/json" else r.text
                with lock:
                    results.append((index, r.status_code, body))
                    spans.setdefault(index, []).append((sent, time.monotonic()))

    started = time.monotonic()
    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    elapsed = time.monotonic() - started
    # Pairs whose two requests were in flight at the same time: the race really happened.
    raced = sum(1 for s in spans.values() if len(s) == 2 and max(s)[0] < min(s)[1])
    print(
        f"\n{len(results)} requests from {WRITERS} writers in {elapsed:.1f} s; {raced} duplicate pairs raced"
    )
    assert raced >= DUPLICATES // 4

    assert len(results) == UNIQUE + DUPLICATES
    statuses = Counter(status for _, status, _ in results)
    assert set(statuses) <= {200, 201}, [r for r in results if r[1] not in (200, 201)][:3]
    assert statuses[201] == UNIQUE and statuses[200] == DUPLICATES, statuses
    assert not any("locked" in str(body) for _, _, body in results)
    assert "database is locked" not in srv.log() and "internal-error" not in srv.log()

    # Every duplicate resolved to its original's row and counts.
    by_index: dict[int, list[dict]] = {}
    for index, _, body in results:
        by_index.setdefault(index, []).append(body)
    for bodies in by_index.values():
        assert len({b["article"]["id"] for b in bodies}) == 1
        assert len({tuple(sorted(b["annotation"].items())) for b in bodies}) == 1
    assert len({bodies[0]["article"]["id"] for bodies in by_index.values()}) == UNIQUE

    counts = row_counts(url)
    assert counts["article"] == UNIQUE
    created = [body for _, status, body in results if status == 201]
    assert counts["event"] == sum(b["annotation"]["events"] for b in created)
    assert counts["statement"] == sum(b["annotation"]["statements"] for b in created)
    assert counts["event"] > UNIQUE  # the texts really were annotated
    with get_engines(url)[0].connect() as conn:
        actors, identities = conn.execute(text("SELECT count(*), count(DISTINCT identity) FROM actor")).one()
        assert actors == identities
        # The same entity under another spelling of its key would show up here.
        dupes = conn.execute(text(SAME_ACTOR_TWICE)).all()
        assert dupes == []
        per_article = conn.execute(text(EVENTS_PER_ARTICLE)).all()
        unannotated = conn.execute(
            text("SELECT count(*) FROM article WHERE annotated_at IS NULL")
        ).scalar_one()
    assert unannotated == 0
    reported = {b["article"]["url"]: b["annotation"]["events"] for b in created}
    assert dict(per_article) == reported
