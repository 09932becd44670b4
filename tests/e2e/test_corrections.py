"""A person corrects single records beyond a verdict (an event's participants and evidence; a statement's
speaker, kind, verb, span and event; a mention's span and actor) and adds what the annotator missed (an
event, a statement, a mention of an existing or a new actor). Every change is in the history, the records
keep their ids through a re-annotation, and bad input is a 422 that changes nothing."""

from __future__ import annotations

import pytest

from tests.conftest import make_key
from tests.e2e.test_annotations_doc import TEXT, assert_problem, span
from tests.e2e.test_human_work import doc_of, history


@pytest.fixture
def article(writer, clean_db) -> int:
    r = writer.post("/v1/articles", json={"text": TEXT, "published_at": "2025-03-12"})
    assert r.status_code == 201, r.text
    return r.json()["article"]["id"]


def actor_id(doc: dict, name: str) -> int:
    return next(a["id"] for a in doc["actors"] if a["name"] == name)


def event_of(doc: dict, type_: str) -> dict:
    return next(e for e in doc["events"] if e["type"] == type_)


def reannotate(writer, aid: int) -> dict:
    r = writer.post(f"/v1/articles/{aid}/reannotate")
    assert r.status_code == 200, r.text
    return r.json()


def test_a_corrected_type_moves_the_event_in_one_countrys_counts(writer, article):
    """Counts for one country read event_country's copy of the event's type (kept by a trigger): a
    correction must move the event there too."""
    talks = event_of(doc_of(writer, article), "talks")
    country = talks["countries"][0]

    def by_type() -> dict:
        r = writer.get("/v1/events/counts", params={"country": country, "group_by": "type"})
        assert r.status_code == 200, r.text
        return {row["type"]: row["count"] for row in r.json()["rows"]}

    before = by_type()
    r = writer.patch(f"/v1/events/{talks['id']}", json={"type": "request"})
    assert r.status_code == 200, r.text
    after = by_type()
    assert after.get("talks", 0) == before["talks"] - 1
    assert after.get("request", 0) == before.get("request", 0) + 1


def test_event_participants_and_evidence_are_corrected_and_kept(writer, article):
    doc = doc_of(writer, article)
    talks = event_of(doc, "talks")
    bel, mne = actor_id(doc, "Belgium"), actor_id(doc, "Montenegro")
    evidence = span("Belgium has opened talks with Montenegro")
    body = {
        "participants": [{"actor_id": bel, "role": "actor"}, {"actor_id": mne, "role": "recipient"}],
        "evidence": evidence,
    }
    r = writer.patch(f"/v1/events/{talks['id']}", json=body)
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["review_state"] == "corrected"
    assert sorted((p["actor"]["id"], p["role"]) for p in got["participants"]) == [
        (bel, "actor"),
        (mne, "recipient"),
    ]
    assert (got["evidence"]["start"], got["evidence"]["end"]) == tuple(evidence)
    assert got["evidence"]["text"] == "Belgium has opened talks with Montenegro"

    (entry,) = history(writer, f"/v1/articles/{article}/history")
    assert (entry["action"], entry["record_type"], entry["record_id"], entry["who"]) == (
        "corrected",
        "event",
        talks["id"],
        "writer",
    )
    assert {p["role"] for p in entry["before"]["participants"]} == {"actor"}
    assert entry["after"]["participants"] == got["participants"]
    assert entry["links"]["record"] == f"/v1/events/{talks['id']}"

    after = reannotate(writer, article)
    kept = next(e for e in after["events"] if e["id"] == talks["id"])
    assert kept["evidence"] == evidence and kept["review_state"] == "corrected"
    assert sorted((p["actor_id"], p["role"]) for p in kept["participants"]) == [
        (bel, "actor"),
        (mne, "recipient"),
    ]
    assert [e["type"] for e in after["events"]].count("talks") == 1  # the machine's talks is not made again


def test_statement_speaker_kind_verb_span_and_event_are_corrected_and_kept(writer, article):
    doc = doc_of(writer, article)
    said = next(s for s in doc["statements"] if s["text"].startswith("the talks"))
    url = f"/v1/statements/{said['id']}"
    mne = actor_id(doc, "Montenegro")
    talks = event_of(doc, "talks")["id"]
    r = writer.patch(url, json={"speaker_id": mne, "kind": "quote", "verb": "state", "event_id": talks})
    assert r.status_code == 200, r.text
    got = r.json()
    assert (got["speaker"]["id"], got["kind"], got["verb"], got["event_id"], got["review_state"]) == (
        mne,
        "quote",
        "state",
        talks,
        "corrected",
    )
    new_span = span("the talks were at an early stage.")
    r = writer.patch(url, json={"span": new_span, "speaker_id": None, "event_id": None})
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["speaker"] is None and got["event_id"] is None
    assert got["text"] == "the talks were at an early stage." and got["span"]["start"] == new_span[0]

    entries = history(writer, f"/v1/articles/{article}/history")
    assert [(e["action"], e["record_id"]) for e in entries] == [("corrected", said["id"])] * 2
    assert entries[0]["before"]["speaker"]["name"] == "Danilo Saric"
    assert entries[0]["after"]["speaker"]["id"] == mne and entries[1]["after"]["speaker"] is None

    after = reannotate(writer, article)
    kept = next(s for s in after["statements"] if s["id"] == said["id"])
    assert (kept["speaker_id"], kept["kind"], kept["verb"], kept["span"]) == (
        None,
        "quote",
        "state",
        new_span,
    )
    assert sum(s["text"].startswith("the talks") for s in after["statements"]) == 1


def test_missed_records_added_by_a_person_are_kept(writer, client, article):
    doc = doc_of(writer, article)
    bel, saric = actor_id(doc, "Belgium"), actor_id(doc, "Danilo Saric")
    second = span("Montenegrin Interior Minister Danilo Saric said the talks were at an early stage.")

    # A mention naming a new actor; the same identity again means the same actor.
    minister = span("the Belgian migration minister")
    r = writer.post(
        "/v1/mentions",
        json={
            "article_id": article,
            "span": minister,
            "actor": {"kind": "government_body", "name": "Belgian migration ministry", "country": "BEL"},
        },
    )
    assert r.status_code == 201, r.text
    mention = r.json()
    assert r.headers["location"] == f"/v1/mentions/{mention['id']}"
    assert mention["actor"]["name"] == "Belgian migration ministry" and mention["actor"]["country"] == "BEL"
    assert mention["span"]["text"] == "the Belgian migration minister"
    assert (mention["annotator"]["kind"], mention["annotator"]["name"], mention["review_state"]) == (
        "person",
        "key:writer",
        "corrected",
    )
    assert client.get(f"/v1/mentions/{mention['id']}").json() == mention
    ministry = mention["actor"]["id"]
    assert client.get(f"/v1/actors/{ministry}").json()["aliases"] == ["the Belgian migration minister"]
    again = writer.post(
        "/v1/mentions",
        json={"article_id": article, "span": span("Montenegrin"), "actor_id": actor_id(doc, "Montenegro")},
    )
    assert again.status_code == 201, again.text

    r = writer.post(
        "/v1/events",
        json={
            "article_id": article,
            "type": "talks",
            "policy_area": "third_country_transfer",
            "evidence": second,
            "participants": [{"actor_id": saric, "role": "actor"}, {"actor_id": bel, "role": "recipient"}],
        },
    )
    assert r.status_code == 201, r.text
    event = r.json()
    assert r.headers["location"] == f"/v1/events/{event['id']}"
    assert event["summary"] == TEXT[second[0] : second[1]]
    assert event["countries"] == ["BEL", "MNE"]  # the participants' countries
    assert (event["date"], event["date_precision"]) == ("2025-03-12", "publication")
    assert (event["annotator"]["kind"], event["confidence"], event["review_state"]) == (
        "person",
        1.0,
        "corrected",
    )

    r = writer.post(
        "/v1/statements",
        json={"article_id": article, "span": span("Rights groups criticised the plan"), "kind": "paraphrase",
              "verb": "criticise", "speaker_id": ministry, "event_id": event["id"]},
    )  # fmt: skip
    assert r.status_code == 201, r.text
    statement = r.json()
    assert (statement["speaker"]["id"], statement["event_id"], statement["verb"]) == (
        ministry,
        event["id"],
        "criticise",
    )

    entries = history(writer, "/v1/history", action="created", key="writer")
    assert [(e["record_type"], e["record_id"]) for e in entries] == [
        ("mention", mention["id"]),
        ("mention", again.json()["id"]),
        ("event", event["id"]),
        ("statement", statement["id"]),
    ]
    assert all(e["before"] is None and e["article_id"] == article for e in entries)
    assert entries[2]["after"] == event and entries[0]["links"]["record"] == f"/v1/mentions/{mention['id']}"

    after = reannotate(writer, article)
    assert event in [writer.get(f"/v1/events/{e['id']}").json() for e in after["events"]]
    assert statement["id"] in [s["id"] for s in after["statements"]]
    mentions = {m["id"] for a in after["actors"] for m in a["mentions"]}
    assert {mention["id"], again.json()["id"]} <= mentions


def test_a_rejected_mention_stays_rejected_and_a_span_can_be_corrected(writer, article):
    doc = doc_of(writer, article)
    minister = next(
        m for a in doc["actors"] for m in a["mentions"] if m["text"] == "minister"
    )  # "the Belgian migration minister", taken for the country
    r = writer.patch(f"/v1/mentions/{minister['id']}", json={"review_state": "rejected"})
    assert r.status_code == 200 and r.json()["review_state"] == "rejected", r.text
    saric = next(m for a in doc["actors"] for m in a["mentions"] if m["text"] == "Danilo Saric")
    longer = span("Interior Minister Danilo Saric")
    r = writer.patch(f"/v1/mentions/{saric['id']}", json={"span": longer})
    assert r.status_code == 200, r.text
    assert (r.json()["span"]["text"], r.json()["review_state"]) == (
        "Interior Minister Danilo Saric",
        "corrected",
    )
    entries = history(writer, f"/v1/articles/{article}/history")
    assert [(e["record_type"], e["action"]) for e in entries] == [
        ("mention", "reviewed"),
        ("mention", "corrected"),
    ]

    after = reannotate(writer, article)
    spans = sorted((m["start"], m["end"], m["review_state"]) for a in after["actors"] for m in a["mentions"])
    assert (minister["start"], minister["end"], "rejected") in spans
    assert sum(1 for s, e, _ in spans if s < minister["end"] and minister["start"] < e) == 1
    assert (longer[0], longer[1], "corrected") in spans
    assert sum(1 for s, e, _ in spans if s < longer[1] and longer[0] < e) == 1


def test_bad_corrections_and_additions_are_422s_that_change_nothing(writer, client, article):
    doc = doc_of(writer, article)
    ev, st = doc["events"][0], doc["statements"][0]
    mention = doc["actors"][0]["mentions"][0]
    n = len(TEXT)
    other = writer.post("/v1/articles", json={"text": "Italy deported 40 people to Albania on Monday."})
    other_event = doc_of(writer, other.json()["article"]["id"])["events"][0]["id"]
    ev_url, st_url = f"/v1/events/{ev['id']}", f"/v1/statements/{st['id']}"
    add_event = {"article_id": doc["article_id"], "type": "talks", "policy_area": "other", "evidence": [0, 5]}
    cases = [
        ("patch", ev_url, {"evidence": [10, n + 1]}, "evidence"),
        ("patch", ev_url, {"evidence": [20, 20]}, "evidence"),
        ("patch", ev_url, {"evidence": [7, 8]}, "evidence"),  # a blank
        ("patch", ev_url, {"evidence": [-1, 5]}, "evidence"),
        ("patch", ev_url, {"participants": [{"actor_id": 999999, "role": "actor"}]}, "participants"),
        ("patch", ev_url, {"participants": [{"actor_id": 1, "role": "boss"}]}, "role"),
        ("patch", ev_url, {"evidence": [0, 10], "review_state": "confirmed"}, "review_state"),
        ("patch", st_url, {"speaker_id": 999999}, "speaker_id"),
        ("patch", st_url, {"event_id": other_event}, "event_id"),
        ("patch", st_url, {"kind": None}, "kind"),
        ("patch", st_url, {"verb": ""}, "verb"),
        ("patch", st_url, {"span": [0, 1, 2]}, "span"),
        ("patch", st_url, {"stance": "against"}, "stance"),
        ("patch", f"/v1/mentions/{mention['id']}", {"span": [0, n + 5]}, "span"),
        ("patch", f"/v1/mentions/{mention['id']}", {"actor_id": 999999}, "actor_id"),
        ("patch", f"/v1/mentions/{mention['id']}", {}, "review_state"),
        ("post", "/v1/events", {**add_event, "article_id": 999999}, "article_id"),
        ("post", "/v1/events", {**add_event, "summary": "a\x00b"}, "summary"),
        ("post", "/v1/statements", {"article_id": doc["article_id"], "span": [5, 2], "kind": "quote"},
         "span"),
        ("post", "/v1/mentions", {"article_id": doc["article_id"], "span": [0, 7]}, "actor"),
        ("post", "/v1/mentions", {"article_id": doc["article_id"], "span": [0, 7], "actor_id": 1,
                                  "actor": {"kind": "country", "name": "X"}}, "actor"),
        ("post", "/v1/mentions", {"article_id": doc["article_id"], "span": [0, 7],
                                  "actor": {"kind": "country", "name": "X", "country": "xx"}}, "country"),
    ]  # fmt: skip
    for method, url, body, name in cases:
        problem = assert_problem(getattr(writer, method)(url, json=body), 422)
        named = [e["name"] for e in problem["errors"]]
        assert any(name in n.split(".") for n in named), (url, body, problem)
    assert_problem(writer.patch("/v1/mentions/999999", json={"review_state": "confirmed"}), 404)
    assert_problem(writer.patch("/v1/statements/999999", json={"kind": "quote"}), 404)
    assert_problem(
        writer.post("/v1/mentions", content=b"span=1", headers={"content-type": "text/plain"}), 415
    )
    reader = {"X-API-Key": make_key("read", "reviewer")}
    add = {"article_id": doc["article_id"], "type": "talks", "policy_area": "other", "evidence": [0, 7]}
    assert_problem(client.post("/v1/events", json=add), 401)
    assert_problem(client.post("/v1/events", json=add, headers=reader), 403)
    assert_problem(client.patch(f"/v1/statements/{st['id']}", json={"speaker_id": None}, headers=reader), 403)

    assert doc_of(writer, doc["article_id"]) == doc
    assert history(writer, "/v1/history") == []
