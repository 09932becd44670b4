"""validate(), to_gold_dict() and the enum tuples: the interface others build on."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from app.annotator import (
    ACTOR_KINDS,
    ANNOTATOR_NAME,
    ANNOTATOR_VERSION,
    DATE_PRECISIONS,
    EVENT_TYPES,
    POLICY_AREAS,
    ROLES,
    STATEMENT_KINDS,
    ActorAnn,
    Annotation,
    EventAnn,
    ParticipantAnn,
    StatementAnn,
    annotate,
    annotate_many,
    to_gold_dict,
    validate,
)

TEXT = "Kenya agreed to accept 200 deportees from Britain, the Kenyan government said on Monday."


def _good() -> Annotation:
    return Annotation(
        actors=[
            ActorAnn("a0", "country", "Kenya", "KEN", None, ["Kenya"], [(0, 5)]),
            ActorAnn("a1", "country", "United Kingdom", "GBR", None, ["Britain"], [(42, 49)]),
        ],
        events=[
            EventAnn(
                "agreement",
                "third_country_transfer",
                [ParticipantAnn("a0", "actor"), ParticipantAnn("a1", "actor")],
                ["KEN", "GBR"],
                "2025-06-09",
                "day",
                200,
                "Kenya agrees to accept deportees from Britain",
                (0, len(TEXT)),
                1.0,
            )
        ],
        statements=[StatementAnn("a0", "paraphrase", "say", TEXT[0:49], (0, 49), 0, 1.0)],
        annotator="human",
        annotator_version="1",
    )


def test_enum_tuples_follow_the_guideline():
    assert ACTOR_KINDS[0] == "country" and ACTOR_KINDS[-1] == "group" and len(ACTOR_KINDS) == 8
    assert EVENT_TYPES[0] == "talks" and EVENT_TYPES[-1] == "protest" and len(EVENT_TYPES) == 11
    assert POLICY_AREAS[0] == "third_country_transfer" and POLICY_AREAS[-1] == "other"
    assert ROLES == ("actor", "recipient")
    assert DATE_PRECISIONS == ("day", "month", "year", "publication")
    assert STATEMENT_KINDS == ("quote", "paraphrase")
    assert ANNOTATOR_NAME and ANNOTATOR_VERSION


def test_validate_accepts_a_consistent_annotation():
    assert validate(_good(), TEXT) == []


@pytest.mark.parametrize(
    "mutate, needle",
    [
        (lambda a: setattr(a.statements[0], "span", (0, 500)), "out of range"),
        (lambda a: setattr(a.statements[0], "text", "Kenya agreed"), "text differs"),
        (lambda a: setattr(a.events[0], "evidence", (-1, 5)), "evidence span"),
        (lambda a: setattr(a.events[0], "type", "invasion"), "unknown type"),
        (lambda a: setattr(a.events[0], "policy_area", "tourism"), "unknown policy_area"),
        (lambda a: setattr(a.actors[0], "kind", "alien"), "unknown kind"),
        (lambda a: setattr(a.events[0].participants[0], "actor", "a9"), "not an actor key"),
        (lambda a: setattr(a.events[0].participants[0], "role", "victim"), "unknown role"),
        (lambda a: setattr(a.statements[0], "event", 3), "event index"),
        (lambda a: setattr(a.statements[0], "speaker", "zz"), "not an actor key"),
        (lambda a: setattr(a.events[0], "date_precision", "month"), "does not fit precision"),
        (lambda a: setattr(a.actors[1], "mentions", [(40, 90)]), "out of range"),
        (lambda a: setattr(a.events[0], "countries", ["Kenya"]), "not an ISO3 code"),
        (lambda a: setattr(a.events[0], "confidence", 1.5), "outside 0..1"),
    ],
)
def test_validate_catches(mutate, needle):
    ann = _good()
    mutate(ann)
    problems = validate(ann, TEXT)
    assert any(needle in p for p in problems), problems


def test_to_gold_dict_shape_round_trips_through_json():
    ann = annotate(TEXT, published=dt.date(2025, 6, 11))
    assert validate(ann, TEXT) == []
    gold = json.loads(json.dumps(to_gold_dict(ann, "x1")))
    assert gold["id"] == "x1" and set(gold) >= {"actors", "events", "statements"}
    for a in gold["actors"]:
        assert set(a) >= {"kind", "name", "country", "title", "aliases"}
    names = {a["name"] for a in gold["actors"]}
    for e in gold["events"]:
        assert set(e) >= {
            "type",
            "policy_area",
            "countries",
            "actors",
            "participants",
            "people_count",
            "date",
            "date_precision",
            "summary",
            "evidence",
            "confidence",
            "background",
        }
        assert e["actors"] == [p["actor"] for p in e["participants"]]
        assert set(e["actors"]) <= names
        assert isinstance(e["evidence"], list) and len(e["evidence"]) == 2
    for s in gold["statements"]:
        assert s["speaker"] is None or s["speaker"] in names
        assert TEXT[s["span"][0] : s["span"][1]] == s["text"]
    agreement = [e for e in gold["events"] if e["type"] == "agreement"]
    assert agreement and agreement[0]["people_count"] == 200
    assert set(agreement[0]["countries"]) >= {"KEN", "GBR"}


def test_records_are_dataclasses():
    ann = annotate(TEXT, published=None)
    assert dataclasses.is_dataclass(ann)
    # without a publication date, undated events carry no date
    assert all(e.date is None for e in ann.events if e.date_precision == "publication")


def test_empty_and_off_topic_text():
    assert annotate("").events == []
    ann = annotate("The central bank raised interest rates by half a point on Thursday, the governor said.")
    assert (ann.actors, ann.events, ann.statements) == ([], [], [])


def test_annotate_many_equals_annotate_one_by_one():
    texts = [TEXT, "The football club signed a new striker.", TEXT.replace("Kenya", "Uganda")]
    pubs = [dt.date(2025, 6, 11), None, dt.date(2025, 6, 12)]
    many = annotate_many(texts, published=pubs)
    one = [annotate(t, published=p) for t, p in zip(texts, pubs, strict=True)]
    assert many == one
    assert many[1].events == [] and many[0].events


def test_published_may_be_a_datetime():
    text = "Greece deported 30 migrants to Pakistan on Monday, the ministry said."
    a = annotate(text, published=dt.datetime(2025, 6, 11, 14, 30))
    b = annotate(text, published=dt.date(2025, 6, 11))
    assert a == b and a.events[0].date == "2025-06-09"


def test_odd_inputs_finish_and_validate():
    # all caps, CRLF line ends and a lone headline once sent the parser-tree walks round in circles
    base = (
        "GREECE DEPORTS MIGRANTS\r\n\r\nATHENS, May 2 — GREECE DEPORTED 30 MIGRANTS TO PAKISTAN ON THURSDAY, "
        "THE MIGRATION MINISTRY SAID. RIGHTS GROUPS CRITICISED THE FLIGHT."
    )
    for text in (base, base.lower(), base.replace("\r\n", "\n"), "MIGRANTS\nASYLUM"):
        ann = annotate(text, published=dt.date(2025, 5, 2))
        assert validate(ann, text) == []
