"""Alembic environment: the URL comes from the app's settings unless the caller passes a connection."""

from alembic import context
from sqlalchemy import create_engine, pool
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

import app.models_registry  # noqa: F401  (fills the metadata)
from app.core.config import get_settings
from app.core.db import is_sqlite
from app.core.fulltext import is_search_object
from app.core.tables import UTCDateTime

config = context.config
# Any fixed 64-bit number, the same for every process migrating this database.
MIGRATION_LOCK_ID = 0x6D6576_6D696772
target_metadata = SQLModel.metadata


def render_item(type_, obj, autogen_context):  # noqa: ANN001
    """Render our column types as plain SQLAlchemy ones so migrations do not import the app."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    return False


def is_queue_table(name: str | None) -> bool:
    """procrastinate's tables (migration 0006, PostgreSQL): the library's schema, not our models."""
    return bool(name) and name.startswith("procrastinate_")


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    """Leave the search objects (FTS5 tables, tsvector columns; migration 0004) out of comparisons."""
    return not (reflected and compare_to is None and is_search_object(name, type_))


def include_name(name, type_, parent_names) -> bool:  # noqa: ANN001
    # Tables before they are reflected: SQLite's FTS5 shadow tables are not worth reflecting.
    return not (type_ == "table" and (is_search_object(name, type_) or is_queue_table(name)))


def _url() -> str:
    return config.attributes.get("url") or get_settings().database_url


def run_offline() -> None:
    url = _url()
    context.configure(
        url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=is_sqlite(url)
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
        include_object=include_object,
        include_name=include_name,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Servers (or `migrate` commands) on several machines may start at once: the first
            # migrates, the others wait here, then find the schema at head and do nothing. SQLite
            # has no such lock; app/core/migrate.py holds a file lock beside the database instead.
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_ID})")
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)


if context.is_offline_mode():
    run_offline()
else:
    run_online()
