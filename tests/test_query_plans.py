"""Every filter of every list endpoint runs on an index, on the current backend.

The statements are the ones the repositories issue (their cached builders, the
event documents wrapper included), EXPLAINed over ~20k generated events
(bench/generate.py; PostgreSQL gets the same rows by COPY, then ANALYZE, so
its planner has real statistics). A full scan of a big table means a page's
cost grows with the table: SQLite must not say ``SCAN <table>`` without an
index, PostgreSQL must not say ``Seq Scan on <table>``.

The documents each event plan returns are also checked against the EventRead
schema (its own serialisation of them) and the rows, since the database builds
those documents itself.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from pydantic import TypeAdapter
from sqlalchemy import create_engine, pool, select, text

from app.actors.models import Actor
from app.actors.repository import ActorFilter, actors_query
from app.articles.repository import ArticleFilter, articles_query
from app.core.fulltext import parse
from app.events import repository as events
from app.events.documents import documents_query
from app.events.repository import COUNTRY, PARTICIPANT, EventFilter
from app.events.schemas import EventRead, format_partial_date
from app.events.service import with_search
from app.review.service import annotator_ref
from app.statements.repository import StatementFilter, statements_query
from tests.conftest import BACKEND

ACTOR = Actor.__table__
N_EVENTS = 20_000
BIG = {"event", "statement", "actor", "article", "event_country", "event_participant"}
# Aliases the repositories give big tables (app/events/repository.py, app/events/documents.py).
ALIASES = {"p": "event_participant", "p2": "event_participant", "ep": "event_participant", "a": "actor"}
ALIASES |= {"c": "event_country", **{t: t for t in BIG}}


@pytest.fixture(scope="module")
def plans_db(fresh_db_url, tmp_path_factory):
    """(engine, values): a generated database and filter values that select real rows in it."""
    from app.events import readmodel
    from bench import generate

    url = fresh_db_url("plans")
    if BACKEND == "postgres":
        seed = tmp_path_factory.mktemp("plans") / "seed.db"
        generate.generate(f"sqlite:///{seed}", N_EVENTS, quiet=True)
        generate.copy_sqlite_to(seed, url, quiet=True)  # COPY, indexes, ANALYZE
    else:
        generate.generate(url, N_EVENTS, quiet=True)
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.begin() as conn:
        # The generator makes no stories: events 8001-8080 become two of 40 (few rows touched, so the
        # rest of the table, its statistics and its search index, stay as generated).
        conn.execute(
            text(
                "INSERT INTO story (id, type, date, date_precision, article_count, mention_count, "
                "created_at, updated_at) SELECT id, type, date, date_precision, 1, 40, created_at, "
                "created_at FROM event WHERE id IN (8001, 8041)"
            )
        )
        conn.execute(
            text("UPDATE event SET story_id = ((id - 1) / 40) * 40 + 1 WHERE id BETWEEN 8001 AND 8080")
        )
        # Outside the unit of work: the read model's documents are brought up to date as it would.
        readmodel.refresh(conn)
        if BACKEND == "postgres":
            conn.execute(text("ANALYZE story"))
    with engine.connect() as conn:

        def top(sql: str):
            return conn.execute(text(sql)).scalar_one()

        values = {
            "actor": top(
                "SELECT actor_id FROM event_participant GROUP BY actor_id ORDER BY count(*) DESC LIMIT 1"
            ),
            "speaker": top(
                "SELECT speaker_id FROM statement WHERE speaker_id IS NOT NULL "
                "GROUP BY speaker_id ORDER BY count(*) DESC LIMIT 1"
            ),  # fmt: skip
            "outlet": top("SELECT outlet FROM article GROUP BY outlet ORDER BY count(*) DESC LIMIT 1"),
            "event": top("SELECT event_id FROM statement WHERE event_id IS NOT NULL LIMIT 1"),
            "annotator": top("SELECT annotator FROM event LIMIT 1"),
            "annotator_version": top("SELECT annotator_version FROM event LIMIT 1"),
        }
    yield engine, values
    engine.dispose()


Case = Callable[[dict], tuple]  # values -> (statement, params, event sort or None)


def resolve(filters: dict, values: dict) -> dict:
    """ "$name" stands for a value looked up in the generated data."""
    return {k: values[x[1:]] if isinstance(x, str) and x.startswith("$") else x for k, x in filters.items()}


DIALECT = "postgresql" if BACKEND == "postgres" else "sqlite"


def ev(sort: str = "id", after: list | None = None, q: str | None = None, **f) -> Case:
    def case(v: dict) -> tuple:
        filters = EventFilter(**resolve(f, v), search=parse(q) if q else None)
        return (*events.events_query(filters, sort, 51, after, DIALECT), sort)

    return case


D0, D1 = date(2021, 1, 1), date(2021, 12, 31)
EVENT_CASES = {
    "events: no filter": ev(),
    "events: type": ev(types=["removal"]),
    "events: two types": ev(types=["removal", "talks"]),
    "events: policy_area": ev(policy_areas=["asylum"]),
    "events: country": ev(country="GBR"),
    "events: country + type": ev(country="GBR", types=["removal"]),
    "events: country + two types": ev(country="GBR", types=["removal", "talks"]),
    "events: actor": ev(actor_id="$actor"),
    "events: actor + type": ev(actor_id="$actor", types=["talks"]),
    "events: actor + country": ev(actor_id="$actor", country="GBR"),
    "events: article": ev(article_id=100),
    "events: date range": ev(date_from=D0, date_to=D1),
    "events: review_state": ev(review_state="confirmed"),
    "events: review_state after cursor": ev(after=[5_000], review_state="rejected"),
    "events: type after cursor": ev(after=[15_000], types=["ruling"]),
    "events: country after cursor": ev(after=[18_000], country="SYR"),
    "events: actor after cursor": ev(after=[18_000], actor_id="$actor"),
    "events: sort -id": ev("-id", types=["aid"]),
    "events: sort date": ev("date"),
    "events: sort -date after cursor": ev("-date", after=[date(2022, 6, 1), 7_000]),
    "events: sort date + policy_area": ev("date", policy_areas=["detention"]),
    "events: sort -date + type after cursor": ev("-date", after=[date(2022, 6, 1), 7_000], types=["removal"]),
    "events: sort -date + review_state": ev("-date", review_state="machine"),
    "events: sort -date + country": ev("-date", country="GBR"),
    "events: sort date + country after cursor": ev("date", after=[date(2021, 6, 1), 7_000], country="SYR"),
    "events: sort -date + country + period": ev("-date", country="GBR", date_from=D0, date_to=D1),
    "events: sort -date + actor": ev("-date", actor_id="$actor"),
    "events: sort date + actor after cursor": ev("date", after=[date(2021, 6, 1), 7_000], actor_id="$actor"),
    "events: annotator + version": ev(annotator="$annotator", annotator_version="$annotator_version"),
    "events: annotator after cursor": ev(after=[12_000], annotator="$annotator"),
    "events: detail": ev(event_ids=[4_321]),
    "events: story": ev(story_id=8_001),
    "events: story after cursor": ev(after=[8_010], story_id=8_001),
    # Selective search terms (~1% of the rows) must use the full-text index. A common one (10%) is rightly
    # read by a full scan on PostgreSQL: ranking reads every match anyway.
    "events: search": ev("rank", q="Haddad"),
    "events: search phrase + prefix": ev("rank", q='"Anna Hadd*" OR Canad*'),
    "events: search after cursor": ev("rank", after=[1e9, 100], q="Haddad OR Canada"),
    "events: search + country": ev("rank", q="Haddad OR Canada", country="GBR"),
    "events: search + actor": ev("rank", q="Haddad OR Canada OR unlawful", actor_id="$actor"),
    "events: search + type, by date": ev("-date", q="Haddad OR Canada", types=["removal"]),
}


def actors(**f) -> Case:
    return lambda v: (*actors_query(ActorFilter(**f), 51, None), None)


def statements(after: list | None = None, q: str | None = None, **f) -> Case:
    search = parse(q) if q else None
    return lambda v: (
        *statements_query(StatementFilter(**resolve(f, v), search=search), 51, after, DIALECT),
        None,
    )


def articles(q: str | None = None, **f) -> Case:
    search = parse(q) if q else None
    return lambda v: (*articles_query(ArticleFilter(**resolve(f, v), search=search), 51, None, DIALECT), None)


OTHER_CASES = {
    "actors: no filter": actors(),
    "actors: kind": actors(kind="court"),
    "actors: country": actors(country="GBR"),
    "actors: name prefix": actors(name_prefix="ma"),
    "statements: no filter": statements(),
    "statements: speaker (actor's statements)": statements(speaker_id="$speaker"),
    "statements: event (event's statements)": statements(event_id="$event"),
    "statements: article": statements(article_id=123),
    "statements: kind": statements(kind="quote"),
    "statements: kind after cursor": statements(after=[9_000], kind="quote"),
    "statements: annotator + version": statements(
        annotator="$annotator", annotator_version="$annotator_version"
    ),
    "articles: no filter": articles(),
    "articles: outlet": articles(outlet="$outlet"),
    "articles: published range": articles(
        published_from=datetime(2022, 3, 1, tzinfo=UTC), published_to=datetime(2022, 3, 31, tzinfo=UTC)
    ),
    "articles: event's articles": articles(article_ids=[77]),
    "statements: search": statements(q="cruel", speaker_id="$speaker"),
    "statements: search + speaker after cursor": statements(
        after=[1e9, 10], q="cruel OR sea", speaker_id="$speaker"
    ),
    "articles: search": articles(q="Haddad Canada"),
    "articles: search + outlet": articles(q="unworkable", outlet="$outlet"),
}
# Unfiltered lists walk the table in primary-key order and stop after a page: SQLite calls that a SCAN.
ORDERED_WALKS = {name for name in {**EVENT_CASES, **OTHER_CASES} if name.endswith("no filter")}


def explain(conn, stmt, params: dict) -> list[str]:
    compiled = stmt.compile(dialect=conn.dialect)
    values = compiled.construct_params(params)
    if conn.dialect.name == "sqlite":
        args = tuple(values[name] for name in compiled.positiontup)
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + compiled.string, args)
        return [row[3] for row in rows]
    return [row[0] for row in conn.exec_driver_sql("EXPLAIN " + compiled.string, values)]


def full_scans(plan: list[str]) -> list[str]:
    if BACKEND == "postgres":
        return [line for line in plan if (m := re.search(r"Seq Scan on (\w+)", line)) and m.group(1) in BIG]
    # Subqueries SQLite runs as co-routines are scanned by name: those are not tables.
    subqueries = {m.group(2) for line in plan if (m := re.match(r"(CO-ROUTINE|MATERIALIZE) (\S+)", line))}
    return [
        line
        for line in plan
        if (m := re.match(r"SCAN (\S+)", line))
        and m.group(1) in ALIASES
        and m.group(1) not in subqueries
        and "USING INDEX" not in line
        and "USING COVERING INDEX" not in line
    ]


def issued(case: Case, values: dict, dialect: str):
    """The statement as the service runs it (events are wrapped in the documents query)."""
    stmt, params, sort = case(values)
    if sort is not None:
        stmt = documents_query(
            stmt, dialect, sort.lstrip("-") == "date", sort.startswith("-"), sort == "rank"
        )
    return stmt, params


@pytest.mark.parametrize("name", [*EVENT_CASES, *OTHER_CASES])
def test_list_queries_use_indexes(plans_db, name):
    engine, values = plans_db
    case = {**EVENT_CASES, **OTHER_CASES}[name]
    with engine.connect() as conn:
        stmt, params = issued(case, values, conn.dialect.name)
        plan = explain(conn, stmt, params)
        rows = conn.execute(stmt, params).all()
    assert rows, f"{name}: the filter values select nothing, so the plan proves little"
    scans = full_scans(plan)
    if name in ORDERED_WALKS and BACKEND == "sqlite":
        scans = [line for line in scans if not re.fullmatch(r"SCAN (event|actor|statement|article)", line)]
    assert not scans, f"{name}: full scan\n" + "\n".join(plan)


BY_COUNTRY = "ix_event_country_country_date_event_id_type_policy_area"
BY_ACTOR = "ix_event_participant_actor_id_date_copies"


@pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite's plan names the sort; PostgreSQL's costs decide")
@pytest.mark.parametrize(
    ("name", "index"),
    [
        ("events: sort date + policy_area", r"ix_event_\w+_date_id \("),
        ("events: sort -date + type after cursor", r"ix_event_\w+_date_id \(type=\? AND date<\?\)"),
        ("events: sort -date + review_state", r"ix_event_\w+_date_id \("),
        ("events: sort -date + country", rf"{BY_COUNTRY} \(country=\?\)"),
        ("events: sort date + country after cursor", rf"{BY_COUNTRY} \(country=\? AND date>\?\)"),
        ("events: sort -date + country + period", rf"{BY_COUNTRY} \(country=\? AND date>\? AND date<\?\)"),
        ("events: sort -date + actor", rf"{BY_ACTOR} \(actor_id=\?\)"),
        ("events: sort date + actor after cursor", rf"{BY_ACTOR} \(actor_id=\? AND date>\?\)"),
    ],
)  # fmt: skip
def test_date_sorted_filtered_pages_walk_an_index_in_order(plans_db, name, index):
    """A filter sorted by date reads an index whose entries are in (date, id) order under it and stops
    after a page: no sort of every match. Type, policy area, review state: (column, date, id) on event
    (migration 0010); country and actor: the event's date copied into event_country / event_participant,
    (country | actor_id, date, event_id) (migration 0012). A cursor bounds the range (``date<?``), so a
    deep page starts at the cursor rather than walking every entry before it."""
    engine, values = plans_db
    stmt, params, _ = EVENT_CASES[name](values)
    with engine.connect() as conn:
        plan = explain(conn, stmt, params)
        wrapped = explain(conn, *issued(EVENT_CASES[name], values, "sqlite"))
    assert not [line for line in plan if "TEMP B-TREE" in line], f"{name}: sorts\n" + "\n".join(plan)
    assert any(re.search(r"USING (COVERING )?INDEX " + index, line) for line in plan), "\n".join(plan)
    # The service's statement (documents around the page) sorts only the page's rows, after the walk.
    assert any(re.search(r"USING (COVERING )?INDEX " + index, line) for line in wrapped), "\n".join(wrapped)


@pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite's plan names the index and whether it covers")
@pytest.mark.parametrize(
    ("name", "index"),
    [
        ("events: country + type", "ix_event_country_country_event_id_type_policy_area_date"),
        ("events: country + two types", "ix_event_country_country_event_id_type_policy_area_date"),
        ("events: country after cursor", "ix_event_country_country_event_id_type_policy_area_date"),
        ("events: actor + type", "ix_event_participant_actor_id_event_id_copies"),
    ],
)
def test_country_and_actor_pages_test_their_filters_in_the_index(plans_db, name, index):
    """An id-sorted country or actor page walks one index that holds the copies of the event's type, policy
    area and date (migration 0012): a row the filters reject is skipped there, without reading its event."""
    engine, values = plans_db
    stmt, params, _ = EVENT_CASES[name](values)
    with engine.connect() as conn:
        plan = explain(conn, stmt, params)
    assert any(f"USING COVERING INDEX {index} (" in line for line in plan), "\n".join(plan)
    assert not [line for line in plan if "TEMP B-TREE" in line], "\n".join(plan)


@pytest.mark.parametrize(
    "name",
    [
        "events: country + type",
        "events: actor",
        "events: sort -date after cursor",
        "events: search + country",
    ],
)
def test_event_documents_are_the_schemas_serialisation(plans_db, name):
    """EventRead (app/events/schemas.py) is the one definition of the shape: each document the database
    builds is EventRead's own serialisation of it (same keys, same order, same JSON), and its values
    are the rows' (event, event_country, event_participant + actor). A searched list's documents carry
    ``search`` last, as the schema has it; the others leave it out (it is optional)."""
    engine, values = plans_db
    stmt, params, sort = EVENT_CASES[name](values)
    with engine.connect() as conn:
        docs = conn.execute(documents_query(stmt, conn.dialect.name, sort.lstrip("-") == "date",
                                            sort.startswith("-"), sort == "rank"), params).all()  # fmt: skip
        rows = conn.execute(stmt, params).all()
        ids = [r.id for r in rows]
        countries: dict[int, list[str]] = defaultdict(list)
        for event_id, code in conn.execute(
            select(COUNTRY.c.event_id, COUNTRY.c.country)
            .where(COUNTRY.c.event_id.in_(ids))
            .order_by(COUNTRY.c.event_id, COUNTRY.c.country)
        ):
            countries[event_id].append(code)
        participants: dict[int, list[tuple]] = defaultdict(list)
        for p in conn.execute(
            select(PARTICIPANT.c.event_id, PARTICIPANT.c.role, ACTOR.c.id, ACTOR.c.kind, ACTOR.c.name,
                   ACTOR.c.country)
            .join(ACTOR, ACTOR.c.id == PARTICIPANT.c.actor_id)
            .where(PARTICIPANT.c.event_id.in_(ids))
            .order_by(PARTICIPANT.c.event_id, PARTICIPANT.c.role, ACTOR.c.id)
        ):  # fmt: skip
            participants[p.event_id].append((p.role, p.id, p.kind, p.name, p.country))
    assert [d.id for d in docs] == ids and len(rows) == 51
    searched = "score" in rows[0]._fields
    built = [json.loads(with_search(d) if searched else d.doc) for d in docs]
    assert all(("search" in b) == searched for b in built)
    if searched:
        assert all(b["search"]["snippet"].count("<mark>") >= 1 for b in built)
    schema = TypeAdapter(list[EventRead])
    # The shape: what the schema makes of the documents is the documents, key order included.
    dumped = schema.dump_json(schema.validate_python(built), exclude_unset=True)
    assert json.dumps(json.loads(dumped)) == json.dumps(built)
    # The values.
    for doc, r in zip(built, rows, strict=True):
        fields = ("id", "type", "policy_area", "date_precision", "people_count", "summary")
        assert {k: doc[k] for k in fields} == {
            "id": r.id, "type": r.type, "policy_area": r.policy_area, "date_precision": r.date_precision,
            "people_count": r.people_count, "summary": r.summary,
        }  # fmt: skip
        assert doc["date"] == format_partial_date(r.date, r.date_precision)
        assert doc["background"] is bool(r.background) and doc["confidence"] == r.confidence
        assert doc["review_state"] == r.review_state and doc["story_id"] == r.story_id
        assert doc["countries"] == countries[r.id]
        assert [(p["role"], *p["actor"].values()) for p in doc["participants"]] == participants[r.id]
        assert doc["evidence"] == {"article_id": r.article_id, "start": r.start, "end": r.end,
                                   "text": r.evidence_text}  # fmt: skip
        assert doc["annotator"] == annotator_ref(r.annotator_kind, r.annotator, r.annotator_version)
        assert datetime.fromisoformat(doc["created_at"]) == r.created_at
        story = f"/v1/stories/{r.story_id}" if r.story_id is not None else None
        assert doc["links"] == {"self": f"/v1/events/{r.id}", "article": f"/v1/articles/{r.article_id}",
                                "statements": f"/v1/events/{r.id}/statements", "story": story}  # fmt: skip


# (filters, group_by, the index the filter must be read through)
COUNT_CASES = {
    "counts: month x type, one country": (dict(country="GBR"), ("month", "type"), "ix_event_country_country"),
    "counts: year x actor, one actor": (
        dict(actor_id="$actor"),
        ("year", "actor"),
        "ix_event_participant_actor",
    ),
    # (type, id) or (type, date, id): either is the type filter's index.
    "counts: country, one type": (dict(types=["aid"]), ("country",), "ix_event_type_"),
    "counts: week, date range": (dict(date_from=D0, date_to=D1), ("week",), "ix_event_date_id"),
    "counts: type, search": (dict(search=parse("Haddad OR Canada")), ("type",), "event_fts"),
}


@pytest.mark.parametrize("name", COUNT_CASES)
def test_count_queries_read_the_filters_index(plans_db, name):
    """Counts read the filtered events through the filter's index. SQLite must not scan a big table
    besides. PostgreSQL may hash-join the rest of a table when the filter keeps a large share of it
    (these keep 2-25% of 20k rows), which beats probing the primary key row by row; there the filter's
    index must still be in the plan."""
    from app.events.counts import counts_query

    engine, values = plans_db
    filters, dims, index = COUNT_CASES[name]
    with engine.connect() as conn:
        grouped, total, params = counts_query(
            EventFilter(**resolve(filters, values)), dims, conn.dialect.name
        )
        plan = explain(conn, grouped, params) + explain(conn, total, params)
        rows = conn.execute(grouped, params).all()
        n = conn.execute(total, params).scalar_one()
    assert rows and n, f"{name}: the filter values select nothing, so the plan proves little"
    if BACKEND == "postgres":
        index = "ix_search_event" if index == "event_fts" else index
        assert sum(index in line for line in plan) >= 2, f"{name}: {index} unused\n" + "\n".join(plan)
    else:
        assert any(index in line for line in plan), f"{name}: {index} unused\n" + "\n".join(plan)
        assert not full_scans(plan), f"{name}: full scan\n" + "\n".join(plan)
