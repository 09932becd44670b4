"""The review queue: articles with events or statements, the least confident unreviewed machine record
(event or statement) first, paged by a keyset cursor on (fully reviewed, lowest confidence, id)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, case, func, literal, or_, select, union_all
from sqlmodel import Session

from app.articles.models import Article
from app.core.pagination import decode_cursor, encode_cursor, keyset_after
from app.events.models import Event
from app.statements.models import Statement

QUEUE_SIZE = 50
MAX_QUEUE_SIZE = 100
CURSOR_SORT = "review-queue"
CURSOR_TYPES = (int, float, int)


@dataclass
class QueueFilter:
    outlet: str | None = None
    published_from: datetime | None = None
    published_to: datetime | None = None
    event_type: str | None = None
    review_state: str | None = "machine"  # articles with at least one event or statement in this state


@dataclass
class QueuePage:
    rows: list[Row]
    next_cursor: str | None


def _records():
    """Every event and statement as (article, kind, confidence, review state, annotator kind)."""
    cols = ("article_id", "confidence", "review_state", "annotator_kind")
    events = select(*(getattr(Event, c) for c in cols), literal("event").label("kind"))
    statements = select(*(getattr(Statement, c) for c in cols), literal("statement").label("kind"))
    return union_all(events, statements).subquery("r")


def queue(session: Session, f: QueueFilter, limit: int = QUEUE_SIZE, cursor: str | None = None) -> QueuePage:
    """One page of the queue; a cursor this server did not issue is a 422 naming `cursor`."""
    r = _records()
    unreviewed = (r.c.review_state == "machine") & (r.c.annotator_kind == "machine")
    lowest = func.min(case((unreviewed, r.c.confidence)))
    done = case((lowest.is_(None), 1), else_=0)
    stmt = (
        select(
            Article.id,
            Article.title,
            Article.outlet,
            Article.published_at,
            lowest.label("lowest"),
            done.label("done"),
            func.sum(case((r.c.kind == "event", 1), else_=0)).label("events"),
            func.sum(case((r.c.kind == "statement", 1), else_=0)).label("statements"),
            func.count().label("records"),
            func.sum(case((unreviewed, 1), else_=0)).label("unreviewed"),
        )
        .join(r, r.c.article_id == Article.id)
        .group_by(Article.id, Article.title, Article.outlet, Article.published_at)
    )
    if f.outlet:
        stmt = stmt.where(Article.outlet == f.outlet)
    if f.published_from:
        stmt = stmt.where(Article.published_at >= f.published_from)
    if f.published_to:
        stmt = stmt.where(Article.published_at <= f.published_to)
    if f.event_type:
        has_type = select(Event.id).where(Event.article_id == Article.id, Event.type == f.event_type)
        stmt = stmt.where(has_type.correlate(Article).exists())
    if f.review_state:
        stmt = stmt.having(func.sum(case((r.c.review_state == f.review_state, 1), else_=0)) > 0)
    if cursor:
        after_done, after_lowest, after_id = decode_cursor(cursor, CURSOR_SORT, CURSOR_TYPES)
        if after_done:
            stmt = stmt.having(lowest.is_(None), Article.id > after_id)
        else:
            # Past the last article shown, among those with a confidence; every fully reviewed one too.
            stmt = stmt.having(
                or_(lowest.is_(None), keyset_after([lowest, Article.id], [after_lowest, after_id], False))
            )
    # Fully reviewed articles (no machine confidence left) go last.
    rows = list(session.execute(stmt.order_by(done, lowest, Article.id).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if more else None
    key = [last.done, float(last.lowest if last.lowest is not None else 0.0), last.id] if last else None
    return QueuePage(rows, encode_cursor(CURSOR_SORT, key) if key else None)


def next_in_queue(session: Session, after_article: int) -> int | None:
    """The next article to review after this one, in queue order (default filter, first page)."""
    ids = [r.id for r in queue(session, QueueFilter(), limit=100).rows]
    rest = [i for i in ids if i != after_article]
    if after_article in ids:
        position = ids.index(after_article)
        rest = ids[position + 1 :] + ids[:position]
    return rest[0] if rest else None
