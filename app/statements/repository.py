"""Statement queries, as Core selects returning plain rows (no ORM objects on the read path).

Each row carries the statement's columns plus its speaker's as ``speaker_ref_*``
(null when there is none). Statements are built once per combination of
filters and cached; tests/test_query_plans.py EXPLAINs them.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Integer, Row, Select, bindparam, select
from sqlmodel import Session

from app.actors.models import Actor
from app.core import search_sql
from app.core.fulltext import SearchQuery
from app.events.models import Event
from app.statements.models import Statement

STATEMENT = Statement.__table__
ACTOR = Actor.__table__
EVENT = Event.__table__
SPEAKER_COLUMNS = ("id", "kind", "name", "country")
STATEMENT_SEARCH = search_sql.Searched(STATEMENT, "statement_fts", snippet_column=0, snippet_text="text")


@dataclass
class StatementFilter:
    speaker_id: int | None = None
    event_id: int | None = None
    article_id: int | None = None
    kind: str | None = None
    annotator: str | None = None
    annotator_version: str | None = None
    search: SearchQuery | None = None
    story_id: int | None = None  # statements about the events of this story


def _base() -> Select:
    speaker = [ACTOR.c[k].label(f"speaker_ref_{k}") for k in SPEAKER_COLUMNS]
    return select(*STATEMENT.c, *speaker).outerjoin(ACTOR, ACTOR.c.id == STATEMENT.c.speaker_id)


def statements_query(
    f: StatementFilter, limit: int, after: Sequence | None, dialect: str = "sqlite"
) -> tuple[Select, dict]:
    """The list query and its parameters. With a search the order is by relevance, then id (``after`` is
    then (score, id)), and each row carries ``score`` and ``snippet``."""
    params = {"limit": limit, "speaker": f.speaker_id, "event": f.event_id, "article": f.article_id}
    params |= {"kind": f.kind, "annotator": f.annotator, "annotator_version": f.annotator_version}
    params["story"] = f.story_id
    if f.search is not None:
        params["search"] = f.search.for_dialect(dialect)
        params |= {f"after{i}": v for i, v in enumerate(after or ())}
    else:
        params["after"] = after[0] if after else None
    shape = (f.speaker_id is not None, f.event_id is not None, f.article_id is not None, bool(f.kind))
    shape += (f.annotator is not None, f.annotator_version is not None)
    searched = dialect if f.search is not None else ""
    return _statement(*shape, after is not None, searched, f.story_id is not None), params


@lru_cache(maxsize=128)
def _statement(
    speaker: bool, event: bool, article: bool, kind: bool, annotator: bool, version: bool, after: bool,
    searched: str, story: bool = False,
) -> Select:  # fmt: skip
    stmt = _base()
    if story:
        events = select(EVENT.c.id).where(EVENT.c.story_id == bindparam("story"))
        stmt = stmt.where(STATEMENT.c.event_id.in_(events))
    if speaker:
        stmt = stmt.where(STATEMENT.c.speaker_id == bindparam("speaker"))
    if event:
        stmt = stmt.where(STATEMENT.c.event_id == bindparam("event"))
    if article:
        stmt = stmt.where(STATEMENT.c.article_id == bindparam("article"))
    if kind:
        stmt = stmt.where(STATEMENT.c.kind == bindparam("kind"))
    if annotator:
        stmt = stmt.where(STATEMENT.c.annotator == bindparam("annotator"))
    if version:
        stmt = stmt.where(STATEMENT.c.annotator_version == bindparam("annotator_version"))
    if searched:
        stmt = STATEMENT_SEARCH.matching(stmt, searched)
        return search_sql.ranked_with_snippets(
            stmt, after, STATEMENT_SEARCH, lambda page: page.c.text, searched
        )
    if after:
        stmt = stmt.where(STATEMENT.c.id > bindparam("after"))
    return stmt.order_by(STATEMENT.c.id).limit(bindparam("limit", type_=Integer))


def list_statements(session: Session, f: StatementFilter, limit: int, after: Sequence | None) -> list[Row]:
    conn = session.connection()
    stmt, params = statements_query(f, limit, after, conn.dialect.name)
    return list(conn.execute(stmt, params))


def get_statement(session: Session, statement_id: int) -> Row | None:
    return session.connection().execute(_base().where(STATEMENT.c.id == statement_id)).first()
