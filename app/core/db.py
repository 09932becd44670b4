"""Engines and sessions.

One owner of each transaction: ``session_scope`` commits when its block ends
and rolls back when it raises. Only entry points open one (a router, the
key-check dependency, a CLI command); services and stores take the session
and only ``flush()``.

SQLite notes: WAL lets readers run beside one writer; write sessions open with
``BEGIN IMMEDIATE`` so two writers queue on the busy timeout instead of one of
them failing with "database is locked" when a read lock cannot be upgraded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import Session, create_engine

from app.core.config import get_settings

SQLITE_BUSY_TIMEOUT_MS = 60_000


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


# Sync routes run in AnyIO's worker threads (40 by default), each holding a connection while it works.
# A pool smaller than that closes its overflow connections on return and reopens them on the next
# request (connect + PRAGMAs on SQLite, a forked backend on PostgreSQL): keep that many open.
READ_POOL_SIZE = 40


def _sqlite_engine(url: str, *, immediate: bool) -> Engine:
    path = make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        pool_size=8 if immediate else READ_POOL_SIZE,
        max_overflow=16,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        # Take transaction control away from the sqlite3 module so BEGIN is ours.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@lru_cache
def get_engines(url: str | None = None) -> tuple[Engine, Engine]:
    """(read engine, write engine) for the configured database."""
    url = url or get_settings().database_url
    if is_sqlite(url):
        return _sqlite_engine(url, immediate=False), _sqlite_engine(url, immediate=True)
    # Same reasoning as READ_POOL_SIZE, within the server's connection slots: the same 30 at most as
    # before, but all kept open; a request beyond them waits for one instead of opening a new backend.
    engine = create_engine(url, pool_size=30, max_overflow=0, pool_pre_ping=True)
    return engine, engine


def read_engine() -> Engine:
    return get_engines()[0]


def write_engine() -> Engine:
    return get_engines()[1]


# Work every write transaction ends with, inside it, after its last flush (a read model brought up to
# date with the writes): registered by the domain that owns it, so core names no domain.
_before_commit: list[Callable[[Connection], None]] = []


def before_commit(hook: Callable[[Connection], None]) -> Callable[[Connection], None]:
    if hook not in _before_commit:
        _before_commit.append(hook)
    return hook


def finish_writes(session: Session) -> None:
    """Flush, then run the before-commit work, in the session's transaction (a no-op if it has none)."""
    session.flush()
    if session.in_transaction():
        conn = session.connection()
        for hook in _before_commit:
            hook(conn)


@contextmanager
def session_scope(*, write: bool) -> Iterator[Session]:
    """The single place that commits or rolls back a unit of work."""
    engine = write_engine() if write else read_engine()
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            if write:
                finish_writes(session)
                session.commit()
            # A read session just closes: closing ends its transaction without expiring the
            # loaded objects, so callers can still use them.
        except BaseException:
            session.rollback()
            raise
