"""The worked example of ANNOTATION.md on the seed article."""

from __future__ import annotations

import datetime as dt

import pytest

from app.annotator import annotate, validate

from .conftest import SEED
from .helpers import actor_by_name, events_of, names, speaker_name


@pytest.fixture(scope="module")
def seed():
    if not SEED.exists():
        pytest.skip("seed article not found")
    text = SEED.read_text(encoding="utf-8")
    return text, annotate(text, published=dt.date(2025, 5, 5))


def test_seed_is_valid(seed):
    text, ann = seed
    assert validate(ann, text) == []


def test_seed_actors(seed):
    _, ann = seed
    nd = actor_by_name(ann, "Olivier Nduhungirehe")
    assert nd is not None and nd.kind == "person" and nd.country == "RWA" and nd.title == "Foreign Minister"
    assert "Nduhungirehe" in nd.aliases
    rubio = actor_by_name(ann, "Marco Rubio")
    assert rubio is not None and rubio.title == "Secretary of State"
    countries = {a.country for a in ann.actors if a.kind == "country"}
    assert {"RWA", "USA", "GBR"} <= countries
    us = next(a for a in ann.actors if a.country == "USA" and a.kind == "country")
    assert us.name == "United States" and {"U.S.", "US"} & set(us.aliases)


def test_seed_events(seed):
    _, ann = seed
    talks = events_of(ann, "talks")
    assert any(set(e.countries) == {"RWA", "USA"} for e in talks)
    agreement = events_of(ann, "agreement")
    assert any({"RWA", "GBR"} <= set(e.countries) for e in agreement)
    ended = events_of(ann, "agreement_ended")
    assert ended and "United Kingdom" in names(ann, [p.actor for p in ended[0].participants])
    request = events_of(ann, "request")
    assert request and "USA" in request[0].countries
    criticism = events_of(ann, "criticism")
    assert criticism and "human rights organizations" in names(
        ann, [p.actor for p in criticism[0].participants]
    )
    # no date in the text: the publication date, flagged as such
    assert all(e.date == "2025-05-05" and e.date_precision == "publication" for e in ann.events)


def test_seed_statements(seed):
    text, ann = seed
    by_speaker = {}
    for st in ann.statements:
        by_speaker.setdefault(speaker_name(ann, st), []).append(st)
    assert len(by_speaker["Olivier Nduhungirehe"]) == 2
    assert [s.text for s in by_speaker["Marco Rubio"]] == [
        "the U.S. is pursuing countries globally to accept migrants who could otherwise remain in the U.S. "
        "to avoid deportations"
    ]
    first = by_speaker["Olivier Nduhungirehe"][0]
    assert first.text == "these talks are still in the preliminary stages" and first.verb == "announce"
    # the cut-off last sentence ('Rubio described these individuals as') gives nothing
    assert all(st.span[1] <= text.rindex("Rubio described") for st in ann.statements)
