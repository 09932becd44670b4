"""Schemathesis hooks (loaded through SCHEMATHESIS_HOOKS by test_schemathesis.py).

The spec declares every rule about one value that JSON Schema can say (types, patterns, lengths,
ranges, tuple shapes). A few rules the server enforces are about the database or about two values
at once, which no OpenAPI schema can express; these hooks teach Schemathesis exactly those, and
nothing else:

- ``ndjson``: Schemathesis has no serializer for NDJSON; the body of POST /v1/ingest-jobs (a string
  in the spec) is sent as its UTF-8 bytes, as a client streaming lines would.
- ``ndjson_is_text``: nor can it send a non-string as NDJSON, so such negative cases are dropped.
- ``issued_cursors``: a cursor is a token the server issued for one sort order. A schema-valid
  (positive) case's cursor is replaced by one the server would issue for that case's sort, so
  positive cases page for real; negative cases keep their broken cursors (the server must refuse
  them, and does).
- ``state_or_pair_rules``: a 422 to a schema-valid request is dropped only when every error it
  names is one of ``BEYOND_THE_SCHEMA`` below (a reference to a row that does not exist, a span
  outside the article's text, two parameters that contradict each other...). Any other 422 to a
  schema-valid request, and every other check, still fails the run. The same hook keeps the
  history of a deleted article out of the use-after-free check (it is kept on purpose).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re

import schemathesis

MAX_ID = 2**31 - 1
OUTSIDE_TEXT = r"^(must be \[start, end\) with start < end <= \d+, the text length|covers only blanks)$"

# (operation path prefix, error name, message pattern): why no schema can say it.
BEYOND_THE_SCHEMA: list[tuple[str, str, str]] = [
    # Two parameters of one request against each other (OpenAPI has no cross-parameter rules).
    ("/v1/", "date_from", r"must not be after date_to$"),
    ("/v1/", "published_from", r"must not be after published_to$"),
    ("/v1/", "since", r"must not be after until$"),
    ("/v1/events", "sort", r"^'rank' (orders a search: give q too|does not combine with distinct=story)"),
    ("/v1/", "bom", r"^a byte order mark is for CSV only"),
    # Each group_by value is declared (at most two dimensions); what repeated values add up to is not.
    ("/v1/events/counts", "group_by", r"^(give one or two dimensions|names the same dimension twice)$"),
    ("/v1/events/counts", "group_by", r"^takes at most one period"),
    # How many rows a grouping gives depends on the data and the date range.
    ("/v1/events/counts", "group_by", r"(gives [\d,]+ rows|axis from .* holds) more than"),
    # The search grammar (quotes, OR, -word, word*; README "Full-text search"): the spec describes it
    # in words; as a regular expression it would be unreadable, so `q` has only its length and NUL.
    (
        "/v1/",
        "q",
        r"^(a phrase in quotes must hold|'\*' must follow a word|a prefix needs at least|has an unclosed|"
        r"'OR' must stand between|an excluded term|needs at least one word|has more than \d+ (terms|words))",
    ),
    # References to rows that must exist, and spans that must lie in that article's text.
    ("/v1/", "article_id", r"^no article with id \d+$"),
    ("/v1/", "actor_id", r"^no actor with id \d+$"),
    ("/v1/", "speaker_id", r"^no actor with id \d+$"),
    ("/v1/", "participants", r"^no actor with id \d+$"),
    ("/v1/", "event_id", r"^no event with id \d+ in article \d+$"),
    ("/v1/", "span", OUTSIDE_TEXT),
    ("/v1/", "evidence", OUTSIDE_TEXT),
    # A new mention names an existing actor or a new one, exactly one. JSON Schema could say it with
    # a oneOf, but the generated Python client cannot take one (openapi-python-client makes duplicate
    # models of its branches), so the rule is in the description.
    ("/v1/mentions", "actor", r"^give one of actor_id \(an existing actor\) or actor \(a new one\)$"),
    # A PATCH carries a verdict or corrected fields, not both and not neither.
    ("/v1/", "review_state", r"^a correction makes the \w+ 'corrected'; leave it out$"),
    ("/v1/", "review_state", r"^send a review_state, or the \w+'s corrected fields$"),
    # JSON Schema bounds date-time strings only with formatMinimum/formatExclusiveMaximum, which
    # the generators do not read (the spec declares them).
    ("/v1/articles", "published_at", r"^Input should be (greater than or equal to 1900|less than 2101)"),
]
# Problems about the content of a whole document rather than one field: an article text with no
# sentence to annotate (the NLP pipeline decides) or that reads as binary data (a heuristic); an
# annotation whose records refer to each other by key (a statement's speaker must be one of the
# document's actors; spans inside the text); a string with a lone surrogate (JSON can escape one,
# UTF-8 cannot hold it).
BEYOND_THE_SCHEMA_TYPES = {
    "/v1/articles": {"no-sentences", "binary-text"},
    "/v1/articles/{article_id}/annotations": {"invalid-annotation"},
}


@schemathesis.hook("filter_case")
def ndjson_is_text(_ctx, case) -> bool:  # noqa: ANN001
    """An NDJSON stream is text: a negative case whose "body" is an object or a number has no form
    on the wire (the serializer would send its repr, a line like any other)."""
    return case.media_type != "application/x-ndjson" or isinstance(case.body, str | bytes)


@schemathesis.serializer("application/x-ndjson")
def ndjson(_ctx, value) -> bytes:  # noqa: ANN001
    return value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")


def _sort_of(path: str, query: dict) -> str:
    """The sort a list resolves (app/events/router.resolve_sort and the lists' defaults)."""
    sort = query.get("sort")
    if sort:
        return str(sort)
    searched = query.get("q") not in (None, "")
    if searched and path in ("/v1/events", "/v1/articles", "/v1/statements") and not query.get("distinct"):
        return "rank"
    return "id"


def _cursor(sort: str, seed: str) -> str:
    """What app/core/pagination.encode_cursor issues for ``sort``, with a key drawn from ``seed``."""
    n = int.from_bytes(hashlib.sha256(seed.encode("utf-8", "surrogatepass")).digest()[:8], "big")
    row_id = 1 + n % MAX_ID
    base = sort.lstrip("-")
    if base == "date":
        key = [f"{1990 + n % 60:04d}-{1 + n % 12:02d}-{1 + n % 28:02d}", row_id]
    elif base == "rank":
        key = [(n % 10_000) / 100, row_id]
    else:
        key = [row_id]
    raw = json.dumps({"v": 1, "s": sort, "k": key}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _positive(case) -> bool:  # noqa: ANN001
    meta = case.meta
    return meta is not None and meta.generation.mode.is_positive


@schemathesis.hook("map_case")
def issued_cursors(_ctx, case):  # noqa: ANN001, ANN201
    query = case.query
    if query and isinstance(query.get("cursor"), str) and _positive(case):
        query["cursor"] = _cursor(_sort_of(case.operation.path, query), query["cursor"])
    return case


def _errors(response) -> tuple[str, list[dict], str] | None:  # noqa: ANN001
    try:
        problem = json.loads(response.content)
    except ValueError:
        return None
    if not isinstance(problem, dict):
        return None
    kind = str(problem.get("type", "")).rsplit("/", 1)[-1]
    return kind, problem.get("errors") or [], str(problem.get("detail", ""))


def _beyond(path: str, error: dict) -> bool:
    name, message = error.get("name"), error.get("message") or ""
    return any(
        path.startswith(prefix) and name == field and re.search(pattern, message)
        for prefix, field, pattern in BEYOND_THE_SCHEMA
    )


@schemathesis.hook("filter_failure")
def state_or_pair_rules(_ctx, failure, case, response) -> bool:  # noqa: ANN001
    """False (drop) only for a 422 to a positive case that names rules no schema can state, and for
    the history of a deleted article (below)."""
    code = getattr(failure, "code", None)
    # The history is the audit trail: its entries outlive the article by design (README, "History":
    # GET /v1/articles/{id}/history still answers after a DELETE). Every other read of a deleted
    # article's resources must still answer 404.
    if code == "ST301" and case.operation.path == "/v1/articles/{article_id}/history":
        return False
    if code != "ST202" or response.status_code != 422:
        return True
    parsed = _errors(response)
    if parsed is None:
        return True
    kind, errors, detail = parsed
    path = case.operation.path
    if kind in BEYOND_THE_SCHEMA_TYPES.get(path, ()):
        return False
    if kind == "invalid-text" and re.fullmatch(r"'\w+' is not valid Unicode\.", detail):
        return False
    return not (errors and all(isinstance(e, dict) and _beyond(path, e) for e in errors))
