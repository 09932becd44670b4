"""Shared fixtures: a real database per test worker (SQLite file or a throwaway
PostgreSQL server), migrated with Alembic, and a real uvicorn on loopback.

MIGEVENTS_TEST_BACKEND selects sqlite (default) or postgres.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from tests.support.tables import TABLES

BACKEND = os.environ.get("MIGEVENTS_TEST_BACKEND", "sqlite")
SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# Tests drive the server hard; the rate limit gets its own test with a low setting.
os.environ.setdefault("MIGEVENTS_RATE_LIMIT_PER_MINUTE", "1000000")


def pytest_report_header(config):  # noqa: ANN001
    return f"database backend: {BACKEND}"


@pytest.fixture(scope="session")
def pg_server():
    from tests.support import postgres

    server = postgres.start()
    if server is None:
        if os.environ.get("MIGEVENTS_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL binaries not found and MIGEVENTS_REQUIRE_POSTGRES is set")
        pytest.skip("PostgreSQL is not installed here")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def fresh_db_url(request, tmp_path_factory, worker_id):
    """Make a new, empty database and return its URL (callable, for tests that need several)."""
    counter = iter(range(10_000))

    def make(tag: str = "db") -> str:
        n = next(counter)
        if BACKEND == "postgres":
            pg = request.getfixturevalue("pg_server")
            return pg.create_database(f"t_{worker_id}_{tag}_{n}".lower())
        path = tmp_path_factory.mktemp(f"{tag}{n}") / "test.db"
        return f"sqlite:///{path}"

    return make


@pytest.fixture(scope="session")
def db_url(fresh_db_url) -> str:
    from app.core import migrate
    from app.core.config import get_settings
    from app.core.db import get_engines

    url = fresh_db_url("main")
    migrate.upgrade(url)
    os.environ["MIGEVENTS_DATABASE_URL"] = url
    get_settings.cache_clear()
    get_engines.cache_clear()
    return url


@pytest.fixture(scope="session")
def server(db_url, tmp_path_factory):
    from tests.support.server import running

    with running({"MIGEVENTS_DATABASE_URL": db_url}, tmp_path_factory.mktemp("srv") / "server.log") as srv:
        yield srv


@pytest.fixture
def clean_db(db_url) -> None:
    from app.core.db import write_engine

    with write_engine().begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
        else:
            for t in TABLES:
                conn.execute(text(f'DELETE FROM "{t}"'))


def make_key(scopes: str, name: str = "test") -> str:
    from app.core.db import session_scope
    from app.keys.service import create_key

    with session_scope(write=True) as session:
        _, token = create_key(session, name, scopes.split())
    return token


@pytest.fixture(scope="session")
def write_key(db_url) -> str:
    return make_key("read write", "writer")


@pytest.fixture(scope="session")
def read_key(db_url) -> str:
    return make_key("read", "reader")


@pytest.fixture
def client(server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=60) as c:
        yield c


@pytest.fixture
def writer(server, write_key) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=120, headers={"X-API-Key": write_key}) as c:
        yield c


def corpus_articles() -> list[tuple[str, str, str | None]]:
    """(id, text, published) for every development article, when shared/ is present."""
    folder = SHARED / "corpus"
    out = []
    for txt in sorted(folder.glob("*.txt")):
        import json

        gold = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        out.append((txt.stem, txt.read_text(encoding="utf-8"), gold.get("source", {}).get("published")))
    return out
