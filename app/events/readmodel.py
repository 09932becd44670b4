"""The events' read model: each event's public JSON in event_doc and its CSV export line in event_csv,
kept in step by the writing transaction.

Why: a list page or an export then reads one index range and concatenates stored text, instead of
rendering each event (its countries, its participants and their actors) at every read; a read is far more
frequent than a write.

How it stays true, whatever the write: triggers (migration 0008) note in event_doc_stale the id of every
event whose document a statement may change: its own row (a review, a correction, a story's regrouping,
a cascade setting story_id to null), its countries, its participants, and the actors they name (a rename
or a merge, which moves participants). No write path has to remember the read model. Before the
transaction commits, the unit of work (app/core/db.py ``session_scope``) calls ``refresh``, the one owner
of event_doc and event_csv: it renders the noted events again with the very expressions a fresh read
uses (app/events/documents.py, app/events/csv_lines.py) and forgets the notes. Deleted events lose their
document and line by cascade. Both are rendered from the same rows (a CSV line holds nothing the document's
triggers do not already note: the event's columns, countries, participants and their actors).

What the stored document leaves out is what depends on the request: a search's rank and snippet are
appended at read time (app/events/service.py ``with_search``); the links are relative, so no base URL.

PostgreSQL, several writers: under READ COMMITTED two transactions could each render an event without
the other's uncommitted change and the later commit would keep a document missing the earlier one. So
``refresh`` first locks the noted events' rows (in id order, one lock order for all), then renders in a
new statement, whose snapshot holds whatever the writer it waited for committed. SQLite has one writer.
"""

from sqlalchemy import text
from sqlalchemy.engine import Connection

from app.core.db import before_commit
from app.events.csv_lines import lines_select
from app.events.documents import render_sql

_NOTED = "SELECT DISTINCT event_id FROM event_doc_stale"


def _upserts(dialect: str, where: str) -> list[str]:
    return [
        f"INSERT INTO event_doc (event_id, doc) SELECT e.id, {render_sql(dialect)} FROM event AS e "
        f"WHERE {where} ORDER BY e.id ON CONFLICT (event_id) DO UPDATE SET doc = excluded.doc",
        f"INSERT INTO event_csv (event_id, head, tail) {lines_select(dialect, where)} "
        "ON CONFLICT (event_id) DO UPDATE SET head = excluded.head, tail = excluded.tail",
    ]


@before_commit
def refresh(conn: Connection) -> int:
    """Render again the events this transaction touched; returns how many documents it wrote."""
    noted = conn.execute(text(_NOTED + " LIMIT 1")).first()
    if noted is None:
        return 0
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.execute(text(f"SELECT id FROM event WHERE id IN ({_NOTED}) ORDER BY id FOR UPDATE"))
    docs, _ = [conn.execute(text(sql)) for sql in _upserts(dialect, f"e.id IN ({_NOTED})")]
    conn.execute(text("DELETE FROM event_doc_stale"))
    return docs.rowcount


def rebuild(conn: Connection) -> None:
    """Render every event's document and line (after a bulk load that went around the triggers or the unit
    of work)."""
    conn.execute(text("DELETE FROM event_doc_stale"))
    for sql in _upserts(conn.dialect.name, "true"):
        conn.execute(text(sql))
