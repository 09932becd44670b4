"""Hostile requests, one table row each, against the real server and database.

Every row states the status it must get. After each request the database is exactly
as before (row counts of every table, API keys included), any error is an
``application/problem+json`` document with that status, and no response body carries
a traceback, a driver's name or SQL.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field

import httpx
import pytest

from tests.support import data
from tests.support.dedicated import row_counts

GOOD_TEXT = "Rwanda and the United States held talks in Kigali on Monday about accepting deported migrants."
SQL_BITS = [
    "' OR 1=1 --",
    '"; DROP TABLE event; --',
    "1; DELETE FROM article",
    "' UNION SELECT secret_hash --",
]
LEAKS = [
    "Traceback",
    'File "',
    "sqlalchemy",
    "psycopg",
    "sqlite3",
    "OperationalError",
    "[SQL:",
    "site-packages",
]


def cursor(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def article(**fields) -> dict:
    return {"text": GOOD_TEXT, **fields}


def annotation(actor: dict | None = None, event: dict | None = None) -> dict:
    a = {"ref": "rwa", "kind": "country", "name": "Rwanda", "country": "RWA", "mentions": [[0, 6]]}
    e = {
        "type": "talks",
        "policy_area": "third_country_transfer",
        "participants": [{"actor_ref": "rwa", "role": "actor"}],
        "summary": "Rwanda holds talks",
        "evidence": [0, 40],
    }
    return {"actors": [a | (actor or {})], "events": [e | (event or {})], "statements": []}


@dataclass
class Case:
    id: str
    method: str
    path: str  # with its query string, sent as is
    status: int
    slug: str | None = None
    key: str | None = "write"  # write | read | None | a literal key
    json: object = None
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


def q(**params: str) -> str:
    return "?" + str(httpx.QueryParams(params))


JSON = {"content-type": "application/json"}


CASES: list[Case] = [
    # --- bodies that are not what they claim -------------------------------------------------
    Case("malformed-json", "POST", "/v1/articles", 422, content=b'{"text": "abc', headers=JSON),
    Case("json-trailing-garbage", "POST", "/v1/articles", 422, content=b'{"text": "a"} xx', headers=JSON),
    Case("json-null", "POST", "/v1/articles", 422, content=b"null", headers=JSON),
    Case("json-array-for-object", "POST", "/v1/articles", 422, json=[article()]),
    Case("nested-100k-arrays", "POST", "/v1/articles", 422, content=b"[" * 100_000, headers=JSON),
    Case(
        "nested-50k-objects",
        "POST",
        "/v1/articles",
        422,
        content=b'{"text": ' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_001,
        headers=JSON,
    ),
    Case("nested-batch", "POST", "/v1/articles/batch", 422, content=b"[" * 100_000, headers=JSON),
    Case("invalid-utf8", "POST", "/v1/articles", 422, content=b'{"text": "\xff\xfe\xfd"}', headers=JSON),
    Case(
        "text-plain",
        "POST",
        "/v1/articles",
        415,
        content=GOOD_TEXT.encode(),
        headers={"content-type": "text/plain"},
    ),
    Case("no-content-type", "POST", "/v1/articles", 415, content=json.dumps(article()).encode()),
    Case(
        "xml-batch",
        "POST",
        "/v1/articles/batch",
        415,
        content=b"<a/>",
        headers={"content-type": "application/xml"},
    ),
    Case(
        "form-put",
        "PUT",
        "/v1/articles/1/annotations",
        415,
        content=b"a=1",
        headers={"content-type": "application/x-www-form-urlencoded"},
    ),
    Case("batch-object", "POST", "/v1/articles/batch", 422, json={"items": [article()]}),
    Case(
        "batch-ndjson-garbage",
        "POST",
        "/v1/articles/batch",
        422,
        content=b'{"text": "a"}\n{oops\n',
        headers={"content-type": "application/x-ndjson"},
    ),
    Case(
        "batch-over-item-cap",
        "POST",
        "/v1/articles/batch",
        413,
        "batch-too-large",
        json=[{"text": "x"}] * 1001,
    ),
    Case(
        "body-over-cap",
        "POST",
        "/v1/articles",
        413,
        "payload-too-large",
        json=article(text="word " * 420_000),
    ),
    # --- strings a database or a parser chokes on ----------------------------------------------
    Case("nul-in-text", "POST", "/v1/articles", 422, "invalid-text", json=article(text=GOOD_TEXT + "\x00")),
    Case("nul-in-title", "POST", "/v1/articles", 422, "invalid-text", json=article(title="a\x00b")),
    Case(
        "surrogate-in-title",
        "POST",
        "/v1/articles",
        422,
        content=b'{"text": "' + GOOD_TEXT.encode() + b'", "title": "\\ud800"}',
        headers=JSON,
    ),
    Case("nul-in-actor-name", "PUT", "/v1/articles/1/annotations", 422, json=annotation({"name": "Rw\x00a"})),
    Case("nul-in-name-filter", "GET", "/v1/actors?name=%00", 422, key=None),
    Case("nul-in-outlet-filter", "GET", "/v1/articles?outlet=a%00b", 422, key=None),
    Case(
        "bad-country-in-event",
        "PUT",
        "/v1/articles/1/annotations",
        422,
        json=annotation(event={"countries": ["RWANDA"]}),
    ),
    # --- numbers out of any range -----------------------------------------------------------------
    Case("id-10e30", "GET", f"/v1/events/{10**30}", 422, key=None),
    Case("id-over-int32", "GET", f"/v1/articles/{2**31}", 422, key=None),
    Case("id-negative", "GET", "/v1/actors/-1", 422, key=None),
    Case("id-zero-delete", "DELETE", "/v1/articles/0", 422),
    Case("limit-10e30", "GET", f"/v1/events?limit={10**30}", 422, key=None),
    Case("limit-negative", "GET", "/v1/events?limit=-5", 422, key=None),
    Case("limit-zero", "GET", "/v1/statements?limit=0", 422, key=None),
    Case("limit-over-cap", "GET", "/v1/actors?limit=501", 422, key=None),
    Case("limit-float", "GET", "/v1/articles?limit=1e3", 422, key=None),
    Case(
        "people-count-10e30",
        "PUT",
        "/v1/articles/1/annotations",
        422,
        json=annotation(event={"people_count": 10**30}),
    ),
    Case(
        "span-10e30", "PUT", "/v1/articles/1/annotations", 422, json=annotation({"mentions": [[0, 10**30]]})
    ),
    Case("published-at-10e30", "POST", "/v1/articles", 422, json=article(published_at=10**30)),
    Case("text-is-a-number", "POST", "/v1/articles", 422, json={"text": 10**30}),
    # --- ids of the wrong type, path traversal ---------------------------------------------------
    Case("id-word", "GET", "/v1/events/abc", 422, key=None),
    Case("id-float", "GET", "/v1/statements/1.5", 422, key=None),
    Case("id-sql", "GET", "/v1/events/1%20OR%201=1", 422, key=None),
    Case("traversal-encoded", "GET", "/v1/articles/..%2F..%2Fetc%2Fpasswd", 404, key=None),
    Case("traversal-dots", "GET", "/v1/articles/%2e%2e", 422, key=None),
    Case("traversal-delete", "DELETE", "/v1/articles/..%2Fkeys", 404),
    # --- SQL metacharacters in every filter -----------------------------------------------------
    *[Case(f"sql-name-{i}", "GET", "/v1/actors" + q(name=s), 200, key=None) for i, s in enumerate(SQL_BITS)],
    *[
        Case(f"sql-outlet-{i}", "GET", "/v1/articles" + q(outlet=s), 200, key=None)
        for i, s in enumerate(SQL_BITS)
    ],
    Case("sql-country", "GET", "/v1/events" + q(country=SQL_BITS[0]), 422, key=None),
    Case(
        "sql-actor-country",
        "GET",
        "/v1/actors" + q(country=SQL_BITS[1]),
        422,
        key=None,
    ),
    Case("sql-type", "GET", "/v1/events" + q(type=SQL_BITS[1]), 422, key=None),
    Case("sql-kind", "GET", "/v1/statements" + q(kind=SQL_BITS[2]), 422, key=None),
    Case(
        "sql-sort",
        "GET",
        "/v1/events" + q(sort="id; DROP TABLE event"),
        422,
        key=None,
    ),
    Case("sql-date", "GET", "/v1/events" + q(date_from=SQL_BITS[0]), 422, key=None),
    Case("sql-actor-id", "GET", "/v1/events" + q(actor=SQL_BITS[2]), 422, key=None),
    Case("sql-cursor", "GET", "/v1/events" + q(cursor=SQL_BITS[1]), 422, key=None),
    Case("url-unparseable", "POST", "/v1/articles", 422, json=article(url="https://[::1/x")),
    Case("url-without-host", "POST", "/v1/articles", 422, json=article(url="https:///etc/passwd")),
    Case("sql-in-body", "POST", "/v1/articles", 422, json=article(language="en'; DROP TABLE article; --")),
    # --- forged and stale cursors ---------------------------------------------------------------
    Case("cursor-not-base64", "GET", "/v1/events?cursor=%%%%", 422, key=None),
    Case(
        "cursor-negative-key",
        "GET",
        f"/v1/events?cursor={cursor({'v': 1, 's': 'id', 'k': [-5]})}",
        422,
        key=None,
    ),
    Case(
        "cursor-huge-key",
        "GET",
        f"/v1/actors?cursor={cursor({'v': 1, 's': 'id', 'k': [10**30]})}",
        422,
        key=None,
    ),
    Case(
        "cursor-over-int32",
        "GET",
        f"/v1/articles?cursor={cursor({'v': 1, 's': 'id', 'k': [2**31]})}",
        422,
        key=None,
    ),
    Case(
        "cursor-stale-version",
        "GET",
        f"/v1/events?cursor={cursor({'v': 0, 's': 'id', 'k': [1]})}",
        422,
        key=None,
    ),
    Case(
        "cursor-other-sort",
        "GET",
        f"/v1/events?cursor={cursor({'v': 1, 's': 'date', 'k': ['2025-01-01', 1]})}",
        422,
        key=None,
    ),
    Case(
        "cursor-wrong-types",
        "GET",
        f"/v1/events?sort=date&cursor={cursor({'v': 1, 's': 'date', 'k': [1, 'x']})}",
        422,
        key=None,
    ),
    Case(
        "cursor-sql-in-key",
        "GET",
        f"/v1/statements?cursor={cursor({'v': 1, 's': 'id', 'k': [SQL_BITS[0]]})}",
        422,
        key=None,
    ),
    Case("cursor-too-long", "GET", "/v1/events?cursor=" + "A" * 5000, 422, key=None),
    # --- fields the server owns -----------------------------------------------------------------
    Case("owned-id", "POST", "/v1/articles", 422, json=article(id=1)),
    Case(
        "owned-annotator",
        "POST",
        "/v1/articles",
        422,
        json=article(annotator={"kind": "person", "name": "me"}),
    ),
    Case("owned-timestamps", "POST", "/v1/articles", 422, json=article(created_at="2020-01-01T00:00:00Z")),
    Case(
        "owned-annotated-at", "POST", "/v1/articles", 422, json=article(annotated_at="2020-01-01T00:00:00Z")
    ),
    Case("owned-content-hash", "POST", "/v1/articles", 422, json=article(content_hash="0" * 64)),
    Case(
        "owned-review-state",
        "PUT",
        "/v1/articles/1/annotations",
        422,
        json=annotation(event={"review_state": "confirmed"}),
    ),
    Case("owned-event-id", "PUT", "/v1/articles/1/annotations", 422, json=annotation(event={"id": 5})),
    Case("owned-actor-id", "PUT", "/v1/articles/1/annotations", 422, json=annotation({"id": 1})),
    Case(
        "owned-doc-annotator",
        "PUT",
        "/v1/articles/1/annotations",
        422,
        json=annotation() | {"annotator": {"kind": "machine", "name": "x"}},
    ),
    Case("owned-batch-item-id", "POST", "/v1/articles/batch", 200, json=[article(id=7)]),
    # --- keys -----------------------------------------------------------------------------------------
    Case("no-key-write", "POST", "/v1/articles", 401, "unauthorized", key=None, json=article()),
    Case("bad-key-write", "DELETE", "/v1/articles/1", 401, "unauthorized", key="mev_000000000000_nope"),
    Case("garbage-key", "POST", "/v1/articles/1/reannotate", 401, key="' OR 1=1 --"),
    Case("huge-key", "POST", "/v1/articles/1/reannotate", 401, key="mev_" + "a" * 5000),
    Case("latin1-key", "GET", "/v1/events", 401, key="mev_\xe9\xe9_\xff"),
    Case("bad-key-read", "GET", "/v1/actors", 401, key="mev_abc_def"),
    Case(
        "read-key-write", "PUT", "/v1/articles/1/annotations", 403, "forbidden", key="read", json=annotation()
    ),
    Case("read-key-delete", "DELETE", "/v1/articles/1", 403, "forbidden", key="read"),
    # --- headers --------------------------------------------------------------------------------------
    Case(
        "header-64kb",
        "GET",
        "/v1/events",
        431,
        "headers-too-large",
        key=None,
        headers={"X-Big": "a" * 65_536},
    ),
    Case("header-64kb-write", "DELETE", "/v1/articles/1", 431, headers={"X-Big": "a" * 65_536}),
    Case(
        "many-headers", "GET", "/v1/actors", 431, key=None, headers={f"X-H{i}": "b" * 100 for i in range(300)}
    ),
    Case(
        "method-override",
        "GET",
        "/v1/articles/1",
        200,
        key=None,
        headers={"X-HTTP-Method-Override": "DELETE"},
    ),
    # --- routes and methods that do not exist -------------------------------------------------------
    Case("patch-actor", "PATCH", "/v1/actors/1", 405, key=None),
    Case("delete-actor", "DELETE", "/v1/actors/1", 405),
    Case("no-route", "GET", "/v1/keys", 404, key=None),
    Case("admin-path", "GET", "/admin", 404, key=None),
]


@pytest.fixture(scope="module")
def seeded(server, db_url):
    """Known data on the session server: article 1 exists, so writes reach their checks."""
    dataset = data.seed()
    assert min(a.id for a in dataset.articles.values()) == 1
    return dataset


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_request(case: Case, seeded, server, db_url, write_key, read_key):
    key = {"write": write_key, "read": read_key}.get(case.key, case.key) if case.key else None
    headers: dict[str, str | bytes] = dict(case.headers)
    if key:
        headers["X-API-Key"] = key.encode("latin-1")  # bytes: non-ASCII keys go out as sent
    before = row_counts(db_url)
    with httpx.Client(base_url=server.base_url, timeout=60) as c:
        request = c.build_request(case.method, "/", json=case.json, content=case.content, headers=headers)
        # The path goes out exactly as written, not re-encoded by the client.
        request.url = httpx.URL(server.base_url + case.path)
        r = c.send(request)

    assert r.status_code == case.status, r.text[:500]
    assert row_counts(db_url) == before
    for leak in LEAKS:
        assert leak not in r.text, f"{leak!r} in the response"
    assert r.headers.get("x-request-id")
    assert r.headers.get("x-content-type-options") == "nosniff"
    if case.status >= 400:
        assert r.headers["content-type"] == "application/problem+json"
        problem = r.json()
        assert problem["status"] == case.status
        assert problem["type"].startswith("https://migration-events.dev/problems/")
        if case.slug:
            assert problem["type"].endswith("/" + case.slug)
        if case.status in (401, 403, 429):
            assert key is None or key not in r.text
    elif case.id.startswith("sql-"):
        assert r.json()["items"] == []  # the metacharacters were a value to match, nothing more
    elif case.id == "owned-batch-item-id":
        assert r.json()["rejected"] == 1 and r.json()["created"] == 0
