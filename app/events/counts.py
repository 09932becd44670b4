"""Event counts grouped by one or two dimensions (GET /v1/events/counts): the SQL, and the zero-filled
time axis.

The filters are the list's own (repository.filtered_query), so a count and a list with the same
parameters always agree. The database groups and counts; Python only fills in the empty periods.

Dimensions: ``type``, ``policy_area`` and ``story`` (one value per event; ``story`` is null for an
event in none); ``country`` and ``actor`` (an event
counts once under each of its countries / participants, so those counts can add up to more than
``total``, and an event without any is in none of their rows); ``day``, ``week`` (the Monday that
starts it), ``month``, ``year`` (the event's date: one dated only to a month or a year counts in the
period holding its first day).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, Select, bindparam, cast, distinct, func, literal_column, select
from sqlmodel import Session

from app.actors.models import Actor
from app.core.errors import invalid
from app.events.repository import COUNTRY, PARTICIPANT, EventFilter, _one_or_in, filtered_query
from app.events.schemas import CountDimension

TIME_DIMENSIONS = ("day", "week", "month", "year")
DIMENSIONS = tuple(d.value for d in CountDimension)
MAX_ROWS = 10_000
# One group_by value as the contract declares it: at most two dimensions, separated by commas (spaces
# and empty entries around them are ignored). How many the repeated values give together is checked
# by check_dimensions (no schema can count across a repeated parameter).
_DIM = "(" + "|".join(DIMENSIONS) + ")"
GROUP_BY_PATTERN = rf"^[ ,]*({_DIM}( *,[ ,]*{_DIM})?)?[ ,]*$"
ACTOR = Actor.__table__

# The bucket label of the filtered subquery "f"'s date, per backend: YYYY-MM-DD, the Monday's
# YYYY-MM-DD, YYYY-MM, YYYY.
_BUCKETS = {
    "sqlite": {
        "day": "f.date",
        "week": "date(f.date, '-' || ((CAST(strftime('%w', f.date) AS INTEGER) + 6) % 7) || ' days')",
        "month": "substr(f.date, 1, 7)",
        "year": "substr(f.date, 1, 4)",
    },
    "postgresql": {
        "day": "to_char(f.date, 'YYYY-MM-DD')",
        "week": "to_char(date_trunc('week', f.date::timestamp), 'YYYY-MM-DD')",
        "month": "to_char(date_trunc('month', f.date::timestamp), 'YYYY-MM')",
        "year": "to_char(date_trunc('year', f.date::timestamp), 'YYYY')",
    },
}
# PostgreSQL groups by the period's first day and labels each group: to_char of a date goes through a
# time zone, ~1 us a row, ~200 ms for one country's rows at 1M events when it ran on every row.
_PG_KEYS = {
    "day": "f.date",
    "week": "date_trunc('week', f.date::timestamp)",
    "month": "date_trunc('month', f.date::timestamp)",
    "year": "date_trunc('year', f.date::timestamp)",
}


def check_dimensions(values: Sequence[str]) -> tuple[str, ...]:
    """``group_by`` as given (repeated and/or comma-separated): one or two known, distinct dimensions,
    at most one of them a period. Anything else is a 422 naming ``group_by``."""
    dims = tuple(v.strip(" ") for value in values for v in value.split(",") if v.strip(" "))
    for d in dims:
        if d not in DIMENSIONS:
            raise invalid("group_by", f"'{d[:40]}' is not a dimension", allowed=list(DIMENSIONS))
    if not 1 <= len(dims) <= 2:
        raise invalid("group_by", "give one or two dimensions", allowed=list(DIMENSIONS))
    if len(set(dims)) != len(dims):
        raise invalid("group_by", "names the same dimension twice")
    if sum(d in TIME_DIMENSIONS for d in dims) > 1:
        raise invalid("group_by", "takes at most one period (day, week, month or year)")
    return dims


@lru_cache(maxsize=256)
def _grouped(filtered: Select, dims: tuple[str, ...], dialect: str, per_story: bool = False) -> Select:
    by_day = _by_day(filtered, dims, dialect, per_story)
    f = (by_day if by_day is not None else filtered).subquery("f")
    source: Any = f
    columns, keys = [], []
    for dim in dims:
        if dim in TIME_DIMENSIONS:
            expr = literal_column(_BUCKETS[dialect][dim])
            columns.append(expr.label(dim))
            keys.append(literal_column(_PG_KEYS[dim]) if dialect == "postgresql" else expr)
        elif dim in ("type", "policy_area"):
            columns.append(f.c[dim].label(dim))
            keys.append(f.c[dim])
        elif dim == "story":
            columns.append(f.c.story_id.label("story"))
            keys.append(f.c.story_id)
        elif dim == "country":
            gc = COUNTRY.alias("gc")
            source = source.join(gc, gc.c.event_id == f.c.id)
            columns.append(gc.c.country.label("country"))
            keys.append(gc.c.country)
        else:  # actor
            gp, ga = PARTICIPANT.alias("gp"), ACTOR.alias("ga")
            source = source.join(gp, gp.c.event_id == f.c.id).join(ga, ga.c.id == gp.c.actor_id)
            actor = [ga.c.id, ga.c.kind, ga.c.name, ga.c.country]
            columns += [c.label(f"actor_{c.name}") for c in actor]
            keys += actor
    if by_day is not None:
        n = cast(func.sum(f.c.n), Integer)
    elif per_story:
        n = func.count(distinct(_story_or_event(f)))
    else:
        # An actor with two roles in one event is one participant: count the event once.
        n = func.count(distinct(f.c.id)) if "actor" in dims else func.count()
    return select(*columns, n.label("count")).select_from(source).group_by(*keys)


def _by_day(filtered: Select, dims: tuple[str, ...], dialect: str, per_story: bool) -> Select | None:
    """PostgreSQL, a period and type / policy_area: the events counted per day first (a GroupAggregate in
    the order of an index on date, no hashing of every row), then per period over those few rows (``n``);
    ~half the CPU of one HashAggregate at 1M events (bench/counts_speed.py --pg-sql-only)."""
    if dialect != "postgresql" or per_story or not any(d in TIME_DIMENSIONS for d in dims):
        return None
    if not all(d in TIME_DIMENSIONS or d in ("type", "policy_area") for d in dims):
        return None
    f0 = filtered.subquery("f0")
    others = [f0.c[d] for d in dims if d not in TIME_DIMENSIONS]
    return select(f0.c.date, *others, func.count().label("n")).group_by(f0.c.date, *others)


def _story_or_event(f: Any) -> Any:
    # One value per story, and one per event in none (negative: event ids and story ids never collide).
    return func.coalesce(f.c.story_id, -f.c.id)


@lru_cache(maxsize=256)
def _total(filtered: Select, per_story: bool = False) -> Select:
    f = filtered.subquery("f")
    n = func.count(distinct(_story_or_event(f))) if per_story else func.count()
    return select(n).select_from(f)


def _country_only(f: EventFilter, dims: tuple[str, ...], per_story: bool) -> bool:
    """Whether event_country alone answers: one country, filters and dimensions among the event columns
    it carries copies of (type, policy_area, date; migration 0009), events counted (not stories)."""
    others = (
        f.actor_id, f.article_id, f.review_state, f.annotator, f.annotator_version, f.event_ids, f.search,
        f.story_id,
    )  # fmt: skip
    return (
        bool(f.country)
        and all(v is None for v in others)
        and not per_story
        and all(d in COPIED_DIMENSIONS for d in dims)
    )


COPIED_DIMENSIONS = {"type", "policy_area", *TIME_DIMENSIONS}


@lru_cache(maxsize=64)
def _country_filtered(n_types: int, n_areas: int, date_from: bool, date_to: bool) -> Select:
    """The events of one country as event_country's rows (``id``, ``type``, ``policy_area``, ``date``):
    one range of its (country, date, type, policy_area) index, no lookup of the event rows."""
    c = COUNTRY
    stmt = select(c.c.event_id.label("id"), c.c.type, c.c.policy_area, c.c.date).where(
        c.c.country == bindparam("country")
    )
    if n_types:
        stmt = stmt.where(_one_or_in(c.c.type, "type", n_types))
    if n_areas:
        stmt = stmt.where(_one_or_in(c.c.policy_area, "area", n_areas))
    if date_from:
        stmt = stmt.where(c.c.date >= bindparam("date_from"))
    if date_to:
        stmt = stmt.where(c.c.date <= bindparam("date_to"))
    return stmt


def counts_query(
    f: EventFilter, dims: tuple[str, ...], dialect: str, per_story: bool = False
) -> tuple[Select, Select, dict]:
    """(grouped counts, total, parameters): the statements tests/test_query_plans.py EXPLAINs.
    ``per_story`` counts stories (a story once, each event in none once) instead of events."""
    filtered, params = filtered_query(f, dialect)
    if _country_only(f, dims, per_story):
        args = (len(f.types), len(f.policy_areas), f.date_from is not None, f.date_to is not None)
        filtered = _country_filtered(*args)
    return _grouped(filtered, dims, dialect, per_story), _total(filtered, per_story), params


def _periods(dim: str, first: date, last: date) -> Iterable[str]:
    """Every period label from the one holding ``first`` to the one holding ``last``."""
    if dim == "year":
        return (f"{y:04d}" for y in range(first.year, last.year + 1))
    if dim == "month":
        months = range(first.year * 12 + first.month - 1, last.year * 12 + last.month)
        return (f"{m // 12:04d}-{m % 12 + 1:02d}" for m in months)
    step = 7 if dim == "week" else 1
    if dim == "week":
        first, last = first - timedelta(days=first.weekday()), last - timedelta(days=last.weekday())
    return ((first + timedelta(days=i)).isoformat() for i in range(0, (last - first).days + 1, step))


def _start(label: str) -> date:
    parts = [int(p) for p in label.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _row(r: Any, dims: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for dim in dims:
        if dim == "actor":
            out["actor"] = {"id": r.actor_id, "kind": r.actor_kind, "name": r.actor_name,
                            "country": r.actor_country}  # fmt: skip
        else:
            value = getattr(r, dim)
            out[dim] = value.isoformat() if isinstance(value, date) else value
    out["count"] = r.count
    return out


def _key(row: dict[str, Any], dim: str) -> Any:
    value = row[dim]
    return value["id"] if dim == "actor" else value


def event_counts(
    session: Session, f: EventFilter, dims: tuple[str, ...], per_story: bool = False
) -> dict[str, Any]:
    """The EventCounts body: ``total`` and the grouped rows, every period present (zeros included)."""
    conn = session.connection()
    grouped, total, params = counts_query(f, dims, conn.dialect.name, per_story)
    rows = [_row(r, dims) for r in conn.execute(grouped, params)]
    if per_story or any(d in ("country", "actor") for d in dims):
        n = conn.execute(total, params).scalar_one()
    else:  # each event is in exactly one row: the total is their sum (one read of the events less)
        n = sum(r["count"] for r in rows)
    time = next((d for d in dims if d in TIME_DIMENSIONS), None)
    other = next((d for d in dims if d != time), None)
    if time is None:
        rows.sort(key=lambda r: (-r["count"], *(str(_key(r, d)) for d in dims)))
    else:
        rows = _zero_filled(rows, dims, time, other, f)
    if len(rows) > MAX_ROWS:
        raise invalid(
            "group_by",
            f"gives {len(rows):,} rows, more than {MAX_ROWS:,}: choose a longer period, "
            "narrow date_from/date_to or filter further",
        )
    return {"group_by": list(dims), "total": n, "rows": rows}


def _zero_filled(
    rows: list[dict[str, Any]], dims: tuple[str, ...], time: str, other: str | None, f: EventFilter
) -> list[dict[str, Any]]:
    """Rows for every period between the first and the last (date_from/date_to when given), and for each
    period every value of the other dimension that has events; a missing pair counts 0."""
    starts = [_start(r[time]) for r in rows]
    first = f.date_from or (min(starts) if starts else None)
    last = f.date_to or (max(starts) if starts else None)
    if first is None or last is None:
        return []
    values: dict[Any, Any] = {}
    for r in rows:
        if other is not None:
            values.setdefault(_key(r, other), r[other])
    ordered = sorted(values.items(), key=lambda kv: str(kv[0])) if other else [(None, None)]
    # Refuse before building a huge axis: a day axis over centuries is a client's mistake.
    span_days = (last - first).days + 1
    per = {"day": 1, "week": 7, "month": 28, "year": 365}[time]
    if span_days // per * max(len(ordered), 1) > MAX_ROWS * 2:
        raise invalid(
            "group_by",
            f"a {time} axis from {first} to {last} holds more than {MAX_ROWS:,} rows: choose a longer "
            "period or narrow date_from/date_to",
        )
    have = {(r[time], _key(r, other) if other else None): r["count"] for r in rows}
    out = []
    for label in _periods(time, first, last):
        for key, value in ordered:
            cells = {time: label, **({other: value} if other else {})}
            # Keys in the order group_by gave them, then the count.
            out.append({d: cells[d] for d in dims} | {"count": have.get((label, key), 0)})
    return out
