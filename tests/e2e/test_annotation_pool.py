"""An annotation that overruns its limit is stopped: its child process is gone, a fresh one takes
its place, and the next article is annotated normally (a thread could only be abandoned, still
holding a core)."""

import time

import httpx

from tests.conftest import corpus_articles
from tests.support.dedicated import key_in, migrated_db, row_counts
from tests.support.processes import annotators
from tests.support.server import running


def test_overrun_kills_the_annotator_process_and_the_next_article_goes_through(fresh_db_url, tmp_path):
    url = migrated_db(fresh_db_url, "pool")
    texts = [t for i, t, _ in corpus_articles() if i != "seed" and not i.startswith("d12")]
    long_text = "\n\n".join(texts * 6)  # ~22k words: seconds of annotation, well over the limit below
    env = {
        "MIGEVENTS_DATABASE_URL": url,
        "MIGEVENTS_ANNOTATION_TIMEOUT_SECONDS": "1.5",
        "MIGEVENTS_ANNOTATOR_PROCESSES": "1",
        "MIGEVENTS_PRELOAD_ANNOTATOR": "true",  # the limit then measures annotation, not start-up
    }
    with running(env, tmp_path / "server.log") as srv:
        key = key_in(url, "write", "pool")
        with httpx.Client(base_url=srv.base_url, timeout=120, headers={"X-API-Key": key}) as c:
            [overrunning] = annotators(srv.process.pid)  # the preloaded annotator, a child process
            before = row_counts(url)
            r = c.post("/v1/articles", json={"text": long_text})
            assert r.status_code == 422 and r.json()["type"].endswith("/annotation-timeout")
            assert row_counts(url) == before
            assert overrunning not in annotators(srv.process.pid), "the overrunning annotator is stopped"
            deadline = time.monotonic() + 60
            while len(annotators(srv.process.pid)) != 1 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert len(annotators(srv.process.pid)) == 1, "and replaced, by one process"
            ok = c.post("/v1/articles", json={"text": texts[0]})
            assert ok.status_code == 201, ok.text
            assert ok.json()["annotation"]["events"] > 0
            assert c.get("/v1/articles").json()["items"][0]["id"] == ok.json()["article"]["id"]
