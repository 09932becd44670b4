"""Full-text search queries: one small grammar, compiled for SQLite FTS5 and PostgreSQL tsquery.

The grammar (documented on every ``q`` parameter):

* words separated by spaces must all match (``deportation flight``);
* ``"..."`` is a phrase (``"third country"``);
* a trailing ``*`` makes the last word a prefix (``deport*``, ``"asylum seek"*`` or ``"asylum seek*"``);
* ``OR`` between two terms matches either (``Rwanda OR Uganda``);
* a leading ``-`` excludes a term (``deportation -flight``).

Only letters and digits are searched: a word such as ``asylum-seekers`` or
``U.K.`` is the phrase of its letter/digit runs, as both databases tokenise it.
Neither compiled form can hold a syntax error: every token is quoted (FTS5) or
is a bare run of letters and digits (tsquery), and the operators are ours. So
a query either parses here (and runs) or is a 422 naming ``q``; the database
never sees a malformed one.

Snippets come back from the database with private-use sentinels around each
match; :func:`render_snippet` HTML-escapes the text and turns them into
``<mark>``, so a snippet is safe to insert as HTML.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel, Field

from app.core.errors import invalid
from app.core.params import NO_NUL

MAX_Q_CHARS = 500
MAX_TERMS = 16
MAX_TOKENS = 32
MIN_PREFIX_CHARS = 2
# Around each match in the database's snippet; render_snippet replaces them.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
SNIPPET_TOKENS = 24
# PostgreSQL's text-search configuration and SQLite's tokenizer: both stem English words.
PG_CONFIG = "english"
FTS5_TOKENIZE = "porter unicode61 remove_diacritics 2"

Q_DESCRIPTION = (
    'Full-text search. Words must all match; `"..."` is a phrase; `word*` a prefix (at least '
    f"{MIN_PREFIX_CHARS} letters); `OR` between terms matches either; `-word` excludes. English stemming "
    "(`deported` finds `deportation`). Results are ordered by relevance (then id) unless `sort` says "
    "otherwise, and each item carries `search` with its rank and a highlighted snippet."
)


@dataclass(frozen=True)
class Term:
    """A word or a phrase (several tokens in a row); ``prefix`` applies to its last token."""

    tokens: tuple[str, ...]
    prefix: bool = False

    def fts5(self) -> str:
        return '"' + " ".join(self.tokens) + '"' + ("*" if self.prefix else "")

    def tsquery(self) -> str:
        parts = list(self.tokens)
        if self.prefix:
            parts[-1] += ":*"
        joined = " <-> ".join(parts)
        return f"({joined})" if len(parts) > 1 else joined


@dataclass(frozen=True)
class SearchQuery:
    """All of ``groups`` (each: any of its terms) and none of ``excluded``."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    def fts5(self) -> str:
        """An FTS5 MATCH expression."""
        positive = " AND ".join("(" + " OR ".join(t.fts5() for t in g) + ")" for g in self.groups)
        if not self.excluded:
            return positive
        return f"({positive}) NOT (" + " OR ".join(t.fts5() for t in self.excluded) + ")"

    def tsquery(self) -> str:
        """A ``to_tsquery`` argument (the configuration stems the tokens as it does the documents)."""
        parts = ["(" + " | ".join(t.tsquery() for t in g) + ")" for g in self.groups]
        parts += ["!" + t.tsquery() for t in self.excluded]
        return " & ".join(parts)

    def for_dialect(self, dialect: str) -> str:
        return self.tsquery() if dialect == "postgresql" else self.fts5()


class QueryError(ValueError):
    """The text of ``q`` does not follow the grammar; the message says why."""


def _tokens(text: str) -> list[str]:
    """Runs of letters and digits, lower-cased: what FTS5's unicode61 and PostgreSQL both index."""
    out, current = [], []
    for ch in text:
        if unicodedata.category(ch)[0] in "LN":
            current.append(ch)
        elif current:
            out.append("".join(current).lower())
            current = []
    if current:
        out.append("".join(current).lower())
    return out


_LEXEME = re.compile(r'\s+|"[^"]*"\*?|"|[^\s"]+')


def _term(raw: str) -> Term | None:
    """A word or a quoted phrase (with an optional trailing ``*``); None when it holds no letter or digit."""
    prefix = raw.endswith("*")
    body = raw.rstrip("*")
    if body.startswith('"'):
        body = body[1:-1].rstrip()
        # "asylum seek*" reads as "asylum seek"*: the star marks the phrase's last word either way.
        prefix = prefix or body.endswith("*")
        tokens = _tokens(body)
        if not tokens:
            raise QueryError("a phrase in quotes must hold at least one word")
    else:
        tokens = _tokens(body)
        if not tokens:
            if prefix:
                raise QueryError("'*' must follow a word")
            return None
    if prefix and len(tokens[-1]) < MIN_PREFIX_CHARS:
        raise QueryError(f"a prefix needs at least {MIN_PREFIX_CHARS} letters or digits before '*'")
    return Term(tuple(tokens), prefix)


def parse(q: str) -> SearchQuery:
    """Parse the user's query, or raise :class:`QueryError`."""
    if len(q) > MAX_Q_CHARS:
        raise QueryError(f"must be at most {MAX_Q_CHARS} characters")
    lexemes = [m.group(0) for m in _LEXEME.finditer(q) if not m.group(0).isspace()]
    if '"' in lexemes:
        raise QueryError("has an unclosed '\"'")
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = False
    for lex in lexemes:
        if lex == "OR":
            if not groups or pending_or:
                raise QueryError("'OR' must stand between two terms")
            pending_or = True
            continue
        if lex == "AND":  # the default; accepted for people used to it
            if pending_or:
                raise QueryError("'OR' must stand between two terms")
            continue
        negated = lex.startswith("-") and len(lex) > 1
        term = _term(lex[1:] if negated else lex)
        if term is None:
            if pending_or:
                raise QueryError("'OR' must stand between two terms")
            continue  # punctuation on its own (a dash between words) searches for nothing
        if negated:
            if pending_or:
                raise QueryError("an excluded term ('-word') cannot be part of an 'OR'")
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
            pending_or = False
        else:
            groups.append([term])
    if pending_or:
        raise QueryError("'OR' must stand between two terms")
    if not groups:
        raise QueryError(
            "needs at least one word to find (letters or digits, not only excluded ones)"
            if excluded
            else "needs at least one word to find (letters or digits)"
        )
    terms = [t for g in groups for t in g] + excluded
    if len(terms) > MAX_TERMS:
        raise QueryError(f"has more than {MAX_TERMS} terms")
    if sum(len(t.tokens) for t in terms) > MAX_TOKENS:
        raise QueryError(f"has more than {MAX_TOKENS} words")
    return SearchQuery(tuple(tuple(g) for g in groups), tuple(excluded))


async def search_param(
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=MAX_Q_CHARS, pattern=NO_NUL, description=Q_DESCRIPTION,
              examples=['"third country" deport*']),
    ] = None,
) -> SearchQuery | None:  # fmt: skip
    """The ``q`` dependency: a parsed query, None without one, a 422 naming ``q`` when malformed."""
    if q is None:
        return None
    try:
        return parse(q)
    except QueryError as exc:
        raise invalid("q", str(exc)) from exc


def render_snippet(raw: str | None) -> str:
    """The database's snippet as safe HTML: the text escaped, each match in ``<mark>``."""
    if not raw:
        return ""
    escaped = html.escape(raw, quote=False)
    # A sentinel the stored text itself contained would open a mark that never closes: balance them.
    out, depth = [], 0
    for part in re.split(f"([{MARK_OPEN}{MARK_CLOSE}])", escaped):
        if part == MARK_OPEN:
            if depth == 0:
                out.append("<mark>")
            depth += 1
        elif part == MARK_CLOSE:
            if depth == 1:
                out.append("</mark>")
            depth = max(depth - 1, 0)
        else:
            out.append(part)
    if depth:
        out.append("</mark>")
    return "".join(out)


def fts5_snippet(fts_table: str, column: int) -> str:
    """SQL for FTS5's snippet of ``column`` of the matched row (sentinels around matches)."""
    return f"snippet({fts_table}, {column}, '{MARK_OPEN}', '{MARK_CLOSE}', '…', {SNIPPET_TOKENS})"


def pg_headline(text_sql: str, query_sql: str) -> str:
    """SQL for PostgreSQL's headline of ``text_sql`` for ``query_sql`` (sentinels around matches)."""
    options = f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords={SNIPPET_TOKENS}, MinWords=12"
    return f"ts_headline('{PG_CONFIG}', {text_sql}, {query_sql}, '{options}')"


def pg_query(param: str = "search") -> str:
    return f"to_tsquery('{PG_CONFIG}', :{param})"


# Database objects the search migration creates outside the models (FTS5 tables, tsvector columns):
# Alembic's comparison and the schema tests leave them out.
SEARCH_TABLE_SUFFIX = "_fts"
SEARCH_COLUMN = "search_vector"


def is_search_object(name: str | None, type_: str) -> bool:
    if not name:
        return False
    if type_ == "table":
        return re.search(r"_fts(_data|_idx|_docsize|_config|_content)?$", name) is not None
    if type_ == "column":
        return name == SEARCH_COLUMN
    if type_ == "index":
        return name.startswith("ix_search_")
    return False


class SearchMatch(BaseModel):
    """Why an item is in a searched list."""

    rank: float = Field(
        description="Relevance, higher is better (SQLite: -bm25, PostgreSQL: ts_rank); "
        "compare it within one list only."
    )
    snippet: str = Field(
        description="The matching passage, HTML-escaped, each match in `<mark>`...`</mark>` (safe to insert "
        "as HTML). Events: from the evidence sentence; statements: the text; articles: the text.",
        examples=["... agreed to take in up to 250 <mark>deported</mark> migrants ..."],
    )


def search_match(score: float, snippet: str | None) -> dict[str, Any]:
    """A SearchMatch, field for field."""
    return {"rank": float(score), "snippet": render_snippet(snippet)}
