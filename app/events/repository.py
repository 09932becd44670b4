"""Event queries, as Core selects returning plain rows.

Reads build no ORM objects: a Row costs a few microseconds, a SQLModel instance
~20x more, and a page holds ~150 of them. The database then turns each page row
into its EventRead document (app/events/documents.py). The statement builders are separate so
tests/test_query_plans.py can EXPLAIN the exact SQL each filter issues.

Plans: a page must cost the same at any depth and any table size, so each list
is driven by an index that yields rows already in page order and stops after
``limit`` rows. A country or actor filter therefore drives from event_country /
event_participant and orders by *their* event_id: ordering by event.id instead
makes SQLite sort every matching row before taking the first page. Such a page
filters and orders on the driving table's copies of the event's type, policy
area and date (kept by the database, migrations 0009 and 0012): sorted by date
it walks (country | actor_id, date, event_id, ...) in order instead of sorting
every match, and a row the other filters reject is skipped in the index, without
a lookup of its event.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import ColumnElement, Integer, Select, bindparam, func, or_, select

from app.core import search_sql
from app.core.fulltext import SearchQuery
from app.core.pagination import keyset_after
from app.events.models import Event, EventCountry, EventParticipant

EVENT = Event.__table__
COUNTRY = EventCountry.__table__
PARTICIPANT = EventParticipant.__table__


@dataclass
class EventFilter:
    types: Sequence[str] = ()
    policy_areas: Sequence[str] = ()
    country: str | None = None
    actor_id: int | None = None
    article_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    review_state: str | None = None
    annotator: str | None = None
    annotator_version: str | None = None
    event_ids: Sequence[int] | None = None
    search: SearchQuery | None = None
    story_id: int | None = None
    # One row per story: each story's first event (lowest id) among those the other filters select.
    one_per_story: bool = False


EVENT_SEARCH = search_sql.Searched(EVENT, "event_fts", snippet_column=1, snippet_text="evidence_text")


def _one_or_in(column: ColumnElement, name: str, n: int) -> ColumnElement[bool]:
    # `= ?` lets SQLite walk the (column, id) index in id order; IN over several values cannot.
    if n == 1:
        return column == bindparam(f"{name}0")
    return column.in_([bindparam(f"{name}{i}") for i in range(n)])


@dataclass(frozen=True)
class _Shape:
    """What decides the SQL text of a list query; the values travel as parameters."""

    sort: str
    actor: bool
    country: bool
    types: int
    areas: int
    article: bool
    date_from: bool
    date_to: bool
    review_state: bool
    annotator: bool
    annotator_version: bool
    event_ids: int
    after: bool
    search: bool
    dialect: str
    story: bool = False
    one_per_story: bool = False


def events_query(
    f: EventFilter, sort: str, limit: int, after: Sequence | None, dialect: str = "sqlite"
) -> tuple[Select, dict]:
    """The SELECT behind every event list (filters, keyset, order) and its parameters.

    ``sort`` "rank" (a search only) orders by relevance, then id; the rows then carry ``score``.

    The statement is built once per combination of filters and cached: building
    it costs more than running it.
    """
    shape, params = _shape_and_params(f, sort, limit, after, dialect)
    return _statement(shape), params


def filtered_query(f: EventFilter, dialect: str = "sqlite") -> tuple[Select, dict]:
    """The events ``f`` selects, unordered and unlimited, and its parameters: the list's own FROM and
    WHERE, so counts and exports built on it always agree with the list."""
    shape, params = _shape_and_params(f, "id", 0, None, dialect)
    return _filtered_statement(shape), params


def _shape_and_params(
    f: EventFilter, sort: str, limit: int, after: Sequence | None, dialect: str
) -> tuple[_Shape, dict]:
    shape = _Shape(
        sort, f.actor_id is not None, bool(f.country), len(f.types), len(f.policy_areas),
        f.article_id is not None, f.date_from is not None, f.date_to is not None, bool(f.review_state),
        f.annotator is not None, f.annotator_version is not None,
        -1 if f.event_ids is None else len(f.event_ids), after is not None, f.search is not None,
        dialect if f.search is not None else "", f.story_id is not None, f.one_per_story and sort != "rank",
    )  # fmt: skip
    params: dict = {"limit": limit, "actor": f.actor_id, "country": f.country, "article": f.article_id}
    params["story"] = f.story_id
    params |= {"date_from": f.date_from, "date_to": f.date_to, "review_state": f.review_state}
    params |= {"annotator": f.annotator, "annotator_version": f.annotator_version}
    params |= {f"type{i}": v for i, v in enumerate(f.types)}
    params |= {f"area{i}": v for i, v in enumerate(f.policy_areas)}
    params |= {f"event{i}": v for i, v in enumerate(f.event_ids or ())}
    params |= {f"after{i}": v for i, v in enumerate(after or ())}
    if f.search is not None:
        params["search"] = f.search.for_dialect(dialect)
    return shape, params


@lru_cache(maxsize=512)
def _statement(s: _Shape) -> Select:
    stmt, id_col, date_col = _filtered(s)
    if s.sort == "rank":
        return search_sql.ranked(stmt, s.after)
    if s.one_per_story:
        return _one_per_story(stmt, s)
    return _ordered(stmt, id_col, date_col, s)


@lru_cache(maxsize=512)
def _filtered_statement(s: _Shape) -> Select:
    return _filtered(s)[0]


def _filtered(s: _Shape) -> tuple[Select, ColumnElement, ColumnElement]:
    """The filters' FROM and WHERE, and the columns that carry the event id and the event's date in the
    driving table's order."""
    stmt = select(*EVENT.c)
    # The columns that carry the event id in page order, and the event's date, type and policy area: the
    # driving table's.
    id_col: ColumnElement = EVENT.c.id
    date_col: ColumnElement = EVENT.c.date
    type_col: ColumnElement = EVENT.c.type
    area_col: ColumnElement = EVENT.c.policy_area
    if s.actor:
        part, twin = PARTICIPANT.alias("p"), PARTICIPANT.alias("p2")
        # An actor with two roles in one event must list it once: skip a role when a lower one exists
        # (a primary-key probe per row; DISTINCT would make SQLite materialise every match).
        lower_role = (
            select(twin.c.role)
            .where(twin.c.event_id == part.c.event_id, twin.c.actor_id == part.c.actor_id)
            .where(twin.c.role < part.c.role)
            .exists()
        )
        stmt = stmt.select_from(part.join(EVENT, EVENT.c.id == part.c.event_id)).where(
            part.c.actor_id == bindparam("actor"), ~lower_role
        )
        # The participant's copies of the event's columns (migration 0012), as for a country below.
        id_col, date_col, type_col, area_col = part.c.event_id, part.c.date, part.c.type, part.c.policy_area
        if s.country:
            on = (COUNTRY.c.event_id == EVENT.c.id) & (COUNTRY.c.country == bindparam("country"))
            stmt = stmt.join(COUNTRY, on)
    elif s.country:
        stmt = stmt.select_from(COUNTRY.join(EVENT, EVENT.c.id == COUNTRY.c.event_id)).where(
            COUNTRY.c.country == bindparam("country")
        )
        # event_country's copies of the event's type, policy area and date (migration 0009): the driving
        # index holds them (migration 0012), so a row the filters reject costs an index step, not a
        # lookup of its event.
        id_col, date_col, type_col, area_col = (
            COUNTRY.c.event_id,
            COUNTRY.c.date,
            COUNTRY.c.type,
            COUNTRY.c.policy_area,
        )
    if s.types:
        stmt = stmt.where(_one_or_in(type_col, "type", s.types))
    if s.areas:
        stmt = stmt.where(_one_or_in(area_col, "area", s.areas))
    if s.article:
        stmt = stmt.where(EVENT.c.article_id == bindparam("article"))
    # A period bounds the driving index's range when the page walks it by date.
    if s.date_from:
        stmt = stmt.where(date_col >= bindparam("date_from"))
    if s.date_to:
        stmt = stmt.where(date_col <= bindparam("date_to"))
    if s.review_state:
        stmt = stmt.where(EVENT.c.review_state == bindparam("review_state"))
    if s.annotator:
        stmt = stmt.where(EVENT.c.annotator == bindparam("annotator"))
    if s.annotator_version:
        stmt = stmt.where(EVENT.c.annotator_version == bindparam("annotator_version"))
    if s.event_ids >= 0:
        stmt = stmt.where(EVENT.c.id.in_([bindparam(f"event{i}") for i in range(s.event_ids)]))
    if s.story:
        stmt = stmt.where(EVENT.c.story_id == bindparam("story"))
    if s.search:
        stmt = EVENT_SEARCH.matching(stmt, s.dialect)
    return stmt, id_col, date_col


def _one_per_story(stmt: Select, s: _Shape) -> Select:
    """The filtered events less those with an earlier (lower id) event of their story among them.

    The filtered set is read twice (a CTE): each row probes for its story's first id in it."""
    f = stmt.cte("filtered")
    g = f.alias("g")
    first = select(func.min(g.c.id)).where(g.c.story_id == f.c.story_id).scalar_subquery()
    out = select(*f.c).where(or_(f.c.story_id.is_(None), f.c.id == first))
    cols = [f.c.date, f.c.id] if s.sort.lstrip("-") == "date" else [f.c.id]
    descending = s.sort.startswith("-")
    if s.after:
        out = out.where(keyset_after(cols, [bindparam(f"after{i}") for i in range(len(cols))], descending))
    order = [c.desc() if descending else c.asc() for c in cols]
    return out.order_by(*order).limit(bindparam("limit", type_=Integer))


def _ordered(stmt: Select, id_col: ColumnElement, date_col: ColumnElement, s: _Shape) -> Select:
    cols = [date_col, id_col] if s.sort.lstrip("-") == "date" else [id_col]
    descending = s.sort.startswith("-")
    if s.after:
        stmt = stmt.where(keyset_after(cols, [bindparam(f"after{i}") for i in range(len(cols))], descending))
        if id_col is not EVENT.c.id and len(cols) == 1:
            # The same bound on event.id: PostgreSQL merge-joins the driving table with event's primary
            # key, and without it walks that key from the start, so a deep page cost its depth.
            stmt = stmt.where(keyset_after([EVENT.c.id], [bindparam("after0")], descending))
    order = [c.desc() if descending else c.asc() for c in cols]
    return stmt.order_by(*order).limit(bindparam("limit", type_=Integer))
