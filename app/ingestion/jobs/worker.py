"""`python -m app worker`: annotate the items of ingestion jobs, on any machine that reaches the database.

The worker holds an annotator pool (app/ingestion/pool.py) of ``concurrency``
processes, the same supervised pool as the server's, with the same time and memory
limits, and works on that many chunks at once.

PostgreSQL: a procrastinate worker on the ``ingest`` queue. It sends a heartbeat
every ``HEARTBEAT`` seconds; every worker also looks, every few seconds, for chunks
held by workers whose heartbeat is older than ``STALLED_AFTER`` (killed, frozen,
their machine gone) and hands them back to the queue, so a SIGKILLed worker's work
resumes within seconds on any other worker, or on itself once restarted.

SQLite: threads that claim chunks of pending items (app/ingestion/jobs/queue.py)
until stopped; SIGTERM/SIGINT stop them after the item at hand.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
import time

from app.core.config import get_settings
from app.core.db import is_sqlite, session_scope
from app.ingestion.annotate import annotate_in, pool_for
from app.ingestion.jobs import queue, work
from app.ingestion.pool import AnnotatorPool

log = logging.getLogger("app.ingestion.worker")
HEARTBEAT = 2.0
STALLED_AFTER = 8.0
RECOVER_EVERY = 3.0
IDLE_POLL = 0.5  # SQLite: how often an idle worker looks for new items


def _annotator(pool: AnnotatorPool, limit: float) -> work.Annotate:
    def annotate(text, published, title):  # noqa: ANN001, ANN202
        return annotate_in(pool, text, published, title, limit)

    return annotate


def run(concurrency: int, stop_when_idle: bool = False) -> int:
    settings = get_settings()
    size = concurrency or len(os.sched_getaffinity(0))
    pool = pool_for(settings, processes=size)
    annotate = _annotator(pool, settings.annotation_timeout_seconds)
    try:
        pool.start()
        if is_sqlite(settings.database_url):
            return _run_sqlite(size, annotate, stop_when_idle)
        return asyncio.run(_run_postgres(settings.database_url, size, annotate, stop_when_idle))
    finally:
        pool.close()


# ---- PostgreSQL: procrastinate ------------------------------------------------------------------


async def _recover_stalled(app) -> None:  # noqa: ANN001
    while True:
        try:
            for job in await app.job_manager.get_stalled_jobs(
                queue=queue.QUEUE, seconds_since_heartbeat=STALLED_AFTER
            ):
                log.warning("retrying a chunk of a stalled worker", extra={"job": job.id})
                await app.job_manager.retry_job(job)
        except Exception:  # a database blip: try again next round
            log.exception("stalled-chunk recovery failed")
        await asyncio.sleep(RECOVER_EVERY)


async def _run_postgres(url: str, size: int, annotate: work.Annotate, stop_when_idle: bool) -> int:
    from procrastinate import App, PsycopgConnector, RetryStrategy

    app = App(connector=PsycopgConnector(conninfo=queue.conninfo(url)))

    @app.task(
        name=queue.TASK,
        queue=queue.QUEUE,
        # An annotator unavailable for now (RetryLater), or the database gone for a moment: the
        # chunk is tried again later; its items already done are skipped.
        retry=RetryStrategy(max_attempts=20, wait=5),
    )
    def ingest_chunk(job_id: int, first: int, last: int) -> None:
        work.run_items(work.chunk_items(job_id, first, last), annotate)

    async with app.open_async():
        recovery = asyncio.create_task(_recover_stalled(app))
        try:
            await app.run_worker_async(
                queues=[queue.QUEUE],
                concurrency=size,
                name=f"ingest-{queue.worker_name()}",
                wait=not stop_when_idle,
                update_heartbeat_interval=HEARTBEAT,
                stalled_worker_timeout=STALLED_AFTER,
                delete_jobs="successful",
            )
        finally:
            recovery.cancel()
    return 0


# ---- SQLite: claim from the items table ---------------------------------------------------------


def _run_sqlite(size: int, annotate: work.Annotate, stop_when_idle: bool) -> int:
    stop = threading.Event()
    me = queue.worker_name()

    def on_signal(_sig, _frame) -> None:  # noqa: ANN001
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)

    def loop() -> None:
        while not stop.is_set():
            with session_scope(write=True) as session:
                ids = queue.claim(session, me)
            if not ids:
                if stop_when_idle:
                    return
                stop.wait(IDLE_POLL)
                continue
            for n, item_id in enumerate(ids):
                try:
                    if stop.is_set():
                        raise work.RetryLater("stopping")
                    work.process_item(item_id, annotate)
                except work.RetryLater:
                    with session_scope(write=True) as session:
                        queue.release(session, ids[n:])
                    if stop.is_set():
                        return
                    time.sleep(1)
                    break

    threads = [threading.Thread(target=loop, name=f"ingest-{i}") for i in range(size)]
    for t in threads:
        t.start()
    for t in threads:
        while t.is_alive():
            t.join(0.5)
    return 0
