from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from app.actors.models import Actor
from app.statements.models import Statement


@dataclass
class StatementFilter:
    speaker_id: int | None = None
    event_id: int | None = None
    article_id: int | None = None
    kind: str | None = None


def list_statements(
    session: Session, f: StatementFilter, limit: int, after: Sequence | None
) -> list[tuple[Statement, Actor | None]]:
    stmt = select(Statement, Actor).outerjoin(Actor, Actor.id == Statement.speaker_id)
    if f.speaker_id is not None:
        stmt = stmt.where(Statement.speaker_id == f.speaker_id)
    if f.event_id is not None:
        stmt = stmt.where(Statement.event_id == f.event_id)
    if f.article_id is not None:
        stmt = stmt.where(Statement.article_id == f.article_id)
    if f.kind:
        stmt = stmt.where(Statement.kind == f.kind)
    if after is not None:
        stmt = stmt.where(Statement.id > after[0])
    return [(s, a) for s, a in session.execute(stmt.order_by(Statement.id).limit(limit))]


def get_statement(session: Session, statement_id: int) -> tuple[Statement, Actor | None] | None:
    row = session.execute(
        select(Statement, Actor)
        .outerjoin(Actor, Actor.id == Statement.speaker_id)
        .where(Statement.id == statement_id)
    ).first()
    return (row[0], row[1]) if row else None
