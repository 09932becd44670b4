from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse

from app.actors.models import Actor
from app.annotator.vocabulary import StatementKind
from app.core.db import session_scope
from app.core.deps import read_scope
from app.core.errors import problem_responses
from app.core.export import (
    BomParam,
    TableFormat,
    choose_format,
    export_response,
    export_responses,
    format_param,
)
from app.core.fulltext import SearchQuery, search_param
from app.core.pagination import Page, PageParams, page_params
from app.core.params import JSON_TYPES, AnnotatorName, AnnotatorVersion, Id, OptionalId, content_type
from app.events.models import Event
from app.history.service import Who
from app.keys.auth import WriteAccess
from app.review.schemas import StatementReviewIn
from app.statements import corrections, export, service
from app.statements.repository import StatementFilter
from app.statements.schemas import NewStatementIn, StatementRead

router = APIRouter(prefix="/v1/statements", tags=["statements"])
linked_router = APIRouter()
PageDep = Annotated[PageParams, Depends(page_params)]


async def statement_filter(
    speaker: OptionalId = None,
    event: OptionalId = None,
    article: OptionalId = None,
    kind: StatementKind | None = None,
    annotator: AnnotatorName = None,
    annotator_version: AnnotatorVersion = None,
    search: Annotated[SearchQuery | None, Depends(search_param)] = None,
) -> StatementFilter:
    return StatementFilter(
        speaker_id=speaker,
        event_id=event,
        article_id=article,
        kind=kind.value if kind else None,
        annotator=annotator,
        annotator_version=annotator_version,
        search=search,
    )


StatementFilterDep = Annotated[StatementFilter, Depends(statement_filter)]


@router.get("", response_model=Page[StatementRead], responses=problem_responses(422))
def list_statements(request: Request, page: PageDep, f: StatementFilterDep):
    """List statements (quotes and reported speech) by speaker, event, article, kind or annotator.

    With `q`, only statements whose text matches, by relevance then id, each with `search`."""
    with read_scope() as session:
        return service.statement_page(session, request, f, page)


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={**export_responses(TableFormat, export.EXAMPLES), **problem_responses(422)},
)
def export_statements(
    request: Request, f: StatementFilterDep, fmt: format_param(TableFormat) = None, bom: BomParam = False
):
    """Download every statement the list's filters select (`q` too), in the list's order, with no page
    cap: CSV (the speaker flattened) or NDJSON (the list's items, one per line), chosen with `format` or
    `Accept` (`text/csv`, `application/x-ndjson`). The body is streamed in batches as it is read."""
    exp = export.statement_export(f)
    return export_response(request, exp, choose_format(fmt, request.headers.get("accept"), exp), bom)


@router.get("/{statement_id}", response_model=StatementRead, responses=problem_responses(404, 422))
def get_statement(statement_id: Id):
    """One statement with its speaker and span."""
    with read_scope() as session:
        return service.get_statement_record(session, statement_id)


@linked_router.get(
    "/v1/actors/{actor_id}/statements",
    tags=["actors"],
    response_model=Page[StatementRead],
    responses=problem_responses(404, 422),
)
def list_actor_statements(actor_id: Id, request: Request, page: PageDep):
    """What an actor said."""
    with read_scope() as session:
        service.require(session, Actor, actor_id, "actor")
        return service.statement_page(session, request, StatementFilter(speaker_id=actor_id), page)


@linked_router.get(
    "/v1/events/{event_id}/statements",
    tags=["events"],
    response_model=Page[StatementRead],
    responses=problem_responses(404, 422),
)
def list_event_statements(event_id: Id, request: Request, page: PageDep):
    """Statements about an event."""
    with read_scope() as session:
        service.require(session, Event, event_id, "event")
        return service.statement_page(session, request, StatementFilter(event_id=event_id), page)


review_router = APIRouter(prefix="/v1/statements", tags=["statements"])


@review_router.patch(
    "/{statement_id}",
    response_model=StatementRead,
    responses=problem_responses(401, 403, 404, 415, 422, 429),
    dependencies=[content_type(*JSON_TYPES)],
)
def review_statement(statement_id: Id, body: StatementReviewIn, principal: WriteAccess):
    """Record a person's review of one statement: `confirmed`, `rejected`, or back to `machine`; or correct
    its `speaker_id` (null: no speaker), `kind`, `verb`, `span` or `event_id` (it becomes `corrected`).
    Each one lands in the history, with the statement before and after."""
    with session_scope(write=True) as session:
        corrections.patch_statement(session, statement_id, body, Who.of(principal))
        return service.get_statement_record(session, statement_id)


@review_router.post(
    "",
    status_code=201,
    response_model=StatementRead,
    responses=problem_responses(401, 403, 415, 422, 429),
    dependencies=[content_type(*JSON_TYPES)],
)
def add_statement(body: NewStatementIn, principal: WriteAccess):
    """Add a statement the annotator missed to an article. It is made by the key's person (`corrected`,
    confidence 1), kept by every re-annotation, and its creation lands in the history."""
    with session_scope(write=True) as session:
        statement_id = corrections.create_statement(session, body, Who.of(principal))
        response = service.get_statement_record(session, statement_id)
    response.status_code = 201
    response.headers["Location"] = f"/v1/statements/{statement_id}"
    return response
