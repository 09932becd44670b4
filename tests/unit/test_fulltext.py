"""The q grammar (app/core/fulltext.py): what it accepts, what it refuses, and that whatever it accepts
compiles to an expression SQLite's FTS5 runs (checked on a real in-memory FTS5 table) and to a tsquery
made only of our operators and bare letter/digit tokens. Fuzzed with Hypothesis."""

from __future__ import annotations

import re
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.fulltext import (
    FTS5_TOKENIZE,
    MARK_CLOSE,
    MARK_OPEN,
    QueryError,
    Term,
    parse,
    render_snippet,
)

DOCS = {
    1: "Rwanda agreed to take 250 deported migrants from the United States",
    2: "The United Kingdom scrapped its deal with Rwanda",
    3: "Asylum-seekers were returned to Albania under the Italy deal",
    4: "Talks on deportation flights to Uganda stalled",
}


@pytest.fixture(scope="module")
def fts():
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE doc USING fts5(body, tokenize='{FTS5_TOKENIZE}')")
    db.executemany("INSERT INTO doc(rowid, body) VALUES (?, ?)", DOCS.items())
    yield db
    db.close()


def hits(db, q: str) -> set[int]:
    return {r[0] for r in db.execute("SELECT rowid FROM doc WHERE doc MATCH ?", (parse(q).fts5(),))}


def test_words_phrases_prefixes_or_and_exclusion(fts):
    assert hits(fts, "Rwanda") == {1, 2}
    assert hits(fts, "rwanda united") == {1, 2}
    assert hits(fts, '"United Kingdom"') == {2}
    assert hits(fts, '"Kingdom United"') == set()
    assert hits(fts, "deport*") == {1, 4}
    assert hits(fts, "deported") == {1, 4}, "porter stemming: deported ~ deportation"
    assert hits(fts, "Albania OR Uganda") == {3, 4}
    assert hits(fts, "Rwanda -Kingdom") == {1}
    assert hits(fts, "asylum-seekers") == hits(fts, '"asylum seekers"') == {3}
    assert hits(fts, '"asylum seek*"') == {3}
    assert hits(fts, "Rwanda AND Kingdom") == {2}


def test_the_compiled_forms():
    q = parse('"third country" deport* Rwanda OR Uganda -UK')
    assert q.fts5() == '(("third country") AND ("deport"*) AND ("rwanda" OR "uganda")) NOT ("uk")'
    assert q.tsquery() == "((third <-> country)) & (deport:*) & (rwanda | uganda) & !uk"
    assert Term(("a", "b"), prefix=True).tsquery() == "(a <-> b:*)"


@pytest.mark.parametrize(
    ("q", "reason"),
    [
        ('"open', "unclosed"),
        ('""', "phrase"),
        ("OR x", "OR"),
        ("x OR", "OR"),
        ("x OR OR y", "OR"),
        ("x OR -y", "excluded"),
        ("-x", "at least one word"),
        ("*", "'*'"),
        ("x*y* a*", "prefix"),
        ("--- !!!", "at least one word"),
        ("x" * 501, "at most"),
        (" ".join(f"w{i}" for i in range(17)), "terms"),
        (" ".join(f'"a{i} b{i} c{i}"' for i in range(11)), "words"),
    ],
)
def test_malformed_queries_say_why(q, reason):
    with pytest.raises(QueryError, match=re.escape(reason)):
        parse(q)


TSQUERY = re.compile(r"^(?:[\w]+(?::\*)?|[()&|!]|<->| )+$")


def parses_or_is_refused_and_runs(db, q: str) -> None:
    try:
        parsed = parse(q)
    except QueryError:
        return
    # FTS5 raises on a syntax error; a tsquery of bare tokens and our operators cannot hold one.
    db.execute("SELECT count(*) FROM doc WHERE doc MATCH ?", (parsed.fts5(),)).fetchone()
    compiled = parsed.tsquery()
    assert TSQUERY.match(compiled) and "_" not in compiled, compiled


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60))
def test_any_text_parses_or_is_refused_and_what_parses_runs(fts, q):
    parses_or_is_refused_and_runs(fts, q)


OPERATORS = st.sampled_from(['"', "*", "-", " ", "OR", "AND", " OR ", "(", ")", ":", "&", "!", "NEAR", "^"])
WORDS = st.sampled_from(["rwanda", "deport", "uk", "é", "ß", "٣", "x"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(OPERATORS, WORDS), max_size=14).map("".join))
def test_operator_soup_parses_or_is_refused_and_what_parses_runs(fts, q):
    parses_or_is_refused_and_runs(fts, q)


def test_snippets_are_escaped_and_marked():
    raw = f"a <b>&{MARK_OPEN}deported{MARK_CLOSE} x {MARK_OPEN}stray"
    assert render_snippet(raw) == "a &lt;b&gt;&amp;<mark>deported</mark> x <mark>stray</mark>"
    assert render_snippet(f"{MARK_CLOSE}x") == "x"
    assert render_snippet(None) == ""
