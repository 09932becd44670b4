"""Cursor pagination over real HTTP: complete, stable under concurrent inserts, strict about cursors."""

from __future__ import annotations

import base64
import json
import threading
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.support import data
from tests.support.data import Dataset

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def ds(server) -> Dataset:
    # Three copies of the six articles: 54 events, more than the default page of 50.
    return data.seed(copies=3)


def list_paths(ds: Dataset) -> list[str]:
    usa = ds.actor("United States").id
    nduh = ds.actor("Olivier Nduhungirehe").id
    event = next(e.id for e in ds.events if e.type == "removal")
    return [
        "/v1/events",
        "/v1/events?sort=-id",
        "/v1/events?sort=date",
        "/v1/events?sort=-date",
        "/v1/events?type=removal&type=ruling&country=USA",
        # Walked through event_country's / event_participant's copy of the date (migration 0012).
        "/v1/events?country=USA&sort=-date",
        "/v1/events?country=USA&sort=date&date_from=2020-01-01",
        f"/v1/events?actor={usa}&sort=-date",
        f"/v1/events?actor={usa}&country=USA&sort=date",
        "/v1/actors",
        "/v1/actors?kind=country",
        "/v1/statements",
        "/v1/statements?kind=paraphrase",
        "/v1/articles",
        "/v1/articles?outlet=Wire%20Service",
        f"/v1/actors/{usa}/events",
        f"/v1/actors/{nduh}/statements",
        f"/v1/events/{event}/statements",
        f"/v1/events/{event}/articles",
    ]


def url(path: str, **params) -> httpx.URL:
    """``path`` with ``params`` added to (not replacing) its own query string."""
    return httpx.URL(path).copy_merge_params(params)


def everything(client: httpx.Client, path: str) -> list[int]:
    r = client.get(url(path, limit=500))
    assert r.status_code == 200 and r.json()["next"] is None
    return [item["id"] for item in r.json()["items"]]


def walk(client: httpx.Client, path: str, limit: int, between=None) -> list[int]:
    """Page through ``path``; alternately follow the `next` URL and pass `cursor` by hand."""
    seen: list[int] = []
    r = client.get(url(path, limit=limit))
    for n in range(1000):
        assert r.status_code == 200, r.text
        body = r.json()
        assert len(body["items"]) <= limit and body["limit"] == limit
        seen += [item["id"] for item in body["items"]]
        if body["next"] is None:
            assert body["next_cursor"] is None and "link" not in r.headers
            return seen
        assert body["items"], "a page with a next link must not be empty"
        assert r.headers["link"] == f'<{body["next"]}>; rel="next"'
        assert parse_qs(urlsplit(body["next"]).query)["cursor"] == [body["next_cursor"]]
        if between:
            between(n)
        if n % 2:
            r = client.get(body["next"])
        else:
            r = client.get(url(path, limit=limit, cursor=body["next_cursor"]))
    raise AssertionError("pagination did not end")


def test_every_list_pages_through_all_rows_exactly_once(client, ds):
    for path in list_paths(ds):
        full = everything(client, path)
        assert full, path
        for limit in (1, 4):
            assert walk(client, path, limit) == full, (path, limit)


@pytest.mark.parametrize("sort", ["date", "-date"])
def test_a_date_sorted_country_or_actor_list_is_the_date_sorted_list_filtered(client, ds, sort):
    """A country or actor page sorted by date is driven by the copy of the event's date in event_country /
    event_participant (migration 0012): its order must be exactly the events' own (date, id) order."""
    usa = ds.actor("United States").id
    ordered = everything(client, f"/v1/events?sort={sort}")
    for filters in (
        "country=USA",
        "country=GBR&date_from=2024-01-01",
        f"actor={usa}",
        f"actor={usa}&country=USA",
    ):
        members = set(everything(client, f"/v1/events?{filters}"))
        assert members, filters
        expected = [i for i in ordered if i in members]
        assert everything(client, f"/v1/events?{filters}&sort={sort}") == expected, filters
        assert walk(client, f"/v1/events?{filters}&sort={sort}", 3) == expected, filters


def test_page_sizes_of_the_core_lists(client, ds):
    assert len(everything(client, "/v1/events")) == len(ds.events) > 50
    assert len(everything(client, "/v1/actors")) == len(ds.actors)
    assert len(everything(client, "/v1/statements")) == len(ds.statements)
    assert len(everything(client, "/v1/articles")) == len(ds.articles)


def test_default_page_size_and_the_next_link_keep_the_query(client, ds):
    first = client.get("/v1/events", params={"sort": "-date"})
    body = first.json()
    assert body["limit"] == 50 and len(body["items"]) == 50
    query = parse_qs(urlsplit(body["next"]).query)
    assert query["sort"] == ["-date"] and query["limit"] == ["50"]
    rest = client.get(body["next"]).json()
    assert len(rest["items"]) == len(ds.events) - 50 and rest["next"] is None
    ids = [e["id"] for e in body["items"] + rest["items"]]
    assert ids == everything(client, "/v1/events?sort=-date")

    # Repeated filters survive into the next link.
    page = client.get("/v1/events", params={"type": ["removal", "ruling"], "limit": 2}).json()
    assert sorted(parse_qs(urlsplit(page["next"]).query)["type"]) == ["removal", "ruling"]


SORTS = ["/v1/events", "/v1/events?sort=-id", "/v1/events?sort=date", "/v1/events?sort=-date"]
OTHERS = ["/v1/actors", "/v1/statements", "/v1/articles"]
# Inserting between pages: the date sorts are where new rows land on both sides of the cursor.
GROWING = ["/v1/events", "/v1/events?sort=date", "/v1/events?sort=-date", "/v1/statements", "/v1/articles"]


def test_stable_while_rows_are_added_between_pages(client, ds):
    data.seed(copies=2)
    counter = iter(range(1000))
    for path in GROWING:
        before = everything(client, path)
        # Each new article adds events dated from 2022 to 2025: some land before the cursor, some after.
        seen = walk(client, path, 8, between=lambda _n: data.add_article(next(counter)))
        assert len(seen) == len(set(seen)), f"{path}: a row was served twice"
        assert set(before) <= set(seen), f"{path}: rows present at the start were skipped"
        if "sort=-" not in path:
            assert len(seen) > len(before), f"{path}: ascending pages should reach rows added meanwhile"


def test_stable_while_another_writer_inserts_concurrently(client, ds):
    data.seed(copies=2)
    stop = threading.Event()
    errors: list[BaseException] = []
    inserted = []

    def writer() -> None:
        n = 100
        try:
            while not stop.is_set() and n < 160:
                inserted.append(data.add_article(n).id)
                n += 1
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    before = {path: everything(client, path) for path in SORTS + OTHERS}
    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        for path in SORTS + OTHERS:
            seen = walk(client, path, 3)
            assert len(seen) == len(set(seen)), f"{path}: a row was served twice"
            assert set(before[path]) <= set(seen), f"{path}: rows present at the start were skipped"
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not errors, errors
    assert inserted, "the writer thread inserted nothing while pages were read"


def b64(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def real_cursor(client: httpx.Client, path: str, **params) -> str:
    cursor = client.get(path, params={"limit": 1, **params}).json()["next_cursor"]
    assert cursor
    return cursor


GARBAGE = [
    "abc",
    "not a cursor!",
    "%%%",
    "é",
    "x" * 600,
    b64([1, 2]),
    b64({"v": 1}),
    b64({"v": 2, "s": "id", "k": [3]}),
    b64({"v": 1, "s": "id", "k": [-1]}),
    b64({"v": 1, "s": "id", "k": ["3"]}),
    b64({"v": 1, "s": "id", "k": [True]}),
    b64({"v": 1, "s": "id", "k": [3.5]}),
    b64({"v": 1, "s": "id", "k": [2**64]}),
    b64({"v": 1, "s": "id", "k": [1, 2]}),
    b64({"v": 1, "s": "id", "k": None}),
    base64.urlsafe_b64encode(b"\xff\xfe\x00garbage").decode(),
]


@pytest.mark.parametrize("path", ["/v1/events", "/v1/actors", "/v1/statements", "/v1/articles"])
def test_garbage_cursor_is_422_naming_cursor(client, ds, path):
    for cursor in GARBAGE:
        r = client.get(path, params={"cursor": cursor})
        assert r.status_code == 422, (cursor, r.text)
        assert r.headers["content-type"] == PROBLEM
        assert r.json()["errors"][0]["name"] == "cursor", cursor


def test_tampered_cursor_is_422(client, ds):
    good = real_cursor(client, "/v1/events", sort="date")
    for bad in (good[:-3], good + "x", good[5:], good.swapcase()):
        r = client.get("/v1/events", params={"cursor": bad, "sort": "date"})
        assert r.status_code == 422, bad
        assert r.json()["errors"][0]["name"] == "cursor"
    bad_date = b64({"v": 1, "s": "date", "k": ["2025-02-30", 1]})
    assert client.get("/v1/events", params={"cursor": bad_date, "sort": "date"}).status_code == 422


@pytest.mark.parametrize(
    ("issued", "used"),
    [("id", "date"), ("id", "-id"), ("date", "id"), ("date", "-date"), ("-date", "-id"), ("-id", "date")],
)
def test_cursor_from_another_sort_is_422(client, ds, issued, used):
    cursor = real_cursor(client, "/v1/events", sort=issued)
    r = client.get("/v1/events", params={"cursor": cursor, "sort": used})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["errors"][0]["name"] == "cursor" and "sort" in body["detail"]
