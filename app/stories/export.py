"""Story downloads (app/core/export.py streams them): the list's own query, batch after batch.

CSV: one row per story, COLUMNS in order. ``plover_code`` is the type's PLOVER code, as in the events
export (empty for policy_change and ruling). Participants are flattened by role as the events export
does: ``actor_*`` and ``recipient_*``, each four parallel lists (ids, names, kinds, countries) in actor
id order (an actor without a country leaves its place empty); ``countries`` sorted; ``article_ids`` the
articles that report it and ``event_ids`` its reports (events), ascending. Lists are joined by ``|``
(``\\|`` / ``\\\\`` inside a name); ``first_reported`` / ``last_reported`` are UTC with ``Z``.

NDJSON: each line is the story exactly as the list shows it (StoryRead).

PLOVER-style JSONL: PLOVER's fields as the events export writes them (``event_type`` the PLOVER code of
the story's type, ``actor`` / ``recipient`` chosen among its participants by the same rule), with
``event_id`` ``migevents-story-<id>`` (not an event's id), ``event_date`` the story's earliest date,
``country`` its countries, ``text`` null (a story is many reports: each sentence is on its events) and
``source`` its articles; our whole story under ``migevents``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from pydantic_core import to_json
from sqlalchemy import Row
from sqlmodel import Session

from app.core.export import (
    Export,
    ExportFormat,
    Writer,
    csv_writer,
    iso_utc,
    lines_writer,
    list_cell,
    namespaced_line,
)
from app.events.export import PLOVER_CODES, PLOVER_CONTEXT, plover_date, plover_people
from app.stories import service, store
from app.stories.store import StoryFilter

COLUMNS = (
    "id", "type", "plover_code", "date", "date_precision", "first_reported", "last_reported",
    "article_count", "mention_count", "countries",
    "actor_ids", "actor_names", "actor_kinds", "actor_countries",
    "recipient_ids", "recipient_names", "recipient_kinds", "recipient_countries",
    "article_ids", "event_ids",
)  # fmt: skip
# Free text, and so the only cells that could start like a formula (names; the rest are ids, enums,
# dates, numbers and ISO codes).
TEXT_COLUMNS = tuple(COLUMNS.index(c) for c in ("actor_names", "recipient_names"))


class StoryItem(NamedTuple):
    row: Row  # the story table's row: its raw date and id are the keyset position
    record: dict[str, Any]  # the story as the list shows it
    members: Sequence[Row]  # its events (id, article_id); empty when the format needs none


def _people(record: dict[str, Any], role: str) -> list[str]:
    people = [p["actor"] for p in record["participants"] if p["role"] == role]
    return [
        "|".join(str(a["id"]) for a in people),
        list_cell([a["name"] for a in people]),
        "|".join(a["kind"] for a in people),
        "|".join(a["country"] or "" for a in people),
    ]


def _article_ids(item: StoryItem) -> list[int]:
    return sorted({m.article_id for m in item.members})


def csv_cells(item: StoryItem) -> list[Any]:
    s = item.record
    return [
        s["id"], s["type"], PLOVER_CODES.get(s["type"]), s["date"], s["date_precision"],
        iso_utc(s["first_reported"]), iso_utc(s["last_reported"]), s["article_count"], s["mention_count"],
        "|".join(s["countries"]), *_people(s, "actor"), *_people(s, "recipient"),
        "|".join(map(str, _article_ids(item))), "|".join(str(m.id) for m in item.members),
    ]  # fmt: skip


def plover_line(item: StoryItem) -> str:
    s = item.record
    line = {
        "event_id": f"migevents-story-{s['id']}",
        "event_date": plover_date(item.row.date),
        "event_type": PLOVER_CODES.get(s["type"]),
        "event_mode": None,
        "context": PLOVER_CONTEXT,
        **plover_people(s["participants"]),
        "country": s["countries"],
        "text": None,
        "source": {"article_ids": _article_ids(item), "url": s["links"]["articles"]},
    }
    return namespaced_line(line, to_json(s).decode())


def story_export(f: StoryFilter, sort: str) -> Export:
    """The download of the stories ``f`` selects, in the list's ``sort`` order."""
    by_date = sort.lstrip("-") == "date"

    def fetcher(with_members: bool):  # noqa: ANN202
        def fetch(session: Session, after: Sequence[Any] | None, n: int) -> list[StoryItem]:
            rows = store.list_stories(session, f, sort, n, after)
            records = service.story_records(session, rows)
            members = store.members_of(session, [r.id for r in rows]) if with_members else {}
            return [StoryItem(r, rec, members.get(r.id, ())) for r, rec in zip(rows, records, strict=True)]

        return fetch

    def key(item: StoryItem) -> list[Any]:
        return [item.row.date, item.row.id] if by_date else [item.row.id]

    full = fetcher(with_members=True)
    return Export(
        "stories",
        {
            ExportFormat.csv: Writer(full, key, csv_writer(csv_cells, TEXT_COLUMNS)),
            ExportFormat.ndjson: Writer(
                fetcher(with_members=False), key, lines_writer(lambda i: to_json(i.record).decode())
            ),
            ExportFormat.plover: Writer(full, key, lines_writer(plover_line)),
        },
        COLUMNS,
    )


EXAMPLES = {
    "csv": ",".join(COLUMNS) + "\r\n"
    "1,removal,COERCE,2025-07-15,day,2025-07-16T00:00:00Z,2025-08-20T00:00:00Z,5,5,SWZ|USA,2,United States,"
    "country,USA,3,Eswatini,country,SWZ,4|9|12|15|21,8|19|27|33|48\r\n",
    "ndjson": '{"id":1,"type":"removal","date":"2025-07-15","date_precision":"day",'
    '"first_reported":"2025-07-16T00:00:00Z",...}\n',
    "plover": '{"event_id":"migevents-story-1","event_date":"2025-07-15","event_type":"COERCE",'
    '"event_mode":null,"context":["migration"],"actor":"United States","actor_country":"USA",'
    '"recipient":"Eswatini","recipient_country":"SWZ","country":["SWZ","USA"],"text":null,'
    '"source":{"article_ids":[4,9,12,15,21],"url":"/v1/stories/1/articles"},'
    '"migevents":{"id":1,"type":"removal",...}}\n',
}
