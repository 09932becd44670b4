"""The stories download over real HTTP (GET /v1/stories/export): CSV (RFC 4180, the documented columns,
participants, countries, article and event ids flattened, formula guard, BOM), NDJSON (the list's own
items) and PLOVER-style JSONL (the type's PLOVER code, PLOVER's actor and recipient, the story under
`migevents`); format= and Accept; the list's filters and refusals. Expectations come from the list and
the story's linked views, so the export and the list must agree.

Many batches on a server of its own (MIGEVENTS_EXPORT_BATCH_ROWS=2), and a client that goes away
mid-stream, at the end."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import UTC, date, datetime

import httpx
import pytest
from sqlalchemy import create_engine, pool, text

from app.events.export import PLOVER_CODES
from app.stories.export import COLUMNS
from app.stories.models import Story
from tests.conftest import BACKEND
from tests.e2e.test_export_streaming import _read_some_then_vanish, export_log, wait_for_export
from tests.e2e.test_exports import PROBLEM, assert_flattened, csv_rows, lines, listed
from tests.support import data
from tests.support.data import MACHINE, Dataset, Draft
from tests.support.server import running

PLOVER = "application/vnd.migevents.plover+jsonl"
NDJSON = "application/x-ndjson"
EVIL = '=HYPERLINK("http://x")'


def _hostile() -> Draft:
    """A story whose only `actor` would run as a formula and whose recipient holds the list separator."""
    d = Draft("hostile-story", "=1+1", "@evil", "2025-06-01T00:00:00+00:00", MACHINE)
    s = d.sentence(f'{EVIL} criticised Iceland and Ops|Team over "returns", again.')
    d.actor("evil", "person", EVIL, None)
    d.actor("isl", "country", "Iceland", "ISL")
    d.actor("ops", "organization", "Ops|Team", None)
    d.event("criticism", "deportation", s, [("evil", "actor"), ("isl", "recipient"), ("ops", "recipient")],
            ["ISL"], "2025-06-01", "day")  # fmt: skip
    return d


@pytest.fixture(scope="module")
def ds(server) -> Dataset:
    dataset = data.seed(copies=2)  # every drafted happening reported twice: stories of two articles
    data.store(_hostile(), dataset)
    return dataset


def export(client: httpx.Client, fmt: str | None = None, **params) -> httpx.Response:
    return client.get("/v1/stories/export", params={**params, **({"format": fmt} if fmt else {})})


def members(client: httpx.Client, story_id: int) -> list[dict]:
    return listed(client, f"/v1/stories/{story_id}/events")


@pytest.mark.parametrize("params", [{}, {"sort": "-date"}, {"country": "RWA"}])
def test_csv_is_one_row_per_story_in_the_documented_columns(client, ds, params):
    stories = listed(client, "/v1/stories", **params)
    assert stories
    rows = csv_rows(export(client, "csv", **params), "stories")
    assert list(rows[0]) == list(COLUMNS)
    assert [int(r["id"]) for r in rows] == [s["id"] for s in stories]
    for row, s in zip(rows, stories, strict=True):
        assert (row["type"], row["plover_code"]) == (s["type"], PLOVER_CODES[s["type"]] or "")
        assert (row["date"], row["date_precision"]) == (s["date"], s["date_precision"])
        assert (row["first_reported"], row["last_reported"]) == (s["first_reported"], s["last_reported"])
        assert (int(row["article_count"]), int(row["mention_count"])) == (
            s["article_count"],
            s["mention_count"],
        )
        assert_flattened(row, s)
        events = members(client, s["id"])
        articles = sorted({e["evidence"]["article_id"] for e in events})
        assert (
            row["event_ids"] == "|".join(str(e["id"]) for e in events) and len(events) == s["mention_count"]
        )
        assert row["article_ids"] == "|".join(map(str, articles)) and len(articles) == s["article_count"]
    if not params:
        assert {int(r["article_count"]) for r in rows} >= {2}, "the seed's copies report the same happenings"


def test_csv_parses_round_trips_and_guards_formulas(client, ds):
    raw = export(client, "csv").content.decode()
    again = io.StringIO()
    csv.writer(again, lineterminator="\r\n").writerows(csv.reader(io.StringIO(raw, newline="")))
    assert again.getvalue() == raw  # RFC 4180 as the csv module writes it
    [row] = csv_rows(export(client, article=ds.articles["hostile-story"].id), "stories")
    assert row["actor_names"] == "'" + EVIL  # shown by a spreadsheet, never run
    assert row["recipient_names"] == "Iceland|Ops\\|Team"  # the separator inside a name, escaped
    assert row["actor_countries"] == "" and row["recipient_countries"] == "ISL|"
    assert f'"\'{EVIL.replace(chr(34), 2 * chr(34))}"' in raw  # guarded, then quoted


def test_csv_byte_order_mark_on_request(client, ds):
    plain = export(client).content
    marked = export(client, bom="true")
    assert not plain.startswith(b"\xef\xbb\xbf") and marked.content == b"\xef\xbb\xbf" + plain
    assert marked.headers["content-type"] == "text/csv; charset=utf-8; header=present"
    assert list(csv.DictReader(io.StringIO(marked.content.decode("utf-8-sig"), newline="")))[0]["id"]


@pytest.mark.parametrize("params", [{}, {"sort": "-date"}, {"type": "removal"}])
def test_ndjson_lines_are_the_list_items(client, ds, params):
    r = export(client, "ndjson", **params)
    assert r.headers["content-disposition"] == 'attachment; filename="stories.ndjson"'
    got = lines(r, NDJSON)
    assert got == listed(client, "/v1/stories", **params) and got


def test_plover_lines_carry_the_mapped_code_and_the_story_namespaced(client, ds):
    r = export(client, "plover")
    assert r.headers["content-disposition"] == 'attachment; filename="stories.plover.jsonl"'
    got = lines(r, PLOVER)
    stories = listed(client, "/v1/stories")
    assert [x["migevents"] for x in got] == stories  # the story, whole, under our key
    for x, s in zip(got, stories, strict=True):
        assert x["event_id"] == f"migevents-story-{s['id']}" and x["event_type"] == PLOVER_CODES[s["type"]]
        assert x["context"] == ["migration"] and x["event_mode"] is None and x["text"] is None
        assert x["country"] == s["countries"]
        assert x["event_date"] == {"year": s["date"] + "-01-01", "month": s["date"] + "-01"}.get(
            s["date_precision"], s["date"]
        )
        actors = [p["actor"] for p in s["participants"] if p["role"] == "actor"]
        recipients = [p["actor"] for p in s["participants"] if p["role"] == "recipient"]
        target = recipients[0] if recipients else (actors[1] if len(actors) > 1 else None)
        assert (x["actor"], x["actor_country"]) == (
            (actors[0]["name"], actors[0]["country"]) if actors else (None, None)
        )
        assert x["recipient"] == (target["name"] if target else None)
        articles = sorted({e["evidence"]["article_id"] for e in members(client, s["id"])})
        assert x["source"] == {"article_ids": articles, "url": f"/v1/stories/{s['id']}/articles"}
    codes = {x["migevents"]["type"]: x["event_type"] for x in got}
    assert codes["talks"] == "CONSULT" and codes["removal"] == "COERCE" and codes["ruling"] is None
    talks = next(x for x in got if x["migevents"]["type"] == "talks")
    assert (talks["actor_country"], talks["recipient_country"]) == ("RWA", "USA")  # a dyad of parties
    [hostile] = [x for x in got if x["migevents"]["type"] == "criticism" and x["country"] == ["ISL"]]
    assert (hostile["event_type"], hostile["actor"], hostile["recipient"]) == ("ACCUSE", EVIL, "Iceland")


def _filters(ds: Dataset) -> list[dict]:
    return [
        {"type": ["removal", "ruling"]},
        {"country": "USA", "sort": "-id"},
        {"actor": ds.actor("Rwanda").id},
        {"article": ds.articles["hostile-story"].id},
        {"date_from": "2024-01-01", "date_to": "2025-12-31", "sort": "date"},
        {"min_articles": 2, "sort": "-date"},
    ]


def test_every_format_takes_the_list_filters(client, ds):
    for params in _filters(ds):
        expected = [s["id"] for s in listed(client, "/v1/stories", **params)]
        assert expected, params
        assert [int(r["id"]) for r in csv_rows(export(client, **params), "stories")] == expected, params
        assert [x["id"] for x in lines(export(client, "ndjson", **params), NDJSON)] == expected
        assert [x["migevents"]["id"] for x in lines(export(client, "plover", **params), PLOVER)] == expected


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "text/csv"),
        ("*/*", "text/csv"),
        ("text/csv", "text/csv"),
        (NDJSON, NDJSON),
        ("application/jsonl", NDJSON),
        (PLOVER, PLOVER),
        ("text/csv;q=0.2, application/vnd.migevents.plover+jsonl;q=0.9", PLOVER),
    ],
)
def test_accept_chooses_the_format(client, ds, accept, media):
    request = client.build_request("GET", "/v1/stories/export", params={"type": "talks"})
    del request.headers["accept"]
    if accept:
        request.headers["accept"] = accept
    r = client.send(request)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media and r.headers["vary"] == "Accept"
    if media == "text/csv":
        ids = [int(row["id"]) for row in csv.DictReader(io.StringIO(r.text, newline=""))]
    else:
        ids = [json.loads(x).get("id") or json.loads(x)["migevents"]["id"] for x in r.text.splitlines()]
    assert ids == [s["id"] for s in listed(client, "/v1/stories", type="talks")] and ids


def test_format_parameter_wins_over_accept(client, ds):
    r = client.get("/v1/stories/export", params={"format": "plover"}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"] == PLOVER
    r = client.get("/v1/stories/export", params={"format": "csv"}, headers={"Accept": NDJSON})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")


@pytest.mark.parametrize(
    ("headers", "params", "status", "name"),
    [
        ({}, {"format": "xlsx"}, 422, "format"),
        ({}, {"format": "PLOVER"}, 422, "format"),
        ({"Accept": "application/json"}, {}, 406, None),
        ({}, {"bom": "true", "format": "plover"}, 422, "bom"),
        ({}, {"bom": "maybe"}, 422, "bom"),
        ({}, {"type": "party"}, 422, "type"),
        ({}, {"country": "rwa"}, 422, "country"),
        ({}, {"min_articles": "0"}, 422, "min_articles"),
        ({}, {"date_from": "2025-02-01", "date_to": "2025-01-01"}, 422, "date_from"),
        ({}, {"sort": "rank"}, 422, "sort"),
        ({}, {"limit": "10"}, 422, "limit"),
    ],
)
def test_refusals_are_problems(client, ds, headers, params, status, name):
    r = client.get("/v1/stories/export", params=params, headers=headers)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["status"] == status
    if name:
        assert body["errors"][0]["name"] == name
    else:
        assert "text/csv" in body["detail"] and PLOVER in body["detail"]
    if name == "format":
        assert set(body["errors"][0]["allowed"]) == {"csv", "ndjson", "plover"}


def test_an_empty_export_is_a_header_or_nothing(client, ds):
    r = export(client, country="ATA")
    assert r.status_code == 200 and r.text == ",".join(COLUMNS) + "\r\n"
    assert export(client, "plover", country="ATA").content == b""


# --- many batches, and a client that goes away ---------------------------------------------------


@pytest.fixture(scope="module")
def small_batches(ds, db_url, tmp_path_factory):
    """A second server on the same database, writing two stories a batch."""
    log = tmp_path_factory.mktemp("story-batches") / "server.log"
    env = {"MIGEVENTS_DATABASE_URL": db_url, "MIGEVENTS_EXPORT_BATCH_ROWS": "2"}
    with running(env, log) as srv, httpx.Client(base_url=srv.base_url, timeout=60) as c:
        yield srv, c


@pytest.mark.parametrize("params", [{}, {"sort": "-date"}, {"sort": "date", "min_articles": 2}])
def test_many_batches_add_up_to_the_list(small_batches, params):
    srv, c = small_batches
    expected = listed(c, "/v1/stories", **params)
    assert len(expected) > 4 * 2, params
    for fmt in ("csv", "ndjson", "plover"):
        r = export(c, fmt, **params)
        assert r.status_code == 200, r.text
        if fmt == "csv":
            got = [int(row["id"]) for row in csv.DictReader(io.StringIO(r.text, newline=""))]
        else:
            got = [json.loads(x).get("migevents", json.loads(x))["id"] for x in r.text.splitlines()]
        assert got == [s["id"] for s in expected], (params, fmt)
    if fmt == "plover":
        assert [json.loads(x)["migevents"] for x in r.text.splitlines()] == expected
    ended = wait_for_export(srv, lambda x: x["resource"] == "stories" and x["rows"] == len(expected))
    assert ended["complete"] is True and ended["batches"] == len(expected) // 2 + 1


N_STORIES = 30_000


@pytest.fixture(scope="module")
def many_stories(fresh_db_url, tmp_path_factory):
    """A database of N_STORIES stories (rows of the story table, written directly: the download only
    reads them) and a server on it, 25 stories a batch."""
    from app.core import migrate

    url = fresh_db_url("story-export")
    migrate.upgrade(url)
    at = datetime(2025, 6, 1, tzinfo=UTC)
    rows = [
        {"type": "removal", "date": date(2025, 1 + n % 12, 1 + n % 28), "date_precision": "day",
         "first_reported": at, "last_reported": at, "article_count": 1, "mention_count": 1,
         "created_at": at, "updated_at": at}
        for n in range(N_STORIES)
    ]  # fmt: skip
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.begin() as conn:
        conn.execute(Story.__table__.insert(), rows)
    engine.dispose()
    log = tmp_path_factory.mktemp("story-export-srv") / "server.log"
    env = {"MIGEVENTS_DATABASE_URL": url, "MIGEVENTS_EXPORT_BATCH_ROWS": "25"}
    with running(env, log) as srv, httpx.Client(base_url=srv.base_url, timeout=120) as c:
        yield srv, c, url


def test_a_client_that_goes_away_stops_the_story_export(many_stories):
    srv, c, url = many_stories
    before = len(export_log(srv))
    head = _read_some_then_vanish(srv.base_url, "/v1/stories/export?format=plover", 20_000)
    assert head.startswith(b"HTTP/1.1 200") and b"plover" in head
    ended = wait_for_export(srv, lambda x: x["resource"] == "stories")
    assert len(export_log(srv)) == before + 1
    assert ended["complete"] is False and 0 < ended["rows"] < N_STORIES // 2, ended
    if BACKEND == "postgres":
        # the server's connection goes back to its pool just after the export's log line:
        # freed within a few seconds, never left working or holding a transaction
        engine = create_engine(url, poolclass=pool.NullPool)
        deadline = time.monotonic() + 5
        while True:
            with engine.connect() as conn:
                busy = conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')"
                    )
                ).scalar_one()
            if busy == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        engine.dispose()
        assert busy == 0
    r = export(c, "ndjson")  # the server is whole: the same export, read to the end
    assert r.status_code == 200 and len(r.text.splitlines()) == N_STORIES
    assert wait_for_export(srv, lambda x: x["resource"] == "stories" and x["complete"])["rows"] == N_STORIES
