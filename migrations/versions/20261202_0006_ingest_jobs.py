"""ingestion jobs: the job and its items; on PostgreSQL, procrastinate's queue schema

The items table is the record of every line of a posted stream and what became of it.
On PostgreSQL the work is handed out by procrastinate, whose tables, types and
functions (all named ``procrastinate_*``) are created from the installed library's
own schema here. A later procrastinate release that changes its schema ships
migration scripts (procrastinate/sql/migrations): apply them in a new revision when
upgrading it. migrations/env.py keeps Alembic's comparison away from these objects.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 01:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ingest_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_job")),
    )
    op.create_table(
        "ingest_job_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("claimed_by", sa.String(length=80), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_ingest_job_item_article_id_article"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["ingest_job.id"],
            name=op.f("fk_ingest_job_item_job_id_ingest_job"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_job_item")),
        sa.UniqueConstraint("job_id", "position", name=op.f("uq_ingest_job_item_job_id_position")),
    )
    op.create_index("ix_ingest_job_item_job_id_status", "ingest_job_item", ["job_id", "status"])
    op.create_index("ix_ingest_job_item_status_id", "ingest_job_item", ["status", "id"])
    if op.get_bind().dialect.name == "postgresql":
        from procrastinate.schema import SchemaManager

        # As the driver's own SQL: its PL/pgSQL has % placeholders that must reach the server as they are.
        # psycopg leaves a query alone only when given no parameters at all, which SQLAlchemy never does.
        with op.get_bind().connection.dbapi_connection.cursor() as cursor:
            cursor.execute(SchemaManager.get_schema())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers, "
            "procrastinate_jobs, procrastinate_workers CASCADE"
        )
        op.execute(
            """
            DO $$
            DECLARE f record;
            BEGIN
              FOR f IN SELECT p.oid::regprocedure AS sig FROM pg_proc p
                       JOIN pg_namespace n ON n.oid = p.pronamespace
                       WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate\\_%'
              LOOP EXECUTE 'DROP FUNCTION ' || f.sig || ' CASCADE'; END LOOP;
            END $$
            """
        )
        op.execute(
            "DROP TYPE IF EXISTS procrastinate_job_event_type, procrastinate_job_status, "
            "procrastinate_job_to_defer_v1 CASCADE"
        )
    op.drop_index("ix_ingest_job_item_status_id", table_name="ingest_job_item")
    op.drop_index("ix_ingest_job_item_job_id_status", table_name="ingest_job_item")
    op.drop_table("ingest_job_item")
    op.drop_table("ingest_job")
