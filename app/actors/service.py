from typing import Any

from fastapi import Request, Response
from sqlmodel import Session

from app.actors import repository
from app.actors.repository import ActorFilter
from app.core.errors import not_found
from app.core.pagination import PageParams, decode_cursor, page_response
from app.core.responses import json_response

SORT = "id"


def actor_record(a: Any) -> dict[str, Any]:
    """An ActorRead from an actor row (or model), field for field: it is not validated again."""
    return {
        "id": a.id,
        "kind": a.kind,
        "name": a.name,
        "country": a.country,
        "title": a.title,
        "aliases": list(a.aliases or []),
        "created_at": a.created_at,
        "links": {
            "self": f"/v1/actors/{a.id}",
            "events": f"/v1/actors/{a.id}/events",
            "statements": f"/v1/actors/{a.id}/statements",
        },
    }


def actor_page(
    session: Session, request: Request, response: Response, f: ActorFilter, page: PageParams
) -> Response:
    """One page; the returned response carries the Link header (``response`` is not used)."""
    after = decode_cursor(page.cursor, SORT, (int,)) if page.cursor else None
    rows = repository.list_actors(session, f, page.limit + 1, after)
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    next_key = [rows[-1].id] if more and rows else None
    return page_response(request, [actor_record(a) for a in rows], page.limit, next_key, SORT)


def get_actor_record(session: Session, actor_id: int) -> Response:
    actor = repository.get_actor(session, actor_id)
    if actor is None:
        raise not_found("actor", actor_id)
    return json_response(actor_record(actor))
