from typing import Any

from fastapi import Request, Response
from sqlmodel import Session

from app.actors import repository
from app.actors.repository import ActorFilter
from app.core.errors import not_found
from app.core.pagination import PageParams, id_page
from app.core.responses import json_response


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


def actor_page(session: Session, request: Request, f: ActorFilter, page: PageParams) -> Response:
    return id_page(request, lambda n, after: repository.list_actors(session, f, n, after), actor_record, page)


def get_actor_record(session: Session, actor_id: int) -> Response:
    actor = repository.get_actor(session, actor_id)
    if actor is None:
        raise not_found("actor", actor_id)
    return json_response(actor_record(actor))
