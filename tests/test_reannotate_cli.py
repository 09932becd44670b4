"""``python -m app reannotate`` as a user runs it: a subprocess on its own database; only outdated
articles with --outdated, people's reviews kept, a summary of what changed, and the history."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select, update
from sqlmodel import Session

from app import annotator
from app.annotations.store import Authorship, store_annotation
from app.articles.models import Article
from app.core.db import get_engines
from app.events.models import Event
from app.history.models import HistoryEntry
from tests.e2e.test_annotations_doc import TEXT
from tests.support.dedicated import dispose, migrated_db

ROOT = Path(__file__).resolve().parents[1]
OTHER = "Rights groups criticised the plan to deport migrants to Rwanda, Amnesty International said."


def reannotate(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MIGEVENTS_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "app", "reannotate", "--workers", "1", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_outdated_articles_only_and_reviews_kept(fresh_db_url):
    url = migrated_db(fresh_db_url, "reannotate")
    old = Authorship("machine", annotator.ANNOTATOR_NAME, "0.0.9", "machine")
    current = Authorship("machine", annotator.ANNOTATOR_NAME, annotator.ANNOTATOR_VERSION, "machine")
    engine = get_engines(url)[1]
    try:
        with Session(engine) as session:
            ids = []
            for text, who in ((TEXT, old), (OTHER, current)):
                article = Article(text=text, content_hash=str(hash(text)), word_count=len(text.split()))
                session.add(article)
                session.flush()
                store_annotation(session, article, annotator.annotate(text), who)
                ids.append(article.id)
            talks = session.execute(
                select(Event.id).where(Event.article_id == ids[0], Event.type == "talks")
            ).scalar_one()
            session.execute(update(Event).where(Event.id == talks).values(review_state="confirmed"))
            session.commit()

        run = reannotate(url, "--outdated")
        assert run.returncode == 0, run.stdout + run.stderr
        assert "reannotate" in run.stderr and "100%" in run.stderr  # the progress bar
        # every actor mention is the machine's and untouched: all of them are replaced
        mentions = sum(len(a.mentions) for a in annotator.annotate(TEXT).actors)
        assert run.stdout.splitlines()[0] == (
            "re-annotated 1 article(s); events: 2 added, 2 removed, 1 kept, 1 not recreated; "
            "statements: 2 added, 2 removed, 0 kept, 0 not recreated; "
            f"mentions: {mentions} added, {mentions} removed, 0 kept, 0 not recreated"
        )
        with Session(engine) as session:
            events = session.execute(
                select(Event).where(Event.article_id == ids[0]).order_by(Event.id)
            ).scalars()
            got = {(e.type, e.annotator_version, e.review_state) for e in events}
            assert got == {
                ("talks", "0.0.9", "confirmed"),  # a person's verdict on the old version's record stays
                ("policy_change", annotator.ANNOTATOR_VERSION, "machine"),
                ("criticism", annotator.ANNOTATOR_VERSION, "machine"),
            }
            assert session.get(Article, ids[0]).annotator_version == annotator.ANNOTATOR_VERSION
            entry = session.execute(select(HistoryEntry)).scalar_one()
            assert (entry.who, entry.action, entry.article_id) == (
                f"cli:{getpass.getuser()}",
                "reannotated",
                ids[0],
            )
            assert entry.before["annotator"]["version"] == "0.0.9"

        again = reannotate(url, "--outdated")
        assert again.returncode == 0, again.stdout + again.stderr
        assert again.stdout.startswith("re-annotated 0 articles")
        one = reannotate(url, "--article", str(ids[1]))
        assert one.returncode == 0 and one.stdout.startswith("re-annotated 1 article(s)"), one.stdout
    finally:
        dispose(url)


def test_versions_compare_by_number_and_another_annotator_is_outdated():
    from app.annotations.service import is_outdated, version_key

    assert version_key("0.10.0") > version_key("0.9.3") > version_key("0.9")
    assert is_outdated(annotator.ANNOTATOR_NAME, "0.0.1")
    assert not is_outdated(annotator.ANNOTATOR_NAME, annotator.ANNOTATOR_VERSION)
    assert is_outdated("some-other-annotator", annotator.ANNOTATOR_VERSION)
    assert is_outdated(annotator.ANNOTATOR_NAME, None)
