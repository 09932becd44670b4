"""Full-text search (q=) over real HTTP on the current backend: what matches, in what order, with
which snippet; phrases, prefixes, OR and exclusion; every filter and cursor pagination; malformed
queries (422 naming q, fuzzed); and the index kept in step with corrections and deletions.

What a query must return is computed from the records themselves (their evidence, summary, text),
with words chosen so that stemming cannot change the answer.
"""

from __future__ import annotations

import re

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.test_annotations_doc import TEXT, person_annotation
from tests.support import data
from tests.support.data import Dataset

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def ds(server) -> Dataset:
    # Two copies of each article: equal texts rank equally, so the id tie-break is exercised.
    return data.seed(copies=2)


def all_items(client: httpx.Client, path: str, **params) -> list[dict]:
    r = client.get(path, params={**params, "limit": 500})
    assert r.status_code == 200, r.text
    assert r.json()["next_cursor"] is None
    return r.json()["items"]


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def has_phrase(text: str, phrase: str) -> bool:
    w, p = words(text), words(phrase)
    return any(w[i : i + len(p)] == p for i in range(len(w) - len(p) + 1))


def event_text(e: dict) -> str:
    return e["summary"] + " \n " + e["evidence"]["text"]


def assert_ranked(items: list[dict]) -> None:
    """Relevance order: rank never increases; equal ranks go by id."""
    keys = [(-i["search"]["rank"], i["id"]) for i in items]
    assert keys == sorted(keys)


def test_event_phrase_search_finds_exactly_the_events_with_the_phrase(client, ds):
    events = all_items(client, "/v1/events")
    expected = sorted(e["id"] for e in events if has_phrase(event_text(e), "United Kingdom"))
    assert 0 < len(expected) < len(events)
    found = all_items(client, "/v1/events", q='"United Kingdom"')
    assert sorted(e["id"] for e in found) == expected
    assert_ranked(found)
    for e in found:
        assert e["search"]["snippet"], e
        # The snippet comes from the evidence sentence; a match there is marked.
        if has_phrase(e["evidence"]["text"], "United Kingdom"):
            # (SQLite marks the phrase, PostgreSQL each word of it.)
            assert re.search(r"<mark>United(</mark> <mark>| )Kingdom</mark>", e["search"]["snippet"])
        # Apart from search, each item is the plain list's record.
        plain = next(p for p in events if p["id"] == e["id"])
        assert {k: v for k, v in e.items() if k != "search"} == plain


def test_words_match_in_any_order_but_a_phrase_only_in_sequence(client, ds):
    events = all_items(client, "/v1/events")
    both = sorted(e["id"] for e in events if {"kingdom", "united"} <= set(words(event_text(e))))
    assert sorted(e["id"] for e in all_items(client, "/v1/events", q="Kingdom United")) == both
    assert all_items(client, "/v1/events", q='"Kingdom United"') == []


def test_prefix_and_stemming(client, ds):
    events = all_items(client, "/v1/events")
    deport = sorted(e["id"] for e in events if any(w.startswith("deport") for w in words(event_text(e))))
    assert 0 < len(deport) < len(events)
    assert sorted(e["id"] for e in all_items(client, "/v1/events", q="deport*")) == deport
    # Stemming: "deported" finds "deport", "deportees"? no: the stem of deportee differs; "deportation"
    # and "deported" share "deport". Every event found by the stemmed word also holds a deport* word.
    stemmed = {e["id"] for e in all_items(client, "/v1/events", q="deported")}
    assert stemmed and stemmed <= set(deport)


def test_or_and_exclusion(client, ds):
    events = all_items(client, "/v1/events")
    ids = lambda q: sorted(e["id"] for e in all_items(client, "/v1/events", q=q))  # noqa: E731
    has = lambda e, w: w in words(event_text(e))  # noqa: E731
    either = sorted(e["id"] for e in events if has(e, "albania") or has(e, "tunisia"))
    assert either and ids("Albania OR Tunisia") == either
    rwanda_not_uk = sorted(e["id"] for e in events if has(e, "rwanda") and not has(e, "kingdom"))
    assert rwanda_not_uk and ids("Rwanda -kingdom") == rwanda_not_uk
    assert set(rwanda_not_uk) < set(ids("Rwanda"))


def test_search_combines_with_every_event_filter(client, ds):
    rwanda = ds.actor("Rwanda").id
    for filters in (
        {"country": "RWA"},
        {"type": "agreement"},
        {"actor": rwanda},
        {"policy_area": "third_country_transfer"},
        {"date_from": "2024-01-01", "date_to": "2025-12-31"},
        {"review_state": "machine"},
        {"article": ds.articles["rwanda-us-talks"].id},
        {"country": "RWA", "type": "agreement", "actor": rwanda},
    ):
        listed = {e["id"] for e in all_items(client, "/v1/events", **filters)}
        searched = {e["id"] for e in all_items(client, "/v1/events", q="Rwanda")}
        both = all_items(client, "/v1/events", q="Rwanda", **filters)
        assert {e["id"] for e in both} == listed & searched, filters
        assert_ranked(both)
    by_date = all_items(client, "/v1/events", q="Rwanda", sort="-date")
    assert [(e["date"], e["id"]) for e in by_date] == sorted(
        ((e["date"], e["id"]) for e in by_date), reverse=True
    )


@pytest.mark.parametrize(
    ("path", "q"),
    [
        ("/v1/events", "Rwanda"),
        ("/v1/statements", "talks OR migrants OR the OR Europe"),
        ("/v1/articles", "Rwanda OR Albania"),
    ],
)
def test_cursor_pages_of_a_search_are_the_single_page_in_order(client, ds, path, q):
    whole = all_items(client, path, q=q)
    assert len(whole) >= 4
    ranks = [i["search"]["rank"] for i in whole]
    assert len(set(ranks)) < len(ranks), "the data must hold ties, to check the id tie-break"
    seen, url, params = [], path, {"q": q, "limit": 2}
    while url:
        body = client.get(url, params=params).json()
        seen += body["items"]
        url, params = body["next"], None
    assert [i["id"] for i in seen] == [i["id"] for i in whole]


def test_statement_search_with_filters(client, ds):
    statements = all_items(client, "/v1/statements")
    expected = sorted(s["id"] for s in statements if "talks" in words(s["text"]))
    assert 0 < len(expected) < len(statements)
    found = all_items(client, "/v1/statements", q="talks")
    assert sorted(s["id"] for s in found) == expected
    assert_ranked(found)
    assert all("<mark>talks</mark>" in s["search"]["snippet"].lower() for s in found)
    speaker = found[0]["speaker"]["id"]
    narrowed = all_items(client, "/v1/statements", q="talks", speaker=speaker)
    assert {s["id"] for s in narrowed} == {s["id"] for s in found if s["speaker"]["id"] == speaker}


def test_article_search_covers_title_and_text_and_filters(client, ds):
    articles = all_items(client, "/v1/articles")
    texts = {a["id"]: client.get(f"/v1/articles/{a['id']}").json() for a in articles}
    expected = sorted(i for i, a in texts.items() if "albania" in words((a["title"] or "") + " " + a["text"]))
    assert 0 < len(expected) < len(articles)
    found = all_items(client, "/v1/articles", q="Albania")
    assert sorted(a["id"] for a in found) == expected
    assert all("text" not in a for a in found), "lists carry no text"
    outlet = found[0]["outlet"]
    narrowed = all_items(client, "/v1/articles", q="Albania", outlet=outlet)
    assert {a["id"] for a in narrowed} == {a["id"] for a in found if a["outlet"] == outlet}


MALFORMED = [
    "",  # min_length
    '"unclosed phrase',
    '""',
    "OR Rwanda",
    "Rwanda OR",
    "Rwanda OR OR Uganda",
    "-Rwanda",
    "***",
    "a*",
    "Rwanda OR -Uganda",
    "!!! ???",
    "x" * 501,
    " ".join(f"w{i}" for i in range(40)),
]


@pytest.mark.parametrize("path", ["/v1/events", "/v1/statements", "/v1/articles"])
@pytest.mark.parametrize("q", MALFORMED, ids=range(len(MALFORMED)))
def test_a_malformed_query_is_a_422_naming_q(client, ds, path, q):
    r = client.get(path, params={"q": q})
    assert r.status_code == 422, (q, r.text)
    assert r.headers["content-type"].startswith(PROBLEM)
    assert [e["name"] for e in r.json()["errors"]] == ["q"]


def test_rank_order_needs_a_query(client, ds):
    r = client.get("/v1/events", params={"sort": "rank"})
    assert r.status_code == 422 and r.json()["errors"][0]["name"] == "sort"
    assert client.get("/v1/events", params={"sort": "rank", "q": "Rwanda"}).status_code == 200


def test_a_rank_cursor_cannot_be_used_on_an_id_list(client, ds):
    body = client.get("/v1/events", params={"q": "Rwanda", "limit": 1}).json()
    r = client.get("/v1/events", params={"cursor": body["next_cursor"]})
    assert r.status_code == 422 and r.json()["errors"][0]["name"] == "cursor"


QUERY_ALPHABET = st.sampled_from(['"', "*", "-", " ", "OR", "AND", "(", ")", ":", "&", "|", "!", "'", "\\"])
QUERY_TEXT = st.lists(
    st.one_of(
        QUERY_ALPHABET, st.sampled_from(["Rwanda", "deport", "uk", "é", "ß", "٣"]), st.text(max_size=4)
    ),
    max_size=12,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=QUERY_TEXT)
def test_fuzzed_queries_answer_200_or_a_422_naming_q(client, ds, q):
    for path in ("/v1/events", "/v1/statements"):
        r = client.get(path, params={"q": q, "limit": 5})
        assert r.status_code in (200, 422), (q, r.status_code, r.text)
        if r.status_code == 422:
            assert r.json()["errors"][0]["name"] == "q", (q, r.text)


def test_snippets_are_escaped_html(writer, client, clean_db):
    text = 'Officials said <script>alert("x")</script> the deportation flight & its "passengers" left.'
    r = writer.post("/v1/articles", json={"text": text, "title": "Deportation <b>flight</b>"})
    assert r.status_code == 201, r.text
    [hit] = all_items(client, "/v1/articles", q="deportation")
    snippet = hit["search"]["snippet"]
    assert "<script>" not in snippet and "<mark>deportation</mark>" in snippet
    assert set(re.findall(r"</?[a-z]+>", snippet)) <= {"<mark>", "</mark>"}


def test_the_index_follows_corrections_and_deletions(writer, client, clean_db):
    r = writer.post("/v1/articles", json={"text": TEXT, "published_at": "2025-03-12"})
    aid = r.json()["article"]["id"]
    assert all_items(client, "/v1/articles", q="Montenegro")[0]["id"] == aid
    machine = all_items(client, "/v1/events", q="Montenegro")
    assert machine, "the annotator's events are searchable as soon as the article is stored"

    # A person's correction replaces the events: the old ones leave the index, the new one enters it.
    body = person_annotation()
    body["events"][0]["summary"] = "Belgium and Montenegro discuss a zanzibarian return hub"
    assert writer.put(f"/v1/articles/{aid}/annotations", json=body).status_code == 200
    [corrected] = all_items(client, "/v1/events", q="zanzibarian")
    assert corrected["review_state"] == "corrected"
    assert {e["id"] for e in all_items(client, "/v1/events", q="Montenegro")} == {corrected["id"]}
    assert [s["text"] for s in all_items(client, "/v1/statements", q="early stage")] == [
        "the talks were at an early stage"
    ]
    # A review changes no searched text, and the record stays found.
    assert (
        writer.patch(f"/v1/events/{corrected['id']}", json={"review_state": "confirmed"}).status_code == 200
    )
    assert all_items(client, "/v1/events", q="zanzibarian")[0]["review_state"] == "confirmed"

    # Deleting the article takes its events and statements (cascades) out of the index too.
    assert writer.delete(f"/v1/articles/{aid}").status_code == 204
    for path, q in (
        ("/v1/articles", "Montenegro"),
        ("/v1/events", "zanzibarian"),
        ("/v1/statements", "early"),
    ):
        assert all_items(client, path, q=q) == [], path
