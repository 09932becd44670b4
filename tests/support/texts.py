"""Short, distinct migration-policy articles for load tests: varied sentences, unique numbers."""

from __future__ import annotations

import random

COUNTRIES = [
    ("Italy", "Rome"),
    ("Greece", "Athens"),
    ("Spain", "Madrid"),
    ("Tunisia", "Tunis"),
    ("Libya", "Tripoli"),
    ("Rwanda", "Kigali"),
    ("Albania", "Tirana"),
    ("Morocco", "Rabat"),
    ("Turkey", "Ankara"),
    ("Mexico", "Mexico City"),
    ("Germany", "Berlin"),
    ("Poland", "Warsaw"),
]
PEOPLE = [
    ("Interior Minister", "Anna Keller"),
    ("Prime Minister", "Marco Bellini"),
    ("Foreign Minister", "Samir Haddad"),
    ("President", "Elena Petrova"),
    ("Migration Minister", "Jonas Berg"),
    ("Home Secretary", "Ruth Adeyemi"),
    ("Justice Minister", "Pablo Ortega"),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OPENERS = [
    "{a} and {b} signed an agreement on {day} to return {n} migrants who crossed the sea this year.",
    "{a} deported {n} people to {b} on {day}, the interior ministry said in {a_cap}.",
    "Officials from {a} and {b} held talks in {b_cap} on {day} about a new border control plan.",
    "The coast guard of {a} rescued {n} asylum seekers near its coast on {day} and took them to {a_cap}.",
    "{a} announced on {day} that it will build a reception centre for {n} asylum seekers near {a_cap}.",
    "A court in {a_cap} ruled on {day} that the detention of {n} migrants from {b} was unlawful.",
]
MIDDLES = [
    '"We will not accept more arrivals without support," {title} {person} said on {day}.',
    "{title} {person} said the plan would cost {m} million euros over three years.",
    "{title} {person} told reporters in {a_cap} that {n} cases were still under review.",
    "Human rights groups criticised the decision and said {n} families were affected.",
    "The European Union promised {m} million euros to {b} for border management.",
]
CLOSERS = [
    "The opposition in {a} called the measure cruel and demanded a vote in parliament.",
    "Aid organisations in {b_cap} said shelters were already full.",
    "Talks between the two governments are expected to continue next month.",
    "The United Nations refugee agency urged both countries to respect the right to asylum.",
]


def article_text(i: int) -> str:
    """A distinct, plausible text of 60 to 120 words; the numbers make every one unique."""
    rnd = random.Random(i)
    (a, a_cap), (b, b_cap) = rnd.sample(COUNTRIES, 2)
    title, person = rnd.choice(PEOPLE)
    fields = {
        "a": a,
        "a_cap": a_cap,
        "b": b,
        "b_cap": b_cap,
        "title": title,
        "person": person,
        "day": rnd.choice(DAYS),
        "n": 1000 + i,
        "m": 10 + i,
    }
    parts = [rnd.choice(OPENERS), *rnd.sample(MIDDLES, 3), rnd.choice(CLOSERS)]
    return " ".join(p.format(**fields) for p in parts)
