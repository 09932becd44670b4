from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from app.articles import service
from app.articles.repository import ArticleFilter
from app.articles.schemas import ArticleRead, ArticleSummary
from app.core.db import session_scope
from app.core.deps import read_scope
from app.core.errors import invalid, not_found, problem_responses
from app.core.fulltext import SearchQuery, search_param
from app.core.pagination import Page, PageParams, page_params
from app.core.params import NO_NUL, Id, IsoDateTime
from app.events.models import Event
from app.history.service import Who
from app.keys.auth import WriteAccess

router = APIRouter(prefix="/v1/articles", tags=["articles"])
linked_router = APIRouter()
# Writes are mounted without the routers' read-access dependency (they take WriteAccess).
write_router = APIRouter(prefix="/v1/articles", tags=["articles"])
PageDep = Annotated[PageParams, Depends(page_params)]


@router.get("", response_model=Page[ArticleSummary], responses=problem_responses(422))
def list_articles(
    request: Request,
    page: PageDep,
    outlet: Annotated[
        str | None, Query(min_length=1, max_length=200, pattern=NO_NUL, description="Exact outlet name.")
    ] = None,
    published_from: Annotated[
        IsoDateTime | None, Query(description="Earliest publication time (inclusive).")
    ] = None,
    published_to: Annotated[
        IsoDateTime | None, Query(description="Latest publication time (inclusive).")
    ] = None,
    search: Annotated[SearchQuery | None, Depends(search_param)] = None,
):
    """List ingested articles (without their text).

    With `q`, only articles whose title or text match, by relevance then id, each with `search`."""
    if published_from and published_to and published_from > published_to:
        raise invalid("published_from", "must not be after published_to")
    f = ArticleFilter(outlet=outlet, published_from=published_from, published_to=published_to, search=search)
    with read_scope() as session:
        return service.article_page(session, request, f, page)


@router.get("/{article_id}", response_model=ArticleRead, responses=problem_responses(404, 422))
def get_article(article_id: Id):
    """One article with its stored text."""
    with read_scope() as session:
        return service.article_record(service.get_article(session, article_id))


@linked_router.get(
    "/v1/events/{event_id}/articles",
    tags=["events"],
    response_model=Page[ArticleSummary],
    responses=problem_responses(404, 422),
)
def list_event_articles(event_id: Id, request: Request, page: PageDep):
    """The source articles an event was found in."""
    with read_scope() as session:
        event = session.get(Event, event_id)
        if event is None:
            raise not_found("event", event_id)
        f = ArticleFilter(article_ids=[event.article_id])
        return service.article_page(session, request, f, page)


@write_router.delete("/{article_id}", status_code=204, responses=problem_responses(401, 403, 404, 422, 429))
def delete_article(article_id: Id, principal: WriteAccess) -> Response:
    """Delete an article and everything annotated from it (actors stay: they are shared). Its history
    stays, with the article and its annotation as they were."""
    with session_scope(write=True) as session:
        service.delete_article(session, article_id, Who.of(principal))
    return Response(status_code=204)
