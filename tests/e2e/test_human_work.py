"""Nothing a person did is lost: re-annotation keeps reviewed, corrected and person-made records, a
rejected suggestion is not made again, and every change is in the history (which outlives the article)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import text

from app.annotator import ANNOTATOR_NAME, ANNOTATOR_VERSION
from tests.conftest import make_key
from tests.e2e.test_annotations_doc import TEXT, assert_problem, person_annotation


@pytest.fixture
def article(writer, clean_db) -> int:
    r = writer.post("/v1/articles", json={"text": TEXT, "published_at": "2025-03-12"})
    assert r.status_code == 201, r.text
    return r.json()["article"]["id"]


def doc_of(client: httpx.Client, aid: int) -> dict:
    r = client.get(f"/v1/articles/{aid}/annotations")
    assert r.status_code == 200, r.text
    return r.json()


def history(client: httpx.Client, url: str, **params) -> list[dict]:
    r = client.get(url, params=params)
    assert r.status_code == 200, r.text
    return r.json()["items"]


def test_the_lost_correction_of_the_issue_cannot_happen(writer, write_key, article):
    """Issue 11's replay: a person's PUT, then a re-annotation; the correction stays, and the history says
    who made it and what it replaced."""
    url = f"/v1/articles/{article}/annotations"
    machine = doc_of(writer, article)
    corrected = writer.put(url, json=person_annotation())
    assert corrected.status_code == 200, corrected.text
    person = corrected.json()

    r = writer.post(f"/v1/articles/{article}/reannotate")
    assert r.status_code == 200, r.text
    after = r.json()
    by_id = {e["id"]: e for e in after["events"]} | {("s", s["id"]): s for s in after["statements"]}
    assert by_id[person["events"][0]["id"]] == person["events"][0]  # same id, type, participants, state
    assert by_id[("s", person["statements"][0]["id"])] == person["statements"][0]
    assert person["events"][0]["review_state"] == "corrected"
    # The person's talks event covers the machine's talks: not made again. The policy_change and the
    # criticism it had, and its statement about Belgium, come back as machine suggestions.
    types = sorted((e["type"], e["review_state"]) for e in after["events"])
    assert types == [("criticism", "machine"), ("policy_change", "machine"), ("talks", "corrected")]
    assert after["changes"]["events"] == {"added": 2, "removed": 0, "kept": 1, "not_recreated": 1}
    assert after["changes"]["statements"] == {"added": 1, "removed": 0, "kept": 1, "not_recreated": 1}
    assert doc_of(writer, article) == {k: v for k, v in after.items() if k != "changes"}

    entries = history(writer, f"/v1/articles/{article}/history")
    assert [(e["record_type"], e["action"]) for e in entries] == [
        ("annotation", "replaced"),
        ("annotation", "reannotated"),
    ]
    replaced, reannotated = entries
    assert replaced["who"] == "writer" and reannotated["who"] == "writer"
    assert replaced["before"] == {**machine, "annotated_at": replaced["before"]["annotated_at"]}
    assert replaced["after"]["events"] == person["events"]
    assert reannotated["after"]["changes"] == after["changes"]
    assert reannotated["after"]["annotator"]["kind"] == "machine"


def test_reviews_stay_and_a_rejected_suggestion_is_not_made_again(writer, article):
    machine = doc_of(writer, article)
    by_type = {e["type"]: e for e in machine["events"]}
    assert set(by_type) == {"policy_change", "talks", "criticism"}, machine["events"]
    saric = next(s for s in machine["statements"] if s["speaker"] == "Danilo Saric")
    assert saric["event_id"] == by_type["talks"]["id"]

    reviews = [
        ("events", by_type["policy_change"]["id"], "rejected"),
        ("events", by_type["criticism"]["id"], "confirmed"),
        ("statements", saric["id"], "confirmed"),  # its event (talks) stays a machine record
    ]
    for kind, ident, state in reviews:
        r = writer.patch(f"/v1/{kind}/{ident}", json={"review_state": state})
        assert r.status_code == 200 and r.json()["review_state"] == state, r.text

    for _ in range(2):  # a second run finds the same and changes nothing of the people's work
        r = writer.post(f"/v1/articles/{article}/reannotate")
        assert r.status_code == 200, r.text
        after = r.json()
        events = {e["type"]: e for e in after["events"]}
        assert len(after["events"]) == 3, "a suggestion a person rejected must not come back"
        assert events["policy_change"]["id"] == by_type["policy_change"]["id"]
        assert events["policy_change"]["review_state"] == "rejected"
        assert events["criticism"]["id"] == by_type["criticism"]["id"]
        assert events["criticism"]["review_state"] == "confirmed"
        assert events["talks"]["review_state"] == "machine"
        assert events["talks"]["id"] > max(e["id"] for e in machine["events"]), "untouched: replaced"
        kept = next(s for s in after["statements"] if s["id"] == saric["id"])
        assert kept["review_state"] == "confirmed"
        # Its machine event was replaced: it now points at the new talks event of the same sentence.
        assert kept["event_id"] == events["talks"]["id"]
        assert after["changes"]["events"] == {"added": 1, "removed": 1, "kept": 2, "not_recreated": 2}
        assert after["changes"]["statements"] == {"added": 1, "removed": 1, "kept": 1, "not_recreated": 1}

    rejected = writer.get("/v1/events", params={"article": article, "review_state": "rejected"}).json()
    assert [e["id"] for e in rejected["items"]] == [by_type["policy_change"]["id"]]

    entries = history(writer, "/v1/history", article=article, record_type="event")
    assert [(e["record_id"], e["before"]["review_state"], e["after"]["review_state"]) for e in entries] == [
        (by_type["policy_change"]["id"], "machine", "rejected"),
        (by_type["criticism"]["id"], "machine", "confirmed"),
    ]
    assert entries[0]["before"]["summary"] == by_type["policy_change"]["summary"]
    assert entries[0]["links"]["record"] == f"/v1/events/{by_type['policy_change']['id']}"
    # The same verdict again changes nothing and records nothing.
    writer.patch(f"/v1/events/{by_type['criticism']['id']}", json={"review_state": "confirmed"})
    assert len(history(writer, "/v1/history", article=article, record_type="event")) == 2


def test_deleting_an_article_keeps_its_history(writer, server, article):
    writer.put(f"/v1/articles/{article}/annotations", json=person_annotation())
    other_key = make_key("read write", "second reviewer")
    with httpx.Client(base_url=server.base_url, headers={"X-API-Key": other_key}, timeout=60) as second:
        assert second.delete(f"/v1/articles/{article}").status_code == 204
    assert_problem(writer.get(f"/v1/articles/{article}"), 404)

    entries = history(writer, f"/v1/articles/{article}/history")
    assert [(e["action"], e["who"]) for e in entries] == [
        ("replaced", "writer"),
        ("deleted", "second reviewer"),
    ]
    gone = entries[-1]
    assert gone["record_type"] == "article" and gone["after"] is None
    assert gone["before"]["article"]["text"] == TEXT
    # The person's correction is in the history, though the records went with the article.
    assert [e["summary"] for e in gone["before"]["annotation"]["events"]] == [
        person_annotation()["events"][0]["summary"]
    ]
    assert history(writer, "/v1/history", key="second reviewer") == [gone]
    assert_problem(writer.get("/v1/articles/999999/history"), 404)


def test_history_lists_filter_page_and_refuse_bad_input(writer, client, read_key, article):
    doc = doc_of(writer, article)
    for e in doc["events"]:
        writer.patch(f"/v1/events/{e['id']}", json={"review_state": "confirmed"})
    for s in doc["statements"]:
        writer.patch(f"/v1/statements/{s['id']}", json={"review_state": "rejected"})
    n = len(doc["events"]) + len(doc["statements"])

    reader = {"X-API-Key": read_key}
    r = client.get("/v1/history", headers=reader, params={"limit": 2})
    assert r.status_code == 200, r.text
    seen, page = [], r
    while True:
        body = page.json()
        seen += body["items"]
        if not body["next"]:
            break
        assert page.headers["link"] == f'<{body["next"]}>; rel="next"'
        page = client.get(body["next"], headers=reader)
    assert [e["id"] for e in seen] == sorted(e["id"] for e in seen) and len(seen) == n
    newest = client.get("/v1/history", headers=reader, params={"sort": "-id", "limit": 1}).json()["items"]
    assert newest[0]["id"] == seen[-1]["id"]

    statements = history(writer, "/v1/history", record_type="statement", action="reviewed", key="writer")
    assert len(statements) == len(doc["statements"])
    assert {e["after"]["review_state"] for e in statements} == {"rejected"}
    now = datetime.now(UTC)
    assert len(history(writer, "/v1/history", since=(now - timedelta(minutes=5)).isoformat())) == n
    assert history(writer, "/v1/history", until=(now - timedelta(minutes=5)).isoformat()) == []
    assert history(writer, "/v1/history", key="nobody") == []

    assert_problem(client.get("/v1/history"), 401)  # the history names people: a key is needed
    assert_problem(client.get(f"/v1/articles/{article}/history"), 401)
    assert_problem(writer.get("/v1/history", params={"cursor": "bm9wZQ"}), 422)
    assert_problem(writer.get("/v1/history", params={"record_type": "actor"}), 422)
    assert_problem(writer.get("/v1/history", params={"since": now.isoformat(), "until": "2020-01-01"}), 422)
    assert_problem(writer.get("/v1/history", params={"key": "a\x00b"}), 422)
    assert_problem(writer.get("/v1/history", params={"limit": 100_000}), 422)
    cursor = writer.get("/v1/history", params={"limit": 1}).json()["next_cursor"]
    assert_problem(writer.get("/v1/history", params={"cursor": cursor, "sort": "-id"}), 422)
    assert client.post("/v1/history", headers=reader).status_code == 405


def test_lists_filter_by_annotator(writer, article):
    writer.put(f"/v1/articles/{article}/annotations", json=person_annotation())
    writer.post(f"/v1/articles/{article}/reannotate")
    mine = writer.get("/v1/events", params={"annotator": "key:writer"}).json()["items"]
    assert [(e["type"], e["annotator"]["kind"]) for e in mine] == [("talks", "person")]
    version = {"annotator": ANNOTATOR_NAME, "annotator_version": ANNOTATOR_VERSION}
    machine = writer.get("/v1/events", params=version)
    assert {e["annotator"]["version"] for e in machine.json()["items"]} == {ANNOTATOR_VERSION}
    assert {e["type"] for e in machine.json()["items"]} == {"policy_change", "criticism"}
    assert writer.get("/v1/events", params={"annotator_version": "9.9"}).json()["items"] == []
    said = writer.get("/v1/statements", params={"annotator": "key:writer"}).json()["items"]
    assert [s["text"] for s in said] == ["the talks were at an early stage"]
    assert_problem(writer.get("/v1/statements", params={"annotator": ""}), 422)


def test_the_database_refuses_to_update_history(writer, article, db_url):
    from app.core.db import write_engine

    writer.patch(
        f"/v1/events/{doc_of(writer, article)['events'][0]['id']}", json={"review_state": "confirmed"}
    )
    with pytest.raises(Exception, match="append-only"), write_engine().begin() as conn:
        conn.execute(text("UPDATE history SET who = 'someone else'"))
    assert {e["who"] for e in history(writer, "/v1/history")} == {"writer"}
