from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from app.actors import export, mentions, service
from app.actors.repository import ActorFilter
from app.actors.schemas import ActorRead, MentionIn, MentionRead, MentionReviewIn
from app.annotator.vocabulary import ActorKind
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
from app.core.pagination import Page, PageParams, page_params
from app.core.params import JSON_TYPES, NO_NUL, Country, Id, content_type
from app.core.responses import json_response
from app.history.service import Who
from app.keys.auth import WriteAccess

router = APIRouter(prefix="/v1/actors", tags=["actors"])


async def actor_filter(
    kind: ActorKind | None = None,
    country: Country = None,
    name: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            pattern=NO_NUL,
            description="Case-insensitive prefix of the name.",
        ),
    ] = None,
) -> ActorFilter:
    return ActorFilter(kind=kind.value if kind else None, country=country, name_prefix=name)


ActorFilterDep = Annotated[ActorFilter, Depends(actor_filter)]


@router.get("", response_model=Page[ActorRead], responses=problem_responses(422))
def list_actors(request: Request, page: Annotated[PageParams, Depends(page_params)], f: ActorFilterDep):
    """List actors: countries, bodies, persons, organisations and groups."""
    with read_scope() as session:
        return service.actor_page(session, request, f, page)


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={**export_responses(TableFormat, export.EXAMPLES), **problem_responses(422)},
)
def export_actors(
    request: Request, f: ActorFilterDep, fmt: format_param(TableFormat) = None, bom: BomParam = False
):
    """Download every actor the list's filters select, in id order, with no page cap: CSV or NDJSON
    (the list's items, one per line), chosen with `format` or `Accept` (`text/csv`, `application/x-ndjson`).
    The body is streamed in batches as it is read."""
    exp = export.actor_export(f)
    return export_response(request, exp, choose_format(fmt, request.headers.get("accept"), exp), bom)


@router.get("/{actor_id}", response_model=ActorRead, responses=problem_responses(404, 422))
def get_actor(actor_id: Id):
    """One actor with every surface form seen for it."""
    with read_scope() as session:
        return service.get_actor_record(session, actor_id)


mentions_router = APIRouter(prefix="/v1/mentions", tags=["actors"])


@mentions_router.get("/{mention_id}", response_model=MentionRead, responses=problem_responses(404, 422))
def get_mention(mention_id: Id):
    """One actor mention: the actor and the span that names it."""
    with read_scope() as session:
        return json_response(mentions.mention_json(session, mention_id))


mention_writes = APIRouter(prefix="/v1/mentions", tags=["actors"])


@mention_writes.post(
    "",
    status_code=201,
    response_model=MentionRead,
    responses=problem_responses(401, 403, 415, 422, 429),
    dependencies=[content_type(*JSON_TYPES)],
)
def add_mention(body: MentionIn, principal: WriteAccess):
    """Add a mention the annotator missed: a span naming an existing actor (`actor_id`) or a new one
    (`actor`). Made by the key's person, kept by every re-annotation, its creation in the history."""
    with session_scope(write=True) as session:
        mention_id = mentions.create_mention(session, body, Who.of(principal))
        doc = mentions.mention_json(session, mention_id)
    response = json_response(doc, headers={"Location": f"/v1/mentions/{mention_id}"})
    response.status_code = 201
    return response


@mention_writes.patch(
    "/{mention_id}",
    response_model=MentionRead,
    responses=problem_responses(401, 403, 404, 415, 422, 429),
    dependencies=[content_type(*JSON_TYPES)],
)
def review_mention(mention_id: Id, body: MentionReviewIn, principal: WriteAccess):
    """Confirm, reject or un-review a mention, or correct its span or actor (it becomes `corrected`).
    A rejected mention stays rejected through re-annotation. Each one lands in the history."""
    with session_scope(write=True) as session:
        mentions.patch_mention(session, mention_id, body, Who.of(principal))
        return json_response(mentions.mention_json(session, mention_id))
