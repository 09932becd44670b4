"""Run Alembic migrations from code (start-up, CLI, tests)."""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config

ROOT = Path(__file__).resolve().parents[2]


def alembic_config(url: str | None = None) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    if url:
        cfg.attributes["url"] = url
    return cfg


def ensure_sqlite_dir(url: str | None) -> None:
    """SQLite creates the file but not its folder."""
    from sqlalchemy.engine import make_url

    from app.core.config import get_settings

    parsed = make_url(url or get_settings().database_url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


@contextmanager
def migration_lock(url: str | None) -> Iterator[None]:
    """One migrating process at a time per SQLite file: an exclusive lock on a file beside it
    (PostgreSQL takes an advisory lock in migrations/env.py instead)."""
    from sqlalchemy.engine import make_url

    from app.core.config import get_settings

    parsed = make_url(url or get_settings().database_url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        yield
        return
    with open(f"{parsed.database}.migrate-lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(url: str | None = None, revision: str = "head") -> None:
    ensure_sqlite_dir(url)
    with migration_lock(url):
        command.upgrade(alembic_config(url), revision)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    with migration_lock(url):
        command.downgrade(alembic_config(url), revision)
