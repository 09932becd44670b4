"""Write history entries (in the caller's transaction) and read them back, paged by id.

Only ``record`` writes here, and it only inserts: nothing updates or deletes an entry
(the migration also makes the database refuse an UPDATE of the table).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import Request, Response
from pydantic_core import to_jsonable_python
from sqlalchemy import Row, select
from sqlmodel import Session

from app.core.pagination import PageParams, decode_cursor, keyset_after, page_response
from app.history.models import HistoryEntry
from app.history.vocabulary import Action, RecordType

HISTORY = HistoryEntry.__table__
_RECORD_PATHS = {
    RecordType.article: "/v1/articles/{}",
    RecordType.annotation: "/v1/articles/{}/annotations",
    RecordType.event: "/v1/events/{}",
    RecordType.statement: "/v1/statements/{}",
    RecordType.mention: "/v1/mentions/{}",
}


@dataclass(frozen=True)
class Who:
    """The person behind a change: the key's name (and id) over HTTP, ``cli:<user>`` on the command line."""

    name: str
    key_id: int | None = None

    @classmethod
    def of(cls, principal: Any) -> Who:
        """From the key that authorised the request (app.keys.service.Principal)."""
        return cls(principal.name, principal.key_id)


def record(
    session: Session,
    who: Who,
    record_type: RecordType,
    record_id: int,
    action: Action,
    *,
    article_id: int | None,
    before: Any = None,
    after: Any = None,
) -> None:
    """Append one entry, flushed with the change it describes so both commit or neither does."""
    session.add(
        HistoryEntry(
            who=who.name[:120],
            key_id=who.key_id,
            record_type=record_type.value,
            record_id=record_id,
            article_id=article_id,
            action=action.value,
            # Datetimes and the like as the API shows them, so the JSON column takes them on any backend.
            before=to_jsonable_python(before) if before is not None else None,
            after=to_jsonable_python(after) if after is not None else None,
        )
    )
    session.flush()


@dataclass
class HistoryFilter:
    who: str | None = None
    record_type: str | None = None
    action: str | None = None
    article_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None


def _query(f: HistoryFilter, limit: int, after: Sequence[int] | None, descending: bool):
    stmt = select(HISTORY)
    if f.who is not None:
        stmt = stmt.where(HISTORY.c.who == f.who)
    if f.record_type:
        stmt = stmt.where(HISTORY.c.record_type == f.record_type)
    if f.action:
        stmt = stmt.where(HISTORY.c.action == f.action)
    if f.article_id is not None:
        stmt = stmt.where(HISTORY.c.article_id == f.article_id)
    if f.since:
        stmt = stmt.where(HISTORY.c.at >= f.since)
    if f.until:
        stmt = stmt.where(HISTORY.c.at <= f.until)
    if after:
        stmt = stmt.where(keyset_after([HISTORY.c.id], after, descending))
    order = HISTORY.c.id.desc() if descending else HISTORY.c.id.asc()
    return stmt.order_by(order).limit(limit)


def entry_record(e: Row) -> dict[str, Any]:
    rtype = RecordType(e.record_type)
    article = f"/v1/articles/{e.article_id}" if e.article_id is not None else None
    return {
        "id": e.id,
        "at": e.at,
        "who": e.who,
        "record_type": rtype,
        "record_id": e.record_id,
        "article_id": e.article_id,
        "action": e.action,
        "before": e.before,
        "after": e.after,
        "links": {
            "record": _RECORD_PATHS[rtype].format(e.record_id),
            "article": article,
            "article_history": f"{article}/history" if article else None,
        },
    }


def history_page(
    session: Session, request: Request, f: HistoryFilter, sort: str, page: PageParams
) -> Response:
    after = decode_cursor(page.cursor, sort, (int,)) if page.cursor else None
    rows = list(session.execute(_query(f, page.limit + 1, after, sort.startswith("-"))))
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    next_key = [rows[-1].id] if more and rows else None
    return page_response(request, [entry_record(r) for r in rows], page.limit, next_key, sort)


def has_entries(session: Session, article_id: int) -> bool:
    stmt = select(HISTORY.c.id).where(HISTORY.c.article_id == article_id).limit(1)
    return session.execute(stmt).first() is not None
