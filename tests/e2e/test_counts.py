"""GET /v1/events/counts over real HTTP: every dimension and pair, the list's filters (search too),
zero-filled periods, and refusals. Expected counts are computed from the event list itself, so counts
and lists must agree."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import httpx
import pytest

from tests.support import data
from tests.support.data import Dataset

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def ds(server) -> Dataset:
    return data.seed()


def events(client: httpx.Client, **params) -> list[dict]:
    r = client.get("/v1/events", params={**params, "limit": 500})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def counts(client: httpx.Client, **params) -> dict:
    r = client.get("/v1/events/counts", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def start_of(e: dict) -> date:
    parts = [int(p) for p in e["date"].split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def label(dim: str, d: date) -> str:
    if dim == "year":
        return f"{d.year:04d}"
    if dim == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if dim == "week":
        return (d - timedelta(days=d.weekday())).isoformat()
    return d.isoformat()


def values(e: dict, dim: str) -> list:
    """The values an event counts under for one dimension."""
    if dim in ("type", "policy_area"):
        return [e[dim]]
    if dim == "country":
        return e["countries"]
    if dim == "actor":
        return sorted({p["actor"]["id"] for p in e["participants"]})
    return [label(dim, start_of(e))]


def expected(evs: list[dict], dims: list[str]) -> Counter:
    c: Counter = Counter()
    for e in evs:
        keys = [[]]
        for d in dims:
            keys = [k + [v] for k in keys for v in values(e, d)]
        c.update(tuple(k) for k in keys)
    return c


def got(body: dict, dims: list[str]) -> Counter:
    return Counter(
        {
            tuple(r[d]["id"] if d == "actor" else r[d] for d in dims): r["count"]
            for r in body["rows"]
            if r["count"]
        }
    )


@pytest.mark.parametrize(
    "dims",
    [["type"], ["policy_area"], ["country"], ["actor"], ["year"], ["month"], ["type", "country"],
     ["country", "actor"], ["month", "type"], ["country", "year"], ["week", "policy_area"]],
)  # fmt: skip
def test_counts_agree_with_the_list(client, ds, dims):
    evs = events(client)
    body = counts(client, group_by=dims)
    assert body["group_by"] == dims and body["total"] == len(evs)
    assert got(body, dims) == expected(evs, dims)
    assert all(list(r) == [*dims, "count"] for r in body["rows"]), "keys in group_by order"


def test_filters_and_search_narrow_counts_as_they_narrow_the_list(client, ds):
    rwanda = ds.actor("Rwanda").id
    for filters in (
        {"country": "GBR"},
        {"actor": rwanda, "type": ["agreement", "talks"]},
        {"q": "Rwanda"},
        {"date_from": "2024-01-01", "review_state": "machine"},
    ):
        evs = events(client, **filters)
        assert 0 < len(evs) < len(ds.events), filters
        body = counts(client, group_by="type,year", **filters)
        assert body["total"] == len(evs) and got(body, ["type", "year"]) == expected(evs, ["type", "year"])


def test_the_period_axis_is_zero_filled_and_ordered(client, ds):
    evs = events(client)
    body = counts(client, group_by="month")
    months = [r["month"] for r in body["rows"]]
    first, last = min(start_of(e) for e in evs), max(start_of(e) for e in evs)
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    assert len(months) == span and months == sorted(months) and len(set(months)) == span
    assert months[0] == label("month", first) and months[-1] == label("month", last)
    assert any(r["count"] == 0 for r in body["rows"]), "the data has empty months in between"
    assert sum(r["count"] for r in body["rows"]) == len(evs)


def test_two_dimensions_fill_every_period_for_every_value(client, ds):
    body = counts(client, group_by=["year", "type"], date_from="2019-01-01", date_to="2025-12-31")
    years = sorted({r["year"] for r in body["rows"]})
    types = sorted({r["type"] for r in body["rows"]})
    assert years == [str(y) for y in range(2019, 2026)], "date_from/date_to bound the axis"
    assert len(body["rows"]) == len(years) * len(types)
    assert [(r["year"], r["type"]) for r in body["rows"]] == [(y, t) for y in years for t in types]


def test_weeks_start_on_monday(client, ds):
    body = counts(client, group_by="week", date_from="2025-05-01", date_to="2025-05-31")
    assert [r["week"] for r in body["rows"]] == ["2025-04-28", "2025-05-05", "2025-05-12", "2025-05-19",
                                                  "2025-05-26"]  # fmt: skip
    assert all(date.fromisoformat(r["week"]).weekday() == 0 for r in body["rows"])


def test_no_match_is_an_empty_answer(client, ds):
    body = counts(client, group_by="month", country="ZZZ")
    assert body == {"group_by": ["month"], "total": 0, "rows": []}


def test_actor_rows_name_the_actor(client, ds):
    body = counts(client, group_by="actor")
    rwanda = next(r for r in body["rows"] if r["actor"]["name"] == "Rwanda")
    assert rwanda["actor"] == {
        "id": ds.actor("Rwanda").id,
        "kind": "country",
        "name": "Rwanda",
        "country": "RWA",
    }
    assert [r["count"] for r in body["rows"]] == sorted((r["count"] for r in body["rows"]), reverse=True)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"group_by": "bogus"},
        {"group_by": "type,country,actor"},
        {"group_by": "month,year"},
        {"group_by": "type,type"},
        {"group_by": "day", "date_from": "1000-01-01", "date_to": "2025-01-01"},
        {"group_by": "type", "q": '"unclosed'},
        {"group_by": "type", "date_from": "2025-02-01", "date_to": "2025-01-01"},
    ],
)
def test_bad_counts_requests_are_422_problems(client, ds, params):
    r = client.get("/v1/events/counts", params=params)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == PROBLEM
    assert r.json()["errors"][0]["name"] in {"group_by", "q", "date_from"}


def test_one_country_counts_agree_with_the_list_under_the_filters_they_combine_with(client, ds):
    """A country with type, policy_area and date filters is counted from event_country's copies of those
    columns (migration 0009): the answer must still be the list's."""
    gbr = events(client, country="GBR")
    types = sorted({e["type"] for e in gbr})[:2]
    dates = sorted(start_of(e) for e in gbr)
    for filters in (
        {"country": "GBR"},
        {"country": "GBR", "type": types},
        {"country": "GBR", "type": types[:1]},
        {"country": "GBR", "policy_area": gbr[0]["policy_area"]},
        {"country": "GBR", "date_from": dates[1].isoformat(), "date_to": dates[-2].isoformat()},
    ):
        evs = events(client, **filters)
        assert evs, filters
        for dims in (["month", "type"], ["policy_area"], ["week"], ["year", "policy_area"], ["day"]):
            body = counts(client, group_by=dims, **filters)
            assert body["total"] == len(evs), (filters, dims)
            assert got(body, dims) == expected(evs, dims), (filters, dims)
