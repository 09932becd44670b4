"""Publication dates at the edge (issue 14): the accepted range is 1900-01-01 to 2100-12-31
(UTC); a date outside it is a 422 problem naming `published_at`, for a single POST, a batch
item and a stored article that is re-annotated. Inside it, relative dates resolve."""

from __future__ import annotations

import pytest
from sqlalchemy import text as sql

PROBLEM = "application/problem+json"
# The reproduction: a weekday the annotator counts back to from the publication day.
TEXT = "Italy deported 40 migrants to Albania on Wednesday, the interior ministry said."
OUTSIDE = [
    "0001-01-01",  # the issue's: answered 500 (OverflowError) before
    "9999-12-31",
    "0001-01-01T00:00:00+05:00",  # also before year 1 in UTC
    "1899-12-31T23:59:59Z",
    "1900-01-01T00:30:00+01:00",  # 1899-12-31T23:30Z
    "2101-01-01",
    "2100-12-31T23:00:00-05:00",  # 2101-01-01T04:00Z
]


def stored(db_url: str, table: str = "article") -> int:
    from app.core.db import read_engine

    with read_engine().connect() as conn:
        return conn.execute(sql(f'SELECT count(*) FROM "{table}"')).scalar_one()


def assert_names_published_at(problem: dict) -> None:
    assert problem["status"] == 422 and problem["type"].endswith("/validation-error"), problem
    assert [(e["location"], e["name"]) for e in problem["errors"]] == [("body", "published_at")], problem
    assert "published_at" in problem["detail"]
    assert "1900-01-01" in problem["detail"] or "2101-01-01" in problem["detail"], problem


@pytest.mark.parametrize("published_at", OUTSIDE)
def test_a_date_outside_the_range_is_a_422_naming_the_field(writer, db_url, clean_db, published_at):
    r = writer.post("/v1/articles", json={"text": TEXT, "published_at": published_at})
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == PROBLEM
    assert_names_published_at(r.json())
    assert stored(db_url) == 0


def test_inside_the_range_a_weekday_resolves_against_the_publication_day(writer, clean_db):
    r = writer.post("/v1/articles", json={"text": TEXT, "published_at": "2025-05-09T08:00:00Z"})  # a Friday
    assert r.status_code == 201, r.text
    article_id = r.json()["article"]["id"]
    events = writer.get("/v1/events", params={"article": article_id}).json()["items"]
    removal = [e for e in events if e["type"] == "removal"]
    assert removal, events
    assert (removal[0]["date"], removal[0]["date_precision"]) == ("2025-05-07", "day")


@pytest.mark.parametrize("published_at", ["1900-01-01T00:00:00Z", "2100-12-31T23:59:59Z", "2100-12-31"])
def test_the_ends_of_the_range_are_accepted(writer, clean_db, published_at):
    r = writer.post("/v1/articles", json={"text": TEXT, "published_at": published_at})
    assert r.status_code == 201, r.text
    day = published_at[:10]
    events = writer.get("/v1/events", params={"article": r.json()["article"]["id"]}).json()["items"]
    assert events and all(e["date"] <= day for e in events)  # counted back, never past the start


def test_batch_items_outside_the_range_are_rejected_by_name(writer, db_url, clean_db):
    items = [
        {"text": TEXT, "published_at": "0001-01-01", "url": "https://example.org/a"},
        {"text": TEXT, "published_at": "2025-05-09", "url": "https://example.org/b"},
        {"text": TEXT, "published_at": "9999-12-31", "url": "https://example.org/c"},
    ]
    r = writer.post("/v1/articles/batch", json=items)
    assert r.status_code == 200, r.text
    result = r.json()
    assert [i["status"] for i in result["items"]] == ["rejected", "created", "rejected"]
    for item in (result["items"][0], result["items"][2]):
        assert_names_published_at(item["problem"])
    assert stored(db_url) == 1


def test_a_stored_article_outside_the_range_is_not_reannotated(writer, db_url, clean_db):
    """Rows stored before the range was enforced: re-annotation is refused, the annotation kept."""
    r = writer.post("/v1/articles", json={"text": TEXT, "published_at": "2025-05-09"})
    assert r.status_code == 201, r.text
    article_id = r.json()["article"]["id"]
    before = writer.get(f"/v1/articles/{article_id}/annotations").json()
    from app.core.db import write_engine

    with write_engine().begin() as conn:
        conn.execute(
            sql("UPDATE article SET published_at = :day WHERE id = :id"),
            {"day": "0001-01-01 00:00:00.000000", "id": article_id},
        )
    r = writer.post(f"/v1/articles/{article_id}/reannotate")
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == PROBLEM
    problem = r.json()
    assert problem["type"].endswith("/published-at-out-of-range")
    assert "published_at" in problem["detail"] and "0001-01-01" in problem["detail"]
    after = writer.get(f"/v1/articles/{article_id}/annotations").json()
    assert after["events"] == before["events"] and after["statements"] == before["statements"]
