"""The event endpoints' reads: a list concatenates the stored documents (app/events/readmodel.py), one
event is rendered by the database (app/events/documents.py)."""

import json
from datetime import date
from typing import Any

from fastapi import Request, Response
from pydantic_core import to_json
from sqlalchemy import Row
from sqlmodel import Session

from app.actors.models import Actor
from app.core.errors import not_found
from app.core.fulltext import search_match
from app.core.pagination import PageParams, decode_cursor, page_response_documents
from app.core.responses import JSONBytes
from app.events import repository
from app.events.documents import documents_query
from app.events.repository import EventFilter

_SORT_KEY_TYPES = {"id": (int,), "date": (date, int), "rank": (float, int)}


def sort_key(e: Row, sort: str) -> list[Any]:
    base = sort.lstrip("-")
    if base == "rank":
        return [e.score, e.id]
    return [e.date, e.id] if base == "date" else [e.id]


def with_search(row: Row) -> str:
    """The row's EventRead document with its ``search`` member appended (the schema's last field)."""
    search = to_json(search_match(row.score, row.snippet)).decode()
    return row.doc[: row.doc.rindex("}")] + ',"search":' + search + "}"


def event_page(session: Session, request: Request, f: EventFilter, sort: str, page: PageParams) -> Response:
    after = decode_cursor(page.cursor, sort, _SORT_KEY_TYPES[sort.lstrip("-")]) if page.cursor else None
    by_date, descending = sort.lstrip("-") == "date", sort.startswith("-")
    conn = session.connection()
    dialect = conn.dialect.name
    page_stmt, params = repository.events_query(f, sort, page.limit + 1, after, dialect)
    stmt = documents_query(page_stmt, dialect, by_date, descending, sort == "rank")
    rows = conn.execute(stmt, params).all()
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    next_key = sort_key(rows[-1], sort) if more and rows else None
    docs = [r.doc for r in rows] if f.search is None else [with_search(r) for r in rows]
    return page_response_documents(request, docs, page.limit, next_key, sort)


def get_event_record(session: Session, event_id: int) -> Response:
    conn = session.connection()
    page_stmt, params = repository.events_query(EventFilter(event_ids=[event_id]), "id", 1, None)
    # Rendered, not read from the read model: writes answer with (and the history records) the event as
    # their own transaction has changed it, before the commit brings event_doc up to date.
    stmt = documents_query(page_stmt, conn.dialect.name, False, False, fresh=True)
    row = conn.execute(stmt, params).first()
    if row is None:
        raise not_found("event", event_id)
    return JSONBytes(row.doc.encode())


def event_json(session: Session, event_id: int) -> Any:
    """The EventRead document as data (for the history)."""
    return json.loads(get_event_record(session, event_id).body)


def require_actor(session: Session, actor_id: int) -> None:
    if session.get(Actor, actor_id) is None:
        raise not_found("actor", actor_id)
