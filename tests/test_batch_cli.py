"""``python -m app ingest`` as a user runs it: a subprocess on a fresh database, exact counts,
idempotent re-runs, and bad lines reported as rejected."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import SHARED, corpus_articles

ROOT = Path(__file__).resolve().parents[1]
CORPUS = SHARED / "corpus"

pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="shared/corpus is not present")


def ingest(url: str, path: Path, workers: int = 2, **env_overrides: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MIGEVENTS_DATABASE_URL": url, **env_overrides}
    return subprocess.run(
        [sys.executable, "-m", "app", "ingest", str(path), "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def summary(run: subprocess.CompletedProcess) -> str:
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout.splitlines()[0]


def query(url: str, sql: str) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def test_folder_with_sidecars(fresh_db_url, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    docs = [d for d in corpus_articles() if d[0] != "seed"][:6]
    for n, (doc_id, _, published) in enumerate(docs):
        shutil.copy(CORPUS / f"{doc_id}.txt", folder)
        # Three sidecar styles: a gold file as is (source.published), `published`, our own fields.
        if n % 3 == 0:
            shutil.copy(CORPUS / f"{doc_id}.json", folder)
        elif n % 3 == 1:
            (folder / f"{doc_id}.json").write_text(json.dumps({"published": published}))
        else:
            meta = {"published_at": published, "url": f"https://example.org/{doc_id}", "outlet": "Wire"}
            (folder / f"{doc_id}.json").write_text(json.dumps(meta))
    url = fresh_db_url("cli_folder")

    first = ingest(url, folder)
    assert summary(first) == "created 6, existing 0, rejected 0"
    assert "ingest" in first.stderr  # the progress bar
    stored = query(url, "SELECT published_at, annotated_at, outlet FROM article ORDER BY id")
    assert len(stored) == 6
    assert sorted(str(row[0])[:10] for row in stored) == sorted(p for _, _, p in docs)
    assert all(row[1] is not None for row in stored)
    assert sum(row[2] == "Wire" for row in stored) == 2
    events = query(url, "SELECT count(*) FROM event")[0][0]
    assert events >= 6

    second = ingest(url, folder)
    assert summary(second) == "created 0, existing 6, rejected 0"
    assert query(url, "SELECT count(*) FROM article")[0][0] == 6
    assert query(url, "SELECT count(*) FROM event")[0][0] == events


def test_ndjson_with_bad_lines(fresh_db_url, tmp_path):
    (a, ta, pa), (b, tb, pb), (c, tc, pc) = [d for d in corpus_articles() if d[0] != "seed"][6:9]
    lines = [
        json.dumps({"text": ta, "url": f"https://example.org/{a}", "published_at": pa}),
        json.dumps({"text": tb, "published_at": pb, "title": b}),
        "{this is not json",
        json.dumps({"text": tc, "url": f"https://example.org/{c}"}),
        json.dumps({"text": "  " + ta.replace(" ", " \n ")}),  # line 1 re-spaced: stored once
        json.dumps({"text": "   "}),
        json.dumps({"text": tb, "id": 7}),
        "",
        json.dumps({"text": "A different text entirely, about asylum.", "url": f"https://example.org/{a}"}),
        # Outside the accepted publication dates (issue 14: year 1 made the annotator overflow).
        json.dumps({"text": "Italy deported 40 migrants on Wednesday.", "published_at": "0001-01-01"}),
        json.dumps({"text": "Italy deported 40 migrants on Wednesday.", "published_at": "9999-12-31"}),
    ]
    path = tmp_path / "articles.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    url = fresh_db_url("cli_ndjson")

    first = ingest(url, path, workers=1)
    assert summary(first) == "created 3, existing 1, rejected 6"
    reasons = first.stdout.splitlines()[1:]
    assert [r.split(":")[1] for r in reasons] == ["3", "6", "7", "9", "10", "11"]
    assert "not valid JSON" in reasons[0]
    assert "empty-text" in reasons[1]
    assert "id" in reasons[2] and "validation-error" in reasons[2]
    assert "409 url-conflict" in reasons[3]
    assert all("422 validation-error: published_at:" in r for r in reasons[4:]), reasons
    assert query(url, "SELECT count(*) FROM article")[0][0] == 3


def test_an_article_over_the_time_limit_is_rejected_not_waited_for(fresh_db_url, tmp_path):
    folder = tmp_path / "slow"
    folder.mkdir()
    for doc_id in ("d03-albania-first-transfer", "d13-belgium-montenegro-talks"):
        shutil.copy(CORPUS / f"{doc_id}.txt", folder)
    url = fresh_db_url("cli_timeout")
    run = ingest(url, folder, workers=1, MIGEVENTS_ANNOTATION_TIMEOUT_SECONDS="0.001")
    assert summary(run) == "created 0, existing 0, rejected 2"
    assert all("422 annotation-timeout" in line for line in run.stdout.splitlines()[1:])
    assert query(url, "SELECT count(*) FROM article")[0][0] == 0


def test_missing_path_exits_2(tmp_path):
    run = ingest(f"sqlite:///{tmp_path / 'unused.db'}", tmp_path / "nothing-here.ndjson")
    assert run.returncode == 2
    assert "does not exist" in run.stderr


def _folder_of_short_articles(folder: Path, n: int) -> None:
    from tests.support.texts import article_text

    folder.mkdir()
    for i in range(n):
        (folder / f"a{i:03}.txt").write_text(article_text(7000 + i), encoding="utf-8")


def _start(url: str, path: Path, workers: int = 2) -> subprocess.Popen:
    env = {**os.environ, "MIGEVENTS_DATABASE_URL": url}
    cmd = [sys.executable, "-m", "app", "ingest", str(path), "--workers", str(workers)]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_rows(url: str, at_least: int, process: subprocess.Popen, timeout: float = 120) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if query(url, "SELECT count(*) FROM article")[0][0] >= at_least:
                return
        except Exception:  # noqa: BLE001, S110 - the tables may not be migrated yet
            pass
        time.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} articles stored")


WHOLE = "SELECT count(*) FROM article WHERE annotated_at IS NULL"


def test_a_killed_annotator_process_is_replaced_and_its_article_retried(fresh_db_url, tmp_path):
    import signal

    from tests.support.processes import annotators, tree, wait_gone

    folder = tmp_path / "many"
    _folder_of_short_articles(folder, 40)
    url = fresh_db_url("cli_kill")
    run = _start(url, folder)
    _wait_for_rows(url, 3, run)
    procs = tree(run.pid)
    victims = annotators(run.pid)
    assert len(victims) == 2
    os.kill(victims[0], signal.SIGKILL)  # busy all the time: the run keeps both processes working
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, out + err
    assert out.splitlines()[0] == "created 40, existing 0, rejected 0"
    assert "annotator process died" in err
    assert query(url, "SELECT count(*) FROM article")[0][0] == 40
    assert query(url, WHOLE)[0][0] == 0
    from app import annotator

    made = [annotator.annotate(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]
    assert query(url, "SELECT count(*) FROM event")[0][0] == sum(len(a.events) for a in made)
    assert query(url, "SELECT count(*) FROM statement")[0][0] == sum(len(a.statements) for a in made)
    assert wait_gone(procs, 2) == set()


def test_sigterm_stops_the_batch_between_articles(fresh_db_url, tmp_path):
    import signal
    import time

    from tests.support.processes import tree, wait_gone

    folder = tmp_path / "stopped"
    _folder_of_short_articles(folder, 300)
    url = fresh_db_url("cli_term")
    run = _start(url, folder)
    _wait_for_rows(url, 5, run)
    procs = tree(run.pid)
    since = time.monotonic()
    run.send_signal(signal.SIGTERM)
    out, err = run.communicate(timeout=30)
    took = time.monotonic() - since
    print(f"\nbatch CLI stopped by SIGTERM in {took:.2f} s: {out.splitlines()[0]}")
    assert run.returncode == 130, out + err
    assert took < 5
    created = int(out.split("created ")[1].split(",")[0])
    stored = query(url, "SELECT count(*) FROM article")[0][0]
    assert 5 <= created < 300 and stored in (created, created + 1)  # a signal just after a commit
    assert query(url, WHOLE)[0][0] == 0
    assert wait_gone(procs, 2) == set()
