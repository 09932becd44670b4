"""The article's annotation document: GET and PUT /v1/articles/{id}/annotations, POST .../reannotate."""

from __future__ import annotations

import anyio
from fastapi import APIRouter

from app.annotations import service
from app.annotations.schemas import AnnotationDocument, AnnotationIn, ReannotationResult
from app.annotator.types import Annotation
from app.core.db import session_scope
from app.core.deps import read_scope
from app.core.errors import problem_responses
from app.core.params import JSON_TYPES, Id, content_type
from app.history.service import Who
from app.ingestion.annotate import annotate_within_limit
from app.keys.auth import ReadAccess, WriteAccess

router = APIRouter(prefix="/v1/articles", tags=["articles"])


@router.get(
    "/{article_id}/annotations",
    response_model=AnnotationDocument,
    responses=problem_responses(404, 422, 429),
    dependencies=[ReadAccess],
)
def get_article_annotations(article_id: Id):
    """The article's whole annotation as one document, in the gold format of the annotation guideline."""
    with read_scope() as session:
        return service.get_document(session, article_id)


@router.put(
    "/{article_id}/annotations",
    response_model=AnnotationDocument,
    responses=problem_responses(401, 403, 404, 413, 415, 422, 429),
    dependencies=[content_type(*JSON_TYPES)],
)
def replace_article_annotations(article_id: Id, body: AnnotationIn, principal: WriteAccess):
    """Replace the whole annotation with a person's. Validated; recorded as made by that person, with the
    document before and after in the history."""
    with session_scope(write=True) as session:
        return service.replace(session, article_id, body, Who.of(principal))


@router.post(
    "/{article_id}/reannotate",
    response_model=ReannotationResult,
    responses=problem_responses(401, 403, 404, 422, 429, 503),
)
async def reannotate_article(article_id: Id, principal: WriteAccess):
    """Re-run the current annotator on the stored text. Only machine records no person has touched are
    replaced: confirmed, corrected and rejected records and people's own records stay, and a suggestion
    a kept record covers is not created again. `changes` counts what was added, removed and kept."""
    # Two units of work around the annotation, so that no transaction is open while it runs.
    source = await anyio.to_thread.run_sync(_source, article_id)
    ann = await annotate_within_limit(*source)
    return await anyio.to_thread.run_sync(_store_machine, article_id, ann, Who.of(principal))


def _source(article_id: int) -> tuple:
    with read_scope() as session:
        return service.source(session, article_id)


def _store_machine(article_id: int, ann: Annotation, who: Who) -> dict:
    with session_scope(write=True) as session:
        return service.store_machine(session, article_id, ann, who)
