"""event_country carries copies of its event's type, policy_area and date, kept by triggers

A count for one country (GET /v1/events/counts?country=GBR&group_by=month,type) then reads one range
of the index (country, date, type, policy_area) instead of looking up each event: at 1M events the
country has ~220k rows and the lookups were most of the 459 ms (bench/counts_speed.py). On SQLite an
expression index by month also spares the sort of those rows.

The app never writes these columns: the database copies them, so no write path can forget to.

- SQLite: after an insert into event_country, the row is completed from its event; after an update
  of an event's type, policy_area or date, its rows follow.
- PostgreSQL: a BEFORE INSERT trigger completes the new row; an AFTER UPDATE trigger on event
  updates its rows.

bench/generate.py's bulk copy into PostgreSQL runs with session_replication_role = replica (no
triggers) and copies the columns from the migrated SQLite file. A later batch migration that
recreates event_country or event on SQLite drops these triggers: it must create them again
(``SQLITE_TRIGGERS``).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_event_country_country_date_type_policy_area"
# SQLite only, outside the models (Alembic does not reflect expression indexes): the month-by-type count
# of one country walks it in GROUP BY order, so SQLite needs no sort of the country's ~220k rows
# (PostgreSQL hash-aggregates them instead).
SQLITE_MONTH_INDEX = (
    "CREATE INDEX ix_event_country_country_month ON event_country "
    "(country, substr(date, 1, 7), type, policy_area, date)"
)
COPIED = ("type", "policy_area", "date")

SQLITE_TRIGGERS = {
    "event_country_copy_ai": (
        "CREATE TRIGGER event_country_copy_ai AFTER INSERT ON event_country BEGIN "
        "UPDATE event_country SET (type, policy_area, date) = "
        "(SELECT type, policy_area, date FROM event WHERE id = new.event_id) "
        "WHERE event_id = new.event_id AND country = new.country; END"
    ),
    "event_country_copy_au": (
        "CREATE TRIGGER event_country_copy_au AFTER UPDATE OF type, policy_area, date ON event BEGIN "
        "UPDATE event_country SET type = new.type, policy_area = new.policy_area, date = new.date "
        "WHERE event_id = new.id; END"
    ),
}

PG_FUNCTIONS = {
    "event_country_copy_bi": """
CREATE FUNCTION event_country_copy_bi() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT e.type, e.policy_area, e.date INTO NEW.type, NEW.policy_area, NEW.date
    FROM event AS e WHERE e.id = NEW.event_id;
  RETURN NEW;
END $$""",
    "event_country_copy_au": """
CREATE FUNCTION event_country_copy_au() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE event_country SET type = NEW.type, policy_area = NEW.policy_area, date = NEW.date
    WHERE event_id = NEW.id;
  RETURN NULL;
END $$""",
}
PG_TRIGGERS = {
    "event_country_copy_bi": "CREATE TRIGGER event_country_copy_bi BEFORE INSERT ON event_country "
    "FOR EACH ROW EXECUTE FUNCTION event_country_copy_bi()",
    "event_country_copy_au": "CREATE TRIGGER event_country_copy_au AFTER UPDATE OF type, policy_area, date "
    "ON event FOR EACH ROW WHEN ((OLD.type, OLD.policy_area, OLD.date) IS DISTINCT FROM "
    "(NEW.type, NEW.policy_area, NEW.date)) EXECUTE FUNCTION event_country_copy_au()",
}


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column("event_country", sa.Column("type", sa.String(length=32), nullable=True))
    op.add_column("event_country", sa.Column("policy_area", sa.String(length=32), nullable=True))
    op.add_column("event_country", sa.Column("date", sa.Date(), nullable=True))
    if sqlite:
        op.execute(
            "UPDATE event_country SET (type, policy_area, date) = "
            "(SELECT type, policy_area, date FROM event WHERE event.id = event_country.event_id)"
        )
        for sql in SQLITE_TRIGGERS.values():
            op.execute(sql)
        op.execute(SQLITE_MONTH_INDEX)
    else:
        op.execute(
            "UPDATE event_country AS c SET type = e.type, policy_area = e.policy_area, date = e.date "
            "FROM event AS e WHERE e.id = c.event_id"
        )
        for sql in PG_FUNCTIONS.values():
            op.execute(sql)
        for sql in PG_TRIGGERS.values():
            op.execute(sql)
    op.create_index(INDEX, "event_country", ["country", "date", "type", "policy_area"], unique=False)
    # The backfill updated every event_country row, and 0008's triggers noted each event as touched; the
    # copies are not in any document, so nothing needs rendering again.
    op.execute("DELETE FROM event_doc_stale")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_index(INDEX, table_name="event_country")
    if sqlite:
        op.execute("DROP INDEX ix_event_country_country_month")
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
        for column in COPIED:  # SQLite >= 3.35 drops a column in place (no table rebuild)
            op.execute(f"ALTER TABLE event_country DROP COLUMN {column}")
    else:
        op.execute("DROP TRIGGER event_country_copy_bi ON event_country")
        op.execute("DROP TRIGGER event_country_copy_au ON event")
        for name in PG_FUNCTIONS:
            op.execute(f"DROP FUNCTION {name}()")
        for column in COPIED:
            op.drop_column("event_country", column)
