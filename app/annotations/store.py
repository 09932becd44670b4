"""Write an article's annotation into the actor, event and statement tables.

The one place that joins the annotator's output to persistence. Everything here
runs in the caller's unit of work and only flushes. Actors are
shared across articles: one row per real entity, found by an identity key and
inserted with ON CONFLICT DO NOTHING so concurrent writers never duplicate it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from app import annotator
from app.actors.models import Actor, ActorMention
from app.annotator.types import ActorAnn, Annotation, Span
from app.articles.models import Article
from app.core.tables import utcnow
from app.events.models import Event, EventCountry, EventParticipant
from app.statements.models import Statement
from app.stories import grouping

MAX_ALIASES = 50


@dataclass(frozen=True)
class Authorship:
    """Who made the annotation being stored."""

    kind: str  # machine | person
    name: str
    version: str | None
    review_state: str  # machine for the annotator; corrected for a person's replacement


def machine(name: str | None = None, version: str | None = None) -> Authorship:
    """An annotator (the current one unless named), as the author of what it produced."""
    if name is None:
        name, version = annotator.ANNOTATOR_NAME, annotator.ANNOTATOR_VERSION
    return Authorship("machine", name, version, "machine")


def _fold(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_name.lower())
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words) or name.casefold().strip()


def identity(a: ActorAnn) -> str:
    if a.kind == "country" and a.country:
        return f"country:{a.country}"
    if a.kind == "person":
        return f"person:{_fold(a.name)}"
    return f"{a.kind}:{a.country or ''}:{_fold(a.name)}"


def _insert(session: Session):
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def upsert_actor(session: Session, a: ActorAnn) -> int:
    ident = identity(a)
    row = session.execute(select(Actor).where(Actor.identity == ident)).scalar_one_or_none()
    if row is None:
        stmt = (
            _insert(session)(Actor)
            .values(
                identity=ident,
                kind=a.kind,
                name=a.name,
                name_key=a.name.casefold(),
                country=a.country,
                title=a.title,
                aliases=list(dict.fromkeys(a.aliases))[:MAX_ALIASES],
                created_at=utcnow(),
            )
            .on_conflict_do_nothing(index_elements=["identity"])
        )
        session.execute(stmt)
        row = session.execute(select(Actor).where(Actor.identity == ident)).scalar_one()
        return row.id
    merged = list(dict.fromkeys([*(row.aliases or []), *a.aliases]))[:MAX_ALIASES]
    if merged != row.aliases or (a.title and not row.title):
        row.aliases = merged
        row.title = row.title or a.title
        session.add(row)
    return row.id


def parse_event_date(value: str | None, precision: str, fallback: datetime) -> tuple[date, str]:
    """Partial ISO date to (first day of the period, precision); publication date when unknown."""
    try:
        if value and precision == "day":
            return date.fromisoformat(value), "day"
        if value and precision == "month":
            y, m = value.split("-")[:2]
            return date(int(y), int(m), 1), "month"
        if value and precision == "year":
            return date(int(value[:4]), 1, 1), "year"
        if value and precision == "publication":
            return date.fromisoformat(value[:10]), "publication"
    except ValueError:
        pass
    return fallback.date(), "publication"


def clear_annotation(session: Session, article_id: int) -> None:
    # Statements first: they point at events.
    session.execute(delete(Statement).where(Statement.article_id == article_id))
    event_ids = select(Event.id).where(Event.article_id == article_id)
    session.execute(delete(EventParticipant).where(EventParticipant.event_id.in_(event_ids)))
    session.execute(delete(EventCountry).where(EventCountry.event_id.in_(event_ids)))
    session.execute(delete(Event).where(Event.article_id == article_id))
    session.execute(delete(ActorMention).where(ActorMention.article_id == article_id))


def _insert_many(session: Session, model, rows: list[dict]) -> None:  # noqa: ANN001
    # Core executemany: building an ORM object per mention costs more than the INSERT itself.
    if rows:
        session.execute(insert(model.__table__), rows)


@dataclass
class Selection:
    """Which parts of an Annotation to write: mention (actor index, span) pairs, event and statement
    indexes, and events that already exist (index -> id) for statements to point at."""

    mentions: list[tuple[int, Span]]
    events: list[int]
    statements: list[int]
    existing_events: dict[int, int] = field(default_factory=dict)

    @classmethod
    def everything(cls, ann: Annotation) -> Selection:
        mentions = [(i, m) for i, a in enumerate(ann.actors) for m in a.mentions]
        return cls(mentions, list(range(len(ann.events))), list(range(len(ann.statements))))


def _referenced_actors(ann: Annotation, sel: Selection) -> set[str]:
    keys = {ann.actors[i].key for i, _ in sel.mentions}
    keys |= {p.actor for i in sel.events for p in ann.events[i].participants}
    keys |= {ann.statements[i].speaker for i in sel.statements if ann.statements[i].speaker}
    return keys


def insert_records(
    session: Session, article: Article, ann: Annotation, who: Authorship, sel: Selection
) -> dict[int, int]:
    """Insert the selected records in the caller's transaction; returns event index -> event id
    (the selected events' new ids and the existing ones)."""
    text = article.text
    now = utcnow()
    common = {
        "article_id": article.id,
        "annotator": who.name,
        "annotator_version": who.version,
        "annotator_kind": who.kind,
        "review_state": who.review_state,
    }
    wanted = _referenced_actors(ann, sel)
    with session.no_autoflush:  # one flush at the end, not one per actor lookup
        actor_ids = {a.key: upsert_actor(session, a) for a in ann.actors if a.key in wanted}
    mentions = [
        {
            "actor_id": actor_ids[ann.actors[i].key],
            "start": start,
            "end": end,
            "text": text[start:end][:500],
            "confidence": 1.0,
            **common,
        }
        for i, (start, end) in sel.mentions
    ]
    _insert_many(session, ActorMention, mentions)
    fallback = article.published_at or article.created_at or now
    event_ids = dict(sel.existing_events)
    participants: list[dict] = []
    countries: list[dict] = []
    for i in sel.events:
        e = ann.events[i]
        day, precision = parse_event_date(e.date, e.date_precision, fallback)
        row = {
            "type": e.type,
            "policy_area": e.policy_area,
            "date": day,
            "date_precision": precision,
            "people_count": e.people_count,
            "summary": e.summary[:1000],
            "background": e.background,
            "start": e.evidence[0],
            "end": e.evidence[1],
            "evidence_text": text[e.evidence[0] : e.evidence[1]],
            "confidence": e.confidence,
            "created_at": now,
            **common,
        }
        table = Event.__table__
        event_id = session.execute(insert(table).values(row).returning(table.c.id)).scalar_one()
        event_ids[i] = event_id
        for actor_id, role in {(actor_ids[p.actor], p.role) for p in e.participants if p.actor in actor_ids}:
            participants.append({"event_id": event_id, "actor_id": actor_id, "role": role})
        countries += [{"event_id": event_id, "country": code} for code in sorted(set(e.countries))]
    _insert_many(session, EventParticipant, participants)
    _insert_many(session, EventCountry, countries)
    statements = []
    for i in sel.statements:
        s = ann.statements[i]
        statements.append(
            {
                "speaker_id": actor_ids.get(s.speaker) if s.speaker else None,
                "event_id": event_ids.get(s.event) if s.event is not None else None,
                "kind": s.kind,
                "verb": s.verb[:60],
                "text": text[s.span[0] : s.span[1]],
                "start": s.span[0],
                "end": s.span[1],
                "confidence": s.confidence,
                "created_at": now,
                **common,
            }
        )
    _insert_many(session, Statement, statements)
    return event_ids


def stamp(session: Session, article: Article, who: Authorship) -> None:
    article.annotator, article.annotator_version = who.name, who.version
    article.annotator_kind, article.annotated_at = who.kind, utcnow()
    session.add(article)
    session.flush()


def store_annotation(session: Session, article: Article, ann: Annotation, who: Authorship) -> None:
    """Replace the article's annotation with ``ann``, in the caller's transaction (flushed here); its
    events are grouped into stories in the same transaction."""
    stale = grouping.stories_of_article(session, article.id)
    clear_annotation(session, article.id)
    insert_records(session, article, ann, who, Selection.everything(ann))
    stamp(session, article, who)
    grouping.after_article_change(session, article.id, stale)
