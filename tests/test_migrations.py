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
    "event_csv",
    "event_doc",
    "event_doc_stale",
    "event_participant",
    "history",
    "ingest_job",
    "ingest_job_item",
    "rate_limit_window",
    "statement",
    "story",
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
    assert ("country", "event_id", "type", "policy_area", "date") in {
        tuple(ix["column_names"]) for ix in insp.get_indexes("event_country")
    }
    assert {tuple(u["column_names"]) for u in insp.get_unique_constraints("actor")} == {("identity",)}
    article_uniques = {tuple(u["column_names"]) for u in insp.get_unique_constraints("article")}
    assert article_uniques == {("url",), ("content_hash",)}
    fks = {(fk["referred_table"], fk["options"].get("ondelete")) for fk in insp.get_foreign_keys("statement")}
    assert fks == {("article", "CASCADE"), ("event", "SET NULL"), ("actor", "SET NULL")}


def test_stories_migration_keeps_events_and_their_search(fresh_db_url, engine_for):
    """0007 rebuilds the event table on SQLite: rows, ids and the full-text triggers must survive it, both
    ways, and event.story_id must be indexed and let a story go without taking its events."""
    url = fresh_db_url("stories")
    engine = engine_for(url)
    migrate.upgrade(url, "0006")
    sqlite = engine.dialect.name == "sqlite"

    def add_event(conn, eid: int, word: str) -> None:
        conn.execute(
            text(
                'INSERT INTO event (id, article_id, start, "end", annotator, annotator_kind, confidence, '
                "review_state, type, policy_area, date, date_precision, summary, evidence_text, background, "
                "created_at) VALUES (:id, 1, 0, 5, 'm', 'machine', 1.0, 'machine', 'talks', 'asylum', "
                "'2025-01-01', 'day', :s, :e, false, '2025-01-01 00:00:00')"
            ),
            {"id": eid, "s": f"Belgium {word} talks", "e": f"Belgium {word} talks"},
        )

    def found(word: str) -> list[int]:
        sql = (
            "SELECT rowid FROM event_fts WHERE event_fts MATCH :w ORDER BY rowid"
            if sqlite
            else "SELECT id FROM event WHERE search_vector @@ to_tsquery('english', :w) ORDER BY id"
        )
        with engine.connect() as conn:
            return list(conn.execute(text(sql), {"w": word}).scalars())

    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO article (id, content_hash, language, source_format, text, word_count, "
                "created_at) VALUES (1, 'h', 'en', 'text', 't', 1, '2025-01-01 00:00:00')"
            )
        )
        add_event(conn, 7, "zebra")
    migrate.upgrade(url)
    with engine.begin() as conn:
        if sqlite:  # as the app's connections do (app/core/db.py)
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        add_event(conn, 8, "walrus")
        conn.execute(
            text(
                "INSERT INTO story (id, type, date, date_precision, article_count, mention_count, "
                "created_at, updated_at) VALUES (1, 'talks', '2025-01-01', 'day', 1, 2, '2025-01-01', "
                "'2025-01-01')"
            )
        )
        conn.execute(text("UPDATE event SET story_id = 1"))
        conn.execute(text("DELETE FROM story"))
        rows = conn.execute(text("SELECT id, story_id FROM event ORDER BY id"))
        assert [tuple(r) for r in rows] == [(7, None), (8, None)]
    assert found("zebra") == [7] and found("walrus") == [8]
    assert ("story_id", "id") in {tuple(ix["column_names"]) for ix in inspect(engine).get_indexes("event")}

    migrate.downgrade(url, "0006")
    with engine.begin() as conn:
        add_event(conn, 9, "ostrich")
    assert found("zebra") == [7] and found("ostrich") == [9] and found("talks") == [7, 8, 9]


def test_read_model_migration_renders_existing_events_and_its_triggers_note_every_write(
    fresh_db_url, engine_for
):
    """0008 renders the events already stored (with its frozen copy of the document expression, which must
    be what app/events/documents.py renders), and its triggers note every event a statement touches, by
    any path: the event row, its countries, its participants, an actor they name, a cascade. 0011 stores
    their CSV lines likewise (frozen copy of app/events/csv_lines.py), which the same notes keep true."""
    from app.events import readmodel
    from tests.support.readmodel import read_model_problems

    url = fresh_db_url("readmodel")
    engine = engine_for(url)
    migrate.upgrade(url, "0007")
    rows = [
        "INSERT INTO article (id, content_hash, language, source_format, text, word_count, created_at) "
        "VALUES (1, 'h', 'en', 'text', 't', 1, '2025-01-01 00:00:00')",
        "INSERT INTO actor (id, identity, kind, name, name_key, country, aliases, created_at) VALUES "
        "(1, 'country:BEL', 'country', 'Belgium', 'belgium', 'BEL', '[]', '2025-01-01 00:00:00'), "
        "(2, 'country:MNE', 'country', 'Montenegro', 'montenegro', 'MNE', '[]', '2025-01-01 00:00:00')",
        *[
            'INSERT INTO event (id, article_id, start, "end", annotator, annotator_kind, confidence, '
            "review_state, type, policy_area, date, date_precision, summary, evidence_text, background, "
            f"created_at) VALUES ({i}, 1, 0, 5, 'm', 'machine', 0.5, 'machine', 'talks', 'asylum', "
            "'2025-01-01', 'month', 'Belgium talks', 'Belgium talks', false, '2025-01-01 00:00:00.123400')"
            for i in (1, 2)
        ],
        "INSERT INTO event_country (event_id, country) VALUES (1, 'BEL'), (1, 'MNE'), (2, 'BEL')",
        "INSERT INTO event_participant (event_id, actor_id, role) VALUES (1, 1, 'actor'), "
        "(1, 2, 'recipient'), (2, 2, 'actor')",
    ]
    with engine.begin() as conn:
        for sql in rows:
            conn.execute(text(sql))
    migrate.upgrade(url)
    assert read_model_problems(engine) == []

    writes = [
        "UPDATE event SET review_state = 'confirmed' WHERE id = 1",
        "UPDATE actor SET name = 'Crna Gora' WHERE id = 2",
        "DELETE FROM event_country WHERE event_id = 2",
        "INSERT INTO event_country (event_id, country) VALUES (2, 'MNE')",
        "UPDATE event_participant SET role = 'recipient' WHERE event_id = 2",
        "DELETE FROM actor WHERE id = 1",
        "DELETE FROM event WHERE id = 2",
    ]
    for sql in writes:
        with engine.begin() as conn:
            if engine.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.execute(text(sql))
            readmodel.refresh(conn)
        assert read_model_problems(engine) == [], sql
    with engine.connect() as conn:
        doc = conn.execute(text("SELECT doc FROM event_doc WHERE event_id = 1")).scalar_one()
    assert '"Crna Gora"' in doc and '"Belgium"' not in doc and '"confirmed"' in doc
    with engine.connect() as conn:
        head, tail = conn.execute(text("SELECT head, tail FROM event_csv WHERE event_id = 1")).one()
        lines = conn.execute(text("SELECT count(*) FROM event_csv")).scalar_one()
    assert head.startswith("1,talks,CONSULT,asylum,2025-01,month,") and ",,,,2,Crna Gora,country," in head
    assert tail == ",confirmed,2025-01-01T00:00:00.123400Z\r\n" and lines == 1
