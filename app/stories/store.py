"""Story queries, as Core selects returning plain rows (the read path builds no ORM objects).

The list is driven by the story table's (type, id) or (date, id) index or its
primary key; country, actor and article filters are EXISTS probes through the
event's (story_id, id) index.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import Integer, Row, Select, bindparam, select
from sqlmodel import Session

from app.actors.models import Actor
from app.core.pagination import keyset_after
from app.events.models import Event, EventCountry, EventParticipant
from app.stories.models import Story

STORY = Story.__table__
EVENT = Event.__table__
COUNTRY = EventCountry.__table__
PARTICIPANT = EventParticipant.__table__
ACTOR = Actor.__table__
REJECTED = "rejected"


@dataclass
class StoryFilter:
    types: Sequence[str] = ()
    country: str | None = None
    actor_id: int | None = None
    article_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    min_articles: int | None = None
    story_ids: Sequence[int] | None = None


def _member(story_col) -> Select:  # noqa: ANN001
    return select(EVENT.c.id).where(EVENT.c.story_id == story_col, EVENT.c.review_state != REJECTED)


@lru_cache(maxsize=256)
def _statement(
    types: int, country: bool, actor: bool, article: bool, date_from: bool, date_to: bool,
    min_articles: bool, ids: int, sort: str, after: bool,
) -> Select:  # fmt: skip
    stmt = select(*STORY.c)
    if types == 1:
        stmt = stmt.where(STORY.c.type == bindparam("type0"))
    elif types:
        stmt = stmt.where(STORY.c.type.in_([bindparam(f"type{i}") for i in range(types)]))
    if country:
        member = _member(STORY.c.id).join(COUNTRY, COUNTRY.c.event_id == EVENT.c.id)
        stmt = stmt.where(member.where(COUNTRY.c.country == bindparam("country")).exists())
    if actor:
        member = _member(STORY.c.id).join(PARTICIPANT, PARTICIPANT.c.event_id == EVENT.c.id)
        stmt = stmt.where(member.where(PARTICIPANT.c.actor_id == bindparam("actor")).exists())
    if article:
        stmt = stmt.where(_member(STORY.c.id).where(EVENT.c.article_id == bindparam("article")).exists())
    if date_from:
        stmt = stmt.where(STORY.c.date >= bindparam("date_from"))
    if date_to:
        stmt = stmt.where(STORY.c.date <= bindparam("date_to"))
    if min_articles:
        stmt = stmt.where(STORY.c.article_count >= bindparam("min_articles"))
    if ids >= 0:
        stmt = stmt.where(STORY.c.id.in_([bindparam(f"story{i}") for i in range(ids)]))
    cols = [STORY.c.date, STORY.c.id] if sort.lstrip("-") == "date" else [STORY.c.id]
    descending = sort.startswith("-")
    if after:
        stmt = stmt.where(keyset_after(cols, [bindparam(f"after{i}") for i in range(len(cols))], descending))
    order = [c.desc() if descending else c.asc() for c in cols]
    return stmt.order_by(*order).limit(bindparam("limit", type_=Integer))


def stories_query(f: StoryFilter, sort: str, limit: int, after: Sequence | None) -> tuple[Select, dict]:
    params: dict = {"limit": limit, "country": f.country, "actor": f.actor_id, "article": f.article_id}
    params |= {"date_from": f.date_from, "date_to": f.date_to, "min_articles": f.min_articles}
    params |= {f"type{i}": v for i, v in enumerate(f.types)}
    params |= {f"story{i}": v for i, v in enumerate(f.story_ids or ())}
    params |= {f"after{i}": v for i, v in enumerate(after or ())}
    shape = (
        len(f.types), bool(f.country), f.actor_id is not None, f.article_id is not None,
        f.date_from is not None, f.date_to is not None, f.min_articles is not None,
        -1 if f.story_ids is None else len(f.story_ids), sort, after is not None,
    )  # fmt: skip
    return _statement(*shape), params


def list_stories(
    session: Session, f: StoryFilter, sort: str, limit: int, after: Sequence | None
) -> list[Row]:
    stmt, params = stories_query(f, sort, limit, after)
    return list(session.connection().execute(stmt, params))


def countries_of(session: Session, story_ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {s: [] for s in story_ids}
    if story_ids:
        rows = session.execute(
            select(EVENT.c.story_id, COUNTRY.c.country)
            .join(COUNTRY, COUNTRY.c.event_id == EVENT.c.id)
            .where(EVENT.c.story_id.in_(list(story_ids)), EVENT.c.review_state != REJECTED)
            .distinct()
            .order_by(EVENT.c.story_id, COUNTRY.c.country)
        )
        for story_id, code in rows:
            out[story_id].append(code)
    return out


def participants_of(session: Session, story_ids: Sequence[int]) -> dict[int, list[Row]]:
    out: dict[int, list[Row]] = {s: [] for s in story_ids}
    if story_ids:
        rows = session.execute(
            select(
                EVENT.c.story_id, PARTICIPANT.c.role, ACTOR.c.id, ACTOR.c.kind, ACTOR.c.name, ACTOR.c.country
            )
            .join(PARTICIPANT, PARTICIPANT.c.event_id == EVENT.c.id)
            .join(ACTOR, ACTOR.c.id == PARTICIPANT.c.actor_id)
            .where(EVENT.c.story_id.in_(list(story_ids)), EVENT.c.review_state != REJECTED)
            .distinct()
            .order_by(EVENT.c.story_id, PARTICIPANT.c.role, ACTOR.c.id)
        )
        for r in rows:
            out[r.story_id].append(r)
    return out


def members_of(session: Session, story_ids: Sequence[int]) -> dict[int, list[Row]]:
    """Each story's events as (id, article_id), in event id order (the event's (story_id, id) index)."""
    out: dict[int, list[Row]] = {s: [] for s in story_ids}
    if story_ids:
        rows = session.execute(
            select(EVENT.c.story_id, EVENT.c.id, EVENT.c.article_id)
            .where(EVENT.c.story_id.in_(list(story_ids)), EVENT.c.review_state != REJECTED)
            .order_by(EVENT.c.story_id, EVENT.c.id)
        )
        for r in rows:
            out[r.story_id].append(r)
    return out


def article_ids_of(session: Session, story_id: int) -> list[int]:
    stmt = select(EVENT.c.article_id).where(EVENT.c.story_id == story_id, EVENT.c.review_state != REJECTED)
    return sorted(set(session.execute(stmt).scalars()))
