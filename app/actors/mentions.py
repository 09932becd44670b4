"""Actor mentions as records of their own: read one (GET /v1/mentions/{id}), add one the annotator
missed, naming an existing actor or a new one (POST /v1/mentions), review or correct one (PATCH).
Writes go to the history in the caller's transaction; the functions only flush."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.actors.models import Actor, ActorMention
from app.actors.schemas import MentionIn, MentionReviewIn
from app.annotations.store import upsert_actor
from app.annotator.types import ActorAnn
from app.articles.models import Article
from app.core.errors import invalid, not_found
from app.history.service import Who
from app.history.vocabulary import RecordType
from app.review.service import (
    annotator_ref,
    by_person,
    check_span,
    correct,
    created,
    set_review_state,
    verdict,
)


def mention_json(session: Session, mention_id: int) -> dict[str, Any]:
    """The MentionRead document as data (the answer, and the history's before/after)."""
    found = session.execute(
        select(ActorMention, Actor)
        .join(Actor, Actor.id == ActorMention.actor_id)
        .where(ActorMention.id == mention_id)
    ).first()
    if found is None:
        raise not_found("mention", mention_id)
    m, a = found
    return {
        "id": m.id,
        "actor": {"id": a.id, "kind": a.kind, "name": a.name, "country": a.country},
        "span": {"article_id": m.article_id, "start": m.start, "end": m.end, "text": m.text},
        "annotator": annotator_ref(m.annotator_kind, m.annotator, m.annotator_version),
        "confidence": float(m.confidence),
        "review_state": m.review_state,
        "links": {
            "self": f"/v1/mentions/{m.id}",
            "actor": f"/v1/actors/{a.id}",
            "article": f"/v1/articles/{m.article_id}",
        },
    }


def _actor(session: Session, actor_id: int) -> int:
    if session.get(Actor, actor_id) is None:
        raise invalid("actor_id", f"no actor with id {actor_id}", "body")
    return actor_id


def create_mention(session: Session, body: MentionIn, who: Who) -> int:
    if (body.actor_id is None) == (body.actor is None):
        raise invalid("actor", "give one of actor_id (an existing actor) or actor (a new one)", "body")
    article = session.get(Article, body.article_id)
    if article is None:
        raise invalid("article_id", f"no article with id {body.article_id}", "body")
    start, end = check_span(article.text, body.span, "span")
    if body.actor is not None:
        new = body.actor
        surface = article.text[start:end]
        aliases = [surface] if surface != new.name else []
        actor_id = upsert_actor(
            session, ActorAnn("new", new.kind.value, new.name, new.country, new.title, aliases)
        )
    else:
        actor_id = _actor(session, body.actor_id)
    row = ActorMention(
        article_id=article.id, start=start, end=end, actor_id=actor_id, text=article.text[start:end][:500],
        **by_person(who),
    )  # fmt: skip
    created(session, row, RecordType.mention, who, mention_json)
    return row.id


def patch_mention(session: Session, mention_id: int, body: MentionReviewIn, who: Who) -> None:
    row = session.get(ActorMention, mention_id)
    if row is None:
        raise not_found("mention", mention_id)
    state = verdict(body.review_state, body.span is not None or body.actor_id is not None, "mention")
    if state is not None:
        set_review_state(session, ActorMention, mention_id, state, RecordType.mention, who, mention_json)
        return
    values: dict[str, Any] = {}
    if body.actor_id is not None:
        values["actor_id"] = _actor(session, body.actor_id)
    if body.span is not None:
        text = session.get(Article, row.article_id).text
        start, end = check_span(text, body.span, "span")
        values |= {"start": start, "end": end, "text": text[start:end][:500]}

    def apply(m: ActorMention) -> None:
        for k, v in values.items():
            setattr(m, k, v)

    correct(session, row, RecordType.mention, who, mention_json, apply)
