"""Turn event rows into API records, and run the list queries behind the event endpoints."""

from datetime import date
from typing import Any

from fastapi import Request, Response
from sqlalchemy import Row
from sqlmodel import Session

from app.actors.models import Actor
from app.core.errors import not_found
from app.core.pagination import PageParams, decode_cursor, page_response_documents
from app.core.responses import JSONBytes
from app.core.schemas import format_partial_date
from app.events import repository
from app.events.documents import documents_query
from app.events.repository import EventBundle, EventFilter

_SORT_KEY_TYPES = {"id": (int,), "date": (date, int)}


def actor_ref(actor: Any) -> dict[str, Any]:
    """An ActorRef from anything with id, kind, name and country (a row or a model)."""
    return {"id": actor.id, "kind": actor.kind, "name": actor.name, "country": actor.country}


def annotator_ref(kind: str | None, name: str | None, version: str | None) -> dict[str, Any]:
    return {"kind": kind or "machine", "name": name or "unknown", "version": version}


def event_record(b: EventBundle) -> dict[str, Any]:
    """An EventRead, field for field (see app/core/responses.py: it is not validated again)."""
    e = b.event
    return {
        "id": e.id,
        "type": e.type,
        "policy_area": e.policy_area,
        "date": format_partial_date(e.date, e.date_precision),
        "date_precision": e.date_precision,
        "people_count": e.people_count,
        "summary": e.summary,
        "background": bool(e.background),
        "countries": b.countries,
        "participants": [{"actor": actor_ref(a), "role": role} for role, a in b.participants],
        "evidence": {"article_id": e.article_id, "start": e.start, "end": e.end, "text": e.evidence_text},
        "annotator": annotator_ref(e.annotator_kind, e.annotator, e.annotator_version),
        "confidence": float(e.confidence),
        "review_state": e.review_state,
        "created_at": e.created_at,
        "links": {
            "self": f"/v1/events/{e.id}",
            "article": f"/v1/articles/{e.article_id}",
            "statements": f"/v1/events/{e.id}/statements",
        },
    }


def sort_key(e: Row, sort: str) -> list[Any]:
    return [e.date, e.id] if sort.lstrip("-") == "date" else [e.id]


def event_page(session: Session, request: Request, f: EventFilter, sort: str, page: PageParams) -> Response:
    after = decode_cursor(page.cursor, sort, _SORT_KEY_TYPES[sort.lstrip("-")]) if page.cursor else None
    by_date, descending = sort.lstrip("-") == "date", sort.startswith("-")
    conn = session.connection()
    page_stmt, params = repository.events_query(f, sort, page.limit + 1, after)
    rows = conn.execute(documents_query(page_stmt, conn.dialect.name, by_date, descending), params).all()
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    next_key = sort_key(rows[-1], sort) if more and rows else None
    return page_response_documents(request, [r.doc for r in rows], page.limit, next_key, sort)


def get_event_record(session: Session, event_id: int) -> Response:
    conn = session.connection()
    page_stmt, params = repository.events_query(EventFilter(event_ids=[event_id]), "id", 1, None)
    row = conn.execute(documents_query(page_stmt, conn.dialect.name, False, False), params).first()
    if row is None:
        raise not_found("event", event_id)
    return JSONBytes(row.doc.encode())


def require_actor(session: Session, actor_id: int) -> None:
    if session.get(Actor, actor_id) is None:
        raise not_found("actor", actor_id)
