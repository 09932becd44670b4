"""Read an article's annotation as one document; replace it (a person's) or store the annotator's anew.

Every function takes the caller's session: the router owns the unit of work.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app import annotator
from app.actors.models import Actor, ActorMention
from app.annotations.merge import merge_machine
from app.annotations.schemas import AnnotationIn
from app.annotations.store import Authorship, machine, store_annotation
from app.annotator.types import ActorAnn, Annotation, EventAnn, ParticipantAnn, StatementAnn
from app.articles.models import Article
from app.core.errors import FieldError, ProblemError, not_found
from app.events.models import Event, EventCountry, EventParticipant
from app.events.schemas import format_partial_date
from app.history.service import Who, record
from app.history.vocabulary import Action, RecordType
from app.ingestion.schemas import PUBLISHED_END, PUBLISHED_MIN, PUBLISHED_RANGE
from app.statements.models import Statement
from app.stories import grouping


def document(session: Session, article: Article) -> dict[str, Any]:
    aid = article.id
    mentions = session.execute(
        select(ActorMention, Actor)
        .join(Actor, Actor.id == ActorMention.actor_id)
        .where(ActorMention.article_id == aid)
        .order_by(ActorMention.start)
    ).all()
    actors: dict[int, dict[str, Any]] = {}
    for m, a in mentions:
        entry = actors.setdefault(
            a.id,
            {
                "ref": f"a{a.id}",
                "id": a.id,
                "kind": a.kind,
                "name": a.name,
                "country": a.country,
                "title": a.title,
                "aliases": list(a.aliases or []),
                "mentions": [],
            },
        )
        entry["mentions"].append(
            {"id": m.id, "start": m.start, "end": m.end, "text": m.text, "review_state": m.review_state}
        )
    events = list(session.execute(select(Event).where(Event.article_id == aid).order_by(Event.id)).scalars())
    ids = [e.id for e in events]
    parts: dict[int, list] = {i: [] for i in ids}
    codes: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        for p, a in session.execute(
            select(EventParticipant, Actor)
            .join(Actor, Actor.id == EventParticipant.actor_id)
            .where(EventParticipant.event_id.in_(ids))
            .order_by(EventParticipant.event_id, Actor.id)
        ).all():
            parts[p.event_id].append(
                {"actor": a.name, "actor_ref": f"a{a.id}", "actor_id": a.id, "role": p.role}
            )
        for c in session.execute(select(EventCountry).where(EventCountry.event_id.in_(ids))).scalars():
            codes[c.event_id].append(c.country)
    index = {eid: i for i, eid in enumerate(ids)}
    stmts = session.execute(
        select(Statement, Actor)
        .outerjoin(Actor, Actor.id == Statement.speaker_id)
        .where(Statement.article_id == aid)
        .order_by(Statement.start)
    ).all()
    return {
        "article_id": aid,
        "annotator": (
            {
                "kind": article.annotator_kind or "machine",
                "name": article.annotator,
                "version": article.annotator_version,
            }
            if article.annotator
            else None
        ),
        "annotated_at": article.annotated_at,
        "actors": list(actors.values()),
        "events": [
            {
                "id": e.id,
                "type": e.type,
                "policy_area": e.policy_area,
                "countries": sorted(codes[e.id]),
                "actors": [p["actor"] for p in parts[e.id]],
                "participants": parts[e.id],
                "people_count": e.people_count,
                "date": format_partial_date(e.date, e.date_precision),
                "date_precision": e.date_precision,
                "summary": e.summary,
                "evidence": [e.start, e.end],
                "confidence": e.confidence,
                "background": e.background,
                "review_state": e.review_state,
            }
            for e in events
        ],
        "statements": [
            {
                "id": s.id,
                "speaker": a.name if a else None,
                "speaker_ref": f"a{a.id}" if a else None,
                "speaker_id": a.id if a else None,
                "kind": s.kind,
                "verb": s.verb,
                "span": [s.start, s.end],
                "text": s.text,
                "event": index.get(s.event_id) if s.event_id else None,
                "event_id": s.event_id,
                "confidence": s.confidence,
                "review_state": s.review_state,
            }
            for s, a in stmts
        ],
    }


def _span(value: list[int]) -> tuple[int, int]:
    return (value[0], value[1]) if len(value) == 2 else (-1, -1)


def to_annotation(body: AnnotationIn) -> Annotation:
    actors = [
        ActorAnn(
            a.ref, a.kind.value, a.name, a.country, a.title, list(a.aliases), [_span(m) for m in a.mentions]
        )
        for a in body.actors
    ]
    events = [
        EventAnn(
            e.type.value,
            e.policy_area.value,
            [ParticipantAnn(p.actor_ref, p.role.value) for p in e.participants],
            list(e.countries),
            e.date,
            e.date_precision.value,
            e.people_count,
            e.summary,
            _span(e.evidence),
            1.0,
            e.background,
        )
        for e in body.events
    ]
    statements = [
        StatementAnn(s.speaker_ref, s.kind.value, s.verb, "", _span(s.span), s.event, 1.0)
        for s in body.statements
    ]
    return Annotation(actors, events, statements, "person", "")


def check(body: AnnotationIn, text: str) -> Annotation:
    """Validate a person's annotation against the article; 422 listing every problem."""
    ann = to_annotation(body)
    for s in ann.statements:
        if 0 <= s.span[0] < s.span[1] <= len(text):
            s.text = text[s.span[0] : s.span[1]]
    problems = list(annotator.validate(ann, text))
    refs = [a.key for a in ann.actors]
    if len(refs) != len(set(refs)):
        problems.append("actors: every ref must be unique")
    for i, e in enumerate(ann.events):
        if e.date and e.date_precision == "publication":
            continue
        if e.date and len(e.date.split("-")) != {"day": 3, "month": 2, "year": 1}[e.date_precision]:
            problems.append(f"events[{i}].date: '{e.date}' does not match precision '{e.date_precision}'")
    if problems:
        raise ProblemError(
            422,
            "invalid-annotation",
            "Invalid annotation",
            f"{len(problems)} problem(s): {problems[0]}",
            errors=[FieldError(location="body", name=p.split(":")[0], message=p) for p in problems[:100]],
        )
    return ann


def _article(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise not_found("article", article_id)
    return article


def get_document(session: Session, article_id: int) -> dict[str, Any]:
    return document(session, _article(session, article_id))


def replace(session: Session, article_id: int, body: AnnotationIn, who: Who) -> dict[str, Any]:
    """A person's annotation in place of the current one, checked against the stored text; the whole
    document before and after goes into the history."""
    article = _article(session, article_id)
    ann = check(body, article.text)
    before = document(session, article)
    store_annotation(session, article, ann, Authorship("person", f"key:{who.name}", None, "corrected"))
    after = document(session, article)
    record(
        session, who, RecordType.annotation, article.id, Action.replaced, article_id=article.id,
        before=before, after=after,
    )  # fmt: skip
    return after


def source(session: Session, article_id: int) -> tuple[str, date | None, str | None]:
    """What the annotator reads for a stored article: text, publication date, title."""
    article = _article(session, article_id)
    published = article.published_at
    if published is not None and not PUBLISHED_MIN <= published < PUBLISHED_END:
        # Stored before ingestion refused such dates (issue 14); the annotator counts relative
        # dates back from this day, so it is refused here as it would be on a new article.
        raise ProblemError(
            422,
            "published-at-out-of-range",
            "Publication date out of range",
            f"Article {article_id} was stored with published_at {published.isoformat()}, outside "
            f"{PUBLISHED_RANGE}, the range the annotator resolves dates in; it cannot be re-annotated.",
        )
    return article.text, published.date() if published else None, article.title


def store_machine(session: Session, article_id: int, ann: Annotation, who: Who) -> dict[str, Any]:
    """The annotator's new annotation beside what people made (404 if the article went meanwhile):
    the document, with what was added, removed and kept under ``changes``."""
    article = _article(session, article_id)
    before = _annotator_of(article)
    machine_author = machine(ann.annotator, ann.annotator_version)
    stale = grouping.stories_of_article(session, article.id)
    changes = merge_machine(session, article, ann, machine_author).as_dict()
    grouping.after_article_change(session, article.id, stale)
    after = {"annotator": _annotator_of(article), "changes": changes}
    record(
        session, who, RecordType.annotation, article.id, Action.reannotated, article_id=article.id,
        before={"annotator": before}, after=after,
    )  # fmt: skip
    return {**document(session, article), "changes": changes}


def _annotator_of(article: Article) -> dict[str, Any] | None:
    if not article.annotator:
        return None
    return {"kind": article.annotator_kind, "name": article.annotator, "version": article.annotator_version}


def version_key(version: str | None) -> tuple[int, ...]:
    """'0.10.2' -> (0, 10, 2): numeric parts in order, so 0.10 is newer than 0.9."""
    return tuple(int(n) for n in re.findall(r"\d+", version or ""))


def is_outdated(name: str | None, version: str | None) -> bool:
    """Made by a machine annotator other than the current one, or by an older version of it."""
    if name != annotator.ANNOTATOR_NAME:
        return True
    return version_key(version) < version_key(annotator.ANNOTATOR_VERSION)


def articles_to_reannotate(session: Session, *, outdated_only: bool) -> list[int]:
    """Every article's id, or only those with something an outdated annotator made that a re-run would
    replace: its last machine run, or a machine event or statement no person has reviewed."""
    if not outdated_only:
        return list(session.execute(select(Article.id).order_by(Article.id)).scalars())
    ids: set[int] = set()
    for model in (Article, Event, Statement):
        machine_made = [model.annotator_kind == "machine"]
        if model is not Article:
            machine_made.append(model.review_state == "machine")
        pairs = session.execute(
            select(model.annotator, model.annotator_version).where(*machine_made).distinct()
        ).all()
        article_col = model.id if model is Article else model.article_id
        for name, version in pairs:
            if not is_outdated(name, version):
                continue
            same = (
                model.annotator_version.is_(None) if version is None else model.annotator_version == version
            )
            stmt = select(article_col).where(*machine_made, model.annotator == name, same).distinct()
            ids |= set(session.execute(stmt).scalars())
    return sorted(ids)
