"""Country and actor pages walk one index each, in id or date order, and test the other filters there

``?country=GBR&sort=-date`` ordered by event.date under a country filter: no index yielded the country's
events in date order, so SQLite read and sorted every match of the country (~88 ms of CPU at 100k events
for one page; the same for an actor). And an id-sorted country or actor page with a type, policy area or
period filter walked (country | actor_id, event_id) and looked up every event to test it. The varied
benchmark (bench/varied.py) draws such pages most of the time.

- event_country already carries copies of its event's type, policy_area and date (0009). Its
  (country, event_id) index becomes (country, event_id, type, policy_area, date), and
  (country, date, event_id, type, policy_area) is added.
- event_participant gets the same three copies, kept the same way, and (actor_id, event_id) becomes
  (actor_id, event_id, role, type, policy_area, date), with (actor_id, date, event_id, role, type,
  policy_area) added (role: the "lowest role only" test of an actor's page reads the index too).

The repository (app/events/repository.py) filters and orders a country or actor page on these copies, so
a page is one index range in page order and a rejected row costs an index step, not an event lookup.

The app never writes the copies: the database does, as 0009 does for event_country.

- SQLite: after an insert into event_participant (or a change of its event_id), the row is completed
  from its event; after an update of an event's type, policy_area or date, its rows follow.
- PostgreSQL: a BEFORE INSERT OR UPDATE OF event_id trigger completes the new row; an AFTER UPDATE
  trigger on event updates its rows when one of the three changed.

bench/generate.py's bulk copy into PostgreSQL skips triggers and copies the columns from the migrated
SQLite file. A later batch migration that recreates event_participant or event on SQLite drops these
triggers: it must create them again (``SQLITE_TRIGGERS``).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 15:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COPIED = ("type", "policy_area", "date")
# (table, index name, columns): added by upgrade; REPLACED are dropped by it (their columns lead a new one).
# The participant's are named, not derived from their columns: PostgreSQL cuts identifiers at 63 bytes.
INDEXES = [
    ("event_country", "ix_event_country_country_event_id_type_policy_area_date",
     ["country", "event_id", "type", "policy_area", "date"]),
    ("event_country", "ix_event_country_country_date_event_id_type_policy_area",
     ["country", "date", "event_id", "type", "policy_area"]),
    ("event_participant", "ix_event_participant_actor_id_event_id_copies",
     ["actor_id", "event_id", "role", "type", "policy_area", "date"]),
    ("event_participant", "ix_event_participant_actor_id_date_copies",
     ["actor_id", "date", "event_id", "role", "type", "policy_area"]),
]  # fmt: skip
REPLACED = [
    ("event_country", "ix_event_country_country_event_id", ["country", "event_id"]),
    ("event_participant", "ix_event_participant_actor_id_event_id", ["actor_id", "event_id"]),
]

_COMPLETE = (
    "UPDATE event_participant SET (type, policy_area, date) = "
    "(SELECT type, policy_area, date FROM event WHERE id = new.event_id) "
    "WHERE event_id = new.event_id AND actor_id = new.actor_id AND role = new.role; END"
)
SQLITE_TRIGGERS = {
    "event_participant_copy_ai": (
        f"CREATE TRIGGER event_participant_copy_ai AFTER INSERT ON event_participant BEGIN {_COMPLETE}"
    ),
    "event_participant_copy_au": (
        "CREATE TRIGGER event_participant_copy_au AFTER UPDATE OF event_id ON event_participant "
        f"BEGIN {_COMPLETE}"
    ),
    "event_participant_copy_event_au": (
        "CREATE TRIGGER event_participant_copy_event_au AFTER UPDATE OF type, policy_area, date ON event "
        "BEGIN UPDATE event_participant SET type = new.type, policy_area = new.policy_area, date = new.date "
        "WHERE event_id = new.id; END"
    ),
}

PG_FUNCTIONS = {
    "event_participant_copy_bi": """
CREATE FUNCTION event_participant_copy_bi() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT e.type, e.policy_area, e.date INTO NEW.type, NEW.policy_area, NEW.date
    FROM event AS e WHERE e.id = NEW.event_id;
  RETURN NEW;
END $$""",
    "event_participant_copy_au": """
CREATE FUNCTION event_participant_copy_au() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE event_participant SET type = NEW.type, policy_area = NEW.policy_area, date = NEW.date
    WHERE event_id = NEW.id;
  RETURN NULL;
END $$""",
}
PG_TRIGGERS = {
    "event_participant_copy_bi": (
        "CREATE TRIGGER event_participant_copy_bi BEFORE INSERT OR UPDATE OF event_id ON event_participant "
        "FOR EACH ROW EXECUTE FUNCTION event_participant_copy_bi()"
    ),
    "event_participant_copy_au": (
        "CREATE TRIGGER event_participant_copy_au AFTER UPDATE OF type, policy_area, date ON event "
        "FOR EACH ROW WHEN ((OLD.type, OLD.policy_area, OLD.date) IS DISTINCT FROM "
        "(NEW.type, NEW.policy_area, NEW.date)) EXECUTE FUNCTION event_participant_copy_au()"
    ),
}


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column("event_participant", sa.Column("type", sa.String(length=32), nullable=True))
    op.add_column("event_participant", sa.Column("policy_area", sa.String(length=32), nullable=True))
    op.add_column("event_participant", sa.Column("date", sa.Date(), nullable=True))
    if sqlite:
        op.execute(
            "UPDATE event_participant SET (type, policy_area, date) = (SELECT type, policy_area, date "
            "FROM event WHERE event.id = event_participant.event_id)"
        )
        for sql in SQLITE_TRIGGERS.values():
            op.execute(sql)
    else:
        op.execute(
            "UPDATE event_participant AS p SET type = e.type, policy_area = e.policy_area, date = e.date "
            "FROM event AS e WHERE e.id = p.event_id"
        )
        for sql in PG_FUNCTIONS.values():
            op.execute(sql)
        for sql in PG_TRIGGERS.values():
            op.execute(sql)
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns)
    for table, name, _ in REPLACED:
        op.drop_index(name, table_name=table)
    # The backfill updated every participant row and 0008's triggers noted each event as touched; the
    # copies are in no document, so nothing needs rendering again.
    op.execute("DELETE FROM event_doc_stale")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, name, columns in REPLACED:
        op.create_index(name, table, columns)
    for table, name, _ in INDEXES:
        op.drop_index(name, table_name=table)
    if sqlite:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
        for column in COPIED:  # SQLite >= 3.35 drops a column in place (no table rebuild)
            op.execute(f"ALTER TABLE event_participant DROP COLUMN {column}")
    else:
        op.execute("DROP TRIGGER event_participant_copy_bi ON event_participant")
        op.execute("DROP TRIGGER event_participant_copy_au ON event")
        for name in PG_FUNCTIONS:
            op.execute(f"DROP FUNCTION {name}()")
        for column in COPIED:
            op.drop_column("event_participant", column)
