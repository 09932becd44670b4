"""``python -m app reannotate [--outdated] [--article ID ...]``: re-run the annotator over stored articles.

Human work stays (app/annotations/merge.py). Annotation runs in annotator child
processes with the service's time limit (the batch ingester's pools); the main
thread is the one writer, one transaction per article, each with its history entry.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from tqdm import tqdm

from app.core.errors import ProblemError

KINDS = ("events", "statements", "mentions")
COUNTS = ("added", "removed", "kept", "not_recreated")


def _annotate(article_id: int, annotators: Any) -> tuple[int, Any]:
    from app.annotations import service
    from app.core.deps import read_scope

    try:
        with read_scope() as session:
            source = service.source(session, article_id)
        return article_id, annotators.annotate(*source)
    except ProblemError as exc:
        return article_id, exc


def summary(totals: dict[str, dict[str, int]]) -> str:
    return "; ".join(
        f"{kind}: " + ", ".join(f"{totals[kind][c]} {c.replace('_', ' ')}" for c in COUNTS) for kind in KINDS
    )


def run(*, outdated_only: bool, article_ids: Iterable[int] | None, workers: int) -> int:
    from app import annotator
    from app.annotations import service
    from app.core import migrate
    from app.core.config import get_settings
    from app.core.db import session_scope
    from app.core.deps import read_scope
    from app.history.service import Who
    from app.ingestion.batch_cli import Annotators

    migrate.upgrade()
    with read_scope() as session:
        ids = service.articles_to_reannotate(session, outdated_only=outdated_only)
    if article_ids is not None:
        wanted = set(article_ids)
        ids = [i for i in ids if i in wanted]
    who = Who(f"cli:{getpass.getuser()}")
    current = f"{annotator.ANNOTATOR_NAME} {annotator.ANNOTATOR_VERSION}"
    print(f"re-annotating {len(ids)} article(s) with {current}", file=sys.stderr)
    totals = {kind: dict.fromkeys(COUNTS, 0) for kind in KINDS}
    failed: list[str] = []
    done = 0
    if not ids:
        print(f"re-annotated 0 articles; {summary(totals)}")
        return 0
    workers = max(1, min(workers or os.cpu_count() or 1, len(ids)))
    bar = tqdm(total=len(ids), unit="article", file=sys.stderr, desc="reannotate")

    def store(result: tuple[int, Any]) -> None:
        nonlocal done
        article_id, ann = result
        try:
            if isinstance(ann, ProblemError):
                raise ann
            with session_scope(write=True) as session:
                changes = service.store_machine(session, article_id, ann, who)["changes"]
            for kind in KINDS:
                for c in COUNTS:
                    totals[kind][c] += changes[kind][c]
            done += 1
        except ProblemError as exc:  # e.g. deleted meanwhile (404), or over the time limit
            failed.append(f"article {article_id}: {exc.status} {exc.slug}: {exc.detail}")
        bar.update()

    annotators = Annotators(workers, get_settings().annotation_timeout_seconds)
    try:
        with ThreadPoolExecutor(workers, thread_name_prefix="reannotate") as threads:
            pending: deque[Future] = deque()
            for article_id in ids:
                pending.append(threads.submit(_annotate, article_id, annotators))
                while len(pending) > workers * 4 or (pending and pending[0].done()):
                    store(pending.popleft().result())
            while pending:
                store(pending.popleft().result())
    finally:
        annotators.close()
        bar.close()
    print(f"re-annotated {done} article(s); {summary(totals)}")
    for line in failed:
        print(f"  {line}")
    return 1 if failed else 0
