"""Ingestion: clean the text, annotate it, store article + annotation in one transaction.

The entry points (app/ingestion/router.py, app/ingestion/batch_cli.py) own the
units of work: a read-only :func:`lookup` lets a duplicate skip annotation,
then annotation runs (app/ingestion/pool.py) before the write transaction
opens, so a slow article never holds a database lock; :func:`persist` stores
in the caller's write transaction and only flushes. A duplicate (same URL, or
same normalised text) is answered with the stored article; a known URL with
different text is a 409.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.actors.models import ActorMention
from app.annotations.store import Authorship, machine, store_annotation
from app.annotator.types import Annotation
from app.articles.models import Article
from app.articles.repository import find_existing
from app.core.config import Settings, get_settings
from app.core.errors import ProblemError
from app.events.models import Event
from app.ingestion.schemas import ArticleIn
from app.ingestion.text import CleanText, TextRejected, clean
from app.statements.models import Statement


@dataclass(frozen=True)
class Prepared:
    data: ArticleIn
    clean: CleanText
    published_at: datetime | None


@dataclass(frozen=True)
class Outcome:
    article: Article
    created: bool
    counts: dict[str, int]


def prepare(data: ArticleIn, settings: Settings | None = None) -> Prepared:
    settings = settings or get_settings()
    if data.language != "en":
        raise ProblemError(
            422,
            "unsupported-language",
            "Unsupported language",
            f"Language '{data.language}' is not supported; the annotator reads English ('en') only.",
        )
    for name in ("title", "outlet", "url"):
        value = getattr(data, name)
        if value and ("\x00" in value or not value.isprintable() and any(ord(c) < 32 for c in value)):
            raise ProblemError(422, "invalid-text", "Invalid text", f"'{name}' contains control characters.")
        if value:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ProblemError(
                    422, "invalid-text", "Invalid text", f"'{name}' is not valid Unicode."
                ) from exc
    try:
        text = clean(
            data.text, data.format, max_chars=settings.max_article_chars, max_words=settings.max_article_words
        )
    except TextRejected as exc:
        raise ProblemError(exc.status, exc.slug, "Article rejected", exc.detail) from exc
    published = data.published_at
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    return Prepared(data, text, published)


def annotator_args(p: Prepared) -> tuple[str, date | None, str | None]:
    """What the annotator needs: the stored text, the publication day, the title."""
    return p.clean.text, p.published_at.date() if p.published_at else None, p.data.title


def _counts(session: Session, article_id: int) -> dict[str, int]:
    def count(model) -> int:  # noqa: ANN001
        return session.execute(
            select(func.count()).select_from(model).where(model.article_id == article_id)
        ).scalar_one()

    actors = session.execute(
        select(func.count(func.distinct(ActorMention.actor_id))).where(ActorMention.article_id == article_id)
    ).scalar_one()
    return {"actors": actors, "events": count(Event), "statements": count(Statement)}


def _existing_outcome(session: Session, p: Prepared, found: Article) -> Outcome:
    if p.data.url and found.url == p.data.url and found.content_hash != p.clean.content_hash:
        raise ProblemError(
            409,
            "url-conflict",
            "Conflict",
            f"Article {found.id} already has this URL with a different text. Articles are immutable; "
            "post the new text under another URL, or correct the annotation with "
            f"PUT /v1/articles/{found.id}/annotations.",
        )
    return Outcome(found, False, _counts(session, found.id))


def lookup(session: Session, p: Prepared) -> Outcome | None:
    """The stored article this one duplicates, if any (reads only; lets duplicates skip annotation)."""
    found = find_existing(session, p.data.url, p.clean.content_hash)
    return _existing_outcome(session, p, found) if found else None


def persist(session: Session, p: Prepared, ann: Annotation, who: Authorship | None = None) -> Outcome:
    """Store article and annotation in the caller's write transaction; a concurrent duplicate
    resolves to the stored row."""
    who = who or machine()
    found = lookup(session, p)
    if found:
        return found
    article = Article(
        url=p.data.url,
        content_hash=p.clean.content_hash,
        title=p.data.title,
        outlet=p.data.outlet,
        published_at=p.published_at,
        language=p.data.language,
        source_format=p.clean.source_format,
        text=p.clean.text,
        word_count=p.clean.word_count,
    )
    try:
        # A savepoint, so that losing the race keeps the transaction usable for the look-up below.
        with session.begin_nested():
            session.add(article)
            session.flush()
    except IntegrityError:
        # Another writer stored the same URL or text between our check and insert.
        existing = lookup(session, p)
        if existing is None:
            raise
        return existing
    store_annotation(session, article, ann, who)
    counts = {"actors": len(ann.actors), "events": len(ann.events), "statements": len(ann.statements)}
    return Outcome(article, True, counts)
