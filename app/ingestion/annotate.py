"""The server's annotator pool: one per server process, its problems, its readiness, its shutdown.

Every route that annotates calls :func:`annotate_within_limit`; app/main.py starts
the pool (when preloading), drains it on SIGTERM/SIGINT and closes it at shutdown.
"""

from __future__ import annotations

import threading
from datetime import date

import anyio

from app.annotator.types import Annotation
from app.core.config import Settings, get_settings
from app.core.errors import ProblemError
from app.core.readiness import CheckResult
from app.ingestion.pool import AnnotationOverMemory, AnnotationTimeout, AnnotatorPool, AnnotatorUnavailable

# A replacement process loads the model in a few seconds; a client that waits this long
# finds one (or, during a shutdown, another instance behind the load balancer).
RETRY_AFTER_SECONDS = 5

_shared: AnnotatorPool | None = None
_shared_lock = threading.Lock()


def pool_for(settings: Settings, processes: int | None = None) -> AnnotatorPool:
    return AnnotatorPool(
        settings.annotator_processes if processes is None else processes,
        memory_limit_mb=settings.annotator_memory_limit_mb,
        queue_timeout=settings.annotator_queue_timeout_seconds,
    )


def shared_pool() -> AnnotatorPool:
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = pool_for(get_settings())
        return _shared


def close_shared_pool() -> None:
    with _shared_lock:
        if _shared is not None:
            _shared.close()


def in_flight_grace(grace: float) -> float:
    """How long in-flight annotations get after a stop signal: the grace period less a second
    (at least half of it) for answering them, storing results and stopping the processes."""
    return max(grace - 1.0, grace / 2)


def stop_handler(pool: AnnotatorPool, grace: float):  # noqa: ANN201
    """What a stop signal does to the pool: the first drains it, any later one aborts at once."""
    signals = 0

    def on_signal(_sig: int) -> None:
        nonlocal signals
        signals += 1
        pool.drain(in_flight_grace(grace) if signals == 1 else 0.0)

    return on_signal


def timeout_problem(limit: float) -> ProblemError:
    return ProblemError(
        422,
        "annotation-timeout",
        "Annotation took too long",
        f"The article could not be annotated within {limit:g} s; nothing was stored.",
    )


def memory_problem(limit_mb: int) -> ProblemError:
    return ProblemError(
        422,
        "annotation-memory-limit",
        "Annotation needs too much memory",
        f"Annotating this article would take the annotator process over its memory limit of "
        f"{limit_mb} MB; nothing was stored. The process was replaced; other articles are not affected.",
    )


def unavailable_problem(reason: str) -> ProblemError:
    return ProblemError(
        503,
        "annotator-unavailable",
        "Annotator unavailable",
        f"{reason} Nothing was stored; retry in {RETRY_AFTER_SECONDS} s.",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def annotate_in(pool: AnnotatorPool, text: str, published: date | None, title: str | None, limit: float):  # noqa: ANN201
    """Annotate in one of ``pool``'s processes; each failure as its problem document."""
    try:
        return pool.annotate(text, published, title, limit)
    except AnnotationTimeout as exc:
        raise timeout_problem(limit) from exc
    except AnnotationOverMemory as exc:
        raise memory_problem(pool.memory_limit // 2**20) from exc
    except AnnotatorUnavailable as exc:
        raise unavailable_problem(str(exc)) from exc


async def annotate_within_limit(text: str, published: date | None, title: str | None) -> Annotation:
    """Annotate in a child process, killed (not merely abandoned) when over its time or memory limit."""
    limit = get_settings().annotation_timeout_seconds
    return await anyio.to_thread.run_sync(annotate_in, shared_pool(), text, published, title, limit)


def annotator_readiness() -> CheckResult:
    status = shared_pool().status()
    state = status["state"]
    if state == "not started":
        return CheckResult(True, "starts with the first annotation", status)
    if state != "running":
        return CheckResult(False, "the service is shutting down", status)
    if not status["ready"]:
        return CheckResult(
            False,
            f"no annotator process is ready ({status['starting']} of {status['processes']} starting)",
            status,
        )
    return CheckResult(True, None, status)
