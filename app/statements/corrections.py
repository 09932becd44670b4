"""A person's work on statements beyond a verdict: speaker, kind, verb, span and event corrected
(PATCH /v1/statements/{id}), and statements the annotator missed (POST /v1/statements). Each one is
appended to the history in the caller's write transaction; the functions only flush."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from app.actors.models import Actor
from app.articles.models import Article
from app.core.errors import invalid, not_found
from app.events.models import Event
from app.history.service import Who
from app.history.vocabulary import RecordType
from app.review.schemas import StatementReviewIn
from app.review.service import by_person, check_span, correct, created, set_review_state, verdict
from app.statements.models import Statement
from app.statements.schemas import NewStatementIn
from app.statements.service import statement_json


def _speaker(session: Session, speaker_id: int | None) -> int | None:
    if speaker_id is not None and session.get(Actor, speaker_id) is None:
        raise invalid("speaker_id", f"no actor with id {speaker_id}", "body")
    return speaker_id


def _event(session: Session, event_id: int | None, article_id: int) -> int | None:
    if event_id is None:
        return None
    event = session.get(Event, event_id)
    if event is None or event.article_id != article_id:
        raise invalid("event_id", f"no event with id {event_id} in article {article_id}", "body")
    return event_id


def patch_statement(session: Session, statement_id: int, body: StatementReviewIn, who: Who) -> None:
    """A verdict, or a correction. ``speaker_id`` and ``event_id`` sent as null clear them."""
    row = session.get(Statement, statement_id)
    if row is None:
        raise not_found("statement", statement_id)
    sent = body.model_fields_set - {"review_state"}
    state = verdict(body.review_state, bool(sent), "statement")
    if state is not None:
        set_review_state(session, Statement, statement_id, state, RecordType.statement, who, statement_json)
        return
    values: dict[str, Any] = {}
    if "speaker_id" in sent:
        values["speaker_id"] = _speaker(session, body.speaker_id)
    if "event_id" in sent:
        values["event_id"] = _event(session, body.event_id, row.article_id)
    for name in ("kind", "verb", "span"):
        if name in sent and getattr(body, name) is None:
            raise invalid(name, "must not be null", "body")
    if body.kind is not None:
        values["kind"] = body.kind.value
    if body.verb is not None:
        values["verb"] = body.verb.strip() or body.verb
    if body.span is not None:
        text = session.get(Article, row.article_id).text
        start, end = check_span(text, body.span, "span")
        values |= {"start": start, "end": end, "text": text[start:end]}

    def apply(s: Statement) -> None:
        for k, v in values.items():
            setattr(s, k, v)

    correct(session, row, RecordType.statement, who, statement_json, apply)


def create_statement(session: Session, body: NewStatementIn, who: Who) -> int:
    """A statement a person adds to an article; its id."""
    article = session.get(Article, body.article_id)
    if article is None:
        raise invalid("article_id", f"no article with id {body.article_id}", "body")
    start, end = check_span(article.text, body.span, "span")
    row = Statement(
        article_id=article.id,
        start=start,
        end=end,
        speaker_id=_speaker(session, body.speaker_id),
        event_id=_event(session, body.event_id, article.id),
        kind=body.kind.value,
        verb=body.verb.strip() or body.verb,
        text=article.text[start:end],
        **by_person(who),
    )
    created(session, row, RecordType.statement, who, statement_json)
    return row.id
