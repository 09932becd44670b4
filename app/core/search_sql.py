"""The SQL of a full-text search over one table, on SQLite (FTS5) and PostgreSQL (tsvector).

Migration 0004 creates the objects: ``<table>_fts`` (FTS5, external content,
rowid = the table's id) and ``<table>.search_vector`` (a stored generated
tsvector with a GIN index). The query text travels as the ``search`` parameter,
already compiled for the dialect (app/core/fulltext.py).

Scores: ``-bm25()`` on SQLite, ``ts_rank()`` on PostgreSQL; higher is better
on both. They are comparable within one list, not across backends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    Subquery,
    Table,
    bindparam,
    cast,
    column,
    func,
    literal_column,
    select,
    table,
)

from app.core.fulltext import MARK_CLOSE, MARK_OPEN, PG_CONFIG, SEARCH_COLUMN, SNIPPET_TOKENS
from app.core.pagination import rank_after

_CONFIG = literal_column(f"'{PG_CONFIG}'::regconfig")
_HEADLINE = f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords={SNIPPET_TOKENS}, MinWords=12"


def _tsquery() -> ColumnElement:
    return func.to_tsquery(_CONFIG, bindparam("search"))


@dataclass(frozen=True)
class Searched:
    """How one table is searched: its FTS5 table, and the column its snippets are cut from."""

    table: Table
    fts: str
    snippet_column: int  # the FTS5 column index of snippet_text
    snippet_text: str

    def _fts(self):  # noqa: ANN202
        return table(self.fts, column("rowid", Integer))

    def _match(self) -> ColumnElement[bool]:
        return literal_column(self.fts).op("MATCH")(bindparam("search"))

    def matching(self, stmt: Select, dialect: str) -> Select:
        """``stmt`` (a select over the table) narrowed to the matches, with their ``score`` column."""
        if dialect == "postgresql":
            vector = literal_column(f"{self.table.name}.{SEARCH_COLUMN}")  # not in the models: see 0004
            score = cast(func.ts_rank(vector, _tsquery()), Float)
            return stmt.add_columns(score.label("score")).where(vector.op("@@")(_tsquery()))
        fts = self._fts()
        score = -func.bm25(literal_column(self.fts))
        return (
            stmt.add_columns(score.label("score"))
            .join(fts, fts.c.rowid == self.table.c.id)
            .where(self._match())
        )

    def snippet(self, row_id: ColumnElement, text: ColumnElement, dialect: str) -> ColumnElement:
        """The highlighted passage of one matched row (the page's rows only: it re-reads the text)."""
        if dialect == "postgresql":
            return func.ts_headline(_CONFIG, text, _tsquery(), _HEADLINE)
        fts = self._fts()
        snippet = func.snippet(
            literal_column(self.fts), self.snippet_column, MARK_OPEN, MARK_CLOSE, "…", SNIPPET_TOKENS
        )
        return select(snippet).select_from(fts).where(self._match(), fts.c.rowid == row_id).scalar_subquery()


def ranked(stmt: Select, after: bool) -> Select:
    """A page of ``stmt``'s matches by relevance, then id: keyset on (score, id), ``limit`` rows."""
    inner = stmt.subquery("ranked")
    outer = select(*inner.c)
    if after:
        outer = outer.where(rank_after(inner.c.score, inner.c.id, bindparam("after0"), bindparam("after1")))
    return outer.order_by(inner.c.score.desc(), inner.c.id).limit(bindparam("limit", type_=Integer))


def ranked_with_snippets(
    stmt: Select, after: bool, searched: Searched, text: Callable[[Subquery], ColumnElement], dialect: str
) -> Select:
    """:func:`ranked`, then each page row's ``snippet``: cut outside the LIMIT, so only for the page.

    ``text(page)`` is the SQL of a page row's searched text (PostgreSQL reads it to cut the headline)."""
    page = ranked(stmt, after).subquery("page")
    snippet = searched.snippet(page.c.id, text(page), dialect).label("snippet")
    return select(*page.c, snippet).order_by(page.c.score.desc(), page.c.id)
