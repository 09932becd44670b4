"""The events' read model checked against a fresh render: what tests assert after every kind of write."""

from __future__ import annotations

from sqlalchemy import func, literal_column, select, text
from sqlalchemy.engine import Engine

from app.events.csv_lines import lines_select
from app.events.documents import EVENT_DOC, render_sql
from app.events.export import EVENT_CSV
from app.events.repository import EVENT

COPIES_DIFFER = """
SELECT e.id FROM event AS e JOIN event_country AS c ON c.event_id = e.id
 WHERE c.date IS DISTINCT FROM e.date OR c.type IS DISTINCT FROM e.type
    OR c.policy_area IS DISTINCT FROM e.policy_area
UNION
SELECT e.id FROM event AS e JOIN event_participant AS p ON p.event_id = e.id
 WHERE p.date IS DISTINCT FROM e.date OR p.type IS DISTINCT FROM e.type
    OR p.policy_area IS DISTINCT FROM e.policy_area
ORDER BY 1"""


def read_model_problems(engine: Engine | None = None) -> list[str]:
    """What is wrong with event_doc and event_csv, read in one snapshot of the committed database (the app's,
    by default): an event whose stored document or CSV line is not byte for byte what the database renders
    for it now, or has none; documents or lines of no event; notes left behind; an event whose copied
    columns (event_country's and event_participant's type, policy_area and date) are not its own."""
    from app.core.db import read_engine

    with (engine or read_engine()).connect() as conn:
        if conn.dialect.name == "postgresql":  # one snapshot for the statements below
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        e = EVENT.alias("e")
        d = EVENT_DOC.alias("d")
        rows = conn.execute(
            select(e.c.id, literal_column(render_sql(conn.dialect.name)).label("fresh"), d.c.doc)
            .select_from(e.outerjoin(d, d.c.event_id == e.c.id))
            .order_by(e.c.id)
        ).all()
        orphans = conn.execute(select(func.count()).select_from(EVENT_DOC)).scalar_one() - sum(
            r.doc is not None for r in rows
        )
        fresh_lines = {
            r.event_id: (r.head, r.tail) for r in conn.execute(text(lines_select(conn.dialect.name, "true")))
        }
        stored_lines = {r.event_id: (r.head, r.tail) for r in conn.execute(select(EVENT_CSV))}
        notes = conn.execute(text("SELECT count(*) FROM event_doc_stale")).scalar_one()
        # The copies of the event's columns the database keeps for index ranges (migrations 0009, 0012).
        stale_copies = conn.execute(text(COPIES_DIFFER)).scalars().all()
    problems = [f"event {r.id}: stored {r.doc!r}\n  fresh {r.fresh!r}" for r in rows if r.doc != r.fresh]
    problems += [
        f"event {i}: stored CSV line {stored_lines.get(i)!r}\n  fresh {line!r}"
        for i, line in fresh_lines.items()
        if stored_lines.get(i) != line
    ]
    if orphans:
        problems.append(f"{orphans} documents of no event")
    if lost := set(stored_lines) - set(fresh_lines):
        problems.append(f"{len(lost)} CSV lines of no event")
    if notes:
        problems.append(f"{notes} notes of touched events left after commit")
    if stale_copies:
        problems.append(f"events whose event_country / event_participant copies differ: {stale_copies[:10]}")
    return problems


def assert_read_model_true() -> int:
    """Fail with the differences, if any; returns how many events were checked."""
    problems = read_model_problems()
    assert not problems, "the read model differs from a fresh render:\n" + "\n".join(problems[:5])
    from app.core.db import read_engine

    with read_engine().connect() as conn:
        return conn.execute(select(func.count()).select_from(EVENT)).scalar_one()
