"""Original test paragraphs (tests/annotation/fixtures), written for these tests:
a guard against rules that only fit the development corpus."""

from __future__ import annotations

import datetime as dt

import pytest

from app.annotator import annotate, validate

from .conftest import FIXTURES
from .helpers import events_of, names, speaker_name

PUB = dt.date(2025, 3, 5)  # a Wednesday


def _load(name: str):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    ann = annotate(text, published=PUB)
    assert validate(ann, text) == []
    return text, ann


def test_off_topic_business_story_is_empty():
    _, ann = _load("tech_merger.txt")
    assert (ann.actors, ann.events, ann.statements) == ([], [], [])


def test_spain_mauritania():
    text, ann = _load("spain_mauritania.txt")
    agreement = events_of(ann, "agreement")
    assert agreement and set(agreement[0].countries) == {"ESP", "MRT"}
    assert agreement[0].date == "2025-03-04" and agreement[0].date_precision == "day"  # 'on Tuesday'
    assert events_of(ann, "aid")
    request = events_of(ann, "request")
    assert request and "European Union" in names(ann, [p.actor for p in request[0].participants])
    assert "MRT" in request[0].countries  # 'his government' = the Mauritanian minister's
    crit = events_of(ann, "criticism")
    assert crit and "Amnesty International" in names(ann, [p.actor for p in crit[0].participants])
    removal = events_of(ann, "removal")
    assert removal and removal[0].people_count == 40 and "MRT" in removal[0].countries
    quotes = [s for s in ann.statements if s.kind == "quote"]
    assert len(quotes) == 2 and all(speaker_name(ann, q) == "Lucía Ferreras" for q in quotes)


def test_us_judge():
    text, ann = _load("us_judge.txt")
    rulings = events_of(ann, "ruling")
    assert len(rulings) == 1
    assert "Helena Marsh" in names(ann, [p.actor for p in rulings[0].participants])
    assert rulings[0].date == "2025-03-02"  # 'on Sunday'
    assert events_of(ann, "support")
    spk = {s.text[:20]: speaker_name(ann, s) for s in ann.statements}
    assert spk["These children have "] == "Helena Marsh"
    assert spk["the government had g"] == "Helena Marsh"  # 'She added'
    assert spk["But it should never "] == "Tomas Riva"  # 'he added' after Riva's quote
    assert not events_of(ann, "request")  # 'no evidence that the parents had asked'


def test_germany_borders():
    text, ann = _load("germany_borders.txt")
    pc = events_of(ann, "policy_change")
    assert pc and pc[0].countries == ["DEU"] and pc[0].policy_area == "border_control"
    assert {"POL"} <= {c for e in events_of(ann, "criticism") for c in e.countries}
    assert any(
        "Pro Asyl" in names(ann, [p.actor for p in e.participants]) for e in events_of(ann, "criticism")
    )
    # 'Talks ... are due to take place next week': planned, not held
    assert not events_of(ann, "talks")
    # the article is cut off mid-sentence: nothing from 'According to the Polish government, more than'
    assert all(s.span[1] <= text.index("According to") for s in ann.statements)


@pytest.mark.parametrize("name", ["spain_mauritania.txt", "us_judge.txt", "germany_borders.txt"])
def test_no_headline_events(name):
    text, ann = _load(name)
    headline_end = text.index("\n")
    assert all(e.evidence[0] > headline_end for e in ann.events)
    assert all(s.span[0] > headline_end for s in ann.statements)


def test_bulleted_summary_and_cut_off_end():
    text, ann = _load("uganda_bullets.txt")
    body = text.index("Uganda has agreed")
    # summary bullets restate the story: no records from them
    assert all(e.evidence[0] >= body for e in ann.events)
    assert all(s.span[0] >= body for s in ann.statements)
    agreement = events_of(ann, "agreement")
    assert agreement and {"UGA", "USA"} <= set(agreement[0].countries)
    hrw = [e for e in ann.events if "Human Rights Watch" in names(ann, [p.actor for p in e.participants])]
    assert {e.type for e in hrw} == {"criticism", "request"}
    ministry = next(a for a in ann.actors if a.kind == "government_body")
    assert ministry.country == "UGA"  # "the East African nation's foreign ministry"
    # the last sentence is cut off ('... to ensure that'): no statement from it
    assert all(s.span[1] <= text.index("The State Department") for s in ann.statements)


def test_three_briefs():
    text, ann = _load("three_briefs.txt")
    removals = events_of(ann, "removal")
    assert any("AFG" in e.countries and e.people_count == 81 for e in removals)  # 'resumed deportations'
    assert any("GRC" in e.countries and e.people_count == 30 for e in removals)  # a pushback
    crit = events_of(ann, "criticism")
    assert crit and "Aegean Boat Report" in names(ann, [p.actor for p in crit[0].participants])
