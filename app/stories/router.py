"""Stories: one real-world happening as many articles report it (GET /v1/stories, its linked views)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from app.annotator.vocabulary import EventType
from app.articles import service as articles
from app.articles.repository import ArticleFilter
from app.articles.schemas import ArticleSummary
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
from app.core.pagination import Page, PageParams, page_params
from app.core.params import Country, Id, IsoDate, OptionalId
from app.events import service as events
from app.events.repository import EventFilter
from app.events.schemas import EventRead, EventSort
from app.statements import service as statements
from app.statements.repository import StatementFilter
from app.statements.schemas import StatementRead
from app.stories import export, service
from app.stories.schemas import StoryRead, StorySort
from app.stories.store import StoryFilter

router = APIRouter(prefix="/v1/stories", tags=["stories"])
PageDep = Annotated[PageParams, Depends(page_params)]


async def story_filter(
    type: Annotated[list[EventType] | None, Query(description="Event types (repeat for several).")] = None,
    country: Country = None,
    actor: Annotated[OptionalId, Query(description="Only stories this actor id takes part in.")] = None,
    article: Annotated[OptionalId, Query(description="Only stories this article id reports.")] = None,
    date_from: Annotated[IsoDate | None, Query(description="Earliest story date (inclusive).")] = None,
    date_to: Annotated[IsoDate | None, Query(description="Latest story date (inclusive).")] = None,
    min_articles: Annotated[
        int | None, Query(ge=1, le=1_000_000, description="Only stories at least this many articles report.")
    ] = None,
) -> StoryFilter:
    if date_from and date_to and date_from > date_to:
        raise invalid("date_from", "must not be after date_to")
    return StoryFilter(
        types=[t.value for t in type or []], country=country, actor_id=actor, article_id=article,
        date_from=date_from, date_to=date_to, min_articles=min_articles,
    )  # fmt: skip


StoryFilterDep = Annotated[StoryFilter, Depends(story_filter)]
SortParam = Annotated[StorySort, Query(description="Order: `id` by default; `-` means descending.")]


@router.get("", response_model=Page[StoryRead], responses=problem_responses(422))
def list_stories(request: Request, f: StoryFilterDep, page: PageDep, sort: SortParam = StorySort.id):
    """List stories (the events of many articles that report one happening, grouped at ingestion),
    filtered and paged by cursor. The next page is in `next` and in the `Link` header."""
    with read_scope() as session:
        return service.story_page(session, request, f, sort.value, page)


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={**export_responses(ExportFormat, export.EXAMPLES), **problem_responses(422)},
)
def export_stories(
    request: Request,
    f: StoryFilterDep,
    sort: SortParam = StorySort.id,
    fmt: format_param(ExportFormat) = None,
    bom: BomParam = False,
):
    """Download every story the list's filters select, in the list's order, with no page cap: CSV (one
    row per story; participants, countries, article and event ids flattened), NDJSON (the list's items,
    one per line) or PLOVER-style JSON Lines (PLOVER's fields, the story under `migevents`). Choose with
    `format`, or with `Accept` (`text/csv`, `application/x-ndjson`,
    `application/vnd.migevents.plover+jsonl`).

    CSV columns: `id, type, plover_code, date, date_precision, first_reported, last_reported,
    article_count, mention_count, countries, actor_ids, actor_names, actor_kinds, actor_countries,
    recipient_ids, recipient_names, recipient_kinds, recipient_countries, article_ids, event_ids`
    (several values in one cell are joined by `|`; the README describes each).

    The body is streamed in batches as it is read."""
    exp = export.story_export(f, sort.value)
    return export_response(request, exp, choose_format(fmt, request.headers.get("accept"), exp), bom)


@router.get("/{story_id}", response_model=StoryRead, responses=problem_responses(404, 422))
def get_story(story_id: Id):
    """One story: its type, date, countries, participants, when it was first and last reported, and by
    how many articles."""
    with read_scope() as session:
        return service.get_story_record(session, story_id)


@router.get("/{story_id}/events", response_model=Page[EventRead], responses=problem_responses(404, 422))
def list_story_events(story_id: Id, request: Request, page: PageDep):
    """The story's events: each article's report of it."""
    with read_scope() as session:
        service.require_story(session, story_id)
        f = EventFilter(story_id=story_id)
        return events.event_page(session, request, f, EventSort.id.value, page)


@router.get(
    "/{story_id}/articles", response_model=Page[ArticleSummary], responses=problem_responses(404, 422)
)
def list_story_articles(story_id: Id, request: Request, page: PageDep):
    """The articles that report the story."""
    with read_scope() as session:
        service.require_story(session, story_id)
        f = ArticleFilter(article_ids=service.article_ids(session, story_id))
        return articles.article_page(session, request, f, page)


@router.get(
    "/{story_id}/statements", response_model=Page[StatementRead], responses=problem_responses(404, 422)
)
def list_story_statements(story_id: Id, request: Request, page: PageDep):
    """Statements about any of the story's events."""
    with read_scope() as session:
        service.require_story(session, story_id)
        return statements.statement_page(session, request, StatementFilter(story_id=story_id), page)
