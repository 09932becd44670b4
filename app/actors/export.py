"""Actor downloads (app/core/export.py streams them): the list's own query, batch after batch.

CSV columns: COLUMNS; ``aliases`` is every surface form joined by ``|`` (escaped as in events).
NDJSON: each line is the actor as the list shows it (ActorRead).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic_core import to_json
from sqlalchemy import Row
from sqlmodel import Session

from app.actors import repository
from app.actors.repository import ActorFilter
from app.actors.service import actor_record
from app.core.export import Export, ExportFormat, Writer, csv_writer, iso_utc, lines_writer, list_cell

COLUMNS = ("id", "kind", "name", "country", "title", "aliases", "created_at")
TEXT_COLUMNS = (2, 4, 5)


def csv_cells(a: Row) -> tuple:
    return (a.id, a.kind, a.name, a.country, a.title, list_cell(a.aliases or []), iso_utc(a.created_at))


def actor_export(f: ActorFilter) -> Export:
    def fetch(session: Session, after: Sequence[Any] | None, n: int) -> Sequence[Row]:
        return repository.list_actors(session, f, n, after)

    def key(a: Row) -> list[int]:
        return [a.id]

    return Export(
        "actors",
        {
            ExportFormat.csv: Writer(fetch, key, csv_writer(csv_cells, TEXT_COLUMNS)),
            ExportFormat.ndjson: Writer(
                fetch, key, lines_writer(lambda a: to_json(actor_record(a)).decode())
            ),
        },
        COLUMNS,
    )


EXAMPLES = {
    "csv": ",".join(COLUMNS) + "\r\n"
    "4,person,Olivier Nduhungirehe,RWA,Foreign Minister,Olivier Nduhungirehe|Nduhungirehe,"
    "2025-05-05T08:00:00Z\r\n",
    "ndjson": '{"id":4,"kind":"person","name":"Olivier Nduhungirehe","country":"RWA",...}\n',
}
