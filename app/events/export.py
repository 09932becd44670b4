"""Event downloads (app/core/export.py does the streaming): the list's own query, batch after batch.

CSV: one row per event, COLUMNS in order. ``plover_code`` is the type's PLOVER code (ANNOTATION.md;
empty for policy_change and ruling). Participants are flattened by role: ``actor_*`` for role
`actor`, ``recipient_*`` for role `recipient`, each four parallel lists (ids, names, kinds,
countries) in actor id order, so the n-th name goes with the n-th id; ``countries`` likewise. Lists
are joined by ``|`` (a ``|`` or ``\\`` inside a name is written ``\\|`` / ``\\\\``); an actor without
a country leaves its place empty (``RWA||USA``). The database writes each line (quoting and formula
guard included, the bytes csv.writer would write), so Python only prints ``confidence`` and joins.

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

from pydantic_core import from_json
from sqlalchemy import Row, Select, literal_column, select
from sqlmodel import Session

from app.actors.models import Actor
from app.annotator.vocabulary import EventType
from app.core.export import Export, ExportFormat, Writer, lines_writer, namespaced_line
from app.events import repository
from app.events.documents import documents_query
from app.events.repository import EventFilter
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


# CSV lines built by the database. Fetching ~30 cells per row and quoting them with Python's csv module
# was about half the CPU of an export; the SQL below writes the same bytes as
# csv.writer(lineterminator="\r\n") (QUOTE_MINIMAL): a cell holding a comma, a double quote, CR or LF
# is quoted and its quotes doubled. Only the TEXT_COLUMNS can hold those (ids, enums, dates, numbers
# and ISO codes cannot), and only they can start like a formula. ``confidence`` is left to Python,
# which prints a float as csv does (repr; SQLite's own float-to-text keeps 15 digits only).
CONFIDENCE = COLUMNS.index("confidence")
_QUOTED = {
    "sqlite": "(instr({x}, ',') OR instr({x}, '\"') OR instr({x}, char(10)) OR instr({x}, char(13)))",
    "postgresql": "{x} ~ ('[\",' || chr(10) || chr(13) || ']')",
}
_GUARD_STARTS = {
    "sqlite": "('=', '+', '-', '@', char(9), char(13))",
    "postgresql": "('=', '+', '-', '@', chr(9), chr(13))",
}
_FIRST = {"sqlite": "substr({x}, 1, 1)", "postgresql": "left({x}, 1)"}
_CRLF = {"sqlite": "char(13) || char(10)", "postgresql": "chr(13) || chr(10)"}


def _text_cell(sql: str, dialect: str) -> str:
    """A free-text cell's CSV text: guarded against formulas (FORMULA_STARTS), quoted if need be."""
    first, quoted = _FIRST[dialect].format(x=sql), _QUOTED[dialect].format(x=sql)
    guarded = f"CASE WHEN {first} IN {_GUARD_STARTS[dialect]} THEN '''' || {sql} ELSE {sql} END"
    escaped = f"replace({guarded}, '\"', '\"\"')"
    return f"CASE WHEN {quoted} THEN '\"' || {escaped} || '\"' ELSE coalesce({guarded}, '') END"


def _csv_cells(cells: Sequence[str], indexes: Sequence[int], dialect: str) -> list[str]:
    return [
        _text_cell(sql, dialect) if i in TEXT_COLUMNS else sql if dialect == "sqlite" else
        f"coalesce(CAST({sql} AS TEXT), '')"
        for sql, i in zip(cells, indexes, strict=True)
    ]  # fmt: skip


def _joined(parts: Sequence[str], dialect: str) -> str:
    """Cells joined by commas in one call (a chain of || copies the growing line at each step). SQLite's
    printf writes a null %s as nothing; PostgreSQL's cells are coalesced first."""
    if dialect == "sqlite":
        return f"printf('{','.join(['%s'] * len(parts))}', {', '.join(parts)})"
    return f"concat_ws(',', {', '.join(parts)})"


def _line(cells: Sequence[str], dialect: str) -> list[str]:
    """(the line up to confidence and its comma, confidence, its comma and the rest with CRLF) as SQL,
    from the SQL of each cell in COLUMNS order (SQLite: the four lists of a role as one cell)."""
    n = len(cells) - (len(COLUMNS) - CONFIDENCE)
    head, tail = list(cells[:n]), list(cells[n + 1 :])
    return [
        _joined(head, dialect) + " || ','",
        cells[n],
        "',' || " + _joined(tail, dialect) + f" || {_CRLF[dialect]}",
    ]


def _sqlite_cells() -> list[str]:
    """The CSV text of each cell for the page row ``e``, a role's four lists as one piece: one correlated
    subquery per role makes all four (a join grouped by event made SQLite sort every joined row, and
    eight lists from one join cost eight CASEs per participant). The subquery walks
    event_participant's primary key (event_id, actor_id, role), so the participants come in actor id
    order, the order group_concat keeps."""
    cells = _cells("sqlite")
    text = _csv_cells(cells, range(len(cells)), "sqlite")
    roles = []
    for role in ("actor", "recipient"):
        lists = [
            f"group_concat({col}, '|')"
            for col in ("a.id", _ESCAPED_NAME, "a.kind", "coalesce(a.country, '')")
        ]
        lists[1] = _text_cell(lists[1], "sqlite")
        roles.append(
            f"coalesce((SELECT printf('%s,%s,%s,%s', {', '.join(lists)}) FROM event_participant AS ep "
            f"JOIN actor AS a ON a.id = ep.actor_id WHERE ep.event_id = e.id AND ep.role = '{role}'), ',,,')"
        )
    first, last = COLUMNS.index("actor_ids"), COLUMNS.index("recipient_countries")
    return [*text[:first], *roles, *text[last + 1 :]]


@lru_cache(maxsize=256)
def flat_query(page: Select, dialect: str, order_by_date: bool, descending: bool, ranked: bool) -> Select:
    """The CSV line of each row of ``page`` in three parts (``_line``), in page order, then the row's sort
    key (id, date, score)."""
    e = page.subquery("e")
    keys = [e.c.id.label("key_id"), literal_column("e.date").label("key_date")]
    if ranked:
        keys.append(e.c.score.label("key_score"))
    if dialect == "postgresql":
        # The cells in a subquery, the line over them: a cell is named up to three times in its CSV
        # text, and OFFSET 0 keeps the planner from inlining the cells (each correlated subquery would
        # run once per mention).
        cells = [literal_column(sql).label(f"c{i}") for i, sql in enumerate(_cells(dialect))]
        c = select(*cells, *keys).select_from(e).offset(0).subquery("cells")
        names = [f"cells.c{i}" for i in range(len(COLUMNS))]
        line = _line(_csv_cells(names, range(len(COLUMNS)), dialect), dialect)
        line[1] = "cells.c" + str(CONFIDENCE)
        outer_keys = [c.c.key_id, c.c.key_date, *([c.c.key_score] if ranked else [])]
        stmt = select(*[literal_column(sql) for sql in line], *outer_keys)
        by_id, by_date, by_score = outer_keys[0], outer_keys[1], outer_keys[-1]
    else:
        stmt = select(*[literal_column(sql) for sql in _line(_sqlite_cells(), dialect)], *keys).select_from(e)
        by_id, by_date, by_score = e.c.id, e.c.date, e.c.score if ranked else None
    if ranked:
        return stmt.order_by(by_score.desc(), by_id)
    cols = [by_date, by_id] if order_by_date else [by_id]
    return stmt.order_by(*[col.desc() if descending else col.asc() for col in cols])


def write_csv_lines(rows: Sequence[Row]) -> str:
    """A batch of flat rows as CSV text: the database wrote all but ``confidence``."""
    return "".join([h + ("" if c is None else repr(c)) + t for h, c, t, *_ in rows])


def _flat_key(sort: str):  # noqa: ANN202
    base = sort.lstrip("-")
    if base == "rank":
        return lambda r: [r.key_score, r.key_id]
    if base == "date":
        return lambda r: [r.key_date, r.key_id]
    return lambda r: [r.key_id]


def plover_people(participants: Sequence[dict[str, Any]]) -> dict[str, str | None]:
    """PLOVER's single actor and recipient from a record's participants (``{"actor", "role"}``, in actor
    id order): the first of each role; with no recipient, a second actor (a dyad of parties)."""
    actors = [p["actor"] for p in participants if p["role"] == "actor"]
    recipients = [p["actor"] for p in participants if p["role"] == "recipient"]
    source = actors[0] if actors else None
    target = recipients[0] if recipients else (actors[1] if len(actors) > 1 else None)
    return {
        "actor": source["name"] if source else None,
        "actor_country": source["country"] if source else None,
        "recipient": target["name"] if target else None,
        "recipient_country": target["country"] if target else None,
    }


def plover_date(raw_date: date | str) -> str:
    """PLOVER's ``event_date``: the stored date (a month's or a year's first day when no finer)."""
    return raw_date.isoformat() if isinstance(raw_date, date) else str(raw_date)


def plover_line(doc: str, raw_date: date) -> str:
    """A PLOVER-style line around ``doc`` (the event as the list shows it)."""
    event = from_json(doc)
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
            ExportFormat.csv: Writer(flat, _flat_key(sort), write_csv_lines),
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
