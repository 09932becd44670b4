"""A person's work on events beyond a verdict: corrected fields, participants and evidence
(PATCH /v1/events/{id}), and events the annotator missed (POST /v1/events). Each one is appended to
the history in the caller's write transaction; the functions only flush."""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlmodel import Session

from app.actors.models import Actor
from app.articles.models import Article
from app.core.errors import invalid, not_found
from app.events.models import Event, EventCountry, EventParticipant
from app.events.schemas import NewEventIn
from app.events.service import event_json
from app.history.service import Who
from app.history.vocabulary import RecordType
from app.review.schemas import EventReviewIn, ParticipantRefIn
from app.review.service import by_person, check_span, correct, created, set_review_state, verdict
from app.stories import grouping


def _participants(session: Session, given: list[ParticipantRefIn]) -> list[tuple[int, str]]:
    pairs = list(dict.fromkeys((p.actor_id, p.role.value) for p in given))
    ids = {i for i, _ in pairs}
    known = set(session.execute(select(Actor.id).where(Actor.id.in_(ids))).scalars()) if ids else set()
    missing = sorted(ids - known)
    if missing:
        raise invalid("participants", f"no actor with id {missing[0]}", "body")
    return pairs


def _set_participants(session: Session, event_id: int, pairs: list[tuple[int, str]]) -> None:
    session.execute(delete(EventParticipant).where(EventParticipant.event_id == event_id))
    if pairs:
        rows = [{"event_id": event_id, "actor_id": a, "role": r} for a, r in pairs]
        session.execute(insert(EventParticipant.__table__), rows)


def patch_event(session: Session, event_id: int, body: EventReviewIn, who: Who) -> None:
    """A verdict, or a correction: type, policy area, the whole participant list, the evidence span."""
    row = session.get(Event, event_id)
    if row is None:
        raise not_found("event", event_id)
    fields = {"type": body.type, "policy_area": body.policy_area}
    values = {k: v.value for k, v in fields.items() if v is not None}
    correcting = bool(values) or body.participants is not None or body.evidence is not None
    state = verdict(body.review_state, correcting, "event")
    if state is not None:
        set_review_state(session, Event, event_id, state, RecordType.event, who, event_json)
        return
    if body.evidence is not None:
        text = session.get(Article, row.article_id).text
        start, end = check_span(text, body.evidence, "evidence")
        values |= {"start": start, "end": end, "evidence_text": text[start:end]}
    pairs = _participants(session, body.participants) if body.participants is not None else None

    def apply(e: Event) -> None:
        for k, v in values.items():
            setattr(e, k, v)
        if pairs is not None:
            _set_participants(session, e.id, pairs)
        # What the story rule reads changed: group the event anew before the history's "after" is read.
        grouping.after_event_change(session, e.id, moved=True)

    correct(session, row, RecordType.event, who, event_json, apply)


def create_event(session: Session, body: NewEventIn, who: Who) -> int:
    """An event a person adds to an article; its id."""
    article = session.get(Article, body.article_id)
    if article is None:
        raise invalid("article_id", f"no article with id {body.article_id}", "body")
    start, end = check_span(article.text, body.evidence, "evidence")
    pairs = _participants(session, body.participants)
    evidence = article.text[start:end]
    published = article.published_at or article.created_at
    row = Event(
        article_id=article.id,
        start=start,
        end=end,
        type=body.type.value,
        policy_area=body.policy_area.value,
        date=published.date(),
        date_precision="publication",
        people_count=body.people_count,
        summary=(body.summary or " ".join(evidence.split()))[:1000],
        evidence_text=evidence,
        background=body.background,
        **by_person(who),
    )
    session.add(row)
    session.flush()
    _set_participants(session, row.id, pairs)
    ids = [a for a, _ in pairs]
    if ids:
        codes = session.execute(select(Actor.country).where(Actor.id.in_(ids), Actor.country.is_not(None)))
        rows = [{"event_id": row.id, "country": c} for c in sorted(set(codes.scalars()))]
        if rows:
            session.execute(insert(EventCountry.__table__), rows)
    grouping.after_event_change(session, row.id)  # grouped before the history records it
    created(session, row, RecordType.event, who, event_json)
    return row.id
