"""Write endpoints for articles: ingest one or many, replace or re-run the annotation, delete."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Literal

import anyio
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field, ValidationError

from app.annotator.types import Annotation
from app.articles import annotations, ingest
from app.articles.annotation_schemas import AnnotationDocument, AnnotationIn
from app.articles.annotator_pool import AnnotationTimeout, shared_pool
from app.articles.schemas import ArticleIn, IngestResult
from app.articles.service import article_summary
from app.core.auth import ReadAccess, WriteAccess
from app.core.config import get_settings
from app.core.errors import PROBLEM_BASE, Problem, ProblemError, problem_responses
from app.core.params import JSON_TYPES, Id, content_type

router = APIRouter(prefix="/v1/articles", tags=["articles"])
BATCH_TYPES = ("application/json", "application/x-ndjson")


async def _annotate(text: str, published: date | None, title: str | None) -> Annotation:
    """Annotate in a child process, stopped (not merely abandoned) when it overruns the limit."""
    settings = get_settings()
    pool = shared_pool(settings.annotator_processes)
    limit = settings.annotation_timeout_seconds
    try:
        return await anyio.to_thread.run_sync(pool.annotate, text, published, title, limit)
    except AnnotationTimeout as exc:
        raise ProblemError(
            422,
            "annotation-timeout",
            "Annotation took too long",
            f"The article could not be annotated within {limit:g} s; nothing was stored.",
        ) from exc


async def _ingest_one(data: ArticleIn) -> ingest.Outcome:
    p = await anyio.to_thread.run_sync(ingest.prepare, data)
    outcome = await anyio.to_thread.run_sync(ingest.lookup, p)
    if outcome is None:
        ann = await _annotate(*ingest.annotator_args(p))
        outcome = await anyio.to_thread.run_sync(ingest.persist, p, ann)
    return outcome


def _result(outcome: ingest.Outcome) -> dict[str, Any]:
    return {
        "created": outcome.created,
        "article": article_summary(outcome.article),
        "annotation": outcome.counts,
    }


@router.post(
    "",
    status_code=201,
    response_model=IngestResult,
    responses={
        200: {"model": IngestResult, "description": "Already stored (same URL or same text)."},
        **problem_responses(401, 403, 409, 413, 415, 422, 429),
    },
    dependencies=[content_type(*JSON_TYPES)],
)
async def create_article(data: ArticleIn, response: Response, _: WriteAccess):
    """Ingest one article: store it once and annotate it into actors, events and statements.

    Answers 201 with a `Location` header when stored, 200 with the stored article when
    the same URL or the same normalised text is already there, and 409 when a known
    URL arrives with a different text (articles are immutable).
    """
    outcome = await _ingest_one(data)
    response.status_code = 201 if outcome.created else 200
    response.headers["Location"] = f"/v1/articles/{outcome.article.id}"
    return _result(outcome)


class BatchItem(BaseModel):
    index: int = Field(description="Position of the item in the request.")
    status: Literal["created", "existing", "rejected"]
    article_id: int | None = None
    problem: Problem | None = None


class BatchResult(BaseModel):
    """Per-item outcome of a batch ingest. Each item is stored (or not) on its own."""

    created: int
    existing: int
    rejected: int
    items: list[BatchItem]


def _parse_batch(raw: bytes, media_type: str, max_items: int) -> list[Any]:
    try:
        text = raw.decode("utf-8")
        if media_type == "application/x-ndjson":
            items = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            items = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ProblemError(
            422, "validation-error", "Invalid request", f"The body is not valid {media_type}."
        ) from exc
    if not isinstance(items, list):
        raise ProblemError(
            422, "validation-error", "Invalid request", "The body must be a JSON array of articles."
        )
    if not items:
        raise ProblemError(422, "validation-error", "Invalid request", "The batch is empty.")
    if len(items) > max_items:
        raise ProblemError(
            413,
            "batch-too-large",
            "Payload Too Large",
            f"The batch has {len(items)} articles; the limit is {max_items}.",
        )
    return items


def _item_problem(exc: Exception) -> Problem:
    if isinstance(exc, ProblemError):
        return Problem(type=PROBLEM_BASE + exc.slug, title=exc.title, status=exc.status, detail=exc.detail)
    first = exc.errors()[0] if isinstance(exc, ValidationError) and exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()))
    return Problem(
        type=PROBLEM_BASE + "validation-error",
        title="Invalid request",
        status=422,
        detail=f"{where}: {first.get('msg', 'invalid article')}" if where else "invalid article",
    )


async def _run_batch(items: list[Any]) -> dict[str, Any]:
    results: list[dict[str, Any]] = []
    for i, item in enumerate(items):
        try:
            # Item by item, each with the same annotation time limit as a single POST.
            outcome = await _ingest_one(ArticleIn.model_validate(item))
            results.append(
                {
                    "index": i,
                    "status": "created" if outcome.created else "existing",
                    "article_id": outcome.article.id,
                }
            )
        except (ProblemError, ValidationError) as exc:
            results.append({"index": i, "status": "rejected", "problem": _item_problem(exc)})
    tally = {s: sum(r["status"] == s for r in results) for s in ("created", "existing", "rejected")}
    return {**tally, "items": results}


@router.post(
    "/batch",
    response_model=BatchResult,
    responses=problem_responses(401, 403, 413, 415, 422, 429),
    dependencies=[content_type(*BATCH_TYPES)],
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": (
                "A JSON array of articles, or the same as NDJSON (`application/x-ndjson`, one per line)."
            ),
            "content": {
                "application/json": {
                    "schema": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/ArticleIn"},
                        "minItems": 1,
                    }
                }
            },
        }
    },
)
async def ingest_batch(request: Request, _: WriteAccess):
    """Ingest many articles at once; the answer says per item what happened.

    Items are independent: a rejected item does not stop the others, and each stored
    article is written with its annotation in one transaction.
    """
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    raw = await request.body()
    items = _parse_batch(raw, media_type, get_settings().max_batch_items)
    return await _run_batch(items)


@router.get(
    "/{article_id}/annotations",
    response_model=AnnotationDocument,
    responses=problem_responses(404, 422, 429),
    dependencies=[ReadAccess],
)
def get_article_annotations(article_id: Id):
    """The article's whole annotation as one document, in the gold format of the annotation guideline."""
    return annotations.get_document(article_id)


@router.put(
    "/{article_id}/annotations",
    response_model=AnnotationDocument,
    responses=problem_responses(401, 403, 404, 413, 415, 422, 429),
    dependencies=[content_type(*JSON_TYPES)],
)
def replace_article_annotations(article_id: Id, body: AnnotationIn, principal: WriteAccess):
    """Replace the machine's annotation with a person's. Validated; recorded as made by that person."""
    return annotations.replace(article_id, body, f"key:{principal.name}")


@router.post(
    "/{article_id}/reannotate",
    response_model=AnnotationDocument,
    responses=problem_responses(401, 403, 404, 422, 429),
)
async def reannotate_article(article_id: Id, _: WriteAccess):
    """Re-run the current annotator on the stored text, replacing the current annotation."""
    source = await anyio.to_thread.run_sync(annotations.source, article_id)
    ann = await _annotate(*source)
    return await anyio.to_thread.run_sync(annotations.store_machine, article_id, ann)


@router.delete("/{article_id}", status_code=204, responses=problem_responses(401, 403, 404, 422, 429))
def delete_article(article_id: Id, _: WriteAccess) -> Response:
    """Delete an article and everything annotated from it (actors stay: they are shared)."""
    annotations.delete_article(article_id)
    return Response(status_code=204)
