"""Event downloads (app/core/export.py does the streaming): the list's own query, batch after batch.

CSV: one row per event, COLUMNS in order. ``plover_code`` is the type's PLOVER code (ANNOTATION.md;
empty for policy_change and ruling). Participants are flattened by role: ``actor_*`` for role
`actor`, ``recipient_*`` for role `recipient`, each four parallel lists (ids, names, kinds,
countries) in actor id order, so the n-th name goes with the n-th id; ``countries`` likewise. Lists
are joined by ``|`` (a ``|`` or ``\\`` inside a name is written ``\\|`` / ``\\\\``); an actor without
a country leaves its place empty (``RWA||USA``). The database writes each line (quoting and formula
guard included, the bytes csv.writer would write) when the event is written, and the read model keeps
it (event_csv, app/events/csv_lines.py), so an export reads stored lines and Python only prints
``confidence`` and joins.

NDJSON: each line is the event exactly as the list shows it (EventRead, with ``search`` under q).

PLOVER-style JSONL: each line has PLOVER's fields (``event_id``, ``event_date``, ``event_type``
= the PLOVER code or null, ``event_mode``, ``context``, ``actor`` / ``actor_country`` and
``recipient`` / ``recipient_country``, ``country``, ``text``, ``source``) and our whole record
under ``migevents``. PLOVER's actor and recipient are single: the first participant of each role
(by actor id); an event whose participants are all actors (talks, agreements: every party is an
actor) gives its second actor as the recipient, as PLOVER writes a dyad.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from pydantic_core import from_json
from sqlalchemy import Connection, Row, Select, TextClause, bindparam, literal_column, select, text
from sqlmodel import Session

from app.core.export import Export, ExportFormat, Writer, lines_writer, namespaced_line
from app.events import repository
from app.events.csv_lines import COLUMNS, PLOVER_CODES, lines_select
from app.events.documents import documents_query
from app.events.models import EventCsv
from app.events.repository import EventFilter
from app.events.service import sort_key, with_search

PLOVER_CONTEXT = ["migration"]
EVENT_CSV = EventCsv.__table__


@lru_cache(maxsize=256)
def flat_query(page: Select, dialect: str, order_by_date: bool, descending: bool, ranked: bool) -> Select:
    """(head, confidence, tail) of each row of ``page``'s stored CSV line (the read model, event_csv: a
    primary-key probe per row), in page order, then the row's sort key (id, date, score). ``head`` is null
    for an event without a stored line (``with_missing_lines``)."""
    p = page.subquery("p")
    stored = EVENT_CSV.alias("l")
    keys = [p.c.id.label("key_id"), literal_column("p.date").label("key_date")]
    if ranked:
        keys.append(p.c.score.label("key_score"))
    stmt = select(stored.c.head, literal_column("p.confidence * 1.0"), stored.c.tail, *keys).select_from(
        p.outerjoin(stored, stored.c.event_id == p.c.id)
    )
    if ranked:
        return stmt.order_by(p.c.score.desc(), p.c.id)
    cols = [p.c.date, p.c.id] if order_by_date else [p.c.id]
    return stmt.order_by(*[col.desc() if descending else col.asc() for col in cols])


@lru_cache(maxsize=2)
def _render_lines(dialect: str) -> TextClause:
    return text(lines_select(dialect, "e.id IN :ids", ordered=False)).bindparams(
        bindparam("ids", expanding=True)
    )


def with_missing_lines(conn: Connection, rows: Sequence[Row], dialect: str) -> Sequence[Row | tuple]:
    """``rows`` with the line of an event that has none stored (rows written around the unit of work)
    rendered now, by the expression the read model stores, so no event is ever left out. In a second
    statement, not as a fallback inside ``flat_query``: PostgreSQL would plan that render for every batch
    (~4-8 ms a batch of 1,000, more than the batch's reads). The caller reads both in one snapshot."""
    missing = [r[3] for r in rows if r[0] is None]
    if not missing:
        return rows
    fresh = {i: (head, tail) for i, head, tail in conn.execute(_render_lines(dialect), {"ids": missing})}
    return [r if r[0] is not None else (fresh[r[3]][0], r[1], fresh[r[3]][1], *r[3:]) for r in rows]


def write_csv_lines(rows: Sequence[Row]) -> str:
    """A batch of flat rows as CSV text: the database wrote all but ``confidence``."""
    return "".join([h + ("" if c is None else repr(c)) + t for h, c, t, *_ in rows])


def _flat_key(sort: str):  # noqa: ANN202
    # By position: a row may be a tuple (with_missing_lines). (head, confidence, tail, id, date[, score])
    base = sort.lstrip("-")
    if base == "rank":
        return lambda r: [r[5], r[3]]
    if base == "date":
        return lambda r: [r[4], r[3]]
    return lambda r: [r[3]]


def plover_people(participants: Sequence[dict[str, Any]]) -> dict[str, str | None]:
    """PLOVER's single actor and recipient from a record's participants (``{"actor", "role"}``, in actor
    id order): the first of each role; with no recipient, a second actor (a dyad of parties)."""
    actors: list[dict[str, Any]] = []
    target = None
    for p in participants:  # one pass (the export calls this for every event)
        role = p["role"]
        if role == "actor":
            actors.append(p["actor"])
        elif role == "recipient" and target is None:
            target = p["actor"]
    source = actors[0] if actors else None
    if target is None and len(actors) > 1:
        target = actors[1]
    return {
        "actor": source["name"] if source else None,
        "actor_country": source["country"] if source else None,
        "recipient": target["name"] if target else None,
        "recipient_country": target["country"] if target else None,
    }


def plover_date(raw_date: date | str) -> str:
    """PLOVER's ``event_date``: the stored date (a month's or a year's first day when no finer)."""
    return raw_date.isoformat() if isinstance(raw_date, date) else str(raw_date)


# The members of the stored document (EventRead, in its order) a PLOVER line reads, and where to cut the
# document so that only they are parsed: from its start to policy_area (id, type), then from countries to
# annotator (countries, participants, evidence). Parsing the whole document was half the line's CPU. A
# marker can only match the member itself: inside a JSON string every '"' is escaped, so ',"' is structure,
# and no nested object has these keys. A document not cut as expected is parsed whole.
_CUTS = (',"policy_area":', ',"countries":', ',"annotator":')
_READ = frozenset({"id", "type", "countries", "participants", "evidence"})


def _plover_members(doc: str) -> dict[str, Any]:
    a = doc.find(_CUTS[0])
    b = doc.find(_CUTS[1], a)
    c = doc.find(_CUTS[2], b)
    if a > 0 and b > a and c > b:
        members = from_json(doc[:a] + doc[b:c] + "}")
        if members.keys() >= _READ:
            return members
    return from_json(doc)


def plover_line(doc: str, raw_date: date) -> str:
    """A PLOVER-style line around ``doc`` (the event as the list shows it)."""
    event = _plover_members(doc)
    evidence = event["evidence"]
    line = {
        "event_id": f"migevents-{event['id']}",
        "event_date": plover_date(raw_date),
        "event_type": PLOVER_CODES.get(event["type"]),
        "event_mode": None,
        "context": PLOVER_CONTEXT,
        **plover_people(event["participants"]),
        "country": event["countries"],
        "text": evidence["text"],
        "source": {"article_id": evidence["article_id"], "url": f"/v1/articles/{evidence['article_id']}"},
    }
    return namespaced_line(line, doc)


def plover_lines(searched: bool) -> Callable[[Sequence[Row]], str]:
    """A batch writer of PLOVER lines (JSON Lines) from document rows; a searched row's document gets its
    ``search`` member first. The plain loop: a call less per row than ``lines_writer``."""
    if searched:
        return lines_writer(lambda r: plover_line(with_search(r), r.date))

    def write(rows: Sequence[Row]) -> str:
        # By position (id, date, doc) and joined by LF: no copy of each ~1.3 KB line to append its LF.
        return "\n".join([plover_line(r[2], r[1]) for r in rows]) + "\n" if rows else ""

    return write


def event_export(f: EventFilter, sort: str) -> Export:
    """The download of the events ``f`` selects, in the list's ``sort`` order."""
    by_date, descending, ranked = sort.lstrip("-") == "date", sort.startswith("-"), sort == "rank"

    def page(session: Session, after: Sequence[Any] | None, n: int) -> tuple[Select, dict, str]:
        dialect = session.get_bind().dialect.name
        stmt, params = repository.events_query(f, sort, n, after, dialect)
        return stmt, params, dialect

    def flat(session: Session, after: Sequence[Any] | None, n: int) -> Sequence[Row | tuple]:
        stmt, params, dialect = page(session, _dated(after, by_date), n)
        # One snapshot for the stored lines and the render of any missing one (an event deleted between
        # the two must not lose its row from the batch). SQLite's read transaction already is one.
        snapshot = {"isolation_level": "REPEATABLE READ"} if dialect == "postgresql" else None
        conn = session.connection(execution_options=snapshot)
        rows = conn.execute(flat_query(stmt, dialect, by_date, descending, ranked), params).all()
        return with_missing_lines(conn, rows, dialect)

    def documents(session: Session, after: Sequence[Any] | None, n: int) -> Sequence[Row]:
        stmt, params, dialect = page(session, after, n)
        return (
            session.connection()
            .execute(documents_query(stmt, dialect, by_date, descending, ranked), params)
            .all()
        )

    doc = (lambda r: r.doc) if f.search is None else with_search
    return Export(
        "events",
        {
            ExportFormat.csv: Writer(flat, _flat_key(sort), write_csv_lines),
            ExportFormat.ndjson: Writer(documents, lambda r: sort_key(r, sort), lines_writer(doc)),
            ExportFormat.plover: Writer(
                documents, lambda r: sort_key(r, sort), plover_lines(f.search is not None)
            ),
        },
        COLUMNS,
    )


def _dated(after: Sequence[Any] | None, by_date: bool) -> Sequence[Any] | None:
    """The flat rows' date key as the list's keyset takes it (a date; SQLite hands back text)."""
    if after is None or not by_date or isinstance(after[0], date):
        return after
    return [date.fromisoformat(after[0]), *after[1:]]


EXAMPLES = {
    "csv": ",".join(COLUMNS) + "\r\n"
    "7,talks,CONSULT,third_country_transfer,2025-05-04,day,,false,Rwanda and the United States hold talks "
    "on accepting deportees,RWA|USA,1|2,Rwanda|United States,country|country,RWA|USA,,,,,1,0,112,Rwanda "
    "confirmed on Sunday that it is in talks with the United States.,machine,rules-spacy,0.1.0,0.8,machine,"
    "2025-05-05T08:00:00Z\r\n",
    "ndjson": '{"id":7,"type":"talks","policy_area":"third_country_transfer","date":"2025-05-04",...}\n',
    "plover": '{"event_id":"migevents-7","event_date":"2025-05-04","event_type":"CONSULT","event_mode":null,'
    '"context":["migration"],"actor":"Rwanda","actor_country":"RWA","recipient":"United States",'
    '"recipient_country":"USA","country":["RWA","USA"],"text":"Rwanda confirmed on Sunday that it is in '
    'talks with the United States.","source":{"article_id":1,"url":"/v1/articles/1"},'
    '"migevents":{"id":7,"type":"talks",...}}\n',
}
