"""stories: the story table and event.story_id (one happening reported by many articles)

Existing events are grouped by ``python -m app stories regroup`` (the rule lives in app/stories/matching.py
and changes with it; a migration frozen at one version of it would not).

SQLite: the event table is rebuilt in batch mode both ways (an ALTER TABLE ... ADD COLUMN with an inline
REFERENCES clause reflects without its name and ON DELETE, and SQLite refuses to drop a column a foreign
key uses); a rebuild drops migration 0004's search triggers on event, so they are created again after it
(the ids, the FTS5 rowids, are kept by the copy).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FK = "fk_event_story_id_story"
INDEX = "ix_event_story_id_id"
# Migration 0004's triggers on event, frozen here (the batch rebuild of the downgrade drops them).
_EVENT_FTS_TRIGGERS = [
    "CREATE TRIGGER event_fts_ai AFTER INSERT ON event BEGIN INSERT INTO event_fts(rowid, summary, "
    "evidence_text) VALUES (new.id, new.summary, new.evidence_text); END",
    "CREATE TRIGGER event_fts_ad AFTER DELETE ON event BEGIN INSERT INTO event_fts(event_fts, rowid, "
    "summary, evidence_text) VALUES ('delete', old.id, old.summary, old.evidence_text); END",
    "CREATE TRIGGER event_fts_au AFTER UPDATE OF summary, evidence_text ON event BEGIN INSERT INTO "
    "event_fts(event_fts, rowid, summary, evidence_text) VALUES ('delete', old.id, old.summary, "
    "old.evidence_text); INSERT INTO event_fts(rowid, summary, evidence_text) VALUES (new.id, "
    "new.summary, new.evidence_text); END",
]


def _drop_triggers() -> None:
    for suffix in ("ai", "ad", "au"):
        op.execute(f"DROP TRIGGER IF EXISTS event_fts_{suffix}")


def _create_triggers() -> None:
    for sql in _EVENT_FTS_TRIGGERS:
        op.execute(sql)


def upgrade() -> None:
    op.create_table(
        "story",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("date_precision", sa.String(length=16), nullable=False),
        sa.Column("first_reported", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_reported", sa.DateTime(timezone=True), nullable=True),
        sa.Column("article_count", sa.Integer(), nullable=False),
        sa.Column("mention_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_story"),
        sqlite_autoincrement=True,  # a regrouped story's id is never given to another
    )
    op.create_index("ix_story_type_id", "story", ["type", "id"])
    op.create_index("ix_story_date_id", "story", ["date", "id"])
    if op.get_bind().dialect.name == "sqlite":
        _drop_triggers()
        with op.batch_alter_table("event", recreate="always") as batch:
            batch.add_column(sa.Column("story_id", sa.Integer(), nullable=True))
            batch.create_foreign_key(FK, "story", ["story_id"], ["id"], ondelete="SET NULL")
        _create_triggers()
    else:
        op.add_column("event", sa.Column("story_id", sa.Integer(), nullable=True))
        op.create_foreign_key(FK, "event", "story", ["story_id"], ["id"], ondelete="SET NULL")
    op.create_index(INDEX, "event", ["story_id", "id"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="event")
    if op.get_bind().dialect.name == "sqlite":
        _drop_triggers()
        with op.batch_alter_table("event", recreate="always") as batch:
            batch.drop_constraint(FK, type_="foreignkey")
            batch.drop_column("story_id")
        _create_triggers()
    else:
        op.drop_constraint(FK, "event", type_="foreignkey")
        op.drop_column("event", "story_id")
    op.drop_index("ix_story_date_id", table_name="story")
    op.drop_index("ix_story_type_id", table_name="story")
    op.drop_table("story")
