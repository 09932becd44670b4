"""Event queries. Lists load participants and countries in two batched queries, never per row."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from app.actors.models import Actor
from app.core.pagination import keyset_after
from app.events.models import Event, EventCountry, EventParticipant


@dataclass
class EventFilter:
    types: Sequence[str] = ()
    policy_areas: Sequence[str] = ()
    country: str | None = None
    actor_id: int | None = None
    article_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    review_state: str | None = None
    event_ids: Sequence[int] | None = None


@dataclass
class EventBundle:
    event: Event
    countries: list[str]
    participants: list[tuple[Actor, str]]


def sort_columns(sort: str):
    descending = sort.startswith("-")
    field = sort.lstrip("-")
    cols = [Event.date, Event.id] if field == "date" else [Event.id]
    return cols, descending


def list_events(
    session: Session, f: EventFilter, sort: str, limit: int, after: Sequence | None
) -> list[Event]:
    stmt = select(Event)
    if f.country:
        stmt = stmt.join(
            EventCountry, (EventCountry.event_id == Event.id) & (EventCountry.country == f.country)
        )
    if f.actor_id is not None:
        stmt = stmt.where(
            Event.id.in_(select(EventParticipant.event_id).where(EventParticipant.actor_id == f.actor_id))
        )
    if f.types:
        stmt = stmt.where(Event.type.in_(list(f.types)))
    if f.policy_areas:
        stmt = stmt.where(Event.policy_area.in_(list(f.policy_areas)))
    if f.article_id is not None:
        stmt = stmt.where(Event.article_id == f.article_id)
    if f.date_from:
        stmt = stmt.where(Event.date >= f.date_from)
    if f.date_to:
        stmt = stmt.where(Event.date <= f.date_to)
    if f.review_state:
        stmt = stmt.where(Event.review_state == f.review_state)
    if f.event_ids is not None:
        stmt = stmt.where(Event.id.in_(list(f.event_ids)))
    cols, descending = sort_columns(sort)
    if after is not None:
        stmt = stmt.where(keyset_after(cols, after, descending))
    stmt = stmt.order_by(*[c.desc() if descending else c.asc() for c in cols]).limit(limit)
    return list(session.execute(stmt).scalars())


def bundle(session: Session, events: list[Event]) -> list[EventBundle]:
    """Attach countries and participants to events with one query each."""
    ids = [e.id for e in events]
    countries: dict[int, list[str]] = defaultdict(list)
    participants: dict[int, list[tuple[Actor, str]]] = defaultdict(list)
    if ids:
        for event_id, code in session.execute(
            select(EventCountry.event_id, EventCountry.country)
            .where(EventCountry.event_id.in_(ids))
            .order_by(EventCountry.event_id, EventCountry.country)
        ):
            countries[event_id].append(code)
        rows = session.execute(
            select(EventParticipant.event_id, EventParticipant.role, Actor)
            .join(Actor, Actor.id == EventParticipant.actor_id)
            .where(EventParticipant.event_id.in_(ids))
            .order_by(EventParticipant.event_id, EventParticipant.role, Actor.id)
        )
        for event_id, role, actor in rows:
            participants[event_id].append((actor, role))
    return [EventBundle(e, countries[e.id], participants[e.id]) for e in events]


def get_event(session: Session, event_id: int) -> Event | None:
    return session.get(Event, event_id)
