"""Whole lists as downloads (CSV, NDJSON, PLOVER-style JSONL), streamed in keyset batches.

A resource describes its export once, as an :class:`Export`: for each format it offers, how to
fetch the batch after a keyset position, the key of a row, and how to write a batch of rows. This
module does the rest: the format (``format=``, else the ``Accept`` header), the headers, the stream.

Memory stays flat whatever the size of the list: the body is made one batch at a time
(``MIGEVENTS_EXPORT_BATCH_ROWS`` rows, 1,000 by default), each read in a short read-only unit of
work of its own. Between two chunks the server holds no connection, no transaction and no rows, so a
slow reader holds back only the producer (uvicorn stops taking chunks while its write buffer is
full), and a client that goes away leaves nothing behind: Starlette cancels the body, the generator
is closed (``_stream``'s ``finally``), and the log line ``export`` says how far it got.

Batches are keyset pages, not one snapshot: a row present for the whole download is written exactly
once; one added or removed meanwhile appears or not depending on where the stream is.

The first batch is read before the answer starts, so whatever can go wrong with the query is still a
problem document; a failure after that cuts the chunked body short (no final chunk), which every
HTTP client reports as an error rather than a complete file.

CSV is RFC 4180 as Python's csv module writes it (comma, CRLF, fields with a comma, quote or line
break quoted, quotes doubled), UTF-8, optionally after a byte order mark (``bom=true``) for
spreadsheets that otherwise guess the encoding. Text cells a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

import anyio
from fastapi import Query, Request
from fastapi.responses import StreamingResponse
from pydantic_core import to_json
from sqlmodel import Session

from app.core.config import get_settings
from app.core.deps import read_scope
from app.core.errors import PROBLEM_MEDIA_TYPE, ProblemError, invalid

log = logging.getLogger("app.export")

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Several values in one CSV cell (participants, countries, aliases) are joined by this character;
# one inside a value is written \| and a backslash \\ (see list_cell).
LIST_SEPARATOR = "|"


class ExportFormat(StrEnum):
    """`csv` (RFC 4180, one row per record), `ndjson` (one JSON record per line, the list's item
    shape), `plover` (events and stories: one PLOVER-style JSON object per line)."""

    csv = "csv"
    ndjson = "ndjson"
    plover = "plover"


class TableFormat(StrEnum):
    """`csv` (RFC 4180, one row per record) or `ndjson` (one JSON record per line, the list's item shape)."""

    csv = "csv"
    ndjson = "ndjson"


PLOVER_MEDIA_TYPE = "application/vnd.migevents.plover+jsonl"
# In a PLOVER-style line, the service's own record sits whole under this key, beside PLOVER's fields.
NAMESPACE_KEY = "migevents"
MEDIA_TYPES = {
    ExportFormat.csv: "text/csv",
    ExportFormat.ndjson: "application/x-ndjson",
    ExportFormat.plover: PLOVER_MEDIA_TYPE,
}
# Other names clients use for the same formats, accepted in Accept (answered with the main one).
_ALSO_ACCEPTED = {
    "application/csv": ExportFormat.csv,
    "application/ndjson": ExportFormat.ndjson,
    "application/jsonl": ExportFormat.ndjson,
    "application/jsonlines": ExportFormat.ndjson,
}
_EXTENSIONS = {ExportFormat.csv: "csv", ExportFormat.ndjson: "ndjson", ExportFormat.plover: "plover.jsonl"}
_MAX_MEDIA_RANGES = 64

BomParam = Annotated[
    bool,
    Query(description="CSV only: start with a UTF-8 byte order mark, for spreadsheets that need one."),
]


def format_param(formats: type[StrEnum]):  # noqa: ANN201 - an Annotated type for a route parameter
    names = ", ".join(f"`{f.value}`" for f in formats)
    return Annotated[
        formats | None,
        Query(
            alias="format",
            description=f"{names}. Overrides `Accept`; without either the answer is CSV.",
            examples=[next(iter(formats)).value],
        ),
    ]


@dataclass(frozen=True)
class Writer:
    """How one resource writes one format: fetch the batch after a key, the key of a row, the text of a
    batch. ``fetch(session, after, n)`` returns at most ``n`` rows in the list's order."""

    fetch: Callable[[Session, Sequence[Any] | None, int], Sequence[Any]]
    key: Callable[[Any], Sequence[Any]]
    write: Callable[[Sequence[Any]], str]


@dataclass(frozen=True)
class Export:
    name: str  # the file name's stem and the log's resource
    writers: Mapping[ExportFormat, Writer]
    csv_header: Sequence[str] = ()


# --- choosing the format ------------------------------------------------------------------------


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    """(media range, q) for each element of an Accept header; ranges with a malformed q are dropped."""
    out = []
    for element in accept.split(",")[:_MAX_MEDIA_RANGES]:
        media, *params = (p.strip() for p in element.split(";"))
        q = 1.0
        for p in params:
            name, _, value = p.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = -1.0
        if media and 0.0 <= q <= 1.0:
            out.append((media.lower(), q))
    return out


def _quality(fmt: ExportFormat, ranges: list[tuple[str, float]]) -> float:
    """The q the most specific matching range gives ``fmt`` (RFC 9110 section 12.5.1); 0 if none."""
    main = MEDIA_TYPES[fmt]
    names = {main} | {m for m, f in _ALSO_ACCEPTED.items() if f is fmt}
    best, best_specificity = 0.0, 0
    for media, q in ranges:
        if media in names:
            specificity = 3
        elif media == main.split("/")[0] + "/*":
            specificity = 2
        elif media == "*/*":
            specificity = 1
        else:
            continue
        if specificity > best_specificity or (specificity == best_specificity and q > best):
            best, best_specificity = q, specificity
    return best


def choose_format(given: StrEnum | None, accept: str | None, export: Export) -> ExportFormat:
    """``format=`` when given; else the offered format the Accept header likes best (ties: the order
    offered, CSV first); CSV without an Accept header. A header that accepts none is a 406."""
    offered = list(export.writers)
    if given is not None:
        return ExportFormat(given.value)
    if not accept or not accept.strip():
        return offered[0]
    ranges = _media_ranges(accept)
    scored = [(_quality(f, ranges), -i, f) for i, f in enumerate(offered)]
    q, _, best = max(scored)
    if q <= 0:
        media = ", ".join(MEDIA_TYPES[f] for f in offered)
        raise ProblemError(
            406,
            "not-acceptable",
            "Not Acceptable",
            f"This export is available as {media}: accept one of them, or ask with format= "
            f"({', '.join(f.value for f in offered)}).",
        )
    return best


def check_bom(bom: bool, fmt: ExportFormat) -> None:
    if bom and fmt is not ExportFormat.csv:
        raise invalid("bom", f"a byte order mark is for CSV only (this answer is {fmt.value})")


# --- writing --------------------------------------------------------------------------------------


def safe_cell(value: str | None) -> str | None:
    """A text cell a spreadsheet shows as text, never runs as a formula."""
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def iso_utc(value: datetime | None) -> str | None:
    """A timestamp as the JSON answers write it: UTC, ``Z``."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value is not None else None


def list_cell(values: Sequence[str]) -> str:
    """Several values in one cell: joined by ``|``, with ``\\`` and ``|`` inside a value escaped."""
    return LIST_SEPARATOR.join(v.replace("\\", "\\\\").replace("|", "\\|") for v in values)


def csv_writer(
    row: Callable[[Any], Sequence[Any]], text_columns: Sequence[int]
) -> Callable[[Sequence[Any]], str]:
    """A batch writer: ``row`` gives a record's cells in header order; ``text_columns`` are the
    positions of free-text cells, the only ones that can start like a formula (ids, enums, dates and
    numbers cannot), so the only ones guarded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    guarded = tuple(text_columns)

    def write(rows: Sequence[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        out = []
        for r in rows:
            cells = list(row(r))
            for i in guarded:
                v = cells[i]
                if v and v.startswith(FORMULA_STARTS):
                    cells[i] = "'" + v
            out.append(cells)
        writer.writerows(out)
        return buffer.getvalue()

    return write


def lines_writer(line: Callable[[Any], str]) -> Callable[[Sequence[Any]], str]:
    """A batch writer for one JSON document per line (NDJSON / JSON Lines: LF after each)."""

    def write(rows: Sequence[Any]) -> str:
        return "".join([line(r) + "\n" for r in rows])

    return write


def namespaced_line(fields: Mapping[str, Any], ours: str) -> str:
    """One JSON object: ``fields`` (at least one), then ``ours`` (a JSON document already, written as
    it is rather than parsed and dumped again) under NAMESPACE_KEY."""
    if not fields:
        raise ValueError("a namespaced line needs fields of its own")
    return f'{to_json(fields).decode()[:-1]},"{NAMESPACE_KEY}":{ours}}}'  # one copy of ``ours``, not three


def _header_line(columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(columns)
    return buffer.getvalue()


# --- streaming ------------------------------------------------------------------------------------


def _batch(writer: Writer, after: Sequence[Any] | None, size: int) -> Sequence[Any]:
    with read_scope() as session:
        return writer.fetch(session, after, size)


def _chunks(
    export: Export, fmt: ExportFormat, bom: bool, first: Sequence[Any], size: int, progress: dict[str, Any]
) -> Iterator[bytes]:
    writer = export.writers[fmt]
    head = (BOM if bom else "") + (_header_line(export.csv_header) if fmt is ExportFormat.csv else "")
    rows = first
    while True:
        text = head + (writer.write(rows) if rows else "")
        head = ""
        progress["rows"] += len(rows)
        progress["batches"] += 1
        if text:
            yield text.encode()
        if len(rows) < size:
            progress["complete"] = True
            return
        rows = _batch(writer, writer.key(rows[-1]), size)


async def _stream(chunks: Iterator[bytes], progress: dict[str, Any]) -> AsyncIterator[bytes]:
    """Each chunk made on a worker thread; the generator closed, and the export logged, however the
    stream ends: finished, failed, or cancelled because the client went away."""
    done = object()
    try:
        while True:
            chunk = await anyio.to_thread.run_sync(next, chunks, done)
            if chunk is done:
                return
            yield chunk  # type: ignore[misc]
    finally:
        chunks.close()  # type: ignore[attr-defined]  # between two chunks: nothing to release but the frame
        seconds = round(time.perf_counter() - progress.pop("started"), 3)
        log.info("export", extra={**progress, "seconds": seconds})


def export_response(request: Request, export: Export, fmt: ExportFormat, bom: bool) -> StreamingResponse:
    """The download. Called on the route's worker thread: the first batch is read here."""
    for paging in ("limit", "cursor"):
        if paging in request.query_params:
            # Silently ignored, a `limit` would hand a client the whole list when it asked for a part.
            raise invalid(paging, "an export is the whole list: it takes no limit or cursor (filter it)")
    check_bom(bom, fmt)
    media = MEDIA_TYPES[fmt] + ("; charset=utf-8; header=present" if fmt is ExportFormat.csv else "")
    headers = {
        "Content-Disposition": f'attachment; filename="{export.name}.{_EXTENSIONS[fmt]}"',
        "Vary": "Accept",
        "Cache-Control": "no-store",
    }
    if getattr(request.state, "head", False):
        return StreamingResponse(iter(()), media_type=media, headers=headers)  # HEAD: the headers only
    batch_rows = get_settings().export_batch_rows
    writer = export.writers[fmt]
    first = _batch(writer, None, batch_rows)
    progress: dict[str, Any] = {
        "resource": export.name,
        "format": fmt.value,
        "rows": 0,
        "batches": 0,
        "complete": False,
        "started": time.perf_counter(),
    }
    body = _stream(_chunks(export, fmt, bom, first, batch_rows, progress), progress)
    return StreamingResponse(body, media_type=media, headers=headers)


# --- the contract ----------------------------------------------------------------------------------


def export_responses(formats: type[StrEnum], examples: Mapping[str, str]) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for an export route: the 200's media types with an example each, and 406."""
    content = {
        MEDIA_TYPES[ExportFormat(f.value)]: {"schema": {"type": "string"}, "example": examples[f.value]}
        for f in formats
    }
    return {
        200: {
            "description": "The whole list, streamed (chunked), as an attachment: "
            + ", ".join(f"`{MEDIA_TYPES[ExportFormat(f.value)]}` (`format={f.value}`)" for f in formats)
            + ".",
            "content": content,
            "headers": {
                "Content-Disposition": {
                    "description": "`attachment` with the file name.",
                    "schema": {"type": "string"},
                }
            },
        },
        406: {
            "description": "Not Acceptable: the Accept header names none of the formats offered.",
            "content": {PROBLEM_MEDIA_TYPE: {}},
        },
    }
