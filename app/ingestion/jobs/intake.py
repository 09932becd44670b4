"""POST /v1/ingest-jobs: the stream is read to the end, then stored whole or not at all.

The body is spooled to a temporary file as it arrives (memory stays bounded; the
body cap is ``MAX_JOB_BODY_BYTES``), then read line by line: each non-blank line is
one article. A line that is not JSON, or not an article, becomes a rejected item
with its problem document (the job goes on); more than ``MAX_JOB_ITEMS`` articles is
a 413 and nothing is stored. Job, items and (on PostgreSQL) their queue entries are
written in one transaction, so a job either exists with all its items queued, or
does not exist.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import IO

from pydantic import ValidationError
from sqlalchemy import insert
from sqlmodel import Session

from app.core.db import is_sqlite
from app.core.errors import PROBLEM_BASE, Problem, ProblemError
from app.ingestion.jobs import queue
from app.ingestion.jobs.models import IngestJob, IngestJobItem
from app.ingestion.problems import item_problem
from app.ingestion.schemas import ArticleIn

INSERT_BATCH = 2_000


@dataclass
class ParsedStream:
    rows: list[dict] = field(default_factory=list)  # IngestJobItem columns, in stream order
    pending: list[int] = field(default_factory=list)  # positions of valid articles


def _line_problem(line: int, detail: str) -> str:
    problem = Problem(
        type=PROBLEM_BASE + "validation-error",
        title="Invalid request",
        status=422,
        detail=f"line {line}: {detail}",
    )
    return problem.model_dump_json(exclude_none=True)


def parse(stream: IO[bytes], max_items: int) -> ParsedStream:
    out = ParsedStream()
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        position = len(out.rows)
        if position >= max_items:
            raise ProblemError(
                413,
                "job-too-large",
                "Payload Too Large",
                f"The stream has more than {max_items} articles; post it as several jobs.",
            )
        row = {"position": position, "line": number, "payload": None, "status": "rejected", "problem": None}
        try:
            text = raw.decode("utf-8")
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError("an article is a JSON object")
            ArticleIn.model_validate(data)
        except UnicodeDecodeError:
            row["problem"] = _line_problem(number, "not valid UTF-8")
        except (json.JSONDecodeError, RecursionError):
            row["problem"] = _line_problem(number, "not valid JSON")
        except ValidationError as exc:
            problem = item_problem(exc)
            problem.detail = f"line {number}: {problem.detail}"
            row["problem"] = problem.model_dump_json(exclude_none=True)
        except ValueError as exc:
            row["problem"] = _line_problem(number, str(exc))
        else:
            row.update(payload=text.strip(), status="pending")
            out.pending.append(position)
        out.rows.append(row)
    if not out.rows:
        raise ProblemError(422, "validation-error", "Invalid request", "The stream has no articles.")
    return out


def store(session: Session, parsed: ParsedStream, created_by: str) -> IngestJob:
    """Job, items and queue entries in the caller's write transaction."""
    job = IngestJob(created_by=created_by, total=len(parsed.rows))
    if not parsed.pending:
        from app.core.tables import utcnow

        job.finished_at = utcnow()
    session.add(job)
    session.flush()
    for start in range(0, len(parsed.rows), INSERT_BATCH):
        batch = [{**row, "job_id": job.id} for row in parsed.rows[start : start + INSERT_BATCH]]
        session.execute(insert(IngestJobItem), batch)
    if not is_sqlite(str(session.get_bind().url)):
        queue.enqueue(session, job.id, parsed.pending)
    return job
