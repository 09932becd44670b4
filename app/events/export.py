"""Event downloads (app/core/export.py does the streaming): the list's own query, batch after batch.

CSV: one row per event, COLUMNS in order. ``plover_code`` is the type's PLOVER code (ANNOTATION.md;
empty for policy_change and ruling). Participants are flattened by role: ``actor_*`` for role
`actor`, ``recipient_*`` for role `recipient`, each four parallel lists (ids, names, kinds,
countries) in actor id order, so the n-th name goes with the n-th id; ``countries`` likewise. Lists
are joined by ``|`` (a ``|`` or ``\\`` inside a name is written ``\\|`` / ``\\\\``); an actor without
a country leaves its place empty (``RWA||USA``). The database builds every cell, so Python only
guards the text cells and writes the batch.

NDJSON: each line is the event exactly as the list shows it (EventRead, with ``search`` under q).

PLOVER-style JSONL: each line has PLOVER's fields (``event_id``, ``event_date``, ``event_type``
= the PLOVER code or null, ``event_mode``, ``context``, ``actor`` / ``actor_country`` and
``recipient`` / ``recipient_country``, ``country``, ``text``, ``source``) and our whole record
under ``migevents``. PLOVER's actor and recipient are single: the first participant of each role
(by actor id); an event whose participants are all actors (talks, agreements: every party is an
actor) gives its second actor as the recipient, as PLOVER writes a dyad.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from pydantic_core import from_json, to_json
from sqlalchemy import Row, Select, literal_column, select
from sqlmodel import Session

from app.actors.models import Actor
from app.annotator.vocabulary import EventType
from app.core.export import Export, ExportFormat, Writer, csv_writer, lines_writer
from app.events import repository
from app.events.documents import documents_query
from app.events.repository import PARTICIPANT, EventFilter
from app.events.service import sort_key, with_search

PLOVER_CODES: dict[str, str | None] = {
    EventType.talks: "CONSULT",
    EventType.agreement: "AGREE",
    EventType.agreement_ended: "RETREAT",
    EventType.request: "REQUEST",
    EventType.policy_change: None,
    EventType.removal: "COERCE",
    EventType.ruling: None,
    EventType.criticism: "ACCUSE",
    EventType.support: "SUPPORT",
    EventType.aid: "AID",
    EventType.protest: "PROTEST",
}
PLOVER_CONTEXT = ["migration"]
ACTOR = Actor.__table__

COLUMNS = (
    "id", "type", "plover_code", "policy_area", "date", "date_precision", "people_count", "background",
    "summary", "countries",
    "actor_ids", "actor_names", "actor_kinds", "actor_countries",
    "recipient_ids", "recipient_names", "recipient_kinds", "recipient_countries",
    "article_id", "evidence_start", "evidence_end", "evidence_text",
    "annotator_kind", "annotator", "annotator_version", "confidence", "review_state", "created_at",
)  # fmt: skip
# Free text, and so the only cells that could start like a formula.
TEXT_COLUMNS = tuple(
    COLUMNS.index(c)
    for c in ("summary", "actor_names", "recipient_names", "evidence_text", "annotator", "annotator_version")
)

_ESCAPED_NAME = "replace(replace(a.name, '\\', '\\\\'), '|', '\\|')"
_PLOVER_SQL = "CASE e.type " + " ".join(
    f"WHEN '{t.value}' THEN '{code}'" for t, code in PLOVER_CODES.items() if code
) + " END"  # fmt: skip


def _cells(dialect: str) -> list[str]:
    """The SQL of each CSV cell, in COLUMNS order, for the page row ``e``."""
    if dialect == "postgresql":
        date_sql = (
            "CASE e.date_precision WHEN 'year' THEN to_char(e.date, 'YYYY') WHEN 'month' THEN "
            "to_char(e.date, 'YYYY-MM') ELSE to_char(e.date, 'YYYY-MM-DD') END"
        )
        countries = (
            "(SELECT string_agg(c.country, '|' ORDER BY c.country) FROM event_country AS c "
            "WHERE c.event_id = e.id)"
        )
        people = (
            "(SELECT string_agg({col}, '|' ORDER BY a.id) FROM event_participant AS ep JOIN actor AS a "
            "ON a.id = ep.actor_id WHERE ep.event_id = e.id AND ep.role = '{role}')"
        )
        ident = "a.id::text"
        created = (
            "to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN "
            "date_part('microseconds', e.created_at)::int % 1000000 = 0 THEN '' ELSE "
            "to_char(e.created_at AT TIME ZONE 'UTC', '.US') END || 'Z'"
        )
    else:
        date_sql = (
            "CASE e.date_precision WHEN 'year' THEN substr(e.date, 1, 4) WHEN 'month' THEN "
            "substr(e.date, 1, 7) ELSE e.date END"
        )
        # group_concat keeps the order of an ordered subquery (documents.py relies on the same).
        countries = (
            "(SELECT group_concat(country, '|') FROM (SELECT country FROM event_country "
            "WHERE event_id = e.id ORDER BY country))"
        )
        people = (
            "(SELECT group_concat(v, '|') FROM (SELECT {col} AS v FROM event_participant AS ep "
            "JOIN actor AS a ON a.id = ep.actor_id WHERE ep.event_id = e.id AND ep.role = '{role}' "
            "ORDER BY a.id))"
        )
        ident = "a.id"
        created = (
            "replace(CASE WHEN substr(e.created_at, 21) = '000000' THEN substr(e.created_at, 1, 19) "
            "ELSE e.created_at END, ' ', 'T') || 'Z'"
        )
    roles = [
        people.format(col=col, role=role)
        for role in ("actor", "recipient")
        for col in (ident, _ESCAPED_NAME, "a.kind", "coalesce(a.country, '')")
    ]
    return [
        "e.id", "e.type", _PLOVER_SQL, "e.policy_area", date_sql, "e.date_precision", "e.people_count",
        "CASE WHEN e.background THEN 'true' ELSE 'false' END", "e.summary", countries, *roles,
        "e.article_id", "e.start", 'e."end"', "e.evidence_text", "coalesce(e.annotator_kind, 'machine')",
        "coalesce(e.annotator, 'unknown')", "e.annotator_version", "e.confidence * 1.0", "e.review_state",
        created,
    ]  # fmt: skip


def _grouped_cells() -> list[str]:
    """SQLite: the participant lists as aggregates over one join instead of eight correlated subqueries
    (~30% less CPU per row). The join walks event_participant's primary key (event_id, actor_id,
    role), so each event's participants arrive in actor id order, the order group_concat keeps."""
    cells = _cells("sqlite")
    people = [
        f"group_concat(CASE WHEN ep.role = '{role}' THEN {col} END, '|')"
        for role in ("actor", "recipient")
        for col in ("a.id", _ESCAPED_NAME, "a.kind", "coalesce(a.country, '')")
    ]
    first, last = COLUMNS.index("actor_ids"), COLUMNS.index("recipient_countries")
    return [*cells[:first], *people, *cells[last + 1 :]]


@lru_cache(maxsize=256)
def flat_query(page: Select, dialect: str, order_by_date: bool, descending: bool, ranked: bool) -> Select:
    """The CSV cells of each row of ``page``, in page order, then the row's sort key (id, date, score)."""
    e = page.subquery("e")
    keys = [e.c.id.label("key_id"), literal_column("e.date").label("key_date")]
    if ranked:
        keys.append(e.c.score.label("key_score"))
    if dialect == "postgresql":
        stmt = select(*[literal_column(sql) for sql in _cells(dialect)], *keys)
    else:
        stmt = (
            select(*[literal_column(sql) for sql in _grouped_cells()], *keys)
            .select_from(e)
            .outerjoin(PARTICIPANT.alias("ep"), literal_column("ep.event_id") == e.c.id)
            .outerjoin(ACTOR.alias("a"), literal_column("a.id") == literal_column("ep.actor_id"))
            .group_by(e.c.id)
        )
    if ranked:
        return stmt.order_by(e.c.score.desc(), e.c.id)
    cols = [e.c.date, e.c.id] if order_by_date else [e.c.id]
    return stmt.order_by(*[c.desc() if descending else c.asc() for c in cols])


def _flat_key(sort: str):  # noqa: ANN202
    base = sort.lstrip("-")
    if base == "rank":
        return lambda r: [r.key_score, r.key_id]
    if base == "date":
        return lambda r: [r.key_date, r.key_id]
    return lambda r: [r.key_id]


def _plover_person(p: dict[str, Any] | None) -> tuple[str | None, str | None]:
    return (p["name"], p["country"]) if p else (None, None)


def plover_line(doc: str, raw_date: date) -> str:
    """A PLOVER-style line around ``doc`` (the event as the list shows it)."""
    event = from_json(doc)
    actors = [p["actor"] for p in event["participants"] if p["role"] == "actor"]
    recipients = [p["actor"] for p in event["participants"] if p["role"] == "recipient"]
    source = actors[0] if actors else None
    target = recipients[0] if recipients else (actors[1] if len(actors) > 1 else None)
    (actor, actor_country), (recipient, recipient_country) = _plover_person(source), _plover_person(target)
    evidence = event["evidence"]
    line = {
        "event_id": f"migevents-{event['id']}",
        "event_date": raw_date.isoformat() if isinstance(raw_date, date) else str(raw_date),
        "event_type": PLOVER_CODES.get(event["type"]),
        "event_mode": None,
        "context": PLOVER_CONTEXT,
        "actor": actor,
        "actor_country": actor_country,
        "recipient": recipient,
        "recipient_country": recipient_country,
        "country": event["countries"],
        "text": evidence["text"],
        "source": {"article_id": evidence["article_id"], "url": f"/v1/articles/{evidence['article_id']}"},
    }
    return to_json(line).decode()[:-1] + ',"migevents":' + doc + "}"


def event_export(f: EventFilter, sort: str) -> Export:
    """The download of the events ``f`` selects, in the list's ``sort`` order."""
    by_date, descending, ranked = sort.lstrip("-") == "date", sort.startswith("-"), sort == "rank"

    def page(session: Session, after: Sequence[Any] | None, n: int) -> tuple[Select, dict, str]:
        dialect = session.connection().dialect.name
        stmt, params = repository.events_query(f, sort, n, after, dialect)
        return stmt, params, dialect

    def flat(session: Session, after: Sequence[Any] | None, n: int) -> Sequence[Row]:
        stmt, params, dialect = page(session, _dated(after, by_date), n)
        return (
            session.connection().execute(flat_query(stmt, dialect, by_date, descending, ranked), params).all()
        )

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
            ExportFormat.csv: Writer(
                flat, _flat_key(sort), csv_writer(lambda r: r[: len(COLUMNS)], TEXT_COLUMNS)
            ),
            ExportFormat.ndjson: Writer(documents, lambda r: sort_key(r, sort), lines_writer(doc)),
            ExportFormat.plover: Writer(
                documents, lambda r: sort_key(r, sort), lines_writer(lambda r: plover_line(doc(r), r.date))
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
