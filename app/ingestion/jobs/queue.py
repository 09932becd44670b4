"""Who works on which items.

PostgreSQL: procrastinate (a job queue kept in PostgreSQL itself). POST defers one
procrastinate job per chunk of items *on the same connection, in the same
transaction* that stores the items, so a job is queued exactly when its items
exist; workers on any machine that reaches the database fetch chunks (``FOR UPDATE
SKIP LOCKED``, woken by ``LISTEN/NOTIFY``), retry a chunk whose annotator was
unavailable, and a worker that stops sending heartbeats (SIGKILL, a lost machine)
has its chunks handed to the others (app/ingestion/jobs/worker.py).

SQLite: no queue server and no second machine; the items table is the queue. A
worker claims a chunk of pending items in one ``BEGIN IMMEDIATE`` transaction
(SQLite lets one writer in at a time, so two claims never overlap), marking them
with its host and pid; claims of a process that no longer exists are released
before each claim, and any claim older than ``LEASE`` as a last resort.
"""

from __future__ import annotations

import os
import socket
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.engine import make_url
from sqlmodel import Session

from app.core.tables import utcnow
from app.ingestion.jobs.models import IngestJobItem

TASK = "ingest_chunk"
QUEUE = "ingest"
CHUNK = 20  # items per procrastinate job / per SQLite claim: short enough to spread, long enough to be cheap
LEASE = timedelta(minutes=30)


def conninfo(database_url: str) -> str:
    """The SQLAlchemy URL as a libpq URI for procrastinate's psycopg connector."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def chunks(total: int) -> list[tuple[int, int]]:
    """[first, last] positions of each chunk of a job with ``total`` items."""
    return [(first, min(first + CHUNK, total) - 1) for first in range(0, total, CHUNK)]


def enqueue(session: Session, job_id: int, positions: list[int]) -> None:
    """PostgreSQL: defer a chunk job for the pending ``positions``, inside the caller's transaction."""
    from procrastinate import App, SyncPsycopgConnector

    if not positions:
        return
    first_last = [
        (positions[i], positions[min(i + CHUNK, len(positions)) - 1]) for i in range(0, len(positions), CHUNK)
    ]
    # The connection of the caller's transaction: procrastinate's rows commit (or roll back) with ours.
    dbapi = session.connection().connection.dbapi_connection
    app = App(connector=SyncPsycopgConnector())
    deferrer = app.configure_task(TASK, queue=QUEUE, connection=dbapi)
    deferrer.batch_defer(*({"job_id": job_id, "first": a, "last": b} for a, b in first_last))


def worker_name() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}"


def _alive(claimer: str) -> bool:
    host, _, pid = claimer.rpartition(":")
    if host != socket.gethostname()[:60] or not pid.isdigit():
        return True  # not ours to judge; the lease decides
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def claim(session: Session, me: str, limit: int = CHUNK) -> list[int]:
    """SQLite: take up to ``limit`` pending items (ids) for this worker, in the caller's write transaction."""
    claimers = session.execute(
        select(IngestJobItem.claimed_by)
        .where(IngestJobItem.status == "pending", IngestJobItem.claimed_by.is_not(None))
        .distinct()
    ).scalars()
    gone = [c for c in claimers if c != me and not _alive(c)]
    now = utcnow()
    free = IngestJobItem.claimed_by.is_(None) | (IngestJobItem.claimed_at < now - LEASE)
    if gone:
        free = free | IngestJobItem.claimed_by.in_(gone)
    ids = list(
        session.execute(
            select(IngestJobItem.id)
            .where(IngestJobItem.status == "pending", free)
            .order_by(IngestJobItem.id)
            .limit(limit)
        ).scalars()
    )
    if ids:
        session.execute(
            update(IngestJobItem).where(IngestJobItem.id.in_(ids)).values(claimed_by=me, claimed_at=now)
        )
    return ids


def release(session: Session, item_ids: list[int]) -> None:
    """SQLite: give claimed items back (an annotator unavailable for now, or stopping)."""
    session.execute(
        update(IngestJobItem)
        .where(IngestJobItem.id.in_(item_ids), IngestJobItem.status == "pending")
        .values(claimed_by=None, claimed_at=None)
    )
