"""Bad input to POST /v1/articles: each case gets its status as problem+json and stores nothing."""

from __future__ import annotations

import json
import random
import time

import pytest
from sqlalchemy import text

GOOD = "Rwanda and the United States held talks in Kigali on Monday about accepting deported migrants."


def body(**fields) -> bytes:
    return json.dumps({"text": GOOD, **fields}).encode()


def junk() -> str:
    """Random bytes read as Latin-1: control characters everywhere, no NUL."""
    raw = random.Random(7).randbytes(4000).replace(b"\x00", b"")
    return raw.decode("latin-1")


# (case id, raw body, content type, expected status, expected problem slug or None)
CASES = [
    ("empty-text", body(text=""), "application/json", 422, "validation-error"),
    ("whitespace-only", body(text=" \n\t \u00a0 "), "application/json", 422, "empty-text"),
    ("no-sentences", body(text="!!! ??? 123"), "application/json", 422, "no-sentences"),
    ("body-over-cap", body(text="word " * 420_000), "application/json", 413, "payload-too-large"),
    (
        "invalid-utf8",
        b'{"text": "Rwanda \xff\xfe talks with the US on migrants"}',
        "application/json",
        422,
        "validation-error",
    ),
    ("nul-bytes", body(text=GOOD + "\x00\x00 more"), "application/json", 422, "invalid-text"),
    (
        "lone-surrogate",
        b'{"text": "Rwanda \\ud800 talks with the US on migrants"}',
        "application/json",
        422,
        "validation-error",
    ),
    ("binary-junk-as-text", body(text=junk()), "application/json", 422, "binary-text"),
    ("binary-junk-body", random.Random(3).randbytes(2000), "application/octet-stream", 415, None),
    ("100k-words", body(text="migrants talk " * 50_000), "application/json", 413, "article-too-long"),
    ("bad-published-at", body(published_at="last Tuesday"), "application/json", 422, "validation-error"),
    ("bad-published-month", body(published_at="2025-13-01"), "application/json", 422, "validation-error"),
    ("unknown-language", body(language="xx"), "application/json", 422, "unsupported-language"),
    ("unsupported-language", body(language="fr"), "application/json", 422, "unsupported-language"),
    ("language-not-a-code", body(language="english"), "application/json", 422, "validation-error"),
    ("text-plain", GOOD.encode(), "text/plain", 415, "unsupported-media-type"),
    ("form-encoded", b"text=hello", "application/x-www-form-urlencoded", 415, "unsupported-media-type"),
    ("unknown-field", body(summary="mine"), "application/json", 422, "validation-error"),
    ("server-owned-id", body(id=5), "application/json", 422, "validation-error"),
    ("server-owned-annotator", body(annotator="me"), "application/json", 422, "validation-error"),
    ("url-ftp", body(url="ftp://example.org/a"), "application/json", 422, "validation-error"),
    ("url-javascript", body(url="javascript:alert(1)"), "application/json", 422, "validation-error"),
    ("url-with-space", body(url="https://example.org/a b"), "application/json", 422, "validation-error"),
    ("not-an-object", b'["just", "a", "list"]', "application/json", 422, "validation-error"),
    ("truncated-json", b'{"text": "Rwanda and', "application/json", 422, None),
    ("text-not-a-string", b'{"text": 42}', "application/json", 422, "validation-error"),
]


def counts(db_url: str) -> tuple[int, ...]:
    from app.core.db import read_engine

    with read_engine().connect() as conn:
        return tuple(
            conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one()
            for t in ("article", "event", "statement", "actor", "actor_mention")
        )


@pytest.mark.parametrize(
    ("raw", "ctype", "status", "slug"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_article_is_refused_and_nothing_is_stored(writer, db_url, raw, ctype, status, slug):
    before = counts(db_url)
    started = time.monotonic()
    r = writer.post("/v1/articles", content=raw, headers={"content-type": ctype})
    elapsed = time.monotonic() - started
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["status"] == status and problem["title"]
    if slug:
        assert problem["type"].endswith("/" + slug), problem
    assert elapsed < 5, f"refusing took {elapsed:.1f}s"  # too-big input is refused before annotation
    assert counts(db_url) == before


def test_the_base_body_itself_is_accepted(writer, db_url, clean_db):
    """The control: each bad case differs from this accepted body in one way only."""
    before = counts(db_url)
    r = writer.post(
        "/v1/articles",
        content=body(url="https://example.org/ok"),
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 201, r.text
    assert counts(db_url)[0] == before[0] + 1
