"""What a worker does with one item, the same on both backends.

Reads and annotation happen outside any transaction; then one write transaction
locks the item, checks that it is still pending, stores the article with its
annotation (app/ingestion/service.py: idempotent by URL and content hash) and marks
the item done. A worker killed before that commit leaves the item pending and
nothing stored, so the next worker does it again from the start; after the commit
the item is done and nobody touches it again. Hence each article is stored once
and annotated once whatever dies when.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import exists, select
from sqlmodel import Session

from app.annotator.types import Annotation
from app.core.db import session_scope
from app.core.deps import read_scope
from app.core.errors import Problem, ProblemError
from app.core.tables import utcnow
from app.ingestion import service
from app.ingestion.jobs.models import IngestJob, IngestJobItem
from app.ingestion.problems import item_problem
from app.ingestion.schemas import ArticleIn

log = logging.getLogger("app.ingestion.jobs")
Annotate = Callable[[str, date | None, str | None], Annotation]


class RetryLater(Exception):
    """No annotator could take the item now (503 annotator-unavailable): the chunk is tried again."""


def _problem_json(problem: Problem) -> str:
    return problem.model_dump_json(exclude_none=True)


def _finish(
    session: Session, item: IngestJobItem, status: str, article_id: int | None, problem: str | None
) -> None:
    item.status = status
    item.article_id = article_id
    item.problem = problem
    item.done_at = utcnow()
    session.add(item)
    session.flush()
    left = session.execute(
        select(exists().where(IngestJobItem.job_id == item.job_id, IngestJobItem.status == "pending"))
    ).scalar_one()
    if not left:
        job = session.get(IngestJob, item.job_id)
        if job is not None and job.finished_at is None:
            job.finished_at = utcnow()
            session.add(job)


def _locked_pending(session: Session, item_id: int) -> IngestJobItem | None:
    # FOR UPDATE on PostgreSQL (another worker holding the row waits, then sees it done);
    # SQLite's write transaction is exclusive already.
    item = session.execute(
        select(IngestJobItem).where(IngestJobItem.id == item_id).with_for_update()
    ).scalar_one_or_none()
    return item if item is not None and item.status == "pending" else None


def _reject(item_id: int, problem: Problem) -> None:
    with session_scope(write=True) as session:
        item = _locked_pending(session, item_id)
        if item is not None:
            _finish(session, item, "rejected", None, _problem_json(problem))


def process_item(item_id: int, annotate: Annotate) -> str:
    """Deal with one item; return what became of it ("skipped": done by someone else already)."""
    with read_scope() as session:
        item = session.get(IngestJobItem, item_id)
        if item is None or item.status != "pending":
            return "skipped"
        payload = item.payload or "{}"
    try:
        prepared = service.prepare(ArticleIn.model_validate_json(payload))
        with read_scope() as session:
            found = service.lookup(session, prepared)
        ann = None if found else annotate(*service.annotator_args(prepared))
    except ProblemError as exc:
        if exc.status == 503:
            raise RetryLater(exc.detail) from exc
        _reject(item_id, item_problem(exc))
        return "rejected"
    except ValidationError as exc:
        _reject(item_id, item_problem(exc))
        return "rejected"
    with session_scope(write=True) as session:
        item = _locked_pending(session, item_id)
        if item is None:
            return "skipped"
        try:
            outcome = (
                service.lookup(session, prepared) if ann is None else service.persist(session, prepared, ann)
            )
        except ProblemError as exc:  # a 409: the URL was taken by another text meanwhile
            _finish(session, item, "rejected", None, _problem_json(item_problem(exc)))
            return "rejected"
        if outcome is None:  # the article we found was deleted since: annotate on the next try
            raise RetryLater("the stored duplicate vanished")
        status = "created" if outcome.created else "existing"
        _finish(session, item, status, outcome.article.id, None)
    # After the commit: one line per item ever stored, whichever worker stored it.
    log.info("item done", extra={"item": item_id, "status": status, "article": outcome.article.id})
    return status


def chunk_items(job_id: int, first: int, last: int) -> list[int]:
    with read_scope() as session:
        return list(
            session.execute(
                select(IngestJobItem.id)
                .where(
                    IngestJobItem.job_id == job_id,
                    IngestJobItem.position.between(first, last),
                    IngestJobItem.status == "pending",
                )
                .order_by(IngestJobItem.position)
            ).scalars()
        )


def run_items(item_ids: list[int], annotate: Annotate) -> dict[str, Any]:
    tally: dict[str, int] = {}
    for item_id in item_ids:
        outcome = process_item(item_id, annotate)
        tally[outcome] = tally.get(outcome, 0) + 1
    return tally
