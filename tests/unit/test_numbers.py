"""app/annotator/numbers.py: people counts, on stand-in tokens (no spaCy model, no spaCy import)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.unit.pure import load

numbers = load("numbers")


@dataclass(eq=False)
class Tok:
    """The few attributes of a spaCy Token the helpers read."""

    text: str
    doc: list[Tok]
    i: int
    lemma_: str = ""
    tag_: str = ""
    dep_: str = ""
    ent_type_: str = ""
    head: Tok | None = None
    children: list[Tok] = field(default_factory=list)

    @property
    def lower_(self) -> str:
        return self.text.lower()

    @property
    def like_num(self) -> bool:
        return self.text.replace(",", "").replace(".", "").isdigit() or self.lower_ in numbers.WORDS


def sentence(
    words: str, heads: dict[int, int] | None = None, lemmas: dict[int, str] | None = None
) -> list[Tok]:
    doc: list[Tok] = []
    for i, w in enumerate(words.split()):
        doc.append(Tok(w, doc, i, lemma_=(lemmas or {}).get(i, w.lower())))
    for t in doc:
        t.head = doc[(heads or {}).get(t.i, t.i)]
        if t.head is not t:
            t.head.children.append(t)
    return doc


@pytest.mark.parametrize(("word", "expected"), [("250", 250), ("1,200", 1200), ("five", 5), ("dozen", 12)])
def test_value(word, expected):
    assert numbers.value(sentence(word)[0]) == expected


def test_value_scales_and_refuses_words_it_does_not_know():
    assert numbers.value(sentence("2.4 million")[0]) == 2_400_000
    assert numbers.value(sentence("3 thousand")[0]) == 3000
    assert numbers.value(sentence("many")[0]) is None


def test_a_number_of_people():
    doc = sentence("up to 250 migrants", heads={2: 3}, lemmas={3: "migrant"})
    assert numbers.people_count(doc) == 250


def test_five_men():
    assert numbers.people_count(sentence("five men", heads={0: 1}, lemmas={1: "man"})) == 5


def test_a_group_of():
    assert numbers.people_count(sentence("a first group of 16")) == 16


@pytest.mark.parametrize(
    "doc",
    [
        sentence("more than 250 migrants", heads={2: 3}, lemmas={3: "migrant"}),  # a bound, not a count
        sentence("a country of 2.4 million people", heads={3: 5}),  # a population
        sentence("1 migrant", heads={0: 1}, lemmas={1: "migrant"}),  # fewer than two
        sentence("250 dollars", heads={0: 1}),  # not people
    ],
)
def test_not_a_people_count(doc):
    assert numbers.people_count(doc) is None
