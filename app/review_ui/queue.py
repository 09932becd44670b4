"""The review queue: articles with events, the least confident unreviewed machine event first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, case, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from app.articles.models import Article
from app.events.models import Event

QUEUE_SIZE = 100


@dataclass
class QueueFilter:
    outlet: str | None = None
    published_from: datetime | None = None
    published_to: datetime | None = None
    event_type: str | None = None
    review_state: str | None = "machine"  # articles with at least one event in this state


def queue(session: Session, f: QueueFilter, limit: int = QUEUE_SIZE) -> list[Row]:
    unreviewed = Event.review_state == "machine"
    lowest = func.min(case((unreviewed, Event.confidence)))
    stmt = (
        select(
            Article.id,
            Article.title,
            Article.outlet,
            Article.published_at,
            lowest.label("lowest"),
            func.count(Event.id).label("events"),
            func.sum(case((unreviewed, 1), else_=0)).label("unreviewed"),
        )
        .join(Event, Event.article_id == Article.id)
        .group_by(Article.id, Article.title, Article.outlet, Article.published_at)
    )
    if f.outlet:
        stmt = stmt.where(Article.outlet == f.outlet)
    if f.published_from:
        stmt = stmt.where(Article.published_at >= f.published_from)
    if f.published_to:
        stmt = stmt.where(Article.published_at <= f.published_to)
    if f.event_type:
        other = aliased(Event)
        has_type = select(other.id).where(other.article_id == Article.id, other.type == f.event_type)
        stmt = stmt.where(has_type.correlate(Article).exists())
    if f.review_state:
        stmt = stmt.having(func.sum(case((Event.review_state == f.review_state, 1), else_=0)) > 0)
    # Fully reviewed articles (no machine confidence left) go last.
    return list(session.execute(stmt.order_by(lowest.is_(None), lowest, Article.id).limit(limit)))


def next_in_queue(session: Session, after_article: int) -> int | None:
    """The next article to review after this one, in queue order (default filter)."""
    ids = [r.id for r in queue(session, QueueFilter())]
    rest = [i for i in ids if i != after_article]
    if after_article in ids:
        position = ids.index(after_article)
        rest = ids[position + 1 :] + ids[:position]
    return rest[0] if rest else None
