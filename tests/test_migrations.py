"""Alembic migrations on the current backend: up, down, up again, and no drift from the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, pool, text
from sqlmodel import SQLModel

import app.models_registry  # noqa: F401  (fills SQLModel.metadata)
from app.core import migrate
from app.core.fulltext import is_search_object

APP_TABLES = {
    "actor",
    "actor_mention",
    "api_key",
    "article",
    "event",
    "event_country",
    "event_participant",
    "history",
    "ingest_job",
    "ingest_job_item",
    "rate_limit_window",
    "statement",
}


@pytest.fixture
def engine_for():
    engines = []

    def make(url: str):
        engine = create_engine(url, poolclass=pool.NullPool)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()


def tables(engine) -> set[str]:
    names = set(inspect(engine).get_table_names()) - {"alembic_version"}
    return {n for n in names if not is_search_object(n, "table") and not n.startswith("procrastinate_")}


def queue_objects(engine) -> set[str]:
    """procrastinate's tables, functions and types (PostgreSQL only; migration 0006)."""
    if engine.dialect.name != "postgresql":
        return set()
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT relname FROM pg_class WHERE relname LIKE 'procrastinate%' AND relkind = 'r' "
                "UNION SELECT proname FROM pg_proc WHERE proname LIKE 'procrastinate%' "
                "UNION SELECT typname FROM pg_type WHERE typname LIKE 'procrastinate%' AND typtype = 'e'"
            )
        )
        return {r[0] for r in rows}


def search_tables(engine) -> set[str]:
    return {n for n in inspect(engine).get_table_names() if is_search_object(n, "table")}


def revision(engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def drift(engine) -> list:
    """What `alembic check` would report: differences between the migrated schema and the models."""
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                # The search objects of migration 0004 live outside the models, as in migrations/env.py.
                "include_name": lambda name, type_, _parents: (
                    not (
                        type_ == "table"
                        and (is_search_object(name, type_) or name.startswith("procrastinate_"))
                    )
                ),
                "include_object": lambda _obj, name, type_, reflected, compare_to: (
                    not (reflected and compare_to is None and is_search_object(name, type_))
                ),
            },
        )
        return compare_metadata(context, SQLModel.metadata)


def test_upgrade_downgrade_upgrade_without_drift(fresh_db_url, engine_for):
    url = fresh_db_url("migrations")
    engine = engine_for(url)
    head = ScriptDirectory.from_config(migrate.alembic_config(url)).get_current_head()
    assert set(SQLModel.metadata.tables) == APP_TABLES, "a new table needs a migration and this list"

    migrate.upgrade(url)
    assert revision(engine) == head
    assert tables(engine) == APP_TABLES
    assert drift(engine) == []

    queue = queue_objects(engine)
    assert (
        engine.dialect.name != "postgresql" or {"procrastinate_jobs", "procrastinate_fetch_job_v2"} <= queue
    )

    migrate.downgrade(url, "base")
    assert revision(engine) is None
    assert tables(engine) == set(), "downgrade to base must drop every app table"
    assert search_tables(engine) == set(), "and every search table"
    assert queue_objects(engine) == set(), "and the job queue's tables, functions and types"

    migrate.upgrade(url)
    assert revision(engine) == head
    assert tables(engine) == APP_TABLES
    assert drift(engine) == []


def test_migrated_schema_has_the_indexes_and_constraints_the_queries_rely_on(fresh_db_url, engine_for):
    url = fresh_db_url("schema")
    migrate.upgrade(url)
    insp = inspect(engine_for(url))
    event_indexes = {tuple(ix["column_names"]) for ix in insp.get_indexes("event")}
    assert {("type", "id"), ("policy_area", "id"), ("article_id", "id"), ("date", "id")} <= event_indexes
    assert ("country", "event_id") in {tuple(ix["column_names"]) for ix in insp.get_indexes("event_country")}
    assert {tuple(u["column_names"]) for u in insp.get_unique_constraints("actor")} == {("identity",)}
    article_uniques = {tuple(u["column_names"]) for u in insp.get_unique_constraints("article")}
    assert article_uniques == {("url",), ("content_hash",)}
    fks = {(fk["referred_table"], fk["options"].get("ondelete")) for fk in insp.get_foreign_keys("statement")}
    assert fks == {("article", "CASCADE"), ("event", "SET NULL"), ("actor", "SET NULL")}
