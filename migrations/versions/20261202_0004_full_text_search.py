"""full-text search: FTS5 tables (SQLite) and tsvector columns with GIN indexes (PostgreSQL)

Events are searched on their summary and evidence sentence, statements on their
text, articles on their title and text.

SQLite: external-content FTS5 tables (the text is not stored twice) kept in
step by triggers on insert, delete (foreign-key cascades fire them too) and
update of the searched columns. A later batch migration that recreates one of
these tables drops its triggers: it must create them again (``_triggers``).

PostgreSQL: a stored generated tsvector column, so every write keeps it in
step without a trigger, and a GIN index on it.

The names (``*_fts*``, ``search_vector``, ``ix_search_*``) are outside the
models; app/core/fulltext.py's ``is_search_object`` keeps Alembic's comparison
away from them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 09:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> searched columns, in FTS5 column order
SEARCHED = {
    "event": ("summary", "evidence_text"),
    "statement": ("text",),
    "article": ("title", "text"),
}
# PostgreSQL weights: an article's title counts more than its body.
WEIGHTS = {("article", "title"): "A", ("article", "text"): "B"}
TOKENIZE = "porter unicode61 remove_diacritics 2"  # app.core.fulltext.FTS5_TOKENIZE, frozen here


def _triggers(table: str, columns: Sequence[str]) -> list[str]:
    fts = f"{table}_fts"
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    add = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
    remove = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
    return [
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {names} ON {table} BEGIN {remove} {add} END",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, columns in SEARCHED.items():
            fts = f"{table}_fts"
            op.execute(
                f"CREATE VIRTUAL TABLE {fts} USING fts5({', '.join(columns)}, content='{table}', "
                f"content_rowid='id', tokenize='{TOKENIZE}')"
            )
            for sql in _triggers(table, columns):
                op.execute(sql)
            op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        return
    for table, columns in SEARCHED.items():
        vector = " || ".join(
            f"setweight(to_tsvector('english'::regconfig, coalesce({c}, '')), "
            f"'{WEIGHTS.get((table, c), 'A')}')"
            for c in columns
        )
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({vector}) STORED"
        )
        op.execute(f"CREATE INDEX ix_search_{table} ON {table} USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in SEARCHED:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
        return
    for table in SEARCHED:
        op.execute(f"DROP INDEX IF EXISTS ix_search_{table}")
        op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
