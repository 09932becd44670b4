"""The article resource: read views and deletion. Ingestion (store + annotate) is app/ingestion/."""

from typing import Any

from fastapi import Request, Response
from sqlmodel import Session

from app.annotations import service as annotations
from app.articles import repository
from app.articles.models import Article
from app.articles.repository import ArticleFilter
from app.core.errors import not_found
from app.core.fulltext import search_match
from app.core.pagination import PageParams, id_page, ranked_page
from app.history.service import Who, record
from app.history.vocabulary import Action, RecordType
from app.stories import grouping


def article_summary(a: Any) -> dict[str, Any]:
    """An ArticleSummary from an Article or a list row, field for field."""
    return {
        "id": a.id,
        "url": a.url,
        "title": a.title,
        "outlet": a.outlet,
        "published_at": a.published_at,
        "language": a.language,
        "source_format": a.source_format,
        "word_count": a.word_count,
        "content_hash": a.content_hash,
        "annotator": (
            {"kind": a.annotator_kind or "machine", "name": a.annotator, "version": a.annotator_version}
            if a.annotator
            else None
        ),
        "annotated_at": a.annotated_at,
        "created_at": a.created_at,
        "links": {
            "self": f"/v1/articles/{a.id}",
            "annotations": f"/v1/articles/{a.id}/annotations",
            "events": f"/v1/events?article={a.id}",
            "statements": f"/v1/statements?article={a.id}",
        },
    }


def article_record(a: Article) -> dict[str, Any]:
    return {**article_summary(a), "text": a.text}


def searched_article_summary(a: Any) -> dict[str, Any]:
    return {**article_summary(a), "search": search_match(a.score, a.snippet)}


def article_page(session: Session, request: Request, f: ArticleFilter, page: PageParams) -> Response:
    def fetch(n: int, after: list[Any] | None) -> list[Any]:
        return repository.list_articles(session, f, n, after)

    if f.search is not None:
        return ranked_page(request, fetch, searched_article_summary, page)
    return id_page(request, fetch, article_summary, page)


def get_article(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise not_found("article", article_id)
    return article


def delete_article(session: Session, article_id: int, who: Who) -> None:
    """The article and everything annotated from it: its mentions, events (with their participants and
    countries) and statements go by the foreign keys' ON DELETE CASCADE. Actors stay: they are shared.

    The history keeps the article and its whole annotation as they were, and who deleted them."""
    article = get_article(session, article_id)
    before = {"article": article_record(article), "annotation": annotations.document(session, article)}
    stale = grouping.stories_of_article(session, article_id)
    session.delete(article)
    session.flush()
    grouping.after_article_change(session, None, stale)
    record(session, who, RecordType.article, article_id, Action.deleted, article_id=article_id, before=before)
