"""``python -m app ingest PATH``: batch-ingest an NDJSON file or a folder of ``.txt`` files.

Worker processes clean, de-duplicate (read-only lookup) and annotate; the parent is the
single database writer and stores each article with its annotation in one transaction.
Re-running on the same input stores nothing new.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import signal
import sys
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
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


# ---- worker processes: prepare, lookup, annotate ---------------------------------------------


class AnnotationTimeout(Exception):
    pass


def _on_alarm(signum: int, frame: object) -> None:
    raise AnnotationTimeout


def _init_worker() -> None:
    from app import annotator as annotation

    signal.signal(signal.SIGALRM, _on_alarm)
    annotation.load()


def _annotate(p):  # noqa: ANN001, ANN202
    """The annotator under the same time limit as over HTTP: one pathological text must not stall a run."""
    from app.articles import ingest
    from app.core.config import get_settings

    limit = get_settings().annotation_timeout_seconds
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        return ingest.run_annotator(p)
    except AnnotationTimeout:
        detail = f"The article could not be annotated within {limit:g} s; nothing was stored."
        raise ProblemError(422, "annotation-timeout", "Annotation took too long", detail) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _work(items: list[Item]) -> list[tuple]:
    """Runs in a worker. Returns plain tuples (exceptions with custom __init__ do not pickle)."""
    from app.articles import ingest
    from app.articles.schemas import ArticleIn

    out: list[tuple] = []
    for item in items:
        if item.problem:
            out.append(("rejected", item.where, item.problem))
            continue
        try:
            p = ingest.prepare(ArticleIn.model_validate(item.data))
            found = ingest.lookup(p)
            if found:
                out.append(("existing", item.where, found.article.id))
            else:
                out.append(("annotated", item.where, p, _annotate(p)))
        except ProblemError as exc:
            out.append(("rejected", item.where, f"{exc.status} {exc.slug}: {exc.detail}"))
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(part) for part in first["loc"]) or "body"
            out.append(("rejected", item.where, f"422 validation-error: {field}: {first['msg']}"))
        except Exception as exc:  # noqa: BLE001 - e.g. the database is down: report, keep going
            out.append(("failed", item.where, f"{type(exc).__name__}: {exc}"))
    return out


# ---- the parent: single writer ----------------------------------------------------------------


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    while batch := list(islice(items, size)):
        yield batch


def run(path: Path, workers: int, chunk: int) -> int:
    if not path.exists():
        print(f"error: {path} does not exist", file=sys.stderr)
        return 2
    from app.articles import ingest
    from app.core import migrate

    migrate.upgrade()
    workers = workers or os.cpu_count() or 1
    total = count_items(path)
    # Small inputs still spread over every worker.
    chunk = max(1, min(chunk, math.ceil(total / workers)))
    tally: Counter[str] = Counter()
    rejected: list[tuple[str, str]] = []
    bar = tqdm(total=total, unit="article", file=sys.stderr, desc="ingest")

    def record(result: tuple) -> None:
        status, where = result[0], result[1]
        if status == "annotated":
            try:
                status = "created" if ingest.persist(result[2], result[3]).created else "existing"
            except ProblemError as exc:  # e.g. a known URL with another text (409)
                status, result = "rejected", (status, where, f"{exc.status} {exc.slug}: {exc.detail}")
            except Exception as exc:  # noqa: BLE001 - reported, and the exit code says so
                status, result = "failed", (status, where, f"{type(exc).__name__}: {exc}")
        if status in ("rejected", "failed"):
            rejected.append((where, result[2] if status == "rejected" else f"FAILED {result[2]}"))
        tally[status] += 1
        bar.update()

    # spawn, not fork: a forked child would share the parent's database connections.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker) as pool:
        # Results are stored in input order, so which of two clashing lines wins is predictable.
        pending: deque[Future] = deque()
        for batch in _chunks(read_items(path), chunk):
            pending.append(pool.submit(_work, batch))
            while len(pending) > 2 * workers or (pending and pending[0].done()):
                for result in pending.popleft().result():
                    record(result)
        while pending:
            for result in pending.popleft().result():
                record(result)
    bar.close()

    summary = f"created {tally['created']}, existing {tally['existing']}, rejected {tally['rejected']}"
    print(summary + (f", failed {tally['failed']}" if tally["failed"] else ""))
    for where, reason in rejected:
        print(f"  {where}: {reason}")
    return 1 if tally["failed"] else 0
