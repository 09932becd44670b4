"""app/events/export.py: a PLOVER line parses only the members of the stored document it reads; the line must
be the one the whole document gives, whatever the document's strings hold and whatever its member order."""

import json
from datetime import date

from pydantic_core import from_json

from app.events.export import _plover_members, plover_line

HOSTILE = 'x","annotator":{"kind":"a"},"countries":["ZZZ"],"policy_area":"y\\\\'


def _doc(order: list[str], text: str = "Rwanda talks") -> str:
    members = {
        "id": 7,
        "type": "talks",
        "policy_area": "asylum",
        "summary": text,
        "countries": ["RWA", "USA"],
        "participants": [
            {"actor": {"id": 1, "kind": "country", "name": text, "country": "RWA"}, "role": "actor"},
            {
                "actor": {"id": 2, "kind": "country", "name": "United States", "country": None},
                "role": "actor",
            },
        ],
        "evidence": {"article_id": 3, "start": 0, "end": 5, "text": text},
        "annotator": {"kind": "machine", "name": "rules", "version": "1"},
        "links": {"self": "/v1/events/7"},
    }
    return json.dumps({k: members[k] for k in order}, separators=(",", ":"), ensure_ascii=False)


ORDER = [
    "id",
    "type",
    "policy_area",
    "summary",
    "countries",
    "participants",
    "evidence",
    "annotator",
    "links",
]


def _whole_line(doc: str) -> dict:
    line = from_json(plover_line(doc, date(2025, 5, 4)))
    assert line["migevents"] == from_json(doc)
    return line


def test_the_cut_document_gives_the_members_the_whole_one_has():
    for text in ["Rwanda talks", HOSTILE, 'a "quoted", \\ ,"countries": name', "Ünïcode \u2028 \x01"]:
        doc = _doc(ORDER, text)
        whole = from_json(doc)
        members = _plover_members(doc)
        assert {k: whole[k] for k in ("id", "type", "countries", "participants", "evidence")} == {
            k: members[k] for k in ("id", "type", "countries", "participants", "evidence")
        }
        line = _whole_line(doc)
        assert line["text"] == text and line["actor"] == text and line["country"] == ["RWA", "USA"]
        assert line["recipient"] == "United States" and line["recipient_country"] is None


def test_a_document_in_another_order_is_parsed_whole():
    for order in [
        ORDER[::-1],
        ["id", "type", "countries", "participants", "policy_area", "annotator", "evidence"],
    ]:
        doc = _doc(order, HOSTILE)
        assert _plover_members(doc) == from_json(doc)
        line = _whole_line(doc)
        assert line["event_id"] == "migevents-7" and line["event_type"] == "CONSULT"
        assert line["source"] == {"article_id": 3, "url": "/v1/articles/3"}
