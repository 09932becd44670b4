from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Integer, Row, Select, bindparam, select
from sqlmodel import Session

from app.articles.models import Article

ARTICLE = Article.__table__


@dataclass
class ArticleFilter:
    outlet: str | None = None
    published_from: datetime | None = None
    published_to: datetime | None = None
    article_ids: Sequence[int] | None = None


def articles_query(f: ArticleFilter, limit: int, after: Sequence | None) -> tuple[Select, dict]:
    """The list query (Core, without the text) and its parameters; cached per combination of filters."""
    params: dict = {"limit": limit, "outlet": f.outlet, "after": after[0] if after else None}
    params |= {"published_from": f.published_from, "published_to": f.published_to}
    params |= {f"article{i}": v for i, v in enumerate(f.article_ids or ())}
    ids = -1 if f.article_ids is None else len(f.article_ids)
    shape = (bool(f.outlet), f.published_from is not None, f.published_to is not None, ids, after is not None)
    return _statement(*shape), params


@lru_cache(maxsize=64)
def _statement(outlet: bool, published_from: bool, published_to: bool, ids: int, after: bool) -> Select:
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
    if after:
        stmt = stmt.where(ARTICLE.c.id > bindparam("after"))
    return stmt.order_by(ARTICLE.c.id).limit(bindparam("limit", type_=Integer))


def list_articles(session: Session, f: ArticleFilter, limit: int, after: Sequence | None) -> list[Row]:
    stmt, params = articles_query(f, limit, after)
    return list(session.connection().execute(stmt, params))


def find_existing(session: Session, url: str | None, content_hash: str) -> Article | None:
    if url:
        found = session.execute(select(Article).where(Article.url == url)).scalar_one_or_none()
        if found:
            return found
    return session.execute(select(Article).where(Article.content_hash == content_hash)).scalar_one_or_none()
