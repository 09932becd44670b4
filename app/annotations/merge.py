"""Re-annotation that keeps human work.

A new machine annotation replaces only the machine records no person has touched
(made by the annotator and still in review state ``machine``). Everything else
stays as it is: confirmed, corrected and rejected records, and records people
added. A machine suggestion that a kept record already covers is not created
again; that is how a rejected record stays rejected. Matching:

- an event matches a kept event of the same type whose evidence span overlaps its own
  (evidence is a sentence: overlap means the same sentence, even when a new annotator
  version cuts it slightly differently);
- a statement matches a kept statement whose span overlaps its own;
- an actor mention matches a kept mention whose span overlaps its own.

A kept statement whose machine event was replaced points at the new event of the same
type and sentence (or at none, when the new annotation has no such event).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel import Session

from app.actors.models import ActorMention
from app.annotations.store import Authorship, Selection, insert_records, stamp
from app.annotator.types import Annotation, Span
from app.articles.models import Article
from app.events.models import Event, EventCountry, EventParticipant
from app.statements.models import Statement


@dataclass
class Tally:
    added: int = 0
    removed: int = 0
    kept: int = 0
    not_recreated: int = 0


@dataclass
class Changes:
    """What a re-annotation did, per kind of record."""

    events: Tally = field(default_factory=Tally)
    statements: Tally = field(default_factory=Tally)
    mentions: Tally = field(default_factory=Tally)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _untouched(row: Any) -> bool:
    return row.annotator_kind == "machine" and row.review_state == "machine"


def _rows(session: Session, model: type, article_id: int, *extra: Any) -> list[Any]:
    cols = [model.id, model.start, model.end, model.annotator_kind, model.review_state, *extra]
    return list(session.execute(select(*cols).where(model.article_id == article_id)).all())


def _delete(session: Session, events: list[int], statements: list[int], mentions: list[int]) -> None:
    # Statements first: they point at events.
    if statements:
        session.execute(delete(Statement).where(Statement.id.in_(statements)))
    if events:
        session.execute(delete(EventParticipant).where(EventParticipant.event_id.in_(events)))
        session.execute(delete(EventCountry).where(EventCountry.event_id.in_(events)))
        session.execute(delete(Event).where(Event.id.in_(events)))
    if mentions:
        session.execute(delete(ActorMention).where(ActorMention.id.in_(mentions)))


def merge_machine(session: Session, article: Article, ann: Annotation, who: Authorship) -> Changes:
    """Store the annotator's new output beside what people made, in the caller's transaction."""
    aid = article.id
    events = _rows(session, Event, aid, Event.type)
    statements = _rows(session, Statement, aid, Statement.event_id)
    mentions = _rows(session, ActorMention, aid)
    changes = Changes()

    kept_events = [e for e in events if not _untouched(e)]
    gone_events = {e.id: e for e in events if _untouched(e)}
    kept_statements = [s for s in statements if not _untouched(s)]
    kept_mentions = [m for m in mentions if not _untouched(m)]

    def kept_event_for(ev_type: str, span: Span) -> int | None:
        return next(
            (k.id for k in kept_events if k.type == ev_type and overlaps((k.start, k.end), span)), None
        )

    existing: dict[int, int] = {}
    new_events: list[int] = []
    for i, e in enumerate(ann.events):
        match = kept_event_for(e.type, e.evidence)
        if match is None:
            new_events.append(i)
        else:
            existing[i] = match
    new_statements = [
        i
        for i, s in enumerate(ann.statements)
        if not any(overlaps((k.start, k.end), s.span) for k in kept_statements)
    ]
    new_mentions = [
        (i, m)
        for i, a in enumerate(ann.actors)
        for m in a.mentions
        if not any(overlaps((k.start, k.end), m) for k in kept_mentions)
    ]
    # Kept statements about a machine event that is going: remember which event it was.
    relink = {s.id: gone_events[s.event_id] for s in kept_statements if s.event_id in gone_events}

    _delete(
        session,
        list(gone_events),
        [s.id for s in statements if _untouched(s)],
        [m.id for m in mentions if _untouched(m)],
    )
    sel = Selection(new_mentions, new_events, new_statements, existing)
    event_ids = insert_records(session, article, ann, who, sel)
    for statement_id, old in relink.items():
        index = next(
            (
                i
                for i, e in enumerate(ann.events)
                if e.type == old.type and overlaps(e.evidence, (old.start, old.end))
            ),
            None,
        )
        target = event_ids.get(index) if index is not None else None
        session.execute(update(Statement).where(Statement.id == statement_id).values(event_id=target))
    stamp(session, article, who)

    changes.events = Tally(len(new_events), len(gone_events), len(kept_events), len(existing))
    changes.statements = Tally(
        len(new_statements),
        len(statements) - len(kept_statements),
        len(kept_statements),
        len(ann.statements) - len(new_statements),
    )
    n_mentions = sum(len(a.mentions) for a in ann.actors)
    changes.mentions = Tally(
        len(new_mentions),
        len(mentions) - len(kept_mentions),
        len(kept_mentions),
        n_mentions - len(new_mentions),
    )
    return changes
