"""Keyset (cursor) pagination shared by every list endpoint.

A cursor is an opaque, URL-safe token holding the sort key of the last row
served. Pages are stable while rows are added: the next page starts strictly
after that key, so no row is repeated or skipped, and depth costs nothing
extra (no OFFSET).
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, and_, or_

from app.core.config import MAX_PAGE_SIZE, get_settings
from app.core.errors import invalid
from app.core.params import MAX_ID
from app.core.responses import json_page, json_response

T = TypeVar("T")
CURSOR_VERSION = 1
MAX_CURSOR_CHARS = 512
# What encode_cursor issues: unpadded base64url of a JSON object that starts {"v":1,"s":"
CURSOR_PATTERN = r"^eyJ2IjoxLCJzIjoi[A-Za-z0-9_-]*$"


class Page(BaseModel, Generic[T]):
    """One page of results."""

    items: list[T]
    limit: int = Field(description="The page size used.")
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page; null on the last page."
    )
    next: str | None = Field(
        description="Full URL of the next page (also in the `Link` header); null on the last page."
    )


@dataclass(frozen=True)
class PageParams:
    limit: int
    cursor: str | None


async def page_params(
    limit: Annotated[
        int | None,
        Query(
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"Page size (default 50; at most {MAX_PAGE_SIZE}, or a lower cap if configured).",
        ),
    ] = None,
    cursor: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=MAX_CURSOR_CHARS,
            pattern=CURSOR_PATTERN,
            description="Opaque cursor from a previous page's `next_cursor`.",
        ),
    ] = None,
) -> PageParams:
    settings = get_settings()
    if limit is None:
        # A cap configured below the default lowers the default too, rather than failing every list.
        limit = min(settings.default_page_size, settings.max_page_size)
    if limit > settings.max_page_size:
        raise invalid("limit", f"must be at most {settings.max_page_size}")
    return PageParams(limit=limit, cursor=cursor)


def encode_cursor(sort: str, key: Sequence[Any]) -> str:
    payload = {
        "v": CURSOR_VERSION,
        "s": sort,
        "k": [k.isoformat() if isinstance(k, date) else k for k in key],
    }
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str, sort: str, types: Sequence[type]) -> list[Any]:
    """Decode and check a cursor; a forged, stale or foreign one is a 422 naming `cursor`."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        payload = json.loads(raw)
        if not isinstance(payload, dict) or payload.get("v") != CURSOR_VERSION:
            raise ValueError("version")
        if payload.get("s") != sort:
            raise invalid("cursor", "was issued for a different sort order; start again without a cursor")
        key = payload.get("k")
        if not isinstance(key, list) or len(key) != len(types):
            raise ValueError("shape")
        out: list[Any] = []
        for value, typ in zip(key, types, strict=True):
            if typ is int:
                if not isinstance(value, int) or isinstance(value, bool) or not (0 <= value <= MAX_ID):
                    raise ValueError("int")
                out.append(value)
            elif typ is date:
                out.append(date.fromisoformat(value))
            elif typ is float:
                if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
                    raise ValueError("float")
                out.append(float(value))
            else:
                raise ValueError("type")
        return out
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise invalid("cursor", "is not a cursor this server issued") from exc


def keyset_after(
    columns: Sequence[ColumnElement], key: Sequence[Any], descending: bool
) -> ColumnElement[bool]:
    """Rows strictly after ``key`` in (col1, col2, ...) order: a row-value comparison spelled out portably.

    With several columns the first one's bound is also stated alone: an OR of comparisons gives SQLite no
    index range, so a deep page of (date, id) walked every entry before the cursor; the bound makes the
    walk start at the cursor."""
    clauses = []
    for i, col in enumerate(columns):
        eqs = [columns[j] == key[j] for j in range(i)]
        cmp = col < key[i] if descending else col > key[i]
        clauses.append(and_(*eqs, cmp))
    if len(columns) == 1:
        return clauses[0]
    first = columns[0] <= key[0] if descending else columns[0] >= key[0]
    return and_(first, or_(*clauses))


def rank_after(
    score: ColumnElement, id_col: ColumnElement, after_score: Any, after_id: Any
) -> ColumnElement[bool]:
    """Rows after (score, id) in relevance order: score descending, then id ascending."""
    return or_(score < after_score, and_(score == after_score, id_col > after_id))


def _next_link(
    request: Request, limit: int, next_key: Sequence[Any] | None, sort: str
) -> tuple[str | None, str | None, dict[str, str] | None]:
    next_cursor = encode_cursor(sort, next_key) if next_key is not None else None
    if not next_cursor:
        return None, None, None
    next_url = str(request.url.include_query_params(cursor=next_cursor, limit=limit))
    return next_cursor, next_url, {"Link": f'<{next_url}>; rel="next"'}


def page_response(
    request: Request, items: list[Any], limit: int, next_key: Sequence[Any] | None, sort: str
) -> Response:
    """A page as a ready JSON response (see app/core/responses.py), ``Link`` header included."""
    next_cursor, next_url, headers = _next_link(request, limit, next_key, sort)
    body = {"items": items, "limit": limit, "next_cursor": next_cursor, "next": next_url}
    return json_response(body, headers)


def page_response_documents(
    request: Request, documents: list[str], limit: int, next_key: Sequence[Any] | None, sort: str
) -> Response:
    """:func:`page_response` for items that are JSON documents already."""
    next_cursor, next_url, headers = _next_link(request, limit, next_key, sort)
    return json_page(documents, {"limit": limit, "next_cursor": next_cursor, "next": next_url}, headers)


ID_SORT = "id"
RANK_SORT = "rank"


def id_page(
    request: Request,
    fetch: Callable[[int, list[Any] | None], list[Any]],
    record: Callable[[Any], dict[str, Any]],
    page: PageParams,
) -> Response:
    """One page of a list ordered by id: fetch ``limit + 1`` rows to learn whether more follow."""
    after = decode_cursor(page.cursor, ID_SORT, (int,)) if page.cursor else None
    rows = fetch(page.limit + 1, after)
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    next_key = [rows[-1].id] if more and rows else None
    return page_response(request, [record(r) for r in rows], page.limit, next_key, ID_SORT)


def ranked_page(
    request: Request,
    fetch: Callable[[int, list[Any] | None], list[Any]],
    record: Callable[[Any], dict[str, Any]],
    page: PageParams,
) -> Response:
    """:func:`id_page` for a search ordered by relevance: the rows carry ``score``; the key is (score, id)."""
    after = decode_cursor(page.cursor, RANK_SORT, (float, int)) if page.cursor else None
    rows = fetch(page.limit + 1, after)
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    next_key = [rows[-1].score, rows[-1].id] if more and rows else None
    return page_response(request, [record(r) for r in rows], page.limit, next_key, RANK_SORT)
