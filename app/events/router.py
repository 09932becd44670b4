from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import StringConstraints

from app.annotator.vocabulary import EventType, PolicyArea
from app.core.db import session_scope
from app.core.deps import read_scope
from app.core.errors import invalid, problem_responses
from app.core.export import (
    BomParam,
    ExportFormat,
    choose_format,
    export_response,
    export_responses,
    format_param,
)
from app.core.fulltext import SearchQuery, search_param
from app.core.pagination import Page, PageParams, page_params
from app.core.params import (
    JSON_TYPES,
    AnnotatorName,
    AnnotatorVersion,
    Country,
    Id,
    IsoDate,
    OptionalId,
    content_type,
)
from app.core.responses import json_response
from app.events import corrections, counts, export, service
from app.events.repository import EventFilter
from app.events.schemas import EventCounts, EventRead, EventSort, NewEventIn
from app.history.service import Who
from app.keys.auth import WriteAccess
from app.review.schemas import EventReviewIn
from app.review.vocabulary import ReviewState
from app.stories import grouping

router = APIRouter(prefix="/v1/events", tags=["events"])


async def event_filter(
    type: Annotated[list[EventType] | None, Query(description="Event types (repeat for several).")] = None,
    policy_area: Annotated[
        list[PolicyArea] | None, Query(description="Policy areas (repeat for several).")
    ] = None,
    country: Country = None,
    actor: Annotated[OptionalId, Query(description="Only events this actor id takes part in.")] = None,
    article: Annotated[OptionalId, Query(description="Only events from this article id.")] = None,
    date_from: Annotated[IsoDate | None, Query(description="Earliest event date (inclusive).")] = None,
    date_to: Annotated[IsoDate | None, Query(description="Latest event date (inclusive).")] = None,
    review_state: ReviewState | None = None,
    annotator: AnnotatorName = None,
    annotator_version: AnnotatorVersion = None,
    search: Annotated[SearchQuery | None, Depends(search_param)] = None,
    story: Annotated[OptionalId, Query(description="Only the events of this story id.")] = None,
) -> EventFilter:
    if date_from and date_to and date_from > date_to:
        raise invalid("date_from", "must not be after date_to")
    return EventFilter(
        types=[t.value for t in type or []],
        policy_areas=[p.value for p in policy_area or []],
        country=country,
        actor_id=actor,
        article_id=article,
        date_from=date_from,
        date_to=date_to,
        review_state=review_state.value if review_state else None,
        annotator=annotator,
        annotator_version=annotator_version,
        search=search,
        story_id=story,
    )


def resolve_sort(f: EventFilter, sort: EventSort | None) -> str:
    if sort is None:
        if f.one_per_story:
            return EventSort.id.value
        return EventSort.rank.value if f.search is not None else EventSort.id.value
    if sort is EventSort.rank and f.search is None:
        raise invalid("sort", "'rank' orders a search: give q too")
    if sort is EventSort.rank and f.one_per_story:
        raise invalid("sort", "'rank' does not combine with distinct=story: use id or date")
    return sort.value


SortParam = Annotated[
    EventSort | None, Query(description="Order: `id` by default; `rank` (relevance, then id) by default "
                            "with `q`, and only with it. `-` means descending.")
]  # fmt: skip


class Distinct(StrEnum):
    story = "story"


@router.get("", response_model=Page[EventRead], responses=problem_responses(422))
def list_events(
    request: Request,
    f: Annotated[EventFilter, Depends(event_filter)],
    page: Annotated[PageParams, Depends(page_params)],
    sort: SortParam = None,
    distinct: Annotated[
        Distinct | None, Query(description="`story`: one row per story, its first event (lowest id) among "
                               "those the filters select; events in no story are listed too. Sorted by `id` "
                               "(the default) or `date`, not `rank`.")
    ] = None,
):  # fmt: skip
    """List events, filtered and paged by cursor. The next page is in `next` and in the `Link` header.

    With `q`, only events whose evidence sentence or summary match, each with `search` (rank, snippet).
    Each event carries `story_id`: the story (one happening across articles) it reports."""
    f.one_per_story = distinct is Distinct.story
    with read_scope() as session:
        return service.event_page(session, request, f, resolve_sort(f, sort), page)


@router.get("/counts", response_model=EventCounts, responses=problem_responses(422))
def count_events(
    f: Annotated[EventFilter, Depends(event_filter)],
    group_by: Annotated[
        list[Annotated[str, StringConstraints(pattern=counts.GROUP_BY_PATTERN)]],
        Query(
            description="One or two of: " + ", ".join(f"`{d}`" for d in counts.DIMENSIONS) + " (repeat the "
            "parameter or separate with commas; at most one period). `week` is labelled by its Monday.",
            examples=["month,type"],
            max_length=4,
        ),
    ],
    distinct: Annotated[
        Distinct | None,
        Query(
            description="`story`: count stories, not events (a story once however many "
            "articles report it; an event in no story once)."
        ),
    ] = None,
):
    """Count the events the list's filters select, grouped by one or two dimensions (a timeline: a
    period and, say, `type`). Every period between the first and the last (or `date_from` and `date_to`)
    is present, with 0 where there are none, for every value of the other dimension.

    An event counts once under each of its countries or participants (so those rows can add up to more
    than `total`); one dated only to a month or a year counts in the period holding its first day.
    `group_by=story` counts each story's events; `distinct=story` counts stories instead of events."""
    dims = counts.check_dimensions(group_by)
    with read_scope() as session:
        return json_response(counts.event_counts(session, f, dims, per_story=distinct is Distinct.story))


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={**export_responses(ExportFormat, export.EXAMPLES), **problem_responses(422)},
)
def export_events(
    request: Request,
    f: Annotated[EventFilter, Depends(event_filter)],
    sort: SortParam = None,
    fmt: format_param(ExportFormat) = None,
    bom: BomParam = False,
):
    """Download every event the list's filters select (`q` too), in the list's order, with no page cap:
    CSV (one row per event, participants flattened), NDJSON (the list's items, one per line) or
    PLOVER-style JSON Lines (PLOVER's fields, ours under `migevents`). Choose with `format`, or with
    `Accept` (`text/csv`, `application/x-ndjson`, `application/vnd.migevents.plover+jsonl`).

    The body is streamed in batches as it is read; the columns and fields are described in the README."""
    exp = export.event_export(f, resolve_sort(f, sort))
    return export_response(request, exp, choose_format(fmt, request.headers.get("accept"), exp), bom)


@router.get("/{event_id}", response_model=EventRead, responses=problem_responses(404, 422))
def get_event(event_id: Id):
    """One event with its participants and evidence."""
    with read_scope() as session:
        return service.get_event_record(session, event_id)


actor_events_router = APIRouter(tags=["actors"])


@actor_events_router.get(
    "/v1/actors/{actor_id}/events", response_model=Page[EventRead], responses=problem_responses(404, 422)
)
def list_actor_events(
    actor_id: Id,
    request: Request,
    page: Annotated[PageParams, Depends(page_params)],
    type: Annotated[list[EventType] | None, Query(description="Event types (repeat for several).")] = None,
):
    """Events an actor takes part in, in any role."""
    f = EventFilter(actor_id=actor_id, types=[t.value for t in type or []])
    with read_scope() as session:
        service.require_actor(session, actor_id)
        return service.event_page(session, request, f, EventSort.id.value, page)


review_router = APIRouter(prefix="/v1/events", tags=["events"])


@review_router.patch(
    "/{event_id}",
    response_model=EventRead,
    responses=problem_responses(401, 403, 404, 415, 422, 429),
    dependencies=[content_type(*JSON_TYPES)],
)
def review_event(event_id: Id, body: EventReviewIn, principal: WriteAccess):
    """Record a person's review of one event: `confirmed`, `rejected`, or back to `machine`; or correct its
    `type`, `policy_area`, `participants` (the whole list) or `evidence` span (it becomes `corrected`).
    Each one lands in the history, with the event before and after.

    Rejected events stay in the database (filter them out with `review_state`)."""
    # One unit of work: the update, its history entry and the record answered with it.
    with session_scope(write=True) as session:
        corrections.patch_event(session, event_id, body, Who.of(principal))
        # A verdict: a rejected event leaves its story (a correction was regrouped in patch_event).
        grouping.after_event_change(session, event_id)
        return service.get_event_record(session, event_id)


@review_router.post(
    "",
    status_code=201,
    response_model=EventRead,
    responses=problem_responses(401, 403, 415, 422, 429),
    dependencies=[content_type(*JSON_TYPES)],
)
def add_event(body: NewEventIn, principal: WriteAccess):
    """Add an event the annotator missed to an article. It is made by the key's person (`corrected`,
    confidence 1), kept by every re-annotation, and its creation lands in the history."""
    with session_scope(write=True) as session:
        event_id = corrections.create_event(session, body, Who.of(principal))
        response = service.get_event_record(session, event_id)
    response.status_code = 201
    response.headers["Location"] = f"/v1/events/{event_id}"
    return response
