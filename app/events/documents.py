"""EventRead documents built by the database itself (SQLite JSON1 / PostgreSQL json functions).

Why: a page of 50 events is ~150 rows of events, countries and participants.
Turning those rows into Python objects, then dicts, then JSON cost ~4x more
than the queries themselves (bench/results/latest.md has the profile). The
database builds each event's JSON in C while it reads the rows, and Python only
joins the documents into the page. It does so at write time: app/events/readmodel.py
keeps them in event_doc, in the writing transaction, and a list page reads them
stored; one event, and a write's answer, are rendered afresh.

The shape is EventRead's (app/events/schemas.py), the one definition of it:
tests/test_query_plans.py checks, on both backends, that each document is
EventRead's own serialisation of itself (same keys, same order, same values)
and that its values are the rows'.

Known byte-level differences from pydantic's dump, all JSON-equivalent:
PostgreSQL writes ``"key" : value`` with spaces; SQLite prints floats with 15
significant digits.
"""

from functools import lru_cache

from sqlalchemy import Select, func, literal_column, select

from app.events.models import EventDoc
from app.events.repository import EVENT_SEARCH

EVENT_DOC = EventDoc.__table__

_SQLITE = """json_object(
 'id', e.id, 'type', e.type, 'policy_area', e.policy_area,
 'date', CASE e.date_precision WHEN 'year' THEN substr(e.date, 1, 4)
   WHEN 'month' THEN substr(e.date, 1, 7) ELSE e.date END,
 'date_precision', e.date_precision, 'people_count', e.people_count, 'summary', e.summary,
 'background', json(CASE WHEN e.background THEN 'true' ELSE 'false' END),
 'countries', (SELECT json_group_array(c.country) FROM
   (SELECT country FROM event_country WHERE event_id = e.id ORDER BY country) AS c),
 'participants', (SELECT json_group_array(json(p.doc)) FROM
   (SELECT json_object('actor', json_object('id', a.id, 'kind', a.kind, 'name', a.name,
      'country', a.country), 'role', ep.role) AS doc
    FROM event_participant AS ep JOIN actor AS a ON a.id = ep.actor_id
    WHERE ep.event_id = e.id ORDER BY ep.role, a.id) AS p),
 'evidence', json_object('article_id', e.article_id, 'start', e.start, 'end', e."end",
   'text', e.evidence_text),
 'annotator', json_object('kind', coalesce(e.annotator_kind, 'machine'),
   'name', coalesce(e.annotator, 'unknown'), 'version', e.annotator_version),
 'confidence', e.confidence * 1.0, 'review_state', e.review_state, 'story_id', e.story_id,
 'created_at', replace(CASE WHEN substr(e.created_at, 21) = '000000' THEN substr(e.created_at, 1, 19)
   ELSE e.created_at END, ' ', 'T') || 'Z',
 'links', json_object('self', '/v1/events/' || e.id, 'article', '/v1/articles/' || e.article_id,
   'statements', '/v1/events/' || e.id || '/statements', 'story', '/v1/stories/' || e.story_id))"""

_POSTGRES = """json_build_object(
 'id', e.id, 'type', e.type, 'policy_area', e.policy_area,
 'date', CASE e.date_precision WHEN 'year' THEN to_char(e.date, 'YYYY')
   WHEN 'month' THEN to_char(e.date, 'YYYY-MM') ELSE to_char(e.date, 'YYYY-MM-DD') END,
 'date_precision', e.date_precision, 'people_count', e.people_count, 'summary', e.summary,
 'background', e.background,
 'countries', (SELECT coalesce(json_agg(c.country ORDER BY c.country), '[]'::json)
   FROM event_country AS c WHERE c.event_id = e.id),
 'participants', (SELECT coalesce(json_agg(json_build_object('actor', json_build_object('id', a.id,
      'kind', a.kind, 'name', a.name, 'country', a.country), 'role', ep.role) ORDER BY ep.role, a.id),
      '[]'::json)
   FROM event_participant AS ep JOIN actor AS a ON a.id = ep.actor_id WHERE ep.event_id = e.id),
 'evidence', json_build_object('article_id', e.article_id, 'start', e.start, 'end', e."end",
   'text', e.evidence_text),
 'annotator', json_build_object('kind', coalesce(e.annotator_kind, 'machine'),
   'name', coalesce(e.annotator, 'unknown'), 'version', e.annotator_version),
 'confidence', (to_json(e.confidence)::text
   || CASE WHEN e.confidence = trunc(e.confidence) THEN '.0' ELSE '' END)::json,
 'review_state', e.review_state, 'story_id', e.story_id,
 'created_at', to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
   || CASE WHEN date_part('microseconds', e.created_at)::int % 1000000 = 0 THEN ''
      ELSE to_char(e.created_at AT TIME ZONE 'UTC', '.US') END || 'Z',
 'links', json_build_object('self', '/v1/events/' || e.id, 'article', '/v1/articles/' || e.article_id,
   'statements', '/v1/events/' || e.id || '/statements', 'story', '/v1/stories/' || e.story_id))::text"""


def render_sql(dialect: str) -> str:
    """The expression that renders event ``e``'s document (a SELECT column over ``event AS e``)."""
    return _POSTGRES if dialect == "postgresql" else _SQLITE


@lru_cache(maxsize=1024)
def documents_query(
    page: Select,
    dialect: str,
    order_by_date: bool,
    descending: bool,
    ranked: bool = False,
    *,
    fresh: bool = False,
) -> Select:
    """(id, date, doc) for each row of ``page`` (a select of event columns), in page order.

    ``doc`` is the stored one (the read model, app/events/readmodel.py): a primary-key probe of event_doc
    per row. An event without one (rows written around the unit of work, e.g. a test's bulk insert never
    refreshed) is rendered here instead, so a missing document can never drop an event from a page.
    ``fresh`` renders every row (a write transaction reading its own changes before they are committed, and
    the test comparing the two).

    A searched page (its rows carry ``score``) adds ``score`` and ``snippet``: the snippet is cut here,
    for the page's rows only. ``ranked`` orders by score (descending), then id."""
    e = page.subquery("e")
    render = literal_column(render_sql(dialect))
    if fresh:
        doc = render.label("doc")
        source = e
    else:
        stored = EVENT_DOC.alias("d")
        doc = func.coalesce(stored.c.doc, render).label("doc")
        source = e.outerjoin(stored, stored.c.event_id == e.c.id)
    columns = [e.c.id, e.c.date, doc]
    if "score" in e.c:
        snippet = EVENT_SEARCH.snippet(e.c.id, e.c.evidence_text, dialect).label("snippet")
        columns += [e.c.score, snippet]
    stmt = select(*columns).select_from(source)
    if ranked:
        return stmt.order_by(e.c.score.desc(), e.c.id)
    cols = [e.c.date, e.c.id] if order_by_date else [e.c.id]
    return stmt.order_by(*[c.desc() if descending else c.asc() for c in cols])
