"""Quotes, reported speech and speakers on short made-up texts."""

from __future__ import annotations

import datetime as dt

from app.annotator import annotate

from .helpers import speaker_name

PUB = dt.date(2025, 6, 11)  # a Wednesday


def _ann(text: str):
    return annotate(text, published=PUB)


def test_curly_multi_sentence_quote_and_pronoun_speaker():
    text = (
        "Interior Minister Sofia Lindqvist said on Tuesday that Sweden would double the number of "
        "deportation flights this year. “We have waited too long. The asylum system must work,” "
        "Lindqvist said. "
        "She added that migrants with final rejections would be detained before removal."
    )
    ann = _ann(text)
    quotes = [s for s in ann.statements if s.kind == "quote"]
    assert [q.text for q in quotes] == ["We have waited too long. The asylum system must work"]
    assert speaker_name(ann, quotes[0]) == "Sofia Lindqvist"
    para = [s for s in ann.statements if s.kind == "paraphrase"]
    assert [s.text for s in para] == [
        "Sweden would double the number of deportation flights this year",
        "migrants with final rejections would be detained before removal",
    ]
    assert [s.verb for s in para] == ["say", "add"]
    assert all(speaker_name(ann, s) == "Sofia Lindqvist" for s in para)
    for s in ann.statements:
        assert text[s.span[0] : s.span[1]] == s.text


def test_straight_quotes_split_by_attribution():
    text = (
        'Refugee lawyer Tomasz Wrona criticised the new border law. "People are being pushed back into the '
        'forest," he said. "Nobody checks whether they asked for asylum."'
    )
    ann = _ann(text)
    quotes = [s for s in ann.statements if s.kind == "quote"]
    assert [q.text for q in quotes] == [
        "People are being pushed back into the forest",  # no trailing comma
        "Nobody checks whether they asked for asylum.",
    ]
    assert {speaker_name(ann, q) for q in quotes} == {"Tomasz Wrona"}


def test_anonymous_spokesperson_speaks_for_the_body():
    text = (
        "A spokesperson for the interior ministry said the deportation flight had landed in Baghdad with "
        "40 migrants on board."
    )
    ann = _ann(text)
    assert len(ann.statements) == 1
    assert "ministry" in speaker_name(ann, ann.statements[0]).lower()


def test_negated_reporting_is_no_statement_and_no_event():
    text = (
        "Officials did not confirm whether the migrants would be deported to Libya. "
        "The ministry has not said how many asylum seekers are due to be transferred."
    )
    ann = _ann(text)
    assert ann.statements == []
    assert ann.events == []


def test_truncated_last_sentence_makes_no_statement():
    text = (
        "The refugee agency UNHCR said the camps were overcrowded. "
        "A spokesperson for the agency said that the new arrivals had"
    )
    ann = _ann(text)
    assert [s.text for s in ann.statements] == ["the camps were overcrowded"]


def test_according_to():
    text = (
        "According to the International Organization for Migration, "
        "300 migrants were deported from Niger last week."
    )
    ann = _ann(text)
    assert len(ann.statements) == 1
    st = ann.statements[0]
    assert st.text == "300 migrants were deported from Niger last week"
    assert speaker_name(ann, st) == "International Organization for Migration"


def test_quote_running_over_two_paragraphs():
    text = (
        "Aid worker Lena Moreau described conditions at the border camp. “People are sleeping in the mud. "
        "Children are sick.\n\n“We need the government to open the crossing now,” Moreau said."
    )
    ann = _ann(text)
    quotes = [s.text for s in ann.statements if s.kind == "quote"]
    assert quotes == [
        "People are sleeping in the mud. Children are sick.",
        "We need the government to open the crossing now",
    ]
    assert {speaker_name(ann, s) for s in ann.statements if s.kind == "quote"} == {"Lena Moreau"}


def test_title_and_organisation_anaphora():
    text = (
        "Norway's Justice Minister Emilie Enger Mehl said on Monday that the country would tighten rules for "
        "family reunification. The minister said the changes were needed to keep the asylum system "
        "sustainable.\n\nThe Norwegian Organisation for Asylum Seekers criticised the plan. "
        "The group said it would separate families for years. "
        '"This will break families apart," according to its director.'
    )
    ann = _ann(text)
    got = {s.text: speaker_name(ann, s) for s in ann.statements}
    assert got["the changes were needed to keep the asylum system sustainable"] == "Emilie Enger Mehl"
    assert got["it would separate families for years"] == "Norwegian Organisation for Asylum Seekers"
    assert got["This will break families apart"] == "Norwegian Organisation for Asylum Seekers"
    pc = [e for e in ann.events if e.type == "policy_change"]
    assert pc and pc[0].countries == ["NOR"]  # 'the country' is Norway


def test_parenthetical_reporting_verb():
    text = (
        "Greek coast guard officers pushed back a dinghy carrying 30 migrants towards Turkey, "
        "the rights group Aegean Boat Report said, accusing Athens of breaking international law."
    )
    ann = _ann(text)
    assert [s.text for s in ann.statements] == [
        "Greek coast guard officers pushed back a dinghy carrying 30 migrants towards Turkey"
    ]
    assert speaker_name(ann, ann.statements[0]) == "Aegean Boat Report"
    types = {e.type for e in ann.events}
    assert {"removal", "criticism"} <= types
    removal = next(e for e in ann.events if e.type == "removal")
    assert removal.people_count == 30 and "GRC" in removal.countries


def test_very_long_text_is_cut_not_rejected(monkeypatch):
    from app.annotator import pipeline

    monkeypatch.setattr(pipeline, "MAX_CHARS", 2_000)  # the real limit is 100,000 characters
    para = "The ministry said 40 migrants were deported to Tunisia on Monday. "
    text = para * 300  # ~20,000 characters
    ann = annotate(text, published=PUB)
    assert ann.statements and all(s.span[1] <= 2_000 for s in ann.statements)


def test_quote_inside_an_according_to_sentence_is_the_sources():
    text = (
        "Aid group Sea Relief said on Monday that its ship had been detained in Catania. "
        "According to the Maltese Border Guard, the detention followed an inspection which "
        "\u201cfound serious faults that put the crew at risk.\u201d "
        "The vessel lacked enough life jackets, the Border Guard statement said."
    )
    ann = _ann(text)
    quote = next(s for s in ann.statements if s.kind == "quote")
    assert quote.text == "found serious faults that put the crew at risk."
    # the source the sentence opens with, not the previous speaker (Sea Relief)
    assert speaker_name(ann, quote) in ("Malta", "Border Guard", "Maltese Border Guard")
    tail = next(s for s in ann.statements if s.text.startswith("The vessel lacked"))
    # 'the Border Guard statement' is the Border Guard's, not the last speaker's
    assert speaker_name(ann, tail) in ("Border Guard", "Maltese Border Guard")


def test_quote_open_tells_a_quotation_still_running():
    from app.annotator.statements import _quote_open

    assert _quote_open("inspections are \u201clong and thorough, ")
    assert _quote_open('inspections are "long and thorough, ')
    assert not _quote_open("inspections are \u201clong\u201d, ")
    assert not _quote_open('the "swift release" of the ship, ')


def test_the_unnamed_minister_speaks_for_the_state_of_the_official_quoted_before():
    text = (
        "A senior Zambian official has denied reports that the country agreed to take in migrants "
        "deported from the United States, saying it lacked the facilities. "
        "Citing government documents, the Lusaka Times reported on Tuesday that Washington had "
        "reached a deportation deal with Zambia. "
        "\u201cWe have not reached such an agreement,\u201d the minister told reporters. "
        "\u201cWe do not have the capacity to host deportees,\u201d he added."
    )
    ann = _ann(text)
    quotes = [s for s in ann.statements if s.kind == "quote"]
    assert [speaker_name(ann, q) for q in quotes] == ["Zambia", "Zambia"]


def test_a_memo_from_a_ministry_and_a_spokesperson_of_the_body_just_named():
    text = (
        "El Salvador agreed to hold 300 migrants deported from the United States for a year, "
        "according to a memo from El Salvador's Foreign Ministry. "
        "While the State Department was evasive about the deal, a spokesperson told reporters "
        "that engagement with foreign governments is vital to deterring illegal migration."
    )
    ann = _ann(text)
    by_start = sorted(ann.statements, key=lambda s: s.span[0])
    # the issuer of the memo, not the outlet or nobody; the body whose spokesperson spoke
    assert speaker_name(ann, by_start[0]).startswith(("Ministry of Foreign Affairs", "Foreign Ministry"))
    assert speaker_name(ann, by_start[-1]) in ("State Department", "US Department of State")
