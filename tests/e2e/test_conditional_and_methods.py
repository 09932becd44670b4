"""HTTP semantics every resource shares, against the live server: entity tags and
conditional GETs (a poller pays for a body only when something changed), HEAD, and
the methods a resource accepts (Allow on 405 and on OPTIONS, RFC 9110)."""

import pytest

from tests.support import data


@pytest.fixture
def seeded(clean_db):
    return data.seed()


def _reads(ds: data.Dataset) -> list[str]:
    event, statement = ds.events[0], ds.statements[0]
    actor = next(iter(ds.actors.values()))
    article = next(iter(ds.articles.values()))
    return [
        "/v1/events",
        "/v1/events?limit=2",
        f"/v1/events/{event.id}",
        f"/v1/events/{event.id}/statements",
        "/v1/actors",
        f"/v1/actors/{actor.id}",
        f"/v1/actors/{actor.id}/events",
        "/v1/statements",
        f"/v1/statements/{statement.id}",
        f"/v1/articles/{article.id}",
        f"/v1/events/{event.id}/articles",
        "/v1/articles",
        f"/v1/articles/{article.id}/history",
    ]


def test_every_list_and_detail_revalidates_to_304(writer, seeded):
    client = writer  # history needs a key with the read scope
    for url in _reads(seeded):
        first = client.get(url)
        assert first.status_code == 200, (url, first.text)
        tag = first.headers["etag"]
        assert tag.startswith('"') and tag.endswith('"') and len(tag) > 10, tag
        assert first.headers["cache-control"] == "private, no-cache"
        again = client.get(url)
        assert again.headers["etag"] == tag, url  # same state, same tag

        cached = client.get(url, headers={"If-None-Match": tag})
        assert cached.status_code == 304, url
        assert cached.content == b""
        assert cached.headers["etag"] == tag
        assert "content-length" not in cached.headers or cached.headers["content-length"] == "0"
        assert "x-request-id" in cached.headers
        # A list of tags, a weak form of the same tag, and * all match (weak comparison).
        for header in (f'"nope", {tag}', f"W/{tag}", "*"):
            assert client.get(url, headers={"If-None-Match": header}).status_code == 304, (url, header)
        stale = client.get(url, headers={"If-None-Match": '"0123456789abcdef"'})
        assert stale.status_code == 200 and stale.json() == first.json()


def test_a_write_changes_the_tag_of_what_it_changes(client, writer, seeded):
    event = seeded.events[0]
    detail, listing = f"/v1/events/{event.id}", "/v1/events"
    tags = {url: client.get(url).headers["etag"] for url in (detail, listing)}
    other = f"/v1/statements/{seeded.statements[-1].id}"
    other_tag = client.get(other).headers["etag"]

    r = writer.patch(detail, json={"review_state": "confirmed"})
    assert r.status_code == 200, r.text
    for url, tag in tags.items():
        fresh = client.get(url, headers={"If-None-Match": tag})
        assert fresh.status_code == 200, url
        assert fresh.headers["etag"] != tag
    assert client.get(detail).json()["review_state"] == "confirmed"
    # What the write did not touch still revalidates.
    assert client.get(other, headers={"If-None-Match": other_tag}).status_code == 304


def test_errors_and_writes_carry_no_tag(client, writer, seeded):
    missing = client.get("/v1/events/999999", headers={"If-None-Match": "*"})
    assert missing.status_code == 404 and "etag" not in missing.headers
    bad = client.get("/v1/events?limit=0", headers={"If-None-Match": "*"})
    assert bad.status_code == 422 and "etag" not in bad.headers
    written = writer.patch(f"/v1/events/{seeded.events[0].id}", json={"review_state": "rejected"})
    assert written.status_code == 200 and "etag" not in written.headers
    assert written.headers["cache-control"] == "no-store"


def test_head_answers_like_get_without_a_body(client, seeded):
    url = f"/v1/events/{seeded.events[0].id}"
    got, head = client.get(url), client.head(url)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == got.headers["etag"]
    assert head.headers["content-length"] == str(len(got.content))


METHODS = {
    "/v1/events": "GET, HEAD, OPTIONS, POST",
    "/v1/mentions": "OPTIONS, POST",
    "/v1/mentions/1": "GET, HEAD, OPTIONS, PATCH",
    "/v1/events/1": "GET, HEAD, OPTIONS, PATCH",
    "/v1/articles": "GET, HEAD, OPTIONS, POST",
    "/v1/articles/batch": "OPTIONS, POST",
    "/v1/articles/1": "DELETE, GET, HEAD, OPTIONS",
    "/v1/articles/1/annotations": "GET, HEAD, OPTIONS, PUT",
    "/v1/history": "GET, HEAD, OPTIONS",
}


@pytest.mark.parametrize("path", sorted(METHODS))
def test_options_and_405_list_every_method_of_the_resource(client, writer, path):
    options = client.options(path)
    assert options.status_code == 204, options.text
    assert options.headers["allow"] == METHODS[path]
    assert options.content == b""
    allowed = set(METHODS[path].split(", "))
    for method in sorted({"GET", "POST", "PUT", "PATCH", "DELETE"} - allowed):
        r = writer.request(method, path)
        assert r.status_code == 405, (method, path, r.status_code)
        assert r.headers["allow"] == METHODS[path], (method, path)
        assert r.headers["content-type"] == "application/problem+json"


def test_options_on_no_route_is_404(client):
    assert client.options("/v1/nothing-here").status_code == 404
