"""The review page's HTTP contract without a browser: sign-in and its refusals, the session cookie, CSRF,
the queue's filters, escaping and the page's security headers; event corrections through PATCH."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.e2e.test_annotations_doc import TEXT, assert_problem


@pytest.fixture
def seeded(writer, clean_db) -> list[int]:
    ids = []
    texts = [
        (TEXT, "Example News"),
        ("Rights groups criticised <b>the deal</b> with Rwanda on deportations.", "Other"),
    ]
    for text, outlet in texts:
        r = writer.post("/v1/articles", json={"text": text, "format": "text", "outlet": outlet})
        assert r.status_code == 201, r.text
        ids.append(r.json()["article"]["id"])
    return ids


def session_for(server, key: str) -> tuple[httpx.Client, str]:
    c = httpx.Client(base_url=server.base_url, timeout=60)
    r = c.post("/review/sign-in", data={"api_key": key}, headers={"Origin": server.base_url})
    assert r.status_code == 303 and r.headers["location"] == "/review", r.text
    set_cookie = r.headers["set-cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=strict" in set_cookie and "Secure" not in set_cookie
    page = c.get("/review")
    csrf = re.search(r'name="csrf-token" content="([0-9a-f]+)"', page.text).group(1)
    return c, csrf


def test_sign_in_refusals_and_page_headers(server, client, write_key, seeded):
    r = client.get("/review")
    assert r.status_code == 200 and 'id="api_key"' in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "unsafe-inline" not in r.headers["content-security-policy"]
    assert client.post("/review/sign-in", data={"api_key": "mev_nope_nope"}).status_code == 401
    foreign = client.post(
        "/review/sign-in", data={"api_key": write_key}, headers={"Origin": "https://evil.example"}
    )
    assert foreign.status_code == 403 and "set-cookie" not in foreign.headers
    assert client.get(f"/review/articles/{seeded[0]}").status_code == 303  # not signed in: to the sign-in
    forged = httpx.get(server.base_url + "/review", cookies={"mev_session": "abc.99999999999.def"})
    assert 'id="api_key"' in forged.text
    js = client.get("/review/static/review.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert client.get("/review/static/../../app/main.py").status_code == 404
    assert client.get("/review/static/secrets.txt").status_code == 404


def test_queue_filters_article_page_and_cookie_writes(server, write_key, seeded):
    c, csrf = session_for(server, write_key)
    try:
        queue = c.get("/review").text
        assert (
            f'href="/review/articles/{seeded[0]}"' in queue
            and f'href="/review/articles/{seeded[1]}"' in queue
        )
        only = c.get("/review", params={"outlet": "Other"}).text
        assert f'/review/articles/{seeded[0]}"' not in only and f'/review/articles/{seeded[1]}"' in only
        talks = c.get("/review", params={"type": "talks"}).text
        assert f'/review/articles/{seeded[0]}"' in talks and f'/review/articles/{seeded[1]}"' not in talks
        assert "Nothing to review" in c.get("/review", params={"state": "confirmed"}).text

        page = c.get(f"/review/articles/{seeded[1]}").text
        assert "&lt;b&gt;the deal&lt;/b&gt;" in page and "<b>the deal</b>" not in page
        assert_problem(c.get("/review/articles/999999"), 404)

        doc = c.get(f"/v1/articles/{seeded[0]}/annotations").json()
        event = doc["events"][0]["id"]
        url = f"/v1/events/{event}"
        assert_problem(c.patch(url, json={"review_state": "confirmed"}), 403)  # the cookie without the token
        assert_problem(
            c.patch(url, json={"review_state": "confirmed"}, headers={"X-CSRF-Token": "0" * 64}), 403
        )
        ok = c.patch(url, json={"type": "agreement"}, headers={"X-CSRF-Token": csrf})
        assert ok.status_code == 200, ok.text
        assert (ok.json()["type"], ok.json()["review_state"]) == ("agreement", "corrected")
        for bad in ({}, {"type": "agreement", "review_state": "rejected"}, {"policy_area": "space"}):
            assert_problem(c.patch(url, json=bad, headers={"X-CSRF-Token": csrf}), 422)
        (entry,) = c.get(f"/v1/articles/{seeded[0]}/history").json()["items"]
        assert (entry["who"], entry["before"]["type"], entry["after"]["type"]) == (
            "writer",
            doc["events"][0]["type"],
            "agreement",
        )

        assert c.post("/review/sign-out", data={"csrf": "wrong"}).status_code == 403
        out = c.post("/review/sign-out", data={"csrf": csrf})
        assert out.status_code == 303 and 'mev_session=""' in out.headers["set-cookie"]
    finally:
        c.close()


def test_queue_ranks_statements_too_and_pages_by_cursor(server, writer, write_key, seeded):
    """The least confident unreviewed record, event or statement, puts an article first; a page of the
    queue ends with a link to the next; a forged cursor gives the first page back, said so."""
    from sqlalchemy import text

    from app.core.db import session_scope

    quoted = (
        'Italy deported 40 people to Albania on Monday. "This is a cruel policy," Amnesty International said.'
    )
    r = writer.post("/v1/articles", json={"text": quoted, "format": "text"})
    assert r.status_code == 201, r.text
    first, second = seeded[0], r.json()["article"]["id"]
    with session_scope(write=True) as session:  # a unit of work, so the events' read model follows
        session.execute(text("UPDATE event SET confidence = 0.7"))
        session.execute(text("UPDATE statement SET confidence = 0.9"))
    c, _ = session_for(server, write_key)
    try:

        def order(page: str) -> list[int]:
            return [int(i) for i in re.findall(r'href="/review/articles/(\d+)"', page)]

        assert order(c.get("/review").text) == [first, seeded[1], second]  # the same lowest: by id
        with session_scope(write=True) as session:
            session.execute(
                text("UPDATE statement SET confidence = 0.2 WHERE article_id = :a"), {"a": second}
            )
        page = c.get("/review").text
        assert order(page) == [second, first, seeded[1]] and "<td>0.20</td>" in page

        seen, url = [], "/review?size=1"
        while url:  # one article a page, by the rel="next" link
            page = c.get(url).text
            seen += order(page)
            link = re.search(r'<a rel="next" href="([^"]+)"', page)
            url = link.group(1).replace("&amp;", "&") if link else None
        assert seen == [second, first, seeded[1]]
        forged = c.get("/review", params={"size": 1, "cursor": "bm90IGEgY3Vyc29y"})
        assert (
            forged.status_code == 422 and "no longer valid" in forged.text and order(forged.text) == [second]
        )
    finally:
        c.close()
