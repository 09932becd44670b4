"""The read API over real HTTP: lists, details, every filter, linked views, enums and errors.

Data comes from tests/support/data.py (six hand-annotated articles); each filter's
expected answer is computed from those facts, and each filter must narrow the
list to a proper, non-empty subset (or, where stated, to nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import httpx
import pytest

from app.annotator.vocabulary import ActorKind, EventType, PolicyArea, StatementKind
from app.review.vocabulary import ReviewState
from tests.support import data
from tests.support.data import Dataset, EventFact

PROBLEM = "application/problem+json"
MISSING = 2_000_000_000  # a valid id (within 32-bit INTEGER) that no row has


@pytest.fixture(scope="module")
def ds(server) -> Dataset:
    # Module scope: the data is read-only here. pytest re-runs this whenever another module's tests
    # ran in between on the same worker, so it never sees someone else's rows.
    return data.seed()


def ids(client: httpx.Client, path: str, **params) -> list[int]:
    """All ids of a list endpoint, in served order (one page: the data set is small)."""
    r = client.get(path, params={**params, "limit": 500})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["next_cursor"] is None and body["next"] is None
    return [item["id"] for item in body["items"]]


def event_ids(ds: Dataset, keep: Callable[[EventFact], bool]) -> list[int]:
    return sorted(e.id for e in ds.events if keep(e))


def assert_narrows(got: list[int], expected: list[int], total: int) -> None:
    assert got == expected
    assert 0 < len(expected) < total, "the filter case must select a proper, non-empty subset"


# ---------------------------------------------------------------- events


def test_event_list_holds_every_event_in_id_order(client, ds):
    assert ids(client, "/v1/events") == sorted(e.id for e in ds.events)


def test_event_detail_matches_the_annotation(client, ds):
    rwanda, usa = ds.actor("Rwanda").id, ds.actor("United States").id
    talks = next(e for e in ds.events if e.type == "talks")
    body = client.get(f"/v1/events/{talks.id}").json()
    assert body["type"] == "talks" and body["policy_area"] == "third_country_transfer"
    assert body["date"] == "2025-05-04" and body["date_precision"] == "day"
    assert body["countries"] == ["RWA", "USA"]
    assert {(p["actor"]["id"], p["role"]) for p in body["participants"]} == {
        (rwanda, "actor"),
        (usa, "actor"),
    }
    article = client.get(f"/v1/articles/{talks.article_id}").json()
    ev = body["evidence"]
    assert ev["article_id"] == talks.article_id
    assert article["text"][ev["start"] : ev["end"]] == ev["text"]
    assert ev["text"].startswith("Rwanda confirmed on Sunday")
    assert body["links"]["self"] == f"/v1/events/{talks.id}"
    assert body["review_state"] == "machine" and body["annotator"]["kind"] == "machine"


def test_event_dates_are_rendered_to_their_precision(client, ds):
    by_type = {e.type: e for e in ds.events if e.article_id == ds.articles["rwanda-us-talks"].id}
    assert client.get(f"/v1/events/{by_type['agreement'].id}").json()["date"] == "2022"
    assert client.get(f"/v1/events/{by_type['agreement_ended'].id}").json()["date"] == "2024-07"


EVENT_FILTERS: dict[str, Callable[[Dataset], tuple[dict, Callable[[EventFact], bool]]]] = {
    "one type": lambda ds: ({"type": "removal"}, lambda e: e.type == "removal"),
    "repeated type": lambda ds: (
        {"type": ["removal", "ruling"]},
        lambda e: e.type in ("removal", "ruling"),
    ),
    "policy area": lambda ds: (
        {"policy_area": "border_control"},
        lambda e: e.policy_area == "border_control",
    ),
    "repeated policy area": lambda ds: (
        {"policy_area": ["asylum", "detention"]},
        lambda e: e.policy_area in ("asylum", "detention"),
    ),
    "country": lambda ds: ({"country": "RWA"}, lambda e: "RWA" in e.countries),
    "actor": lambda ds: (
        {"actor": ds.actor("Rwanda").id},
        lambda e: ds.actor("Rwanda").id in e.actor_ids,
    ),
    "article": lambda ds: (
        {"article": ds.articles["el-salvador-flight"].id},
        lambda e: e.article_id == ds.articles["el-salvador-flight"].id,
    ),
    "date_from": lambda ds: ({"date_from": "2024-10-16"}, lambda e: e.date >= date(2024, 10, 16)),
    "date_to": lambda ds: ({"date_to": "2023-07-16"}, lambda e: e.date <= date(2023, 7, 16)),
    "one day, both bounds inclusive": lambda ds: (
        {"date_from": "2025-03-16", "date_to": "2025-03-16"},
        lambda e: e.date == date(2025, 3, 16),
    ),
    "review state corrected": lambda ds: (
        {"review_state": "corrected"},
        lambda e: e.review_state == "corrected",
    ),
    "review state confirmed": lambda ds: (
        {"review_state": "confirmed"},
        lambda e: e.review_state == "confirmed",
    ),
    "type and country together": lambda ds: (
        {"type": "removal", "country": "ITA"},
        lambda e: e.type == "removal" and "ITA" in e.countries,
    ),
    "actor and type together": lambda ds: (
        {"actor": ds.actor("United States").id, "type": ["criticism", "aid"]},
        lambda e: ds.actor("United States").id in e.actor_ids and e.type in ("criticism", "aid"),
    ),
}


@pytest.mark.parametrize("case", list(EVENT_FILTERS))
def test_event_filter_narrows_correctly(client, ds, case):
    params, keep = EVENT_FILTERS[case](ds)
    assert_narrows(ids(client, "/v1/events", **params), event_ids(ds, keep), len(ds.events))


def test_event_filters_that_match_nothing_answer_an_empty_page(client, ds):
    assert ids(client, "/v1/events", review_state="rejected") == []
    assert ids(client, "/v1/events", country="FRA") == []
    assert ids(client, "/v1/events", actor=MISSING) == []
    assert ids(client, "/v1/events", type="talks", country="ITA") == []


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [
        ("id", lambda e: e.id, False),
        ("-id", lambda e: e.id, True),
        ("date", lambda e: (e.date, e.id), False),
        ("-date", lambda e: (e.date, e.id), True),
    ],
)
def test_event_sort_orders(client, ds, sort, key, reverse):
    expected = [e.id for e in sorted(ds.events, key=key, reverse=reverse)]
    assert ids(client, "/v1/events", sort=sort) == expected


# ---------------------------------------------------------------- actors


def test_actor_list_and_detail(client, ds):
    assert ids(client, "/v1/actors") == sorted(a.id for a in ds.actors.values())
    usa = client.get(f"/v1/actors/{ds.actor('United States').id}").json()
    assert (usa["kind"], usa["name"], usa["country"]) == ("country", "United States", "USA")
    # One row per real entity: both articles' surface forms are on the one actor.
    assert {"United States", "America", "Washington"} <= set(usa["aliases"])
    person = client.get(f"/v1/actors/{ds.actor('Olivier Nduhungirehe').id}").json()
    assert person["title"] == "Foreign Minister" and person["country"] == "RWA"


ACTOR_FILTERS: dict[str, tuple[dict, Callable]] = {
    "kind": ({"kind": "person"}, lambda a: a.kind == "person"),
    "country": ({"country": "USA"}, lambda a: a.country == "USA"),
    "kind and country": (
        {"kind": "court", "country": "ITA"},
        lambda a: a.kind == "court" and a.country == "ITA",
    ),
    "name prefix, any case": ({"name": "uNiTeD"}, lambda a: a.name.lower().startswith("united")),
    "name prefix with a space": ({"name": "united s"}, lambda a: a.name == "United States"),
    "prefix, not substring": ({"name": "court"}, lambda a: a.name == "Court of Rome"),
    "prefix with punctuation": ({"name": "U.S."}, lambda a: a.name == "U.S. District Court"),
    "non-ASCII prefix, any case": ({"name": "KAÏS"}, lambda a: a.name == "Kaïs Saïed"),
}


@pytest.mark.parametrize("case", list(ACTOR_FILTERS))
def test_actor_filter_narrows_correctly(client, ds, case):
    params, keep = ACTOR_FILTERS[case]
    expected = sorted(a.id for a in ds.actors.values() if keep(a))
    assert_narrows(ids(client, "/v1/actors", **params), expected, len(ds.actors))


def test_actor_name_is_a_literal_prefix_not_a_pattern(client, ds):
    assert ids(client, "/v1/actors", name="%") == []
    assert ids(client, "/v1/actors", name="_") == []
    assert ids(client, "/v1/actors", name="united states of") == []


# ---------------------------------------------------------------- statements


def test_statement_list_and_detail(client, ds):
    assert ids(client, "/v1/statements") == sorted(s.id for s in ds.statements)
    quoted = next(s for s in ds.statements if s.speaker_id == ds.actor("American Civil Liberties Union").id)
    body = client.get(f"/v1/statements/{quoted.id}").json()
    assert body["kind"] == "quote" and body["text"] == "This is a lawless act"
    assert body["speaker"]["name"] == "American Civil Liberties Union"
    assert body["event_id"] == quoted.event_id and body["links"]["event"] == f"/v1/events/{quoted.event_id}"
    article = client.get(f"/v1/articles/{quoted.article_id}").json()
    span = body["span"]
    assert article["text"][span["start"] : span["end"]] == "This is a lawless act"


def test_statement_without_speaker(client, ds):
    anonymous = next(s for s in ds.statements if s.speaker_id is None)
    body = client.get(f"/v1/statements/{anonymous.id}").json()
    assert body["speaker"] is None and body["links"]["speaker"] is None and body["event_id"] is None


STATEMENT_FILTERS: dict[str, Callable[[Dataset], tuple[dict, Callable]]] = {
    "speaker": lambda ds: (
        {"speaker": ds.actor("Olivier Nduhungirehe").id},
        lambda s: s.speaker_id == ds.actor("Olivier Nduhungirehe").id,
    ),
    "event": lambda ds: (
        {"event": ds.statements[0].event_id},
        lambda s: s.event_id == ds.statements[0].event_id,
    ),
    "article": lambda ds: (
        {"article": ds.articles["el-salvador-flight"].id},
        lambda s: s.article_id == ds.articles["el-salvador-flight"].id,
    ),
    "kind": lambda ds: ({"kind": "quote"}, lambda s: s.kind == "quote"),
    "article and kind": lambda ds: (
        {"article": ds.articles["el-salvador-flight"].id, "kind": "paraphrase"},
        lambda s: s.article_id == ds.articles["el-salvador-flight"].id and s.kind == "paraphrase",
    ),
}


@pytest.mark.parametrize("case", list(STATEMENT_FILTERS))
def test_statement_filter_narrows_correctly(client, ds, case):
    params, keep = STATEMENT_FILTERS[case](ds)
    expected = sorted(s.id for s in ds.statements if keep(s))
    assert_narrows(ids(client, "/v1/statements", **params), expected, len(ds.statements))


# ---------------------------------------------------------------- articles


def test_article_list_and_detail(client, ds):
    assert ids(client, "/v1/articles") == sorted(a.id for a in ds.articles.values())
    listed = client.get("/v1/articles").json()["items"]
    assert all("text" not in a for a in listed), "lists never carry the article text"
    one = ds.articles["italy-albania-centres"]
    body = client.get(f"/v1/articles/{one.id}").json()
    assert body["title"] == "Italy sends first migrants to Albania" and body["outlet"] == "Wire Service"
    assert datetime.fromisoformat(body["published_at"]) == one.published_at
    assert body["text"].startswith("Italy transferred the first 16 migrants")
    assert body["links"]["events"] == f"/v1/events?article={one.id}"


ARTICLE_FILTERS: dict[str, tuple[dict, Callable]] = {
    "outlet": ({"outlet": "Wire Service"}, lambda a: a.outlet == "Wire Service"),
    "published_from": (
        {"published_from": "2024-10-18T17:00:00Z"},
        lambda a: a.published_at and a.published_at >= datetime.fromisoformat("2024-10-18T17:00:00+00:00"),
    ),
    "naive time means UTC": (
        {"published_from": "2024-10-18T17:00:00"},
        lambda a: a.published_at and a.published_at >= datetime.fromisoformat("2024-10-18T17:00:00+00:00"),
    ),
    "published_to": (
        {"published_to": "2024-04-23T06:00:00Z"},
        lambda a: a.published_at and a.published_at <= datetime.fromisoformat("2024-04-23T06:00:00+00:00"),
    ),
    # 09:00 at +01:00 is 08:00 UTC, the Rwanda article's exact publication time: inclusive, any offset.
    "window given with an offset": (
        {"published_from": "2025-03-01T00:00:00+00:00", "published_to": "2025-05-05T09:00:00+01:00"},
        lambda a: (
            a.published_at
            and datetime.fromisoformat("2025-03-01T00:00:00+00:00")
            <= a.published_at
            <= datetime.fromisoformat("2025-05-05T08:00:00+00:00")
        ),
    ),
    "outlet and window": (
        {"outlet": "Example News", "published_to": "2024-01-01T00:00:00Z"},
        lambda a: (
            a.outlet == "Example News"
            and a.published_at
            and a.published_at <= datetime.fromisoformat("2024-01-01T00:00:00+00:00")
        ),
    ),
}


@pytest.mark.parametrize("case", list(ARTICLE_FILTERS))
def test_article_filter_narrows_correctly(client, ds, case):
    params, keep = ARTICLE_FILTERS[case]
    expected = sorted(a.id for a in ds.articles.values() if keep(a))
    assert_narrows(ids(client, "/v1/articles", **params), expected, len(ds.articles))


def test_article_outlet_is_exact(client, ds):
    assert ids(client, "/v1/articles", outlet="wire service") == []
    assert ids(client, "/v1/articles", outlet="Wire") == []


# ---------------------------------------------------------------- linked views


def test_actor_events_and_statements(client, ds):
    rwanda = ds.actor("Rwanda").id
    assert_narrows(
        ids(client, f"/v1/actors/{rwanda}/events"),
        event_ids(ds, lambda e: rwanda in e.actor_ids),
        len(ds.events),
    )
    assert ids(client, f"/v1/actors/{rwanda}/events", type="criticism") == event_ids(
        ds, lambda e: rwanda in e.actor_ids and e.type == "criticism"
    )
    nduh = ds.actor("Olivier Nduhungirehe").id
    assert_narrows(
        ids(client, f"/v1/actors/{nduh}/statements"),
        sorted(s.id for s in ds.statements if s.speaker_id == nduh),
        len(ds.statements),
    )
    assert ids(client, f"/v1/actors/{rwanda}/statements") == []


def test_event_statements_and_articles(client, ds):
    removal = next(e for e in ds.events if e.type == "removal" and "SLV" in e.countries)
    assert ids(client, f"/v1/events/{removal.id}/statements") == sorted(
        s.id for s in ds.statements if s.event_id == removal.id
    )
    assert ids(client, f"/v1/events/{removal.id}/statements")  # the Bukele paraphrase
    assert ids(client, f"/v1/events/{removal.id}/articles") == [removal.article_id]


@pytest.mark.parametrize(
    "path",
    [
        f"/v1/actors/{MISSING}/events",
        f"/v1/actors/{MISSING}/statements",
        f"/v1/events/{MISSING}/statements",
        f"/v1/events/{MISSING}/articles",
    ],
)
def test_linked_view_of_unknown_parent_is_404_problem(client, ds, path):
    r = client.get(path)
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM
    assert str(MISSING) in r.json()["detail"]
    wrong_type = client.get(path.replace(str(MISSING), "abc"))
    assert wrong_type.status_code == 422 and wrong_type.headers["content-type"] == PROBLEM


# ---------------------------------------------------------------- enums in the schema


def test_enums_are_enums_in_the_served_schema(client):
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for enum in (ActorKind, EventType, PolicyArea, ReviewState, StatementKind):
        assert schemas[enum.__name__]["enum"] == [m.value for m in enum]
    assert schemas["EventRead"]["properties"]["type"] == {"$ref": "#/components/schemas/EventType"}
    assert schemas["ActorRead"]["properties"]["kind"] == {"$ref": "#/components/schemas/ActorKind"}

    def param(path: str, name: str) -> dict:
        op = spec["paths"][path]["get"]
        return next(p for p in op["parameters"] if p["name"] == name)["schema"]

    def refs(schema: dict) -> str:
        return str(schema)

    assert "#/components/schemas/EventType" in refs(param("/v1/events", "type"))
    assert "#/components/schemas/PolicyArea" in refs(param("/v1/events", "policy_area"))
    assert "#/components/schemas/ReviewState" in refs(param("/v1/events", "review_state"))
    assert "#/components/schemas/EventSort" in refs(param("/v1/events", "sort"))
    assert schemas["EventSort"]["enum"] == ["id", "-id", "date", "-date", "rank"]
    assert "#/components/schemas/ActorKind" in refs(param("/v1/actors", "kind"))
    assert "#/components/schemas/StatementKind" in refs(param("/v1/statements", "kind"))


# ---------------------------------------------------------------- errors


def assert_problem(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["status"] == status and body["type"].startswith("https://") and body["title"]
    return body


ENUM_PARAMS = [
    ("/v1/events", "type", EventType),
    ("/v1/events", "policy_area", PolicyArea),
    ("/v1/events", "review_state", ReviewState),
    ("/v1/events", "sort", ["id", "-id", "date", "-date", "rank"]),
    ("/v1/actors", "kind", ActorKind),
    ("/v1/statements", "kind", StatementKind),
    ("/v1/actors/1/events", "type", EventType),
]


@pytest.mark.parametrize(("path", "name", "enum"), ENUM_PARAMS)
def test_unknown_enum_value_names_the_parameter_and_the_allowed_values(client, path, name, enum):
    body = assert_problem(client.get(path, params={name: "bogus"}), 422)
    allowed = [getattr(m, "value", m) for m in enum]
    [err] = body["errors"]
    assert (err["location"], err["name"], err["allowed"]) == ("query", name, allowed)
    assert f"'{name}'" in body["detail"] and all(v in body["detail"] for v in allowed)


def test_bad_value_in_a_repeated_parameter_names_the_parameter(client):
    body = assert_problem(client.get("/v1/events", params={"type": ["talks", "bogus"]}), 422)
    assert body["errors"][0]["name"] == "type"


@pytest.mark.parametrize("path", ["/v1/events", "/v1/actors", "/v1/statements", "/v1/articles"])
@pytest.mark.parametrize("limit", ["501", "0", "-1", "many"])
def test_bad_limit_is_422(client, path, limit):
    body = assert_problem(client.get(path, params={"limit": limit}), 422)
    assert body["errors"][0]["name"] == "limit"


def test_limit_at_the_cap_is_accepted(client, ds):
    assert client.get("/v1/events", params={"limit": 500}).json()["limit"] == 500


@pytest.mark.parametrize("kind", ["events", "actors", "statements", "articles"])
def test_unknown_id_is_404_and_wrong_id_type_is_422(client, ds, kind):
    body = assert_problem(client.get(f"/v1/{kind}/{MISSING}"), 404)
    assert body["instance"] == f"/v1/{kind}/{MISSING}"
    for bad in ("abc", "1.5", "0", "-3", str(2**64)):
        body = assert_problem(client.get(f"/v1/{kind}/{bad}"), 422)
        assert body["errors"][0]["location"] == "path"


@pytest.mark.parametrize(
    ("path", "params", "name"),
    [
        ("/v1/events", {"country": "rwa"}, "country"),
        ("/v1/events", {"date_from": "2025-13-01"}, "date_from"),
        ("/v1/events", {"date_from": "2025-02-01", "date_to": "2025-01-01"}, "date_from"),
        ("/v1/events", {"actor": "x"}, "actor"),
        ("/v1/actors", {"country": "United States"}, "country"),
        ("/v1/actors", {"name": ""}, "name"),
        ("/v1/statements", {"speaker": "0"}, "speaker"),
        ("/v1/articles", {"published_from": "yesterday"}, "published_from"),
        (
            "/v1/articles",
            {"published_from": "2025-02-01T00:00:00Z", "published_to": "2025-01-01T00:00:00Z"},
            "published_from",
        ),
    ],
)
def test_invalid_filter_is_422_naming_it(client, path, params, name):
    body = assert_problem(client.get(path, params=params), 422)
    assert body["errors"][0]["name"] == name and f"'{name}'" in body["detail"]


def test_unknown_route_is_a_problem_too(client):
    assert_problem(client.get("/v1/nothing-here"), 404)
    assert_problem(client.delete("/v1/events"), 405)
