"""Property-based fuzzing of the annotator engine (issue 14): whatever text and publication
date it is given, annotate() returns a sound annotation, the same one every time, in bounded time.

Inputs: arbitrary Unicode (control characters, lone combining marks, zero-width and bidi
characters, right-to-left and other scripts, long tokens, text without spaces, only
punctuation), news-like text built from sentences written for this file with noise injected
into it, and publication dates over the range the service accepts, the whole ``date`` range,
and None.

Properties (checked independently of the engine's own ``validate()``, and with it):
- annotate() returns an Annotation;
- every span lies inside the text, and a statement's text is ``text[span]``;
- every enum value is one of the guideline's (app/annotator/vocabulary.py);
- actor references (participants, speakers) name actors of the annotation, keys are unique,
  a statement's event index points at an event;
- event dates are real calendar dates, months or years that fit their precision;
- the same input gives the same output, also in another process with another hash seed;
- time stays far below the annotation time limit for texts up to the article limit (a hang
  detector with a generous bound, not a benchmark: speed targets live in bench/).

CI runs a fixed, bounded number of examples with a fixed seed (``derandomize``), about a
minute on two cores. ``make fuzz`` runs many more with fresh seeds (MIGEVENTS_FUZZ_SCALE
multiplies the example counts; Hypothesis prints how to reproduce a failure). Failing inputs
found so far are kept below as ``@example`` cases.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.annotator import Annotation, annotate, validate
from app.annotator.vocabulary import (
    ActorKind,
    DatePrecision,
    EventType,
    PolicyArea,
    Role,
    StatementKind,
)
from app.core.config import Settings
from app.ingestion.schemas import PUBLISHED_END, PUBLISHED_MIN

ROOT = Path(__file__).resolve().parents[2]
LIMITS = Settings()
# Half the time limit a request gets, in CPU seconds: an article that needs more is a hang,
# not a slow parse (the longest articles here take about 3 s; the hangs found took minutes).
TIME_BOUND = LIMITS.annotation_timeout_seconds / 2
SCALE = max(1, int(os.environ.get("MIGEVENTS_FUZZ_SCALE", "1")))
LONG_RUN = SCALE > 1
# The days the service can hand the engine: the accepted instants, each seen in any offset.
ACCEPTED_FIRST_DAY = PUBLISHED_MIN.date() - dt.timedelta(days=1)
ACCEPTED_LAST_DAY = PUBLISHED_END.date()


def budget(examples: int, **overrides) -> settings:
    return settings(
        max_examples=examples * SCALE,
        # CI: the same examples on every run. `make fuzz`: fresh ones, remembered when they fail.
        derandomize=not LONG_RUN,
        database=None if not LONG_RUN else settings.default.database,
        deadline=None,  # timing is asserted against TIME_BOUND, not Hypothesis's per-example deadline
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
        **overrides,
    )


# ---- the properties ------------------------------------------------------------------------

ENUMS = {
    "actor kind": {k.value for k in ActorKind},
    "event type": {k.value for k in EventType},
    "policy area": {k.value for k in PolicyArea},
    "role": {k.value for k in Role},
    "date precision": {k.value for k in DatePrecision},
    "statement kind": {k.value for k in StatementKind},
}


def _inside(span, text: str) -> bool:
    return (
        isinstance(span, tuple | list)
        and len(span) == 2
        and all(type(x) is int for x in span)
        and 0 <= span[0] <= span[1] <= len(text)
    )


def _calendar(value: str, precision: str) -> dt.date:
    """The first day an event date names; ValueError when that day does not exist."""
    parts = value.split("-")
    shape = {"day": 3, "month": 2, "year": 1}[precision]
    assert len(parts) == shape and all(p.isdigit() and p.isascii() for p in parts), (value, precision)
    assert len(parts[0]) == 4 and all(len(p) == 2 for p in parts[1:]), (value, precision)
    year, month, day = (int(p) for p in (parts + ["1", "1"])[:3])
    return dt.date(year, month, day)


def assert_sound(ann: Annotation, text: str, published: dt.date | None) -> None:
    assert isinstance(ann, Annotation)
    assert validate(ann, text) == []
    keys = [a.key for a in ann.actors]
    assert len(set(keys)) == len(keys), keys
    for a in ann.actors:
        assert a.kind in ENUMS["actor kind"], a
        assert a.name and isinstance(a.name, str), a
        assert a.country is None or (len(a.country) == 3 and a.country.isascii() and a.country.isupper())
        assert a.mentions and all(_inside(m, text) for m in a.mentions), a
    for i, e in enumerate(ann.events):
        assert e.type in ENUMS["event type"], e
        assert e.policy_area in ENUMS["policy area"], e
        assert e.date_precision in ENUMS["date precision"], e
        assert _inside(e.evidence, text) and e.evidence[0] < e.evidence[1], e
        assert text[e.evidence[0] : e.evidence[1]].strip(), e
        for p in e.participants:
            assert p.role in ENUMS["role"], e
            assert p.actor in keys, f"event {i}: participant {p.actor!r} is no actor"
        if e.date_precision == "publication":
            assert e.date == (published.isoformat() if published else None), e
        else:
            assert e.date is not None, e
            _calendar(e.date, e.date_precision)
        assert 0 <= e.confidence <= 1 and isinstance(e.background, bool), e
        assert e.people_count is None or (type(e.people_count) is int and e.people_count > 0), e
    for s in ann.statements:
        assert s.kind in ENUMS["statement kind"], s
        assert s.speaker is None or s.speaker in keys, s
        assert _inside(s.span, text), s
        assert text[s.span[0] : s.span[1]] == s.text, s
        assert s.event is None or (type(s.event) is int and 0 <= s.event < len(ann.events)), s
        assert 0 <= s.confidence <= 1, s


def annotate_checked(text: str, published: dt.date | None, *, twice: bool = True) -> Annotation:
    """annotate() under every property; `twice` also checks it gives the same answer again."""
    # CPU time: the machine is shared, and waiting for a core is not the engine hanging.
    started = time.process_time()
    ann = annotate(text, published=published)
    took = time.process_time() - started
    assert took < TIME_BOUND, f"annotation of {len(text)} characters took {took:.1f} s of CPU"
    assert_sound(ann, text, published)
    if twice:
        assert dataclasses.asdict(annotate(text, published=published)) == dataclasses.asdict(ann)
    return ann


# ---- arbitrary Unicode ---------------------------------------------------------------------

# Words that make the engine read the text at all (it skips text without migration vocabulary).
CUES = [
    "migrants",
    "asylum",
    "deported",
    "refugees",
    "border",
    "deportation",
    "visa",
    "detention",
    "resettlement",
    "talks",
    "agreement",
    "said",
    "ruled",
    "protested",
    "criticised",
    "announced",
    '"',
    "“",
    "”",
]
NAMES = [
    "Rwanda",
    "the United States",
    "Britain",
    "Italy",
    "Albania",
    "Tunisia",
    "Kenya",
    "Mexico",
    "Kigali",
    "Washington",
    "the European Union",
    "the UN refugee agency",
    "Amnesty International",
    "the High Court",
    "Interior Minister Lena Brandt",
    "Brandt",
    "Tomas Herrera",
    "she",
    "he",
    "they",
]
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f"
BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
OTHER_SCRIPTS = [
    "اللاجئون عبروا الحدود",  # Arabic, right to left
    "פליטים בגבול",  # Hebrew
    "мигранты на границе",  # Cyrillic
    "难民抵达边境",  # Chinese, no spaces
    "शरणार्थी सीमा पर",  # Devanagari
    "Πρόσφυγες στα σύνορα",  # Greek
    "난민 국경",  # Hangul
    "ผู้ลี้ภัยที่ชายแดน",  # Thai, no spaces
]
SEPARATORS = [" ", " ", " ", "", "\n", "\n\n", "\t", "\u00a0", "\u2028", "\u3000", ", ", ". ", " - "]

any_char = st.characters(exclude_categories=["Cs"])  # lone surrogates cannot even be encoded
controls = st.characters(categories=["Cc", "Cf", "Zl", "Zp"])
combining = st.characters(categories=["Mn", "Mc", "Me"])
symbols = st.characters(categories=["P", "S"])


@st.composite
def long_runs(draw) -> str:
    """One token of up to a few thousand characters: repeated punctuation, letters, emoji, ..."""
    unit = draw(
        st.text(alphabet=st.one_of(symbols, any_char, st.sampled_from("$(\"'…😀.-")), min_size=1, max_size=4)
    )
    return (unit * draw(st.integers(1, 3000)))[:6000]


fragments = st.one_of(
    st.sampled_from(CUES),
    st.sampled_from(NAMES),
    st.text(alphabet=any_char, max_size=30),
    st.text(alphabet=controls, min_size=1, max_size=5),
    st.text(alphabet=combining, min_size=1, max_size=5),
    st.text(alphabet=st.sampled_from(ZERO_WIDTH + BIDI), min_size=1, max_size=5),
    st.text(alphabet=symbols, min_size=1, max_size=40),
    st.sampled_from(OTHER_SCRIPTS),
    long_runs(),
)


@st.composite
def unicode_texts(draw) -> str:
    """Fragments of anything, with now and then a sentence the engine reads (events, quotes)."""
    piece = st.one_of(fragments, fragments, fragments, news_sentences)
    pieces = draw(st.lists(st.tuples(piece, st.sampled_from(SEPARATORS)), max_size=60))
    return "".join(f + sep for f, sep in pieces)


accepted_days = st.one_of(st.none(), st.dates(min_value=ACCEPTED_FIRST_DAY, max_value=ACCEPTED_LAST_DAY))


@given(text=st.one_of(unicode_texts(), st.text(alphabet=any_char, max_size=400)), published=accepted_days)
@budget(160)
@example(text="migrants asylum " + "!?.,;" * 1600, published=None)  # minutes before the fix: see below
@example(text="refugees border " + "$" * 6000, published=dt.date(2025, 5, 7))
@example(text="asylum \u0301\u0301 migrants " + "😀" * 3000, published=None)
@example(text="", published=None)
@example(text="\u202e\u200bmigrants\u200d asylum\u0300", published=ACCEPTED_FIRST_DAY)
def test_arbitrary_unicode(text, published):
    annotate_checked(text, published)


# ---- news-like text with noise ---------------------------------------------------------------

COUNTRIES = [
    "Rwanda",
    "the United States",
    "Britain",
    "Italy",
    "Albania",
    "Tunisia",
    "Kenya",
    "Mexico",
    "Germany",
    "Greece",
    "Libya",
    "Eswatini",
    "El Salvador",
    "Uganda",
    "Denmark",
]
PEOPLE = ["Amara Okafor", "Lena Brandt", "Tomas Herrera", "Priya Raman", "Yusuf Demir", "Ines Duarte"]
TITLES = ["Foreign Minister", "Interior Minister", "Prime Minister", "Justice Minister", "President"]
BODIES = [
    "the UN refugee agency",
    "Amnesty International",
    "the European Commission",
    "a group of local charities",
    "the opposition Labour party",
]
CITIES = ["KIGALI", "ROME", "TUNIS", "NAIROBI", "MEXICO CITY", "BERLIN"]
MONTHS = [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Written for this file; {A} {B} countries, {P} a person, {T} a title, {O} a body, {D} a date
# phrase, {N} a number, {C} a city, {M} a month.
SENTENCES = [
    "{A} and {B} held talks {D} about the return of migrants who have no right to stay.",
    "{T} {P} said the agreement would allow up to {N} asylum seekers to be transferred to {B}.",
    '"We will not accept deportation flights without guarantees," {P} told reporters {D}.',
    "A court in {A} ruled {D} that the detention of {N} migrants at the border was unlawful.",
    "{O} criticised the plan, saying it breaks the refugee convention.",
    "The government of {A} announced a new cap on visas for seasonal workers {D}.",
    "Hundreds of people protested outside the interior ministry against the deportations.",
    "{A} deported {N} people to {B} {D}, officials said.",
    "Under the deal signed {D}, {A} will pay {B} 40 million euros to curb irregular crossings.",
    "According to {P}, the talks are at an early stage and no figures have been agreed.",
    "{B} suspended the arrangement after a change of government.",
    "The ministry said the men had been flown to {B} on a chartered plane {D}.",
    "Rights groups urged {A} to stop sending asylum seekers to {B}.",
    "{P}, the {T}, described the scheme as a model for the region.",
    "Border police in {A} said they had stopped {N} people trying to cross {D}.",
    "The plan was first announced in {M} last year, but legal challenges delayed it.",
    '"This is a shameful policy," said {P} of {O}.',
    "The parliament of {A} approved a law {D} that lets the state hold migrants for {N} days.",
    "Shares in the shipping company rose 3 percent {D} after it reported higher profits.",
    "She added that the first flight could leave within weeks.",
    "{A} has denied that it is negotiating with {B} on deportees, a spokesperson said.",
    "The resettlement programme for refugees from {B} was scrapped in {M}.",
    "{P} said {D}: \u201cWe are giving these people another chance.\u201d",
    "It was not clear when the first group would arrive in {B}, or how many would",
]
HEADLINES = [
    "{A} agrees to take migrants from {B}",
    "{A} and {B} in talks over deportees",
    "Court halts transfers",
]


def date_phrase(rng: random.Random, real_days: bool = True) -> str:
    """A date expression as news writes them; with real_days=False, also days that do not exist."""
    year = rng.choice([rng.randint(1950, 2099), rng.randint(1, 9999)])
    month = rng.randint(1, 12)
    top = (dt.date(2000 + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    day = rng.randint(1, top if real_days else 99)
    if real_days and month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 or year % 400 == 0)):
        day = 28
    name = MONTHS[month - 1]
    if not real_days and rng.random() < 0.5:  # the ones most likely to name no real day
        return rng.choice([f"on {name} {day}", f"on {day} {name} {year}", f"on {rng.choice(WEEKDAYS)}"])
    return rng.choice(
        [
            f"on {rng.choice(WEEKDAYS)}",
            "yesterday",
            "today",
            "this morning",
            "last week",
            "earlier this week",
            "last month",
            "this year",
            "last year",
            f"in {name}",
            f"in {name} {year}",
            f"in {name} last year",
            f"on {name} {day}",
            f"on {name} {day}, {year}",
            f"on {day} {name} {year}",
            f"on {name[:3]}. {day}",
            f"in {year}",
            "",
        ]
    )


def news_sentence(rng: random.Random, real_days: bool = True) -> str:
    a, b = rng.sample(COUNTRIES, 2)
    template = rng.choice(SENTENCES)
    return " ".join(
        template.format(
            A=a,
            B=b,
            P=rng.choice(PEOPLE),
            T=rng.choice(TITLES),
            O=rng.choice(BODIES),
            D=date_phrase(rng, real_days),
            N=rng.choice(["12", "250", "1,200", "dozens of", "up to 300", "two"]),
            C=rng.choice(CITIES),
            M=rng.choice(MONTHS),
        ).split()
    )


news_sentences = st.integers(0, 2**32 - 1).map(lambda seed: news_sentence(random.Random(seed)))


def news_article(rng: random.Random, sentences: int, real_days: bool = True) -> str:
    a, b = rng.sample(COUNTRIES, 2)
    parts = [rng.choice(HEADLINES).format(A=a, B=b), ""] if rng.random() < 0.5 else []
    lead = (
        f"{rng.choice(CITIES)}, {rng.choice(MONTHS)} {rng.randint(1, 28)} \u2014 "
        if rng.random() < 0.3
        else ""
    )
    paragraph: list[str] = []
    for n in range(sentences):
        paragraph.append(news_sentence(rng, real_days))
        if rng.random() < 0.3 or n == sentences - 1:
            parts.append(lead + " ".join(paragraph))
            lead, paragraph = "", []
            parts.append("")
        if rng.random() < 0.05:
            parts.append(f"- {news_sentence(rng, real_days)}")
    return "\n".join(parts).strip()


@st.composite
def noisy_news(draw, real_days: bool = True) -> str:
    """Sentences of a news story, then noise: inserted fragments, cuts, repeats, spacing, case."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    text = news_article(rng, draw(st.integers(1, 14)), real_days)
    for op, where, piece in draw(
        st.lists(st.tuples(st.sampled_from("icdsuwt"), st.floats(0, 1), fragments), max_size=8)
    ):
        at = int(where * len(text))
        if op == "i":  # insert noise
            text = text[:at] + piece + text[at:]
        elif op == "c":  # cut a stretch out
            text = text[:at] + text[at + len(piece) * 7 :]
        elif op == "d":  # repeat a stretch
            text = text[:at] + text[at : at + 80] * 3 + text[at:]
        elif op == "s":  # spaces gone
            text = text[:at] + text[at : at + 200].replace(" ", "") + text[at + 200 :]
        elif op == "u":  # shouted
            text = text[:at] + text[at : at + 300].upper() + text[at + 300 :]
        elif op == "w":  # odd whitespace in place of plain spaces
            text = text[:at] + text[at : at + 300].replace(" ", piece[:1] or "\u00a0") + text[at + 300 :]
        else:  # truncated where the feed cut it
            text = text[: max(at, 1)]
    return text


@given(text=noisy_news(), published=accepted_days)
@budget(120)
@example(
    text="Rwanda deported 12 people to Kenya on Wednesday, officials said.", published=ACCEPTED_FIRST_DAY
)
@example(text="Rwanda deported 12 people to Kenya on Wednesday, officials said.", published=ACCEPTED_LAST_DAY)
def test_news_like_text(text, published):
    annotate_checked(text, published)


# ---- publication dates over the whole date range (the engine's own guard) --------------------


@given(
    text=noisy_news(real_days=False),
    published=st.one_of(
        st.none(),
        st.dates(),
        # the ends of the calendar, where counting days back or forth leaves it
        st.dates(max_value=dt.date(1, 2, 1)),
        st.dates(min_value=dt.date(9999, 12, 1)),
    ),
)
@budget(80)
# The reproduction, and found by this test: OverflowError in dates.resolve() (fixed there).
@example(text="Italy deported 12 people to Albania on Wednesday, officials said.", published=dt.date(1, 1, 1))
# Found by this test: resolve() gave '2025-02-30', and pipeline._build's date.fromisoformat raised.
@example(
    text="A court in Italy ruled on February 30 that the detention of 12 migrants was unlawful.",
    published=dt.date(2025, 5, 7),
)
# Found by this test: a later month than a publication day in year 1 gave year 0 ('0000-12').
@example(text="Kenya deported 250 people to Libya on December 3, officials said.", published=dt.date(1, 1, 1))
def test_any_publication_date(text, published):
    annotate_checked(text, published, twice=False)


# ---- time for texts up to the article limit --------------------------------------------------


def long_article(seed: int, target_chars: int, run: str = "", lines: bool = False) -> str:
    """News-like text of about `target_chars`, within the service's article limits, with an
    optional long run of one token (the tokenizer's worst case) somewhere in the middle;
    `lines` puts every sentence on a line of its own (a live blog, a list)."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    size = 0
    while size < target_chars:
        p = news_article(rng, rng.randint(3, 12))
        paragraphs.append(p.replace(". ", ".\n") if lines else p)
        size += len(p) + 2
    text = "\n\n".join(paragraphs)[:target_chars]
    if run:
        at = rng.randint(0, len(text))
        text = (text[:at] + " " + run + " " + text[at:])[: LIMITS.max_article_chars]
    words = text.split()
    if len(words) > LIMITS.max_article_words:
        text = " ".join(words[: LIMITS.max_article_words])
    return text


@given(
    seed=st.integers(0, 2**32 - 1),
    target=st.integers(20_000, LIMITS.max_article_chars),
    run=st.one_of(
        st.just(""),
        st.tuples(st.sampled_from(["$", "(", '"', "😀", "!?.,;", "…", "'s"]), st.integers(1000, 20_000)).map(
            lambda t: (t[0] * t[1])[: t[1]]
        ),
    ),
    lines=st.booleans(),
)
@budget(4)
@example(seed=1, target=LIMITS.max_article_chars, run="", lines=False)
# Found by this test: the tokenizer's quadratic case (a 16,755-character run took 242 s).
@example(seed=2, target=40_000, run="(" * 12_000, lines=False)
# Found by this test: nlp.line_breaks rebuilt doc.text once per line (2,000 lines took 28 s).
@example(seed=3, target=90_000, run="", lines=True)
def test_time_is_bounded_up_to_the_article_limit(seed, target, run, lines):
    text = long_article(seed, target, run, lines)
    assert len(text) <= LIMITS.max_article_chars and len(text.split()) <= LIMITS.max_article_words
    annotate_checked(text, dt.date(2025, 5, 7), twice=False)


# ---- determinism across processes ------------------------------------------------------------

_OTHER_PROCESS = """
import dataclasses, datetime as dt, json, sys
from app.annotator import annotate
out = []
for text, day in json.load(sys.stdin):
    ann = annotate(text, published=dt.date.fromisoformat(day) if day else None)
    out.append(dataclasses.asdict(ann))
json.dump(out, sys.stdout)
"""


def test_the_same_output_in_another_process_with_another_hash_seed():
    """The service annotates in child processes, each with its own string hash seed: set or
    dict orders that depend on it would make the same article come out differently."""
    rng = random.Random(14)
    cases = [
        (news_article(rng, rng.randint(4, 16)), rng.choice([None, "2025-05-07", "1999-12-31"]))
        for _ in range(24)
    ]
    here = [
        json.loads(
            json.dumps(dataclasses.asdict(annotate(t, published=dt.date.fromisoformat(d) if d else None)))
        )
        for t, d in cases
    ]
    assert sum(len(a["events"]) for a in here) > 20  # the texts are ones the engine reads
    env = {
        **os.environ,
        "PYTHONHASHSEED": "12345" if os.environ.get("PYTHONHASHSEED") != "12345" else "54321",
    }
    run = subprocess.run(
        [sys.executable, "-c", _OTHER_PROCESS],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    there = json.loads(run.stdout)
    for (text, day), a, b in zip(cases, here, there, strict=True):
        assert a == b, f"differs for published={day}: {text[:200]!r}"
