"""The events' CSV lines, written by the database: the SQL shared by the read model, which stores each
event's line at write time (event_csv, app/events/readmodel.py), and the export, which reads them
(app/events/export.py; its docstring documents the columns).

Why stored: rendering a line cost the database ~26 us an event at 1M events (the two participant lists
~14, the text checks ~5, the countries ~3; bench/results/export.md), which capped the export near 25k
rows per CPU-second; a stored line is one primary-key probe, as the NDJSON export's stored document is.

A line is stored in two parts, around ``confidence``: Python prints that float at read time, with repr,
as csv.writer does (SQLite's own float-to-text keeps only 15 digits), so the export's bytes stay those
csv.writer wrote.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.annotator.vocabulary import EventType

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


def lines_select(dialect: str, where: str, *, ordered: bool = True) -> str:
    """``SELECT event_id, head, tail`` for each event ``e`` of ``event AS e WHERE where``: its CSV line up to
    confidence and its comma, then from the comma after confidence to the CRLF."""
    if dialect == "postgresql":
        # The cells in a subquery, the line over them: a cell is named up to three times in its CSV
        # text, and OFFSET 0 keeps the planner from inlining the cells (each correlated subquery would
        # run once per mention).
        cells = ", ".join(f"{sql} AS c{i}" for i, sql in enumerate(_cells(dialect)))
        names = [f"cells.c{i}" for i in range(len(COLUMNS))]
        head, _, tail = _line(_csv_cells(names, range(len(COLUMNS)), dialect), dialect)
        sql = (
            f"SELECT cells.event_id, {head} AS head, {tail} AS tail FROM (SELECT e.id AS event_id, {cells} "
            f"FROM event AS e WHERE {where} OFFSET 0) AS cells"
        )
        return sql + (" ORDER BY cells.event_id" if ordered else "")
    head, _, tail = _line(_sqlite_cells(), dialect)
    sql = f"SELECT e.id AS event_id, {head} AS head, {tail} AS tail FROM event AS e WHERE {where}"
    return sql + (" ORDER BY e.id" if ordered else "")
