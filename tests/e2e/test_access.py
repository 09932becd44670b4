"""Access control and the edges every response shares, over real HTTP.

API keys (401 / 403, admin, revoked keys, the CLI in a subprocess, keys kept out of
logs), reads that require a key when configured, each configurable cap with its
problem answer (body, headers, article length, page size, batch size, requests per
key per minute, annotation time), CORS off unless configured, security headers and
X-Request-ID on successes and errors, JSON log lines carrying that id, a real 500
without internals, and `python -m app serve` refusing an endless header block.

Servers with other settings are dedicated ones on fresh databases.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session

from app.articles.models import Article
from app.core.db import get_engines
from app.core.middleware import SECURITY_HEADERS
from app.keys.service import revoke_key
from tests.conftest import BACKEND, make_key
from tests.support.dedicated import key_in, migrated_db, row_counts
from tests.support.postgres import free_port
from tests.support.server import ROOT, running

ORIGIN = "https://app.example.org"
TEXT = (
    "Rwanda confirmed on Sunday that it is in talks with the United States about accepting migrants "
    "deported from America. Foreign Minister Olivier Nduhungirehe said the talks were at an early stage."
)
LEAKS = ["Traceback", 'File "', "sqlalchemy", "psycopg", "sqlite3", "[SQL:", "SELECT", "no such table"]
WRITES = [
    ("POST", "/v1/articles", {"text": TEXT}),
    ("POST", "/v1/articles/batch", [{"text": TEXT}]),
    ("PUT", "/v1/articles/1/annotations", {"actors": [], "events": [], "statements": []}),
    ("POST", "/v1/articles/1/reannotate", None),
    ("DELETE", "/v1/articles/1", None),
]


def is_problem(r: httpx.Response, status: int, slug: str | None = None) -> dict:
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status
    if slug:
        assert body["type"].endswith("/" + slug), body
    return body


def cli(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MIGEVENTS_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "app", "keys", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# ---- servers with other settings ----------------------------------------------------------------


@pytest.fixture(scope="module")
def locked(fresh_db_url, tmp_path_factory):
    """Reads need a key; CORS allows one origin."""
    url = migrated_db(fresh_db_url, "locked")
    env = {
        "MIGEVENTS_DATABASE_URL": url,
        "MIGEVENTS_REQUIRE_KEY_FOR_READS": "true",
        "MIGEVENTS_CORS_ORIGINS": json.dumps([ORIGIN]),
    }
    with running(env, tmp_path_factory.mktemp("locked") / "server.log") as srv:
        yield srv, url


LIMITS = {
    "MIGEVENTS_RATE_LIMIT_PER_MINUTE": "6",
    "MIGEVENTS_ANNOTATION_TIMEOUT_SECONDS": "0.001",
    "MIGEVENTS_MAX_BODY_BYTES": "4000",
    "MIGEVENTS_MAX_BATCH_BODY_BYTES": "8000",
    "MIGEVENTS_MAX_ARTICLE_CHARS": "600",
    "MIGEVENTS_MAX_PAGE_SIZE": "10",
    "MIGEVENTS_MAX_BATCH_ITEMS": "3",
    "MIGEVENTS_MAX_HEADER_BYTES": "3000",
}


@pytest.fixture(scope="module")
def limited(fresh_db_url, tmp_path_factory):
    """Every cap set low. Each test takes fresh keys: the rate limit counts per key."""
    url = migrated_db(fresh_db_url, "limited")
    with running({"MIGEVENTS_DATABASE_URL": url, **LIMITS}, tmp_path_factory.mktemp("lim") / "s.log") as srv:
        yield srv, url


# ---- API keys -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
def test_every_write_needs_a_key_with_the_write_scope(server, db_url, read_key, method, path, body):
    before = row_counts(db_url)
    with httpx.Client(base_url=server.base_url, timeout=60) as c:
        missing = c.request(method, path, json=body)
        is_problem(missing, 401, "unauthorized")
        assert missing.headers["www-authenticate"] == "ApiKey"
        bad = c.request(method, path, json=body, headers={"X-API-Key": "mev_0123456789ab_wrong"})
        is_problem(bad, 401, "unauthorized")
        is_problem(c.request(method, path, json=body, headers={"X-API-Key": read_key}), 403, "forbidden")
    assert row_counts(db_url) == before


def test_admin_scope_implies_write_and_reads_stay_open(server, clean_db):
    admin = make_key("admin", "operator")
    with httpx.Client(base_url=server.base_url, timeout=120) as c:
        created = c.post("/v1/articles", json={"text": TEXT}, headers={"X-API-Key": admin})
        assert created.status_code == 201, created.text
        article = created.json()["article"]["id"]
        assert c.get(f"/v1/articles/{article}").status_code == 200  # no key: reads are open
        # A key that is sent must be valid, even where none is needed.
        is_problem(c.get("/v1/events", headers={"X-API-Key": "mev_nope_nope"}), 401)
        assert c.delete(f"/v1/articles/{article}", headers={"X-API-Key": admin}).status_code == 204


def test_keys_cli_creates_lists_and_revokes_and_stores_only_a_hash(locked):
    srv, url = locked
    made = cli(url, "create", "ci-robot", "--scopes", "read write")
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip().splitlines()[-1]
    _, prefix, secret = token.split("_", 2)
    listed = cli(url, "list")
    assert f"{prefix}\tci-robot\tread write\tactive" in listed.stdout
    assert secret not in listed.stdout

    engine = create_engine(url)
    with engine.connect() as conn:
        row = conn.execute(text("SELECT * FROM api_key WHERE prefix = :p"), {"p": prefix}).mappings().one()
    engine.dispose()
    assert row["secret_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert not any(secret in str(v) for v in row.values())

    with httpx.Client(base_url=srv.base_url, timeout=30) as c:
        assert c.get("/v1/events", headers={"X-API-Key": token}).status_code == 200
        revoked = cli(url, "revoke", prefix)
        assert revoked.returncode == 0 and f"revoked {prefix}" in revoked.stdout
        is_problem(c.get("/v1/events", headers={"X-API-Key": token}), 401, "unauthorized")
        is_problem(c.delete("/v1/articles/1", headers={"X-API-Key": token}), 401, "unauthorized")
    assert f"{prefix}\tci-robot\tread write\trevoked " in cli(url, "list").stdout
    refused = cli(url, "create", "root", "--scopes", "root")
    assert refused.returncode == 2 and "unknown scopes" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_reads_can_require_a_key(locked):
    srv, url = locked
    reader = key_in(url, "read", "reader")
    writer_without_read = key_in(url, "write", "writer")
    with httpx.Client(base_url=srv.base_url, timeout=30) as c:
        for path in ("/v1/events", "/v1/actors/1", "/v1/articles", "/v1/articles/1/annotations"):
            r = c.get(path)
            is_problem(r, 401, "unauthorized")
            assert r.headers["www-authenticate"] == "ApiKey"
        assert c.get("/v1/events", headers={"X-API-Key": reader}).status_code == 200
        # Any valid key reads; scopes only gate writes.
        assert c.get("/v1/statements", headers={"X-API-Key": writer_without_read}).status_code == 200
        assert c.get("/health/live").status_code == 200  # probes stay open
        assert c.get("/health/ready").status_code == 200


def test_keys_never_reach_the_logs(locked):
    srv, url = locked
    good = key_in(url, "read write", "logged")
    revoked = key_in(url, "read", "gone")
    with Session(get_engines(url)[1]) as session:
        assert revoke_key(session, revoked.split("_")[1])
        session.commit()
    bad = "mev_feedfeedfeed_" + "s3cr3t" * 6
    with httpx.Client(base_url=srv.base_url, timeout=30) as c:
        for key in (good, revoked, bad):
            c.get("/v1/events", headers={"X-API-Key": key})
            c.post("/v1/articles", headers={"X-API-Key": key}, content=b"{bad json")
            c.get("/v1/events", params={"api_key": key, "X-API-Key": key})  # pasted into a URL
            c.get("/v1/nowhere", headers={"X-API-Key": key})
    time.sleep(0.3)
    log = srv.log()
    assert log.count('"path": "/v1/nowhere"') >= 3  # the requests were logged...
    for key in (good, revoked, bad):
        for part in (key, key.split("_", 2)[2]):
            assert part not in log  # ...without the key or its secret


def test_the_spec_declares_the_key_so_generated_clients_send_it():
    spec = json.loads((ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8"))
    assert spec["components"]["securitySchemes"]["ApiKey"] | {"description": ""} == {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": "",
    }
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if path.startswith("/health"):
                assert "security" not in op
            elif path.endswith("/history"):  # the history names people: it needs a read key
                assert op["security"] == [{"ApiKey": []}], (method, path)
                assert {"401", "403", "429"} <= set(op["responses"]), (method, path)
            elif method == "get":  # a key is optional for reads, and checked when sent
                assert op["security"] == [{"ApiKey": []}, {}], (method, path)
                assert {"401", "429"} <= set(op["responses"]), (method, path)
            else:
                assert op["security"] == [{"ApiKey": []}], (method, path)
                assert {"401", "403", "429"} <= set(op["responses"]), (method, path)


# ---- caps -----------------------------------------------------------------------------------------


def test_requests_per_key_per_minute_answer_429_with_retry_after(limited):
    srv, url = limited
    busy, quiet = key_in(url, "read write", "busy"), key_in(url, "read", "quiet")
    shared = BACKEND == "postgres"  # the limit counted in the database, per minute (app/keys/ratelimit.py)
    if shared and time.time() % 60 > 40:
        time.sleep(61 - time.time() % 60)  # the burst inside one minute's window
    with httpx.Client(base_url=srv.base_url, timeout=30) as c:
        statuses = [c.get("/v1/events", headers={"X-API-Key": busy}).status_code for _ in range(6)]
        assert statuses == [200] * 6
        over = c.get("/v1/events", headers={"X-API-Key": busy})
        is_problem(over, 429, "rate-limited")
        # In memory, 6 a minute is one every 10 s: that is how long until the next one is allowed;
        # counted in the database, the next minute's window opens within 60 s.
        assert 1 <= int(over.headers["retry-after"]) <= (60 if shared else 10)
        assert over.headers["x-request-id"]
        # Reads and writes draw on the same allowance, and the write never ran.
        is_problem(c.post("/v1/articles/1/reannotate", headers={"X-API-Key": busy}), 429, "rate-limited")
        # Another key has its own allowance.
        assert c.get("/v1/events", headers={"X-API-Key": quiet}).status_code == 200


@pytest.mark.parametrize(
    ("name", "method", "path", "kwargs", "status", "slug"),
    [
        ("body", "POST", "/v1/articles", {"json": {"text": "word " * 1000}}, 413, "payload-too-large"),
        (
            "batch-body",
            "POST",
            "/v1/articles/batch",
            {"json": [{"text": "w " * 4100}]},
            413,
            "payload-too-large",
        ),
        ("article-length", "POST", "/v1/articles", {"json": {"text": TEXT * 4}}, 413, "article-too-long"),
        ("batch-items", "POST", "/v1/articles/batch", {"json": [{"text": "x"}] * 4}, 413, "batch-too-large"),
        ("page-size", "GET", "/v1/events?limit=11", {}, 422, "validation-error"),
        ("headers", "GET", "/v1/events", {"headers": {"X-Pad": "p" * 3000}}, 431, "headers-too-large"),
    ],
)
def test_each_cap_is_configurable_and_answers_its_problem(limited, name, method, path, kwargs, status, slug):
    srv, url = limited
    key = key_in(url, "read write", f"cap-{name}")
    before = row_counts(url)
    with httpx.Client(base_url=srv.base_url, timeout=60, headers={"X-API-Key": key}) as c:
        problem = is_problem(c.request(method, path, **kwargs), status, slug)
        assert problem["detail"]
        if name == "page-size":
            assert "at most 10" in problem["detail"]
            assert c.get("/v1/events?limit=10").status_code == 200
    assert row_counts(url) == before


def test_slow_annotation_is_stopped_with_a_clear_error(limited):
    srv, url = limited
    key = key_in(url, "write", "patient")
    before = row_counts(url)
    with httpx.Client(base_url=srv.base_url, timeout=60, headers={"X-API-Key": key}) as c:
        started = time.monotonic()
        problem = is_problem(c.post("/v1/articles", json={"text": TEXT}), 422, "annotation-timeout")
        # a hang detector, not a timing target: the request includes the pool's first start
        # (each child loads the model), which takes several seconds on a loaded 2-core machine
        assert time.monotonic() - started < 25
        assert "nothing was stored" in problem["detail"]
        assert c.get("/health/live").status_code == 200  # the server keeps answering
    assert row_counts(url) == before


def test_slow_annotation_stops_batch_items_and_reannotation_too(limited):
    srv, url = limited
    key = key_in(url, "write", "patient-too")
    with Session(get_engines(url)[1]) as session:  # an article stored before the limit was set
        article = Article(content_hash="c" * 64, text=TEXT, word_count=len(TEXT.split()))
        session.add(article)
        session.commit()
        article_id = article.id
    before = row_counts(url)
    with httpx.Client(base_url=srv.base_url, timeout=60, headers={"X-API-Key": key}) as c:
        batch = c.post("/v1/articles/batch", json=[{"text": TEXT + " Again."}])
        assert batch.status_code == 200
        assert batch.json()["rejected"] == 1
        assert batch.json()["items"][0]["problem"]["type"].endswith("/annotation-timeout")
        is_problem(c.post(f"/v1/articles/{article_id}/reannotate"), 422, "annotation-timeout")
    assert row_counts(url) == before
    with get_engines(url)[0].connect() as conn:
        annotated_at = text("SELECT annotated_at FROM article WHERE id = :id")
        assert conn.execute(annotated_at, {"id": article_id}).scalar_one() is None


# ---- CORS -----------------------------------------------------------------------------------------


def test_cors_is_off_by_default(client):
    pre = client.options("/v1/events", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"})
    # A plain OPTIONS answer: the methods, but nothing a browser takes as a CORS grant.
    assert pre.status_code == 204 and pre.headers["allow"] == "GET, HEAD, OPTIONS, POST"
    assert not [h for h in pre.headers if h.startswith("access-control-")]
    r = client.get("/v1/events", headers={"Origin": ORIGIN})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers


def test_cors_answers_the_configured_origin_only(locked):
    srv, url = locked
    key = key_in(url, "read", "browser")
    with httpx.Client(base_url=srv.base_url, timeout=30) as c:
        pre = c.options(
            "/v1/articles",
            headers={
                "Origin": ORIGIN,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "x-api-key, content-type",
            },
        )
        assert pre.status_code == 200
        assert pre.headers["access-control-allow-origin"] == ORIGIN
        assert "x-api-key" in pre.headers["access-control-allow-headers"].lower()
        assert pre.headers.get("access-control-allow-credentials") is None
        r = c.get("/v1/events", headers={"Origin": ORIGIN, "X-API-Key": key})
        assert r.headers["access-control-allow-origin"] == ORIGIN
        assert "x-request-id" in r.headers["access-control-expose-headers"].lower()
        # A browser poller can read the tag and send it back.
        assert "etag" in r.headers["access-control-expose-headers"].lower()
        conditional = c.options(
            "/v1/events",
            headers={
                "Origin": ORIGIN,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "if-none-match",
            },
        )
        assert conditional.status_code == 200, conditional.text
        # An error is readable by the allowed origin too.
        denied = c.get("/v1/events", headers={"Origin": ORIGIN})
        assert denied.status_code == 401 and denied.headers["access-control-allow-origin"] == ORIGIN
        other = c.get("/v1/events", headers={"Origin": "https://evil.example.com", "X-API-Key": key})
        assert "access-control-allow-origin" not in other.headers
        evil = c.options(
            "/v1/events",
            headers={"Origin": "https://evil.example.com", "Access-Control-Request-Method": "GET"},
        )
        assert "access-control-allow-origin" not in evil.headers


# ---- what every response carries ------------------------------------------------------------------


def test_security_headers_and_request_id_on_successes_and_errors(server, write_key):
    requests = [
        ("GET", "/v1/events", {}, 200),
        ("GET", "/health/live", {}, 200),
        ("GET", "/v1/events/999999", {}, 404),
        ("GET", "/v1/events?limit=0", {}, 422),
        ("PATCH", "/v1/events", {}, 405),
        ("POST", "/v1/articles", {"json": {"text": TEXT}}, 401),
        ("POST", "/v1/articles", {"content": b"x" * 2_100_000, "headers": {"X-API-Key": write_key}}, 413),
        ("GET", "/v1/actors", {"headers": {"X-Pad": "p" * 20_000}}, 431),
    ]
    with httpx.Client(base_url=server.base_url, timeout=60) as c:
        for method, path, kwargs, status in requests:
            r = c.request(method, path, **kwargs)
            assert r.status_code == status, (path, r.text[:300])
            for name, value in SECURITY_HEADERS:
                if name == b"cache-control" and "etag" in r.headers:
                    # A tagged read may be kept, but only to revalidate it (If-None-Match).
                    value = b"private, no-cache"
                assert r.headers.get(name.decode()) == value.decode(), (path, name)
            assert ("etag" in r.headers) == (path.startswith("/v1/") and status == 200), path
            rid = r.headers["x-request-id"]
            assert len(rid) == 32
            if status >= 400:
                assert r.headers["content-type"] == "application/problem+json"
                assert r.json()["request_id"] == rid
        # A sane id from the client is kept (for tracing across services); anything else is replaced.
        assert c.get("/v1/events", headers={"X-Request-ID": "trace-abc.123"}).headers["x-request-id"] == (
            "trace-abc.123"
        )
        odd = c.get("/v1/events", headers={"X-Request-ID": "<script>" + "x" * 100})
        assert (
            odd.headers["x-request-id"] != "<script>" + "x" * 100 and len(odd.headers["x-request-id"]) == 32
        )
        mine = c.get("/v1/events/424242", headers={"X-Request-ID": "find-me-in-the-log"})
    time.sleep(0.3)
    lines = [json.loads(line) for line in server.log().splitlines() if line.startswith('{"')]
    entry = [e for e in lines if e.get("request_id") == "find-me-in-the-log"]
    assert len(entry) == 1  # one JSON line per request, carrying the id the client saw
    assert {k: entry[0][k] for k in ("level", "logger", "method", "path", "status")} == {
        "level": "INFO",
        "logger": "app.access",
        "method": "GET",
        "path": "/v1/events/424242",
        "status": 404,
    }
    assert entry[0]["duration_ms"] >= 0 and entry[0]["ts"]
    assert mine.json()["request_id"] == "find-me-in-the-log"


def test_docs_get_a_csp_that_lets_them_load(client):
    r = client.get("/docs")
    assert r.status_code == 200
    assert "content-security-policy" not in r.headers
    assert r.headers["x-content-type-options"] == "nosniff"


def test_an_unexpected_error_is_a_bare_500(fresh_db_url, tmp_path):
    """The tables vanish under a running server: the answer says nothing about why; the log does."""
    from app.core import migrate

    url = migrated_db(fresh_db_url, "broken")
    with running({"MIGEVENTS_DATABASE_URL": url}, tmp_path / "server.log") as srv:
        migrate.downgrade(url, "base")
        with httpx.Client(base_url=srv.base_url, timeout=30) as c:
            r = c.get("/v1/events", headers={"X-Request-ID": "broken-1"})
        body = is_problem(r, 500, "internal-error")
        assert body["detail"] == "An unexpected error occurred."
        for leak in LEAKS:
            assert leak not in r.text
        for name, value in SECURITY_HEADERS:
            assert r.headers.get(name.decode()) == value.decode()
        time.sleep(0.3)
        logged = [json.loads(line) for line in srv.log().splitlines() if line.startswith('{"')]
        errors = [e for e in logged if e.get("level") == "ERROR"]
        # The operator gets the details: the first table missed (the shared rate limit's, on
        # PostgreSQL, counted before the route runs).
        assert errors and any(t in errors[0]["exc"] for t in ("event", "rate_limit_window"))
        assert any(e.get("request_id") == "broken-1" and e.get("status") == 500 for e in logged)


def test_serve_refuses_an_endless_header_block(fresh_db_url, tmp_path):
    """`python -m app serve`: a header block that never ends is cut off (431), the server stays up."""
    url = fresh_db_url("serve")
    port = free_port()
    env = {**os.environ, "MIGEVENTS_DATABASE_URL": url}
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/health/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        big = httpx.get(base + "/v1/events", headers={"X-Big": "a" * 65_536}, timeout=10)
        assert big.status_code == 431
        assert endless_header_is_cut_off(port)
        assert httpx.get(base + "/v1/events", timeout=10).status_code == 200  # still serving
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def endless_header_is_cut_off(port: int) -> bool:
    """Send a header block past the cap without ending it: the server must answer 431 or hang up."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            sock.sendall(b"GET /v1/events HTTP/1.1\r\nHost: x\r\n" + b"X-More: " + b"m" * 70_000 + b"\r\n")
            answer = sock.recv(200)
        except ConnectionResetError:  # it closed while bytes were still arriving: cut off all the same
            return True
        except TimeoutError:
            return False  # still waiting for the rest of the headers: the hang this guards against
    return answer.startswith((b"HTTP/1.1 431", b"HTTP/1.1 400")) or answer == b""
