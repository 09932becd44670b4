"""The annotation document: GET it (gold format, scorable with the corpus scorer as is), PUT a
person's correction (validated), re-run the machine, and delete the article with its records."""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path

import pytest

from tests.conftest import corpus_articles

SCORER = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "score.py"
PROBLEM = "application/problem+json"

TEXT = (
    "Belgium has opened talks with Montenegro on a plan to send rejected asylum seekers to a return "
    "centre outside the European Union, the Belgian migration minister said on Tuesday. Montenegrin "
    "Interior Minister Danilo Saric said the talks were at an early stage. Rights groups criticised the plan."
)


def span(part: str, after: int = 0) -> list[int]:
    start = TEXT.index(part, after)
    return [start, start + len(part)]


def person_annotation() -> dict:
    first_sentence = TEXT[: TEXT.index(".") + 1]
    return {
        "actors": [
            {
                "ref": "bel",
                "kind": "country",
                "name": "Belgium",
                "country": "BEL",
                "mentions": [span("Belgium")],
            },
            {
                "ref": "mne",
                "kind": "country",
                "name": "Montenegro",
                "country": "MNE",
                "mentions": [span("Montenegro")],
            },
            {
                "ref": "saric",
                "kind": "person",
                "name": "Danilo Saric",
                "country": "MNE",
                "title": "Interior Minister",
                "mentions": [span("Danilo Saric")],
            },
        ],
        "events": [
            {
                "type": "talks",
                "policy_area": "third_country_transfer",
                "participants": [
                    {"actor_ref": "bel", "role": "actor"},
                    {"actor_ref": "mne", "role": "actor"},
                ],
                "countries": ["BEL", "MNE"],
                "date": "2025-03-11",
                "date_precision": "day",
                "summary": "Belgium and Montenegro hold talks on a return centre",
                "evidence": span(first_sentence),
            }
        ],
        "statements": [
            {
                "speaker_ref": "saric",
                "kind": "paraphrase",
                "verb": "say",
                "span": span("the talks were at an early stage"),
                "event": 0,
            }
        ],
    }


def assert_problem(r, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    assert r.json()["status"] == status
    return r.json()


def load_scorer():
    if not SCORER.exists():
        pytest.skip("shared/corpus/score.py is not present")
    spec = importlib.util.spec_from_file_location("corpus_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_documents_score_with_the_corpus_scorer(writer, clean_db, tmp_path):
    scorer = load_scorer()
    wanted = ("d01", "d03", "d13", "seed")
    docs = [(i, t, p) for i, t, p in corpus_articles() if i.split("-")[0] in wanted]
    assert len(docs) == len(wanted)
    for doc_id, text, published in docs:
        r = writer.post("/v1/articles", json={"text": text, "published_at": published})
        assert r.status_code == 201, r.text
        doc = writer.get(f"/v1/articles/{r.json()['article']['id']}/annotations").json()
        for a in doc["actors"]:
            assert all(text[m["start"] : m["end"]] == m["text"] for m in a["mentions"])
        for s in doc["statements"]:
            assert text[s["span"][0] : s["span"][1]] == s["text"]
        (tmp_path / f"{doc_id}.json").write_text(json.dumps(doc), encoding="utf-8")

    totals, per_doc = scorer.score(SCORER.parent, tmp_path, ids={d[0] for d in docs})
    assert set(per_doc) == {d[0] for d in docs}
    for metric in ("actors", "events", "events@span", "statements"):
        assert totals[metric]["f1"] > 0.2, (metric, totals[metric])


def test_put_validates_replaces_and_reannotate_keeps_it(writer, client, clean_db):
    r = writer.post("/v1/articles", json={"text": TEXT, "published_at": "2025-03-12"})
    assert r.status_code == 201, r.text
    aid = r.json()["article"]["id"]
    url = f"/v1/articles/{aid}/annotations"
    machine = writer.get(url).json()
    assert machine["annotator"]["kind"] == "machine"
    assert machine["events"], "the annotator should find the talks"

    bad: dict[str, dict] = {}
    bad["span out of range"] = copy.deepcopy(person_annotation())
    bad["span out of range"]["actors"][0]["mentions"] = [[0, len(TEXT) + 1]]
    bad["unknown enum"] = copy.deepcopy(person_annotation())
    bad["unknown enum"]["events"][0]["type"] = "invasion"
    bad["dangling actor_ref"] = copy.deepcopy(person_annotation())
    bad["dangling actor_ref"]["events"][0]["participants"][0]["actor_ref"] = "nobody"
    bad["event index out of range"] = copy.deepcopy(person_annotation())
    bad["event index out of range"]["statements"][0]["event"] = 1
    bad["unknown field"] = {**person_annotation(), "notes": "looks right"}
    bad["unknown nested field"] = copy.deepcopy(person_annotation())
    bad["unknown nested field"]["events"][0]["confidence"] = 0.5
    for case, body in bad.items():
        problem = assert_problem(writer.put(url, json=body), 422)
        assert problem.get("detail"), case
    assert writer.get(url).json() == machine  # nothing changed

    assert_problem(client.put(url, json=person_annotation()), 401)
    assert_problem(writer.put("/v1/articles/999999/annotations", json=person_annotation()), 404)

    r = writer.put(url, json=person_annotation())
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["annotator"]["kind"] == "person"
    assert [e["type"] for e in doc["events"]] == ["talks"]
    assert doc["events"][0]["review_state"] == "corrected" and doc["events"][0]["confidence"] == 1.0
    assert doc["events"][0]["date"] == "2025-03-11"
    assert doc["statements"][0]["text"] == "the talks were at an early stage"
    assert doc["statements"][0]["speaker"] == "Danilo Saric" and doc["statements"][0]["event"] == 0
    assert writer.get(url).json() == doc

    events = writer.get("/v1/events", params={"article": aid}).json()["items"]
    assert len(events) == 1
    assert events[0]["annotator"]["kind"] == "person" and events[0]["review_state"] == "corrected"
    assert {p["actor"]["country"] for p in events[0]["participants"]} == {"BEL", "MNE"}
    statements = writer.get("/v1/statements", params={"article": aid}).json()["items"]
    assert [s["review_state"] for s in statements] == ["corrected"]

    assert_problem(client.post(f"/v1/articles/{aid}/reannotate"), 401)
    r = writer.post(f"/v1/articles/{aid}/reannotate")
    assert r.status_code == 200, r.text
    again = r.json()
    # The person's records stay as they were (tests/e2e/test_human_work.py covers the merge in full).
    assert again["annotator"]["kind"] == "machine"
    assert doc["events"][0] in again["events"] and doc["statements"][0] in again["statements"]
    assert again["changes"]["events"]["kept"] == 1 and again["changes"]["statements"]["kept"] == 1


def test_delete_removes_article_events_and_statements(writer, client, clean_db):
    r = writer.post("/v1/articles", json={"text": TEXT})
    aid = r.json()["article"]["id"]
    doc = writer.get(f"/v1/articles/{aid}/annotations").json()
    assert doc["events"]
    event_id = doc["events"][0]["id"]
    actor_id = doc["actors"][0]["id"]

    assert_problem(client.delete(f"/v1/articles/{aid}"), 401)
    assert writer.delete(f"/v1/articles/{aid}").status_code == 204
    assert_problem(writer.get(f"/v1/articles/{aid}"), 404)
    assert_problem(writer.get(f"/v1/articles/{aid}/annotations"), 404)
    assert_problem(writer.get(f"/v1/events/{event_id}"), 404)
    assert writer.get("/v1/events", params={"article": aid}).json()["items"] == []
    assert writer.get("/v1/statements", params={"article": aid}).json()["items"] == []
    assert writer.get(f"/v1/actors/{actor_id}").status_code == 200  # actors are shared, they stay
    assert_problem(writer.delete(f"/v1/articles/{aid}"), 404)
    # The text can be ingested again afterwards.
    assert writer.post("/v1/articles", json={"text": TEXT}).status_code == 201
