"""``python -m app ingest PATH``: batch-ingest an NDJSON file or a folder of ``.txt`` files.

Worker threads clean and de-duplicate (a read-only look-up each) and annotate in
annotator child processes (app/ingestion/pool.py: the same pool, time and memory
limits as over HTTP, one process per worker; an article over a limit stops only its
own process, and one whose process died is tried once more on another). The main
thread is the single database writer and stores each article with its annotation in
one transaction of its own. Re-running on the same input
stores nothing new. SIGINT or SIGTERM stops it between articles: the annotator
processes are killed, what was stored stays whole, and it exits with 130.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from tqdm import tqdm

from app.core.errors import ProblemError

SIDECAR_FIELDS = ("url", "title", "outlet", "published_at", "language", "format")


@dataclass(frozen=True)
class Item:
    where: str  # "file.ndjson:12" or "folder/a.txt": what the report names
    data: dict[str, Any] | None
    problem: str | None = None  # set when the input could not even be read


# ---- reading the input -----------------------------------------------------------------------


def _ndjson(path: Path) -> Iterator[Item]:
    with path.open(encoding="utf-8", errors="surrogateescape") as lines:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"{path.name}:{n}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Item(where, None, f"not valid JSON ({exc.msg})")
                continue
            yield Item(where, data) if isinstance(data, dict) else Item(where, None, "not a JSON object")


def _sidecar(txt: Path) -> dict[str, Any]:
    """Metadata from ``<name>.json``: our fields, `published`, or a gold file's `source.published`."""
    side = txt.with_suffix(".json")
    if not side.exists():
        return {}
    meta = json.loads(side.read_text(encoding="utf-8"))
    if not isinstance(meta, dict):
        raise ValueError("sidecar is not a JSON object")
    out = {k: meta[k] for k in SIDECAR_FIELDS if meta.get(k) is not None}
    published = meta.get("published") or (meta.get("source") or {}).get("published")
    if "published_at" not in out and published:
        out["published_at"] = published
    return out


def _folder(path: Path) -> Iterator[Item]:
    for txt in sorted(path.glob("*.txt")):
        where = str(txt.relative_to(path.parent))
        try:
            text = txt.read_bytes().decode("utf-8")
            yield Item(where, {"text": text, **_sidecar(txt)})
        except UnicodeDecodeError:
            yield Item(where, None, "not UTF-8 text")
        except (ValueError, OSError) as exc:  # JSONDecodeError is a ValueError
            yield Item(where, None, f"bad sidecar {txt.with_suffix('.json').name}: {exc}")


def read_items(path: Path) -> Iterator[Item]:
    return _folder(path) if path.is_dir() else _ndjson(path)


def count_items(path: Path) -> int:
    if path.is_dir():
        return sum(1 for _ in path.glob("*.txt"))
    with path.open("rb") as f:
        return sum(1 for line in f if line.strip())


# ---- worker threads: prepare, look up, annotate (in a child process) -------------------------


class Annotators:
    """The command's annotator pool (app/ingestion/pool.py), one process per worker thread: an
    article over a limit stops only its own process, a dead process is replaced and its
    article tried once more."""

    def __init__(self, workers: int, limit: float) -> None:
        from app.core.config import get_settings
        from app.ingestion.annotate import pool_for

        self.limit = limit
        self.pool = pool_for(get_settings(), processes=workers)

    def annotate(self, text, published, title):  # noqa: ANN001, ANN201
        from app.ingestion.annotate import annotate_in

        return annotate_in(self.pool, text, published, title, self.limit)

    def close(self) -> None:
        self.pool.close()


def _work(item: Item, annotators: Annotators) -> tuple:
    """Runs in a worker thread; its own read-only unit of work for the look-up."""
    from app.core.deps import read_scope
    from app.ingestion import service
    from app.ingestion.schemas import ArticleIn

    if item.problem:
        return ("rejected", item.where, item.problem)
    try:
        p = service.prepare(ArticleIn.model_validate(item.data))
        with read_scope() as session:
            found = service.lookup(session, p)
        if found:
            return ("existing", item.where, found.article.id)
        return ("annotated", item.where, p, annotators.annotate(*service.annotator_args(p)))
    except ProblemError as exc:
        # 5xx: not the article's fault (no annotator process could take it); a re-run retries it.
        status = "failed" if exc.status >= 500 else "rejected"
        return (status, item.where, f"{exc.status} {exc.slug}: {exc.detail}")
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        return ("rejected", item.where, f"422 validation-error: {field}: {first['msg']}")
    except Exception as exc:  # noqa: BLE001 - e.g. the database is down: report, keep going
        return ("failed", item.where, f"{type(exc).__name__}: {exc}")


# ---- the main thread: single writer -----------------------------------------------------------


def run(path: Path, workers: int, chunk: int) -> int:
    if not path.exists():
        print(f"error: {path} does not exist", file=sys.stderr)
        return 2
    from app.core import migrate
    from app.core.config import get_settings
    from app.core.db import session_scope
    from app.ingestion import service

    migrate.upgrade()
    workers = workers or os.cpu_count() or 1
    total = count_items(path)
    tally: Counter[str] = Counter()
    rejected: list[tuple[str, str]] = []
    bar = tqdm(total=total, unit="article", file=sys.stderr, desc="ingest")

    def record(result: tuple) -> None:
        status, where = result[0], result[1]
        if status == "annotated":
            try:
                # This command's unit of work per article: the article and its annotation, or nothing.
                with session_scope(write=True) as session:
                    created = service.persist(session, result[2], result[3]).created
                status = "created" if created else "existing"
            except ProblemError as exc:  # e.g. a known URL with another text (409)
                status, result = "rejected", (status, where, f"{exc.status} {exc.slug}: {exc.detail}")
            except Exception as exc:  # noqa: BLE001 - reported, and the exit code says so
                status, result = "failed", (status, where, f"{type(exc).__name__}: {exc}")
        if status in ("rejected", "failed"):
            rejected.append((where, result[2] if status == "rejected" else f"FAILED {result[2]}"))
        tally[status] += 1
        bar.update()

    annotators = Annotators(workers, get_settings().annotation_timeout_seconds)
    threads = ThreadPoolExecutor(workers, thread_name_prefix="ingest")
    # SIGTERM as Ctrl-C: stop reading, stop the annotator processes, report what was stored.
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    interrupted = False
    try:
        # Results are stored in input order, so which of two clashing lines wins is predictable.
        pending: deque[Future] = deque()
        for item in read_items(path):
            pending.append(threads.submit(_work, item, annotators))
            while len(pending) > workers * max(chunk, 1) or (pending and pending[0].done()):
                record(pending.popleft().result())
        while pending:
            record(pending.popleft().result())
    except KeyboardInterrupt:
        interrupted = True
    finally:
        signal.signal(signal.SIGTERM, previous)
        # First the processes, so that a worker thread waiting on one returns at once.
        annotators.close()
        threads.shutdown(wait=True, cancel_futures=True)
    bar.close()

    summary = f"created {tally['created']}, existing {tally['existing']}, rejected {tally['rejected']}"
    summary += f", failed {tally['failed']}" if tally["failed"] else ""
    print(summary + (f"; interrupted after {sum(tally.values())} of {total}" if interrupted else ""))
    for where, reason in rejected:
        print(f"  {where}: {reason}")
    return 130 if interrupted else 1 if tally["failed"] else 0
