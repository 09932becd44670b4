"""The story endpoints' reads: a page of stories with their countries and participants."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from fastapi import Request, Response
from sqlalchemy import Row
from sqlmodel import Session

from app.core.errors import not_found
from app.core.pagination import PageParams, decode_cursor, page_response
from app.core.responses import json_response
from app.events.schemas import format_partial_date
from app.stories import store
from app.stories.models import Story
from app.stories.store import StoryFilter

_SORT_KEY_TYPES = {"id": (int,), "date": (date, int)}


def story_records(session: Session, rows: Sequence[Row]) -> list[dict[str, Any]]:
    """The stories of ``rows`` (story table rows) as the API shows them, with two queries for all."""
    ids = [r.id for r in rows]
    countries = store.countries_of(session, ids)
    participants = store.participants_of(session, ids)
    return [
        {
            "id": r.id,
            "type": r.type,
            "date": format_partial_date(r.date, r.date_precision),
            "date_precision": r.date_precision,
            "first_reported": r.first_reported,
            "last_reported": r.last_reported,
            "article_count": r.article_count,
            "mention_count": r.mention_count,
            "countries": countries[r.id],
            "participants": [
                {"actor": {"id": p.id, "kind": p.kind, "name": p.name, "country": p.country}, "role": p.role}
                for p in participants[r.id]
            ],
            "links": {
                "self": f"/v1/stories/{r.id}",
                "events": f"/v1/stories/{r.id}/events",
                "articles": f"/v1/stories/{r.id}/articles",
                "statements": f"/v1/stories/{r.id}/statements",
            },
        }
        for r in rows
    ]


def story_page(session: Session, request: Request, f: StoryFilter, sort: str, page: PageParams) -> Response:
    after = decode_cursor(page.cursor, sort, _SORT_KEY_TYPES[sort.lstrip("-")]) if page.cursor else None
    rows = store.list_stories(session, f, sort, page.limit + 1, after)
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    next_key = None
    if more and rows:
        last = rows[-1]
        next_key = [last.date, last.id] if sort.lstrip("-") == "date" else [last.id]
    return page_response(request, story_records(session, rows), page.limit, next_key, sort)


def get_story_record(session: Session, story_id: int) -> Response:
    rows = store.list_stories(session, StoryFilter(story_ids=[story_id]), "id", 1, None)
    if not rows:
        raise not_found("story", story_id)
    return json_response(story_records(session, rows)[0])


def require_story(session: Session, story_id: int) -> None:
    if session.get(Story, story_id) is None:
        raise not_found("story", story_id)


def article_ids(session: Session, story_id: int) -> list[int]:
    return store.article_ids_of(session, story_id)
