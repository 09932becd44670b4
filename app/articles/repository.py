from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Integer, Row, Select, bindparam, select
from sqlmodel import Session

from app.articles.models import Article
from app.core import search_sql
from app.core.fulltext import SearchQuery

ARTICLE = Article.__table__
ARTICLE_SEARCH = search_sql.Searched(ARTICLE, "article_fts", snippet_column=1, snippet_text="text")


@dataclass
class ArticleFilter:
    outlet: str | None = None
    published_from: datetime | None = None
    published_to: datetime | None = None
    article_ids: Sequence[int] | None = None
    search: SearchQuery | None = None


def articles_query(
    f: ArticleFilter, limit: int, after: Sequence | None, dialect: str = "sqlite"
) -> tuple[Select, dict]:
    """The list query (Core, without the text) and its parameters; cached per combination of filters.

    With a search: by relevance then id (``after`` is (score, id)), rows with ``score`` and ``snippet``
    (title and text are searched; the snippet is cut from the text)."""
    params: dict = {"limit": limit, "outlet": f.outlet}
    params |= {"published_from": f.published_from, "published_to": f.published_to}
    params |= {f"article{i}": v for i, v in enumerate(f.article_ids or ())}
    if f.search is not None:
        params["search"] = f.search.for_dialect(dialect)
        params |= {f"after{i}": v for i, v in enumerate(after or ())}
    else:
        params["after"] = after[0] if after else None
    ids = -1 if f.article_ids is None else len(f.article_ids)
    shape = (bool(f.outlet), f.published_from is not None, f.published_to is not None, ids, after is not None)
    return _statement(*shape, dialect if f.search is not None else ""), params


def _text_of(page):  # noqa: ANN001, ANN202
    return select(ARTICLE.c.text).where(ARTICLE.c.id == page.c.id).scalar_subquery()


@lru_cache(maxsize=128)
def _statement(
    outlet: bool, published_from: bool, published_to: bool, ids: int, after: bool, searched: str
) -> Select:
    # Lists never carry the text: leaving it out keeps pages small.
    stmt = select(*[c for c in ARTICLE.c if c.name != "text"])
    if outlet:
        stmt = stmt.where(ARTICLE.c.outlet == bindparam("outlet"))
    if published_from:
        stmt = stmt.where(ARTICLE.c.published_at >= bindparam("published_from"))
    if published_to:
        stmt = stmt.where(ARTICLE.c.published_at <= bindparam("published_to"))
    if ids >= 0:
        stmt = stmt.where(ARTICLE.c.id.in_([bindparam(f"article{i}") for i in range(ids)]))
    if searched:
        stmt = ARTICLE_SEARCH.matching(stmt, searched)
        return search_sql.ranked_with_snippets(stmt, after, ARTICLE_SEARCH, _text_of, searched)
    if after:
        stmt = stmt.where(ARTICLE.c.id > bindparam("after"))
    return stmt.order_by(ARTICLE.c.id).limit(bindparam("limit", type_=Integer))


def list_articles(session: Session, f: ArticleFilter, limit: int, after: Sequence | None) -> list[Row]:
    conn = session.connection()
    stmt, params = articles_query(f, limit, after, conn.dialect.name)
    return list(conn.execute(stmt, params))


def find_existing(session: Session, url: str | None, content_hash: str) -> Article | None:
    if url:
        found = session.execute(select(Article).where(Article.url == url)).scalar_one_or_none()
        if found:
            return found
    return session.execute(select(Article).where(Article.content_hash == content_hash)).scalar_one_or_none()
