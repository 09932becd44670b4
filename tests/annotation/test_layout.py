"""Page layouts of real news on made-up texts: where an event's evidence comes from."""

from __future__ import annotations

import datetime as dt

from app.annotator import annotate

PUB = dt.date(2025, 6, 11)


def test_headline_after_page_furniture_is_not_the_evidence():
    # furniture lines, then the headline: the body's sentence is what reports the talks
    text = (
        " date 2025-06-11 Norway says opens talks with Georgia on returns\n\n"
        "Europe\n\n"
        "Norway says opens talks with Georgia on returns\n\n"
        "OSLO: Norway has opened talks with Georgia on the return of rejected asylum seekers, "
        "the justice ministry said on Wednesday.\n"
        "About 300 Georgians whose asylum claims failed are waiting for removal, it said."
    )
    ann = annotate(text, published=PUB)
    talks = [e for e in ann.events if e.type == "talks"]
    assert len(talks) == 1
    s, e = talks[0].evidence
    assert "Norway has opened talks" in text[s:e] and "\n" not in text[s:e]


def test_people_homes_from_a_demonym_when_no_recipient_names_them():
    text = (
        "A group of 120 Peruvian migrants arrived in Lima on Tuesday after being deported from "
        "the United States, officials said."
    )
    ann = annotate(text, published=PUB)
    removal = next(e for e in ann.events if e.type == "removal")
    assert "PER" in removal.countries and "USA" in removal.countries


def test_ner_persons_that_are_things_or_places_are_not_persons():
    text = (
        "Australia and Nauru signed a memorandum on deportations on Friday.\n"
        "The MoU committed Australia to pay for the resettlement of 280 non-citizens.\n"
        "Four men at the Menoyia migrant reception centre began a hunger strike on Tuesday."
    )
    ann = annotate(text, published=PUB)
    persons = [a.name for a in ann.actors if a.kind == "person"]
    assert "MoU" not in persons and "Menoyia" not in persons


def test_a_people_without_a_country_is_a_group_removed():
    text = "Thailand has deported 40 Uyghurs to China, officials said on Thursday."
    ann = annotate(text, published=PUB)
    removal = next(e for e in ann.events if e.type == "removal")
    kinds = {a.key: (a.kind, a.name) for a in ann.actors}
    recipients = [kinds[p.actor] for p in removal.participants if p.role == "recipient"]
    assert any(kind == "group" and "Uyghurs" in name for kind, name in recipients)
    assert not any(a.kind == "organization" for a in ann.actors)


def test_what_a_state_must_do_said_by_a_rights_group_is_a_request():
    text = (
        "Egypt must give human rights workers access to the refugees it deported to Sudan, "
        "Human Rights Watch said on Saturday."
    )
    ann = annotate(text, published=PUB)
    names = {a.key: a.name for a in ann.actors}
    requests = [e for e in ann.events if e.type == "request"]
    assert requests, [e.type for e in ann.events]
    roles = {(names[p.actor], p.role) for p in requests[0].participants}
    assert ("Human Rights Watch", "actor") in roles and ("Egypt", "recipient") in roles


def test_a_government_spokesman_explaining_a_measure_is_no_criticism():
    text = (
        "The Dominican Republic will deport up to 10,000 Haitians a week, the government said on "
        "Wednesday.\n"
        "Government spokesman Homero Figueroa said authorities had seen more migrants arrive because "
        "of the failure of the international mission in Haiti."
    )
    ann = annotate(text, published=PUB)
    assert not [e for e in ann.events if e.type == "criticism"]


def test_a_headline_measure_is_the_one_the_body_reports():
    text = (
        "Europe\n\nNews\n\nMigration\n\n"
        "Greek parliament passes suspension of asylum claims\n"
        "Greece's parliament approved a three-month suspension of asylum claims for migrants "
        "arriving from Libya on Friday."
    )
    ann = annotate(text, published=PUB)
    assert len([e for e in ann.events if e.type == "policy_change"]) == 1
