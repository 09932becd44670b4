"""Statement downloads (app/core/export.py streams them): the list's own query, batch after batch.

CSV columns: COLUMNS; the speaker is flattened into ``speaker_*`` (empty when there is none).
NDJSON: each line is the statement as the list shows it (StatementRead, with ``search`` under q).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic_core import to_json
from sqlalchemy import Row
from sqlmodel import Session

from app.core.export import Export, ExportFormat, Writer, csv_writer, iso_utc, lines_writer
from app.review.service import annotator_ref
from app.statements import repository
from app.statements.repository import StatementFilter
from app.statements.service import searched_statement_record, statement_record

COLUMNS = (
    "id", "kind", "verb", "text", "speaker_id", "speaker_kind", "speaker_name", "speaker_country", "event_id",
    "article_id", "start", "end", "annotator_kind", "annotator", "annotator_version", "confidence",
    "review_state", "created_at",
)  # fmt: skip
TEXT_COLUMNS = tuple(
    COLUMNS.index(c) for c in ("verb", "text", "speaker_name", "annotator", "annotator_version")
)


def csv_cells(s: Row) -> tuple:
    annotator = annotator_ref(s.annotator_kind, s.annotator, s.annotator_version)
    return (
        s.id, s.kind, s.verb, s.text, s.speaker_ref_id, s.speaker_ref_kind, s.speaker_ref_name,
        s.speaker_ref_country, s.event_id, s.article_id, s.start, s.end, annotator["kind"],
        annotator["name"], annotator["version"], float(s.confidence), s.review_state,
        iso_utc(s.created_at),
    )  # fmt: skip


def statement_export(f: StatementFilter) -> Export:
    def fetch(session: Session, after: Sequence[Any] | None, n: int) -> Sequence[Row]:
        return repository.list_statements(session, f, n, after)

    def key(s: Row) -> list[Any]:
        return [s.score, s.id] if f.search is not None else [s.id]

    record = statement_record if f.search is None else searched_statement_record
    return Export(
        "statements",
        {
            ExportFormat.csv: Writer(fetch, key, csv_writer(csv_cells, TEXT_COLUMNS)),
            ExportFormat.ndjson: Writer(fetch, key, lines_writer(lambda s: to_json(record(s)).decode())),
        },
        COLUMNS,
    )


EXAMPLES = {
    "csv": ",".join(COLUMNS) + "\r\n"
    "3,paraphrase,say,the talks were still at an early stage,4,person,Olivier Nduhungirehe,RWA,7,1,160,199,"
    "machine,rules-spacy,0.1.0,0.7,machine,2025-05-05T08:00:00Z\r\n",
    "ndjson": '{"id":3,"kind":"paraphrase","verb":"say","text":"the talks were still at an early stage"}\n',
}
