"""GET /v1/history (filtered) and GET /v1/articles/{id}/history. Both need a key with the `read` scope:
the history names the people behind the keys."""

from datetime import UTC
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from app.articles.models import Article
from app.core.deps import read_scope
from app.core.errors import invalid, not_found, problem_responses
from app.core.pagination import Page, PageParams, page_params
from app.core.params import NO_NUL, Id, IsoDateTime
from app.history import service
from app.history.schemas import HistoryRead
from app.history.service import HistoryFilter
from app.history.vocabulary import Action, RecordType
from app.keys.auth import require_scope

router = APIRouter(tags=["history"], dependencies=[Depends(require_scope("read"))])
PageDep = Annotated[PageParams, Depends(page_params)]
KEY_REQUIRED = {"x-key-required": True}


class HistorySort(StrEnum):
    """Oldest first (`id`) or newest first (`-id`)."""

    id = "id"
    id_desc = "-id"

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):  # noqa: ANN001, ANN206
        schema = handler(core_schema)
        schema["x-enum-varnames"] = [m.name for m in cls]
        return schema


@router.get(
    "/v1/history",
    response_model=Page[HistoryRead],
    responses=problem_responses(401, 403, 422, 429),
    openapi_extra=KEY_REQUIRED,
)
def list_history(
    request: Request,
    page: PageDep,
    key: Annotated[
        str | None,
        Query(
            min_length=1, max_length=120, pattern=NO_NUL, description="Only changes made with this key name."
        ),
    ] = None,
    record_type: RecordType | None = None,
    action: Action | None = None,
    article: Annotated[
        int | None, Query(ge=1, le=2**31 - 1, description="Only changes to this article.")
    ] = None,
    since: Annotated[IsoDateTime | None, Query(description="Earliest time of change (inclusive).")] = None,
    until: Annotated[IsoDateTime | None, Query(description="Latest time of change (inclusive).")] = None,
    sort: HistorySort = HistorySort.id,
):
    """Every change people made, oldest first (or `sort=-id`), filtered by key, record type, action,
    article and time."""
    # A time without an offset is UTC, as the history's times are (and so the two compare).
    since, until = (t.replace(tzinfo=UTC) if t and t.tzinfo is None else t for t in (since, until))
    if since and until and since > until:
        raise invalid("since", "must not be after until")
    f = HistoryFilter(
        who=key,
        record_type=record_type.value if record_type else None,
        action=action.value if action else None,
        article_id=article,
        since=since,
        until=until,
    )
    with read_scope() as session:
        return service.history_page(session, request, f, sort.value, page)


@router.get(
    "/v1/articles/{article_id}/history",
    response_model=Page[HistoryRead],
    responses=problem_responses(401, 403, 404, 422, 429),
    openapi_extra=KEY_REQUIRED,
    tags=["articles"],
)
def get_article_history(article_id: Id, request: Request, page: PageDep, sort: HistorySort = HistorySort.id):
    """What people did to an article and its records; kept after the article is deleted."""
    with read_scope() as session:
        if session.get(Article, article_id) is None and not service.has_entries(session, article_id):
            raise not_found("article", article_id)
        return service.history_page(session, request, HistoryFilter(article_id=article_id), sort.value, page)
