"""Downloads of whole lists over real HTTP (GET /v1/{events,actors,statements}/export): CSV (RFC 4180,
documented columns, participants flattened, formula guard, BOM), NDJSON (the list's own items) and
PLOVER-style JSONL; format= and Accept; the list's filters and refusals. Every expectation is computed
from the list endpoint itself, so an export and its list must agree.

Streaming past one batch and a client that goes away mid-stream: tests/e2e/test_export_streaming.py."""

from __future__ import annotations

import csv
import io
import json
import time

import httpx
import pytest

from app.actors.export import COLUMNS as ACTOR_COLUMNS
from app.events.export import COLUMNS as EVENT_COLUMNS
from app.events.export import PLOVER_CODES
from app.statements.export import COLUMNS as STATEMENT_COLUMNS
from tests.support import data
from tests.support.data import MACHINE, Dataset, Draft

PROBLEM = "application/problem+json"
PLOVER = "application/vnd.migevents.plover+jsonl"
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _hostile() -> Draft:
    """An article whose names, evidence and quote would run as spreadsheet formulas, with a name that
    holds the list separator and a quote with a comma, a double quote and a line break."""
    d = Draft("hostile-cells", "=1+1", "@evil", "2025-06-01T00:00:00+00:00", MACHINE)
    s = d.sentence('=HYPERLINK("http://x") said Greece would deport 40 people to Turkey with Ops|Team.')
    d.sentence('He added: "+44 deportees, the "first", will\nfollow".')
    d.actor("grc", "country", "Greece", "GRC")
    d.actor("tur", "country", "Turkey", "TUR")
    d.actor("evil", "person", '=HYPERLINK("http://x")', None)
    d.actor("ops", "organization", "Ops|Team", None)
    parts = [("grc", "actor"), ("tur", "recipient"), ("evil", "actor"), ("ops", "recipient")]
    d.event("removal", "deportation", s, parts, ["GRC", "TUR"], "2025-06-01", "day", people=40)
    d.statement("evil", "quote", "add", '+44 deportees, the "first", will\nfollow', 0)
    return d


@pytest.fixture(scope="module")
def ds(server) -> Dataset:
    dataset = data.seed()
    data.store(_hostile(), dataset)
    return dataset


def hostile(ds: Dataset) -> int:
    return ds.articles["hostile-cells"].id


def listed(client: httpx.Client, path: str, **params) -> list[dict]:
    """Every item of a list, page after page."""
    items, cursor = [], None
    while True:
        r = client.get(path, params={**params, "limit": 500, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200, r.text
        body = r.json()
        items += body["items"]
        if not (cursor := body["next_cursor"]):
            return items


def csv_rows(r: httpx.Response, name: str) -> list[dict]:
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "text/csv; charset=utf-8; header=present"
    assert r.headers["content-disposition"] == f'attachment; filename="{name}.csv"'
    assert "etag" not in r.headers  # streamed: never tagged
    text = r.content.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "").replace("\nfollow", "")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def guarded(value: str) -> str:
    return "'" + value if value.startswith(FORMULA) else value


def assert_flattened(row: dict, record: dict) -> None:
    """A CSV row's countries and participant columns against the record the list gives."""
    assert row["countries"] == "|".join(record["countries"])
    for role in ("actor", "recipient"):
        people = [p["actor"] for p in record["participants"] if p["role"] == role]
        assert row[f"{role}_ids"] == "|".join(str(a["id"]) for a in people)
        assert row[f"{role}_names"] == guarded(joined([a["name"] for a in people]))
        assert row[f"{role}_kinds"] == "|".join(a["kind"] for a in people)
        assert row[f"{role}_countries"] == "|".join(a["country"] or "" for a in people)


def joined(values: list[str]) -> str:
    return "|".join(v.replace("\\", "\\\\").replace("|", "\\|") for v in values)


def lines(r: httpx.Response, media: str) -> list[dict]:
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == media
    assert r.text.endswith("\n")
    return [json.loads(line) for line in r.text.splitlines()]


@pytest.mark.parametrize("params", [{}, {"sort": "-date"}, {"q": "Rwanda OR deport*"}])
def test_events_csv_is_one_row_per_event_in_the_documented_columns(client, ds, params):
    items = listed(client, "/v1/events", **params)
    rows = csv_rows(client.get("/v1/events/export", params={**params, "format": "csv"}), "events")
    assert list(rows[0]) == list(EVENT_COLUMNS)
    assert [int(row["id"]) for row in rows] == [e["id"] for e in items]
    assert len(items) == len(ds.events) if not params else items
    for row, e in zip(rows, items, strict=True):
        assert row["type"] == e["type"] and row["plover_code"] == (PLOVER_CODES[e["type"]] or "")
        assert (row["date"], row["date_precision"]) == (e["date"], e["date_precision"])
        assert row["people_count"] == ("" if e["people_count"] is None else str(e["people_count"]))
        assert row["background"] == str(e["background"]).lower()
        assert row["summary"] == guarded(e["summary"])
        assert_flattened(row, e)
        ev = e["evidence"]
        assert (int(row["article_id"]), int(row["evidence_start"]), int(row["evidence_end"])) == (
            ev["article_id"], ev["start"], ev["end"],
        )  # fmt: skip
        assert row["evidence_text"] == guarded(ev["text"])
        ann = e["annotator"]
        assert (row["annotator_kind"], row["annotator"]) == (ann["kind"], ann["name"])
        assert row["annotator_version"] == (ann["version"] or "")
        assert float(row["confidence"]) == e["confidence"] and row["review_state"] == e["review_state"]
        assert row["created_at"] == e["created_at"]


@pytest.mark.parametrize("params", [{}, {"sort": "-date"}, {"q": "Rwanda OR deport* OR Greece"}])
def test_events_csv_is_byte_for_byte_what_the_csv_module_writes(client, ds, params):
    """The database writes the event lines (app/events/export.py): they must be what csv.writer writes for
    the same cells (RFC 4180, quoting only where needed, CRLF), the hostile article's included."""
    raw = client.get("/v1/events/export", params={**params, "format": "csv"}).content.decode()
    again = io.StringIO()
    csv.writer(again, lineterminator="\r\n").writerows(csv.reader(io.StringIO(raw, newline="")))
    assert again.getvalue() == raw
    assert '"\'=HYPERLINK(""http://x"") said Greece' in raw, "the hostile evidence, guarded and quoted"


def test_events_csv_reads_each_stored_line_and_renders_one_that_is_missing(client, ds):
    """The export writes the line the read model stored for each event (event_csv), and renders, in the same
    batch, the line of an event that has none (rows written around the unit of work): the same bytes."""
    from sqlalchemy import text

    from app.core.db import session_scope
    from app.events import readmodel

    def export() -> str:
        return client.get("/v1/events/export", params={"format": "csv"}).content.decode()

    before = export()
    first = min(e.id for e in ds.events)
    gone = [e.id for e in ds.events if e.article_id == hostile(ds)] + [max(e.id for e in ds.events)]
    try:
        with session_scope(write=True) as session:
            session.execute(
                text("UPDATE event_csv SET head = 'stored,' || head WHERE event_id = :id"), {"id": first}
            )
            for i in gone:
                session.execute(text("DELETE FROM event_csv WHERE event_id = :id"), {"id": i})
        assert export() == before.replace(f"\r\n{first},", f"\r\nstored,{first},", 1) != before
    finally:
        with session_scope(write=True) as session:
            readmodel.rebuild(session.connection())
    assert export() == before


def test_csv_cells_never_run_as_formulas(client, ds):
    [row] = csv_rows(client.get("/v1/events/export", params={"article": hostile(ds)}), "events")
    assert row["evidence_text"].startswith("'=HYPERLINK(")
    assert row["actor_names"] == 'Greece|=HYPERLINK("http://x")'  # the cell starts with Greece
    assert row["recipient_names"] == "Turkey|Ops\\|Team"  # the separator inside a name, escaped
    assert row["people_count"] == "40" and row["summary"].startswith("removal: ")
    actors = csv_rows(client.get("/v1/actors/export"), "actors")
    assert list(actors[0]) == list(ACTOR_COLUMNS)
    assert '\'=HYPERLINK("http://x")' in [a["name"] for a in actors]
    assert not [a for a in actors for k in ("name", "title", "aliases") if a[k].startswith(FORMULA)]
    statements = csv_rows(client.get("/v1/statements/export", params={"kind": "quote"}), "statements")
    assert list(statements[0]) == list(STATEMENT_COLUMNS)
    quote = next(s for s in statements if "deportees" in s["text"])
    # RFC 4180 round trip: comma, doubled quotes and the line break survive inside one quoted cell.
    assert quote["text"] == '\'+44 deportees, the "first", will\nfollow'
    assert quote["speaker_name"] == '\'=HYPERLINK("http://x")'
    raw = client.get("/v1/statements/export", params={"kind": "quote"}).text
    assert '"\'+44 deportees, the ""first"", will\nfollow"' in raw


def test_csv_byte_order_mark_on_request(client, ds):
    for path in ("/v1/events/export", "/v1/actors/export", "/v1/statements/export"):
        plain = client.get(path).content
        marked = client.get(path, params={"bom": "true"})
        assert not plain.startswith(b"\xef\xbb\xbf") and marked.content == b"\xef\xbb\xbf" + plain
        assert marked.headers["content-type"].startswith("text/csv")
    r = client.get("/v1/events/export", params={"bom": "true", "format": "ndjson"})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    assert r.json()["errors"][0]["name"] == "bom"


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/v1/events", {}),
        ("/v1/events", {"country": "RWA", "sort": "-date"}),
        ("/v1/events", {"q": "deport* OR talks"}),
        ("/v1/actors", {"kind": "person"}),
        ("/v1/statements", {}),
        ("/v1/statements", {"q": "talks OR Europe"}),
    ],
)
def test_ndjson_lines_are_the_list_items(client, ds, path, params):
    r = client.get(path + "/export", params={**params, "format": "ndjson"})
    name = path.rsplit("/", 1)[1]
    assert r.headers["content-disposition"] == f'attachment; filename="{name}.ndjson"'
    got = lines(r, "application/x-ndjson")
    assert got == listed(client, path, **params) and got


def test_plover_lines_carry_plover_fields_and_ours_namespaced(client, ds):
    r = client.get("/v1/events/export", params={"format": "plover", "article": hostile(ds)})
    assert r.headers["content-disposition"] == 'attachment; filename="events.plover.jsonl"'
    [line] = lines(r, PLOVER)
    [event] = listed(client, "/v1/events", article=hostile(ds))
    assert line["migevents"] == event  # our record, whole, under its own key
    assert line["event_id"] == f"migevents-{event['id']}" and line["event_date"] == "2025-06-01"
    assert line["event_type"] == "COERCE" and line["context"] == ["migration"]
    assert (line["actor"], line["actor_country"]) == ("Greece", "GRC")
    assert (line["recipient"], line["recipient_country"]) == ("Turkey", "TUR")
    assert line["country"] == ["GRC", "TUR"] and line["text"] == event["evidence"]["text"]
    everything = lines(client.get("/v1/events/export", params={"format": "plover"}), PLOVER)
    assert [x["migevents"] for x in everything] == listed(client, "/v1/events")
    for x in everything:
        assert x["event_type"] == PLOVER_CODES[x["migevents"]["type"]]
        parts = x["migevents"]["participants"]
        actors = [p["actor"] for p in parts if p["role"] == "actor"]
        recipients = [p["actor"] for p in parts if p["role"] == "recipient"]
        assert x["actor"] == (actors[0]["name"] if actors else None)
        # A dyad of two actors (talks, agreements) gives its second actor as PLOVER's recipient.
        target = recipients[0] if recipients else (actors[1] if len(actors) > 1 else None)
        assert x["recipient"] == (target["name"] if target else None)
    kinds = {x["migevents"]["type"]: x["event_type"] for x in everything}
    assert kinds["talks"] == "CONSULT" and kinds["agreement_ended"] == "RETREAT" and kinds["ruling"] is None
    dyad = next(x for x in everything if x["migevents"]["type"] == "talks")
    assert (dyad["actor_country"], dyad["recipient_country"]) == ("RWA", "USA")
    year = next(x for x in everything if x["migevents"]["date_precision"] == "year")
    assert year["event_date"] == year["migevents"]["date"] + "-01-01"


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "text/csv"),
        ("*/*", "text/csv"),
        ("text/csv", "text/csv"),
        ("application/x-ndjson", "application/x-ndjson"),
        ("application/jsonl", "application/x-ndjson"),
        (PLOVER, PLOVER),
        ("text/csv;q=0.5, application/x-ndjson", "application/x-ndjson"),
        ("application/*;q=0.9, text/csv;q=0.1", "application/x-ndjson"),
        ("text/html, application/xhtml+xml, */*;q=0.8", "text/csv"),
        ("application/x-ndjson;q=0, */*;q=0.1", "text/csv"),
    ],
)
def test_accept_negotiation(client, ds, accept, media):
    request = client.build_request("GET", "/v1/events/export")
    del request.headers["accept"]
    if accept:
        request.headers["accept"] = accept
    r = client.send(request)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media and r.headers["vary"] == "Accept"


def test_format_parameter_wins_over_accept(client, ds):
    r = client.get("/v1/events/export", params={"format": "plover"}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"] == PLOVER
    r = client.get("/v1/actors/export", params={"format": "ndjson"}, headers={"Accept": "application/json"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/x-ndjson"


@pytest.mark.parametrize(
    ("path", "headers", "params", "status", "name"),
    [
        ("/v1/events/export", {"Accept": "application/json"}, {}, 406, None),
        ("/v1/actors/export", {"Accept": PLOVER}, {}, 406, None),
        ("/v1/statements/export", {"Accept": "text/html, image/*"}, {}, 406, None),
        ("/v1/events/export", {}, {"format": "xlsx"}, 422, "format"),
        ("/v1/actors/export", {}, {"format": "plover"}, 422, "format"),
        ("/v1/statements/export", {}, {"format": "plover"}, 422, "format"),
        ("/v1/events/export", {}, {"date_from": "2025-02-01", "date_to": "2025-01-01"}, 422, "date_from"),
        ("/v1/events/export", {}, {"country": "rwa"}, 422, "country"),
        ("/v1/events/export", {}, {"type": "party"}, 422, "type"),
        ("/v1/events/export", {}, {"q": '"unclosed'}, 422, "q"),
        ("/v1/events/export", {}, {"sort": "rank"}, 422, "sort"),
        ("/v1/statements/export", {}, {"q": "OR"}, 422, "q"),
        ("/v1/actors/export", {}, {"kind": "alien"}, 422, "kind"),
        ("/v1/events/export", {}, {"bom": "maybe"}, 422, "bom"),
        ("/v1/events/export", {}, {"limit": "10"}, 422, "limit"),
        ("/v1/statements/export", {}, {"cursor": "eyJ2IjoxLCJzIjoiaWQ"}, 422, "cursor"),
    ],
)
def test_refusals_are_problems(client, ds, path, headers, params, status, name):
    r = client.get(path, params=params, headers=headers)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["status"] == status
    if name:
        assert body["errors"][0]["name"] == name
    else:
        assert "text/csv" in body["detail"] and "format=" in body["detail"]
    if name == "format":
        allowed = body["errors"][0]["allowed"]
        assert "csv" in allowed and ("plover" in allowed) == path.startswith("/v1/events")


@pytest.mark.parametrize(
    "params",
    [
        {"type": ["removal", "ruling"]},
        {"country": "RWA"},
        {"policy_area": ["detention", "border_control"], "review_state": "machine"},
        {"date_from": "2024-01-01", "date_to": "2025-12-31", "sort": "date"},
        {"q": "Rwanda", "sort": "-id"},
        {"annotator": "rules-spacy", "annotator_version": "0.1.0"},
    ],
)
def test_event_exports_take_the_list_filters(client, ds, params):
    expected = [e["id"] for e in listed(client, "/v1/events", **params)]
    assert expected, params
    rows = csv_rows(client.get("/v1/events/export", params=params), "events")
    assert [int(r["id"]) for r in rows] == expected
    plover = lines(client.get("/v1/events/export", params={**params, "format": "plover"}), PLOVER)
    assert [x["migevents"]["id"] for x in plover] == expected


def test_actor_and_statement_filters_and_an_actor_filter_on_events(client, ds):
    rwanda = ds.actor("Rwanda").id
    rows = csv_rows(client.get("/v1/events/export", params={"actor": rwanda}), "events")
    assert [int(r["id"]) for r in rows] == [e["id"] for e in listed(client, "/v1/events", actor=rwanda)]
    speaker = ds.actor("Olivier Nduhungirehe").id
    rows = csv_rows(client.get("/v1/statements/export", params={"speaker": speaker}), "statements")
    assert [int(r["id"]) for r in rows] == [
        s["id"] for s in listed(client, "/v1/statements", speaker=speaker)
    ]
    assert {r["speaker_name"] for r in rows} == {"Olivier Nduhungirehe"}
    rows = csv_rows(client.get("/v1/actors/export", params={"country": "USA", "name": "u"}), "actors")
    expected = listed(client, "/v1/actors", country="USA", name="u")
    assert [int(r["id"]) for r in rows] == [a["id"] for a in expected] and rows
    assert [r["aliases"] for r in rows] == [joined(a["aliases"]) for a in expected]


def test_an_empty_export_is_a_header_or_nothing(client, ds):
    r = client.get("/v1/events/export", params={"country": "ATA"})
    assert r.status_code == 200 and r.text == ",".join(EVENT_COLUMNS) + "\r\n"
    r = client.get("/v1/events/export", params={"country": "ATA", "format": "ndjson"})
    assert r.status_code == 200 and r.content == b""


def test_head_answers_the_headers_without_making_the_export(client, server, ds):
    before = server.log().count('"logger": "app.export"')
    r = client.head("/v1/events/export", params={"format": "plover"})
    assert r.status_code == 200 and r.content == b""
    assert r.headers["content-type"] == PLOVER and "attachment" in r.headers["content-disposition"]
    client.get("/v1/actors/export")  # a real one, logged: the log is live
    deadline = time.monotonic() + 10
    while server.log().count('"logger": "app.export"') == before:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert server.log().count('"logger": "app.export"') == before + 1
