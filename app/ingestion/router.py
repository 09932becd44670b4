"""Ingest endpoints: POST /v1/articles (one) and POST /v1/articles/batch (many).

Each request owns its units of work: a read-only look-up (a duplicate skips
annotation), annotation in the pool outside any transaction, then one write
transaction per stored article.
"""

from __future__ import annotations

import json
from typing import Any

import anyio
from fastapi import APIRouter, Request, Response
from pydantic import ValidationError

from app.annotator.types import Annotation
from app.articles.service import article_summary
from app.core.config import get_settings
from app.core.db import session_scope
from app.core.deps import read_scope
from app.core.errors import ProblemError, problem_responses
from app.core.params import JSON_TYPES, content_type
from app.ingestion import service
from app.ingestion.annotate import annotate_within_limit
from app.ingestion.problems import item_problem
from app.ingestion.schemas import ArticleIn, BatchResult, IngestResult
from app.keys.auth import WriteAccess

router = APIRouter(prefix="/v1/articles", tags=["articles"])
BATCH_TYPES = ("application/json", "application/x-ndjson")


def _lookup(p: service.Prepared) -> service.Outcome | None:
    with read_scope() as session:
        return service.lookup(session, p)


def _persist(p: service.Prepared, ann: Annotation) -> service.Outcome:
    with session_scope(write=True) as session:
        return service.persist(session, p, ann)


async def _ingest_one(data: ArticleIn) -> service.Outcome:
    p = await anyio.to_thread.run_sync(service.prepare, data)
    outcome = await anyio.to_thread.run_sync(_lookup, p)
    if outcome is None:
        ann = await annotate_within_limit(*service.annotator_args(p))
        outcome = await anyio.to_thread.run_sync(_persist, p, ann)
    return outcome


def _result(outcome: service.Outcome) -> dict[str, Any]:
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
        **problem_responses(401, 403, 409, 413, 415, 422, 429, 503),
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
            results.append({"index": i, "status": "rejected", "problem": item_problem(exc)})
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
                        # Items are read one by one: one that is not an ArticleIn is not a 422 for the
                        # batch but a `rejected` item with its problem, so the contract takes any item.
                        "items": {
                            "anyOf": [{"$ref": "#/components/schemas/ArticleIn"}, {}],
                            "description": "An article, as the body of `POST /v1/articles`; anything "
                            "else comes back as a `rejected` item with its problem.",
                        },
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
