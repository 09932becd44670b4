from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import defer
from sqlmodel import Session

from app.articles.models import Article


@dataclass
class ArticleFilter:
    outlet: str | None = None
    published_from: datetime | None = None
    published_to: datetime | None = None
    article_ids: Sequence[int] | None = None


def list_articles(session: Session, f: ArticleFilter, limit: int, after: Sequence | None) -> list[Article]:
    # Lists never carry the text; deferring it keeps pages small.
    stmt = select(Article).options(defer(Article.text))
    if f.outlet:
        stmt = stmt.where(Article.outlet == f.outlet)
    if f.published_from:
        stmt = stmt.where(Article.published_at >= f.published_from)
    if f.published_to:
        stmt = stmt.where(Article.published_at <= f.published_to)
    if f.article_ids is not None:
        stmt = stmt.where(Article.id.in_(list(f.article_ids)))
    if after is not None:
        stmt = stmt.where(Article.id > after[0])
    return list(session.execute(stmt.order_by(Article.id).limit(limit)).scalars())


def find_existing(session: Session, url: str | None, content_hash: str) -> Article | None:
    if url:
        found = session.execute(select(Article).where(Article.url == url)).scalar_one_or_none()
        if found:
            return found
    return session.execute(select(Article).where(Article.content_hash == content_hash)).scalar_one_or_none()
