"""Run the annotator in child processes that the server can stop.

A thread cannot be killed: an annotation that overran its limit would go on
using a core (and, behind the spaCy lock, hold up every later one). Children
are terminated instead and a fresh pool starts on the next call. They also let
annotation use every core while the server's own process keeps answering reads.

The one annotation time limit of the service: the HTTP routes
(:func:`annotate_within_limit`) and the batch CLI both go through a pool here.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from datetime import date
from multiprocessing.pool import Pool

import anyio

from app import annotator as annotation
from app.annotator.types import Annotation
from app.core.config import get_settings
from app.core.errors import ProblemError

STARTUP_TIMEOUT = 300.0
WARM_UP = "Officials said on Monday that talks on returns would continue."


class AnnotationTimeout(Exception):
    """The annotator did not finish within the limit; its process was stopped."""


def _annotate(text: str, published: date | None, title: str | None) -> Annotation:
    return annotation.annotate(text, published=published, title=title)


class AnnotatorPool:
    def __init__(self, processes: int = 0) -> None:
        self.processes = processes or os.cpu_count() or 1
        self._pool: Pool | None = None
        self._lock = threading.Lock()

    def _current(self) -> Pool:
        with self._lock:
            if self._pool is None:
                # spawn, not fork: a forked child would inherit the server's sockets and DB connections.
                ctx = multiprocessing.get_context("spawn")
                pool = ctx.Pool(self.processes, initializer=annotation.load)
                # Wait for the children to load the model, so a request's time limit measures
                # annotation only, never start-up.
                warm = [pool.apply_async(_annotate, (WARM_UP, None, None)) for _ in range(self.processes)]
                for w in warm:
                    w.get(STARTUP_TIMEOUT)
                self._pool = pool
            return self._pool

    def start(self) -> None:
        self._current()

    def _discard(self, pool: Pool) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.terminate()

    def annotate(self, text: str, published: date | None, title: str | None, timeout: float) -> Annotation:
        pool = self._current()
        pending = pool.apply_async(_annotate, (text, published, title))
        try:
            return pending.get(timeout)
        except multiprocessing.TimeoutError as exc:
            # Other requests on this pool fail too and are answered with the same problem; a
            # pathological article is rare, a stuck core is worse.
            self._discard(pool)
            raise AnnotationTimeout(f"annotation exceeded {timeout:g} s") from exc

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.terminate()


_shared: AnnotatorPool | None = None
_shared_lock = threading.Lock()


def shared_pool(processes: int = 0) -> AnnotatorPool:
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = AnnotatorPool(processes)
        return _shared


def close_shared_pool() -> None:
    with _shared_lock:
        if _shared is not None:
            _shared.close()


def timeout_problem(limit: float) -> ProblemError:
    return ProblemError(
        422,
        "annotation-timeout",
        "Annotation took too long",
        f"The article could not be annotated within {limit:g} s; nothing was stored.",
    )


async def annotate_within_limit(text: str, published: date | None, title: str | None) -> Annotation:
    """Annotate in a child process, stopped (not merely abandoned) when it overruns the limit."""
    settings = get_settings()
    pool = shared_pool(settings.annotator_processes)
    limit = settings.annotation_timeout_seconds
    try:
        return await anyio.to_thread.run_sync(pool.annotate, text, published, title, limit)
    except AnnotationTimeout as exc:
        raise timeout_problem(limit) from exc
