"""Which rate limiter a server process uses, and the one shared through the database.

One process alone (the embedded SQLite default, ``serve`` with one worker) keeps
its token buckets in memory (app/core/ratelimit.py): exact, and no write per
read. Several processes (``serve --workers N``, several machines on one
PostgreSQL) must count together, so each request is one atomic upsert into
``rate_limit_window`` (client, minute) that returns the count so far: ``INSERT
... ON CONFLICT DO UPDATE SET hits = hits + 1 RETURNING hits``, the same
statement on SQLite (3.35+) and PostgreSQL. Whoever gets a count over the limit
is refused, so the total admitted per minute is the limit however the requests
spread over the processes. A fixed window lets a client spend its minute's
share at the end of one minute and again at the start of the next; that bound
(twice the limit over any 60 s) is the price of one row per client and minute.
"""

from __future__ import annotations

import functools
import math
import time
from typing import Protocol

from sqlalchemy import bindparam, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from app.core.config import Settings
from app.core.db import is_sqlite, write_engine
from app.core.ratelimit import RateLimiter
from app.keys.models import RateLimitWindow

WINDOW_SECONDS = 60
_table = RateLimitWindow.__table__


class Limiter(Protocol):
    shared: bool

    def hit(self, client: str) -> float: ...


class SharedRateLimiter:
    """Counts in the database: the limit holds across every process that uses it."""

    shared = True

    def __init__(self, per_minute: int, engine: Engine | None = None) -> None:
        self.limit = per_minute
        self._engine = engine
        self._swept_window = -1

    @staticmethod
    @functools.cache
    def _statement(dialect: str):  # noqa: ANN205
        # Built once per dialect and bound per request: building the construct anew cost more CPU
        # than running it (0.3 ms a hit; note issue12-pg-request).
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(_table).values(client=bindparam("client"), window=bindparam("window"), hits=1)
        return stmt.on_conflict_do_update(
            index_elements=[_table.c.client, _table.c.window], set_={"hits": _table.c.hits + 1}
        ).returning(_table.c.hits)

    def _count(self, conn: Connection, client: str, window: int) -> int:
        stmt = self._statement(conn.dialect.name)
        hits = conn.execute(stmt, {"client": client[:80], "window": window}).scalar_one()
        if window != self._swept_window:
            # Once per process and window: earlier windows count for nothing any more.
            conn.execute(delete(_table).where(_table.c.window < window))
            self._swept_window = window
        return hits

    def hit(self, client: str) -> float:
        """Count one request; 0 if allowed, else the seconds until the next window opens."""
        if self.limit <= 0:
            return 0.0
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        engine = self._engine or write_engine()
        # A unit of work of its own, at the HTTP edge, committed before the route runs: the count
        # must stand even when the request then fails.
        if engine.dialect.name == "postgresql":
            # The upsert is atomic alone: in autocommit it is one round trip, not BEGIN, upsert,
            # COMMIT, and the client's row is locked for the statement only, not across three round
            # trips (32 connections of one client queued ~30 ms a request on that lock).
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                hits = self._count(conn, client, window)
        else:
            with engine.begin() as conn:
                hits = self._count(conn, client, window)
        if hits <= self.limit:
            return 0.0
        return float(max(1, math.ceil((window + 1) * WINDOW_SECONDS - now)))


class LocalRateLimiter(RateLimiter):
    shared = False


def limiter_for(settings: Settings) -> Limiter:
    store = settings.rate_limit_store
    if store == "auto":
        store = "memory" if is_sqlite(settings.database_url) else "database"
    if store == "database":
        return SharedRateLimiter(settings.rate_limit_per_minute)
    return LocalRateLimiter(settings.rate_limit_per_minute)
