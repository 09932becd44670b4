"""read model: event_doc holds each event's public JSON, event_doc_stale the events a transaction touched

Triggers note, in the writing transaction, every event whose document a statement may change (its row,
its countries, its participants, the name, kind or country of an actor it names); the unit of work renders
those again before it commits (app/events/readmodel.py). Foreign-key cascades fire the triggers too.

The existing events are rendered here with the document expression of this revision (frozen below, as
app/events/documents.py had it): a later change of the document's shape renders again in its own
migration.

SQLite: a later batch migration that rebuilds event, event_country, event_participant or actor drops these
triggers and must create them again (``TRIGGERS``).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NOTE = "INSERT INTO event_doc_stale (event_id)"
# SQLite: (name, trigger) for each table and operation.
TRIGGERS = [
    ("event_doc_event_ai", f"AFTER INSERT ON event BEGIN {_NOTE} VALUES (new.id); END"),
    ("event_doc_event_au", f"AFTER UPDATE ON event BEGIN {_NOTE} VALUES (new.id); END"),
    *[
        trigger
        for table in ("event_country", "event_participant")
        for trigger in (
            (f"event_doc_{table}_ai", f"AFTER INSERT ON {table} BEGIN {_NOTE} VALUES (new.event_id); END"),
            (f"event_doc_{table}_ad", f"AFTER DELETE ON {table} BEGIN {_NOTE} VALUES (old.event_id); END"),
            (
                f"event_doc_{table}_au",
                f"AFTER UPDATE ON {table} BEGIN {_NOTE} VALUES (old.event_id); "
                f"{_NOTE} VALUES (new.event_id); END",
            ),
        )
    ],
    (
        "event_doc_actor_au",
        f"AFTER UPDATE OF kind, name, country ON actor BEGIN {_NOTE} "
        "SELECT event_id FROM event_participant WHERE actor_id = new.id; END",
    ),
]

_PG_FUNCTION = f"""CREATE FUNCTION event_doc_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'event' THEN
    {_NOTE} VALUES (NEW.id);
  ELSIF TG_TABLE_NAME = 'actor' THEN
    IF (OLD.kind, OLD.name, OLD.country) IS DISTINCT FROM (NEW.kind, NEW.name, NEW.country) THEN
      {_NOTE} SELECT event_id FROM event_participant WHERE actor_id = NEW.id;
    END IF;
  ELSE
    IF TG_OP IN ('UPDATE', 'DELETE') THEN {_NOTE} VALUES (OLD.event_id); END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN {_NOTE} VALUES (NEW.event_id); END IF;
  END IF;
  RETURN NULL;
END $$"""
_PG_TRIGGERS = {
    "event": "AFTER INSERT OR UPDATE",
    "event_country": "AFTER INSERT OR UPDATE OR DELETE",
    "event_participant": "AFTER INSERT OR UPDATE OR DELETE",
    "actor": "AFTER UPDATE OF kind, name, country",
}

_SQLITE_DOC = """json_object(
 'id', e.id, 'type', e.type, 'policy_area', e.policy_area,
 'date', CASE e.date_precision WHEN 'year' THEN substr(e.date, 1, 4)
   WHEN 'month' THEN substr(e.date, 1, 7) ELSE e.date END,
 'date_precision', e.date_precision, 'people_count', e.people_count, 'summary', e.summary,
 'background', json(CASE WHEN e.background THEN 'true' ELSE 'false' END),
 'countries', (SELECT json_group_array(c.country) FROM
   (SELECT country FROM event_country WHERE event_id = e.id ORDER BY country) AS c),
 'participants', (SELECT json_group_array(json(p.doc)) FROM
   (SELECT json_object('actor', json_object('id', a.id, 'kind', a.kind, 'name', a.name,
      'country', a.country), 'role', ep.role) AS doc
    FROM event_participant AS ep JOIN actor AS a ON a.id = ep.actor_id
    WHERE ep.event_id = e.id ORDER BY ep.role, a.id) AS p),
 'evidence', json_object('article_id', e.article_id, 'start', e.start, 'end', e."end",
   'text', e.evidence_text),
 'annotator', json_object('kind', coalesce(e.annotator_kind, 'machine'),
   'name', coalesce(e.annotator, 'unknown'), 'version', e.annotator_version),
 'confidence', e.confidence * 1.0, 'review_state', e.review_state, 'story_id', e.story_id,
 'created_at', replace(CASE WHEN substr(e.created_at, 21) = '000000' THEN substr(e.created_at, 1, 19)
   ELSE e.created_at END, ' ', 'T') || 'Z',
 'links', json_object('self', '/v1/events/' || e.id, 'article', '/v1/articles/' || e.article_id,
   'statements', '/v1/events/' || e.id || '/statements', 'story', '/v1/stories/' || e.story_id))"""

_POSTGRES_DOC = """json_build_object(
 'id', e.id, 'type', e.type, 'policy_area', e.policy_area,
 'date', CASE e.date_precision WHEN 'year' THEN to_char(e.date, 'YYYY')
   WHEN 'month' THEN to_char(e.date, 'YYYY-MM') ELSE to_char(e.date, 'YYYY-MM-DD') END,
 'date_precision', e.date_precision, 'people_count', e.people_count, 'summary', e.summary,
 'background', e.background,
 'countries', (SELECT coalesce(json_agg(c.country ORDER BY c.country), '[]'::json)
   FROM event_country AS c WHERE c.event_id = e.id),
 'participants', (SELECT coalesce(json_agg(json_build_object('actor', json_build_object('id', a.id,
      'kind', a.kind, 'name', a.name, 'country', a.country), 'role', ep.role) ORDER BY ep.role, a.id),
      '[]'::json)
   FROM event_participant AS ep JOIN actor AS a ON a.id = ep.actor_id WHERE ep.event_id = e.id),
 'evidence', json_build_object('article_id', e.article_id, 'start', e.start, 'end', e."end",
   'text', e.evidence_text),
 'annotator', json_build_object('kind', coalesce(e.annotator_kind, 'machine'),
   'name', coalesce(e.annotator, 'unknown'), 'version', e.annotator_version),
 'confidence', (to_json(e.confidence)::text
   || CASE WHEN e.confidence = trunc(e.confidence) THEN '.0' ELSE '' END)::json,
 'review_state', e.review_state, 'story_id', e.story_id,
 'created_at', to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
   || CASE WHEN date_part('microseconds', e.created_at)::int % 1000000 = 0 THEN ''
      ELSE to_char(e.created_at AT TIME ZONE 'UTC', '.US') END || 'Z',
 'links', json_build_object('self', '/v1/events/' || e.id, 'article', '/v1/articles/' || e.article_id,
   'statements', '/v1/events/' || e.id || '/statements', 'story', '/v1/stories/' || e.story_id))::text"""


def _pg() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.create_table(
        "event_doc",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name="fk_event_doc_event_id_event", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", name="pk_event_doc"),
    )
    op.create_table(
        "event_doc_stale",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_event_doc_stale"),
    )
    if _pg():
        op.execute(_PG_FUNCTION)
        for table, when in _PG_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER event_doc_note AFTER {when.removeprefix('AFTER ')} ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION event_doc_note()")  # fmt: skip
    else:
        for name, body in TRIGGERS:
            op.execute(f"CREATE TRIGGER {name} {body}")
    doc = _POSTGRES_DOC if _pg() else _SQLITE_DOC
    op.execute(f"INSERT INTO event_doc (event_id, doc) SELECT e.id, {doc} FROM event AS e")


def downgrade() -> None:
    if _pg():
        for table in _PG_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS event_doc_note ON {table}")
        op.execute("DROP FUNCTION IF EXISTS event_doc_note()")
    else:
        for name, _ in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("event_doc_stale")
    op.drop_table("event_doc")
