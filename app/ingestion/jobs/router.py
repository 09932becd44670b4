"""POST /v1/ingest-jobs (an NDJSON stream, answered 202), GET the job and its items."""

from __future__ import annotations

import tempfile
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy import func, select

from app.core.config import get_settings
from app.core.db import session_scope
from app.core.deps import read_scope
from app.core.errors import Problem, not_found, problem_responses
from app.core.pagination import Page, PageParams, id_page, page_params
from app.core.params import Id, content_type
from app.ingestion.jobs import intake
from app.ingestion.jobs.models import IngestJob, IngestJobItem
from app.ingestion.jobs.schemas import IngestJobRead, ItemStatus, JobItem
from app.keys.auth import WriteAccess

router = APIRouter(prefix="/v1/ingest-jobs", tags=["articles"])
read_router = APIRouter(prefix="/v1/ingest-jobs", tags=["articles"])
NDJSON = "application/x-ndjson"
SPOOL_IN_MEMORY = 8 * 2**20
PROBLEMS_SHOWN = 20
STATUSES = ("pending", "created", "existing", "rejected")


def _item(row: IngestJobItem) -> dict[str, Any]:
    return {
        "index": row.position,
        "line": row.line,
        "status": row.status,
        "article_id": row.article_id,
        "problem": Problem.model_validate_json(row.problem) if row.problem else None,
    }


def job_record(session, job: IngestJob, request: Request) -> dict[str, Any]:  # noqa: ANN001
    counts = dict.fromkeys(STATUSES, 0)
    counts.update(
        session.execute(
            select(IngestJobItem.status, func.count())
            .where(IngestJobItem.job_id == job.id)
            .group_by(IngestJobItem.status)
        ).all()
    )
    done = job.total - counts["pending"]
    problems = session.execute(
        select(IngestJobItem)
        .where(IngestJobItem.job_id == job.id, IngestJobItem.status == "rejected")
        .order_by(IngestJobItem.id)
        .limit(PROBLEMS_SHOWN)
    ).scalars()
    return {
        "id": job.id,
        "state": "done"
        if counts["pending"] == 0
        else ("running" if counts["created"] + counts["existing"] else "queued"),
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "total": job.total,
        "counts": counts,
        "progress": round(done / job.total, 4) if job.total else 1.0,
        "problems": [_item(p) for p in problems],
        "items": str(request.url_for("list_ingest_job_items", job_id=job.id)),
    }


@router.post(
    "",
    status_code=202,
    response_model=IngestJobRead,
    responses=problem_responses(401, 403, 413, 415, 422, 429),
    dependencies=[content_type(NDJSON)],
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": (
                "NDJSON: one article (the body of `POST /v1/articles`) per line, at most "
                "`MAX_JOB_ITEMS` (100,000 by default). A line that is not an article is a rejected item."
            ),
            # At least one line holding more than blanks (bytes.strip's ASCII whitespace): a stream of
            # blank lines is a 422, "The stream has no articles".
            "content": {NDJSON: {"schema": {"type": "string", "pattern": "[^ \\t\\n\\r\\x0b\\x0c]"}}},
        }
    },
)
async def create_ingest_job(request: Request, response: Response, principal: WriteAccess):
    """Start a bulk load: every article of the stream is stored now and annotated by the workers
    (`python -m app worker`). Answers 202 with the job; poll `Location` for its progress."""
    settings = get_settings()
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
        async for chunk in request.stream():
            await anyio.to_thread.run_sync(spool.write, chunk)
        spool.seek(0)
        parsed = await anyio.to_thread.run_sync(intake.parse, spool, settings.max_job_items)

    def store() -> dict[str, Any]:
        with session_scope(write=True) as session:
            job = intake.store(session, parsed, principal.name)
            return job_record(session, job, request)

    record = await anyio.to_thread.run_sync(store)
    response.headers["Location"] = f"/v1/ingest-jobs/{record['id']}"
    return record


def _job(session, job_id: int) -> IngestJob:  # noqa: ANN001
    job = session.get(IngestJob, job_id)
    if job is None:
        raise not_found("ingest job", job_id)
    return job


@read_router.get("/{job_id}", response_model=IngestJobRead, responses=problem_responses(404, 422))
def get_ingest_job(job_id: Id, request: Request):
    """A job's counts, progress and first problems."""
    with read_scope() as session:
        return job_record(session, _job(session, job_id), request)


@read_router.get("/{job_id}/items", response_model=Page[JobItem], responses=problem_responses(404, 422))
def list_ingest_job_items(
    job_id: Id,
    request: Request,
    page: Annotated[PageParams, Depends(page_params)],
    status: Annotated[ItemStatus | None, Query(description="Only items in this state.")] = None,
):
    """A job's items in stream order: what became of each line, the article it gave, its problem."""
    with read_scope() as session:
        _job(session, job_id)

        def fetch(limit: int, after: list[Any] | None) -> list[IngestJobItem]:
            q = select(IngestJobItem).where(IngestJobItem.job_id == job_id)
            if status:
                q = q.where(IngestJobItem.status == status)
            if after:
                q = q.where(IngestJobItem.id > after[0])
            return list(session.execute(q.order_by(IngestJobItem.id).limit(limit)).scalars())

        return id_page(request, fetch, _item, page)
