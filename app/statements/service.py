from typing import Any

from fastapi import Request, Response
from sqlmodel import Session

from app.actors.models import Actor
from app.core.errors import not_found
from app.core.pagination import PageParams, decode_cursor, finish_page
from app.events.service import actor_ref, annotator_ref
from app.statements import repository
from app.statements.models import Statement
from app.statements.repository import StatementFilter

SORT = "id"


def statement_record(s: Statement, speaker: Actor | None) -> dict[str, Any]:
    return {
        "id": s.id,
        "kind": s.kind,
        "verb": s.verb,
        "text": s.text,
        "speaker": actor_ref(speaker) if speaker else None,
        "event_id": s.event_id,
        "span": {"article_id": s.article_id, "start": s.start, "end": s.end, "text": s.text},
        "annotator": annotator_ref(s.annotator_kind, s.annotator, s.annotator_version),
        "confidence": s.confidence,
        "review_state": s.review_state,
        "created_at": s.created_at,
        "links": {
            "self": f"/v1/statements/{s.id}",
            "article": f"/v1/articles/{s.article_id}",
            "speaker": f"/v1/actors/{speaker.id}" if speaker else None,
            "event": f"/v1/events/{s.event_id}" if s.event_id else None,
        },
    }


def statement_page(
    session: Session, request: Request, response: Response, f: StatementFilter, page: PageParams
):
    after = decode_cursor(page.cursor, SORT, (int,)) if page.cursor else None
    rows = repository.list_statements(session, f, page.limit + 1, after)
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    next_key = [rows[-1][0].id] if more and rows else None
    items = [statement_record(s, a) for s, a in rows]
    return finish_page(request, response, items, page.limit, next_key, SORT)


def get_statement_record(session: Session, statement_id: int) -> dict[str, Any]:
    row = repository.get_statement(session, statement_id)
    if row is None:
        raise not_found("statement", statement_id)
    return statement_record(*row)


def require(session: Session, model: type, ident: int, what: str) -> None:
    if session.get(model, ident) is None:
        raise not_found(what, ident)
