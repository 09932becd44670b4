"""The story rule (app/stories/matching.py) on committed synthetic cases (tests/corpus/test_stories_eval.py
measures it on the real-news corpus)."""

from __future__ import annotations

from datetime import date

from app.stories import matching
from app.stories.matching import Report, group, matches, sentence_names, summary_words

RWANDA = frozenset({"RWA", "USA"})


def report(key, article, type="agreement", countries=RWANDA, **kw) -> Report:  # noqa: ANN001
    kw.setdefault("published", date(2025, 5, 6))
    if "summary" in kw:
        kw["words"] = summary_words(kw.pop("summary"))
    if "sentence" in kw:
        sentence = kw.pop("sentence")
        kw["evidence"], kw["names"] = summary_words(sentence), sentence_names(sentence)
    return Report(key=key, article=article, type=type, countries=frozenset(countries), **kw)


def keys(stories: list[list[Report]]) -> list[list[object]]:
    return sorted(sorted(r.key for r in s) for s in stories)


def test_three_outlets_reporting_one_deal_make_one_story():
    deal = "Rwanda agrees to take 250 deportees from the United States"
    reports = [
        report(1, "a", summary=deal, people_count=250, day=date(2025, 5, 5), precision="day"),
        report(2, "b", summary="Rwanda will accept 250 deportees from the US", people_count=250),
        report(
            3,
            "c",
            summary="Rwanda agrees to take 250 deportees sent by Washington",
            people_count=250,
            published=date(2025, 5, 7),
        ),  # fmt: skip
    ]
    assert keys(group(reports)) == [[1, 2, 3]]


def test_a_background_mention_of_last_years_deal_joins_the_original():
    original = report(
        1, "a", summary="Rwanda and the United States sign a deal to transfer deportees",
        day=date(2024, 5, 5), precision="day", published=date(2024, 5, 6),
    )  # fmt: skip
    recalled = report(
        2, "b", summary="Last year's deal under which Rwanda takes deportees from the United States",
        background=True, published=date(2025, 4, 20),
    )  # fmt: skip
    assert matches(original, recalled)
    assert keys(group([original, recalled])) == [[1, 2]]


def test_the_same_words_a_year_apart_are_two_happenings():
    a = report(1, "a", type="removal", summary="US deports 12 men to Rwanda on a charter flight",
               people_count=12, day=date(2025, 3, 1), precision="day")  # fmt: skip
    b = report(2, "b", type="removal", summary="US deports 12 men to Rwanda on a charter flight",
               people_count=12, day=date(2026, 3, 1), precision="day",
               published=date(2026, 3, 2))  # fmt: skip
    assert not matches(a, b)


def test_another_type_or_other_countries_is_another_story():
    base = dict(summary="Rwanda and the US hold talks on 250 deportees", people_count=250)
    talks = report(1, "a", type="talks", **base)
    deal = report(2, "b", type="agreement", **base)
    elsewhere = report(3, "c", type="talks", countries={"GBR", "FRA"}, **base)
    assert not matches(talks, deal)
    assert not matches(talks, elsewhere)
    assert keys(group([talks, deal, elsewhere])) == [[1], [2], [3]]


def test_a_shared_country_alone_is_not_enough():
    a = report(1, "a", type="criticism", countries={"USA"}, summary="Rights groups condemn the raids")
    b = report(2, "b", type="criticism", countries={"USA"}, summary="A senator attacks the refugee cap")
    assert not matches(a, b)


def test_the_same_court_on_the_same_days_is_one_ruling():
    court = frozenset({"court:USA:us supreme court"})
    a = report(1, "a", type="ruling", countries={"USA"}, actors=court, day=date(2025, 6, 23), precision="day",
               summary="The Supreme Court lets deportations to third countries resume")  # fmt: skip
    b = report(2, "b", type="ruling", countries={"USA"}, actors=court, published=date(2025, 6, 24),
               summary="Supreme Court allows third-country deportations")  # fmt: skip
    assert matches(a, b)


def test_a_report_joins_the_story_it_matches_best_not_a_chain():
    # 1 and 3 have nothing in common; 2 resembles both. Single links would chain all three.
    a = report(1, "a", type="removal", countries={"PAK", "AFG"}, people_count=777,
               summary="Pakistan expels 777 Afghans through Torkham")  # fmt: skip
    b = report(2, "b", type="removal", countries={"PAK", "AFG"}, people_count=777,
               summary="777 Afghans expelled via Torkham crossing, officials say")  # fmt: skip
    c = report(3, "c", type="removal", countries={"IRN", "AFG"}, people_count=5000,
               summary="Iran deports 5,000 Afghans a day at Islam Qala")  # fmt: skip
    assert keys(group([a, b, c])) == [[1, 2], [3]]


def test_grouping_is_deterministic():
    reports = [
        report(i, f"a{i}", summary="Rwanda agrees to take 250 deportees", people_count=250) for i in range(5)
    ]
    assert keys(group(reports)) == keys(group(list(reports))) == [[0, 1, 2, 3, 4]]


def test_summary_words_keep_figures_and_names_not_filler():
    assert summary_words("The US deports 1,086 people to Myanmar, officials said") >= {"1086", "myanmar"}
    assert not summary_words("the and of said officials") & {"the", "said", "officials"}


def test_sentence_names_are_the_capitalised_words_inside_a_sentence():
    names = sentence_names(
        "Meanwhile, U.S. District Judge James Boasberg halted deportations. The ruling came as Trump said so."
    )
    assert names >= {"judge", "james", "boasberg", "trump"}
    # the sentence's first word and a new sentence's first word are capitalised for grammar, not names
    assert not names & {"meanwhile", "the", "district"}
    assert sentence_names("") == frozenset()


def test_the_evidence_sentences_term_counts_what_template_summaries_miss(monkeypatch):
    # Off in the rule (README, "Story grouping"): the term still reads the sentences as weighted.
    monkeypatch.setattr(matching, "EVIDENCE_WORD_WEIGHT", 0.5)
    monkeypatch.setattr(matching, "NAME_WEIGHT", 0.25)
    kw = dict(type="protest", countries=frozenset({"USA"}))
    a = report(1, "a", summary="Protests against immigration enforcement",
               sentence="In Santa Ana, around 1,000 people gathered at a federal building after the raids.",
               **kw)  # fmt: skip
    b = report(2, "b", summary="Demonstrators rally in California",
               sentence="About 1,000 people gathered outside the federal building in Santa Ana on Monday.",
               **kw)  # fmt: skip
    c = report(3, "c", summary="Demonstrators rally in New York",
               sentence="Hundreds of protesters gathered in Lower Manhattan on Tuesday evening.",
               **kw)  # fmt: skip
    assert matches(a, b)
    assert not matches(b, c)
    assert keys(group([a, b, c])) == [[1, 2], [3]]
    monkeypatch.setattr(matching, "EVIDENCE_WORD_WEIGHT", 0.0)
    monkeypatch.setattr(matching, "NAME_WEIGHT", 0.0)
    assert not matches(a, b)
