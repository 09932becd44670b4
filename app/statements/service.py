from typing import Any

from fastapi import Request, Response
from sqlalchemy import Row
from sqlmodel import Session

from app.core.errors import not_found
from app.core.fulltext import search_match
from app.core.pagination import PageParams, id_page, ranked_page
from app.core.responses import json_response
from app.review.service import annotator_ref
from app.statements import repository
from app.statements.repository import StatementFilter


def statement_record(s: Row) -> dict[str, Any]:
    """A StatementRead from a repository row, field for field: it is not validated again."""
    speaker_id = s.speaker_ref_id
    return {
        "id": s.id,
        "kind": s.kind,
        "verb": s.verb,
        "text": s.text,
        "speaker": (
            {
                "id": speaker_id,
                "kind": s.speaker_ref_kind,
                "name": s.speaker_ref_name,
                "country": s.speaker_ref_country,
            }
            if speaker_id is not None
            else None
        ),
        "event_id": s.event_id,
        "span": {"article_id": s.article_id, "start": s.start, "end": s.end, "text": s.text},
        "annotator": annotator_ref(s.annotator_kind, s.annotator, s.annotator_version),
        "confidence": float(s.confidence),
        "review_state": s.review_state,
        "created_at": s.created_at,
        "links": {
            "self": f"/v1/statements/{s.id}",
            "article": f"/v1/articles/{s.article_id}",
            "speaker": f"/v1/actors/{speaker_id}" if speaker_id is not None else None,
            "event": f"/v1/events/{s.event_id}" if s.event_id else None,
        },
    }


def searched_statement_record(s: Row) -> dict[str, Any]:
    return {**statement_record(s), "search": search_match(s.score, s.snippet)}


def statement_page(session: Session, request: Request, f: StatementFilter, page: PageParams) -> Response:
    def fetch(n: int, after: list[Any] | None) -> list[Row]:
        return repository.list_statements(session, f, n, after)

    if f.search is not None:
        return ranked_page(request, fetch, searched_statement_record, page)
    return id_page(request, fetch, statement_record, page)


def get_statement_record(session: Session, statement_id: int) -> Response:
    row = repository.get_statement(session, statement_id)
    if row is None:
        raise not_found("statement", statement_id)
    return json_response(statement_record(row))


def statement_json(session: Session, statement_id: int) -> dict[str, Any]:
    """The StatementRead document as data (for the history)."""
    row = repository.get_statement(session, statement_id)
    if row is None:
        raise not_found("statement", statement_id)
    return statement_record(row)


def require(session: Session, model: type, ident: int, what: str) -> None:
    if session.get(model, ident) is None:
        raise not_found(what, ident)
