"""Turn event rows into API records, and run the list queries behind the event endpoints."""

from datetime import date
from typing import Any

from fastapi import Request, Response
from sqlmodel import Session

from app.actors.models import Actor
from app.core.errors import not_found
from app.core.pagination import PageParams, decode_cursor, finish_page
from app.core.schemas import format_partial_date
from app.events import repository
from app.events.models import Event
from app.events.repository import EventBundle, EventFilter

_SORT_KEY_TYPES = {"id": (int,), "date": (date, int)}


def actor_ref(actor: Actor) -> dict[str, Any]:
    return {"id": actor.id, "kind": actor.kind, "name": actor.name, "country": actor.country}


def annotator_ref(kind: str | None, name: str | None, version: str | None) -> dict[str, Any]:
    return {"kind": kind or "machine", "name": name or "unknown", "version": version}


def event_record(b: EventBundle) -> dict[str, Any]:
    e = b.event
    return {
        "id": e.id,
        "type": e.type,
        "policy_area": e.policy_area,
        "date": format_partial_date(e.date, e.date_precision),
        "date_precision": e.date_precision,
        "people_count": e.people_count,
        "summary": e.summary,
        "background": e.background,
        "countries": b.countries,
        "participants": [{"actor": actor_ref(a), "role": role} for a, role in b.participants],
        "evidence": {"article_id": e.article_id, "start": e.start, "end": e.end, "text": e.evidence_text},
        "annotator": annotator_ref(e.annotator_kind, e.annotator, e.annotator_version),
        "confidence": e.confidence,
        "review_state": e.review_state,
        "created_at": e.created_at,
        "links": {
            "self": f"/v1/events/{e.id}",
            "article": f"/v1/articles/{e.article_id}",
            "statements": f"/v1/events/{e.id}/statements",
        },
    }


def sort_key(e: Event, sort: str) -> list[Any]:
    return [e.date, e.id] if sort.lstrip("-") == "date" else [e.id]


def event_page(
    session: Session, request: Request, response: Response, f: EventFilter, sort: str, page: PageParams
) -> dict[str, Any]:
    after = decode_cursor(page.cursor, sort, _SORT_KEY_TYPES[sort.lstrip("-")]) if page.cursor else None
    rows = repository.list_events(session, f, sort, page.limit + 1, after)
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    items = [event_record(b) for b in repository.bundle(session, rows)]
    next_key = sort_key(rows[-1], sort) if more and rows else None
    return finish_page(request, response, items, page.limit, next_key, sort)


def get_event_record(session: Session, event_id: int) -> dict[str, Any]:
    event = repository.get_event(session, event_id)
    if event is None:
        raise not_found("event", event_id)
    return event_record(repository.bundle(session, [event])[0])


def require_actor(session: Session, actor_id: int) -> None:
    if session.get(Actor, actor_id) is None:
        raise not_found("actor", actor_id)
