"""A server of one's own: a fresh migrated database, keys in it, and uvicorn on it.

For tests that change settings (low limits, CORS, timeouts), write a lot, or kill
the server, so that nothing they do reaches the shared session server.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select, text
from sqlmodel import Session

from app.core import migrate
from app.core.db import get_engines
from app.keys.service import create_key
from tests.support.data import TABLES as DATA_TABLES

ALL_TABLES = [*DATA_TABLES, "api_key"]


def migrated_db(fresh_db_url: Callable[[str], str], tag: str) -> str:
    url = fresh_db_url(tag)
    migrate.upgrade(url)
    return url


def key_in(url: str, scopes: str, name: str = "test") -> str:
    """Create an API key in the database at ``url``; return the token."""
    with Session(get_engines(url)[1]) as session:
        _, token = create_key(session, name, scopes.split())
        session.commit()
    return token


def row_counts(url: str, tables: list[str] = ALL_TABLES) -> dict[str, int]:
    with get_engines(url)[0].connect() as conn:
        count = select(func.count()).select_from
        return {t: conn.execute(count(text(f'"{t}"'))).scalar_one() for t in tables}


def dispose(url: str) -> None:
    """Close pooled connections so the test database can be dropped or reused."""
    for engine in get_engines(url):
        engine.dispose()
