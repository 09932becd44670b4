"""Keep stories in step with the events, in the caller's transaction (it only flushes).

Every write that adds, removes or changes events calls one of these in the same
unit of work, so a reader sees either the old grouping or the new one:

- :func:`after_article_change`: ingestion, a person's PUT of the annotation, a
  re-annotation, an article's deletion (the stories its events were in are
  regrouped, then its ungrouped events join or start stories);
- :func:`after_event_change`: a person's PATCH of one event (a corrected type
  moves it; a rejected event leaves its story);
- :func:`regroup_all`: the backfill (``python -m app stories regroup``).

The decision itself is app/stories/matching.py's, on rows read here. A rejected
event belongs to no story. A story that loses a member is regrouped among its
remaining members (removing the report that linked two halves splits it); the
first part keeps the story's id.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import bindparam, delete, func, select, union, update
from sqlmodel import Session

from app.actors.models import Actor
from app.articles.models import Article
from app.core.tables import utcnow
from app.events.models import Event, EventCountry, EventParticipant
from app.stories import matching
from app.stories.matching import Report
from app.stories.models import Story

EVENT = Event.__table__
COUNTRY = EventCountry.__table__
PARTICIPANT = EventParticipant.__table__
ACTOR = Actor.__table__
ARTICLE = Article.__table__
STORY = Story.__table__
REJECTED = "rejected"
TEXT_DATED = ("day", "month", "year")
# Stories a batch of new events is matched against: the latest that share a type and a country or actor.
MAX_CANDIDATES = 200


def _reports(session: Session, event_ids: Iterable[int]) -> dict[int, Report]:
    """The matcher's view of these events (rejected ones left out), by id."""
    ids = sorted(set(event_ids))
    if not ids:
        return {}
    rows = session.execute(
        select(
            EVENT.c.id, EVENT.c.article_id, EVENT.c.type, EVENT.c.date, EVENT.c.date_precision,
            EVENT.c.people_count, EVENT.c.background, EVENT.c.summary, EVENT.c.evidence_text,
            ARTICLE.c.published_at,
        )
        .join(ARTICLE, ARTICLE.c.id == EVENT.c.article_id)
        .where(EVENT.c.id.in_(ids), EVENT.c.review_state != REJECTED)
    ).all()  # fmt: skip
    countries: dict[int, set[str]] = {}
    for event_id, code in session.execute(
        select(COUNTRY.c.event_id, COUNTRY.c.country).where(COUNTRY.c.event_id.in_(ids))
    ):
        countries.setdefault(event_id, set()).add(code)
    actors: dict[int, set[str]] = {}
    for event_id, identity in session.execute(
        select(PARTICIPANT.c.event_id, ACTOR.c.identity)
        .join(ACTOR, ACTOR.c.id == PARTICIPANT.c.actor_id)
        .where(PARTICIPANT.c.event_id.in_(ids), ACTOR.c.kind != "country")
    ):
        actors.setdefault(event_id, set()).add(identity)
    out = {}
    for r in rows:
        published = r.published_at.date() if r.published_at is not None else None
        out[r.id] = Report(
            key=r.id,
            article=r.article_id,
            type=r.type,
            countries=frozenset(countries.get(r.id, ())),
            actors=frozenset(actors.get(r.id, ())),
            day=r.date if r.date_precision in TEXT_DATED else None,
            precision=r.date_precision if r.date_precision in TEXT_DATED else "publication",
            published=published,
            people_count=r.people_count,
            background=bool(r.background),
            words=matching.summary_words(r.summary or ""),
            evidence=matching.summary_words(r.evidence_text or ""),
            names=matching.sentence_names(r.evidence_text or ""),
        )
    return out


def _candidate_stories(session: Session, reports: Iterable[Report]) -> list[int]:
    """The latest stories with a member of the same type as one of ``reports`` sharing a country or a
    non-country participant with it (at most MAX_CANDIDATES: the cost of a write stays bounded)."""
    reports = list(reports)
    types = sorted({r.type for r in reports})
    countries = sorted({c for r in reports for c in r.countries})
    actors = sorted({a for r in reports for a in r.actors})
    queries = []
    if countries:
        queries.append(
            select(EVENT.c.story_id)
            .join(COUNTRY, COUNTRY.c.event_id == EVENT.c.id)
            .where(EVENT.c.type.in_(types), EVENT.c.story_id.is_not(None), COUNTRY.c.country.in_(countries))
        )
    if actors:
        queries.append(
            select(EVENT.c.story_id)
            .join(PARTICIPANT, PARTICIPANT.c.event_id == EVENT.c.id)
            .join(ACTOR, ACTOR.c.id == PARTICIPANT.c.actor_id)
            .where(EVENT.c.type.in_(types), EVENT.c.story_id.is_not(None), ACTOR.c.identity.in_(actors))
        )
    if not queries:
        return []
    found = union(*queries).subquery() if len(queries) > 1 else queries[0].subquery()
    stmt = select(found.c.story_id).distinct().order_by(found.c.story_id.desc()).limit(MAX_CANDIDATES)
    return sorted(session.execute(stmt).scalars())


def _members(session: Session, story_ids: Iterable[int], latest: int | None = None) -> dict[int, list[int]]:
    """Each story's non-rejected event ids, in id order (only the ``latest`` ones when given)."""
    ids = sorted(set(story_ids))
    out: dict[int, list[int]] = {s: [] for s in ids}
    if ids:
        rows = session.execute(
            select(EVENT.c.story_id, EVENT.c.id)
            .where(EVENT.c.story_id.in_(ids), EVENT.c.review_state != REJECTED)
            .order_by(EVENT.c.story_id, EVENT.c.id)
        )
        for story_id, event_id in rows:
            out[story_id].append(event_id)
    if latest is not None:
        out = {s: members[-latest:] for s, members in out.items()}
    return out


def _new_story(session: Session, r: Report) -> int:
    now = utcnow()
    day = r.day or r.published or now.date()
    values = {
        "type": r.type, "date": day, "date_precision": r.precision, "article_count": 0, "mention_count": 0,
        "created_at": now, "updated_at": now,
    }  # fmt: skip
    return session.execute(STORY.insert().values(values).returning(STORY.c.id)).scalar_one()


def _set_story(session: Session, event_ids: list[int], story_id: int | None) -> None:
    if event_ids:
        session.execute(update(EVENT).where(EVENT.c.id.in_(event_ids)).values(story_id=story_id))


class _Index:
    """Stories by (type, country) and (type, participant) of their members, so a report is matched only
    against stories it can match at all (matching.similarity is 0 without a shared country or participant,
    unless one side names no country)."""

    def __init__(self) -> None:
        self.keys: dict[tuple, set[int]] = {}

    def add(self, story_id: int, r: Report) -> None:
        keys = [(r.type, "c", c) for c in r.countries] + [(r.type, "a", a) for a in r.actors]
        if not r.countries:
            keys.append((r.type, "any"))
        for key in keys:
            self.keys.setdefault(key, set()).add(story_id)

    def candidates(self, r: Report) -> list[int]:
        keys = [(r.type, "c", c) for c in r.countries] + [(r.type, "a", a) for a in r.actors]
        keys.append((r.type, "any"))
        if not r.countries:  # it may match any story of its type
            keys += [k for k in self.keys if k[0] == r.type]
        return sorted(set().union(*(self.keys.get(k, set()) for k in keys)))


def assign(session: Session, event_ids: Iterable[int]) -> set[int]:
    """Each event (in id order) joins the story it matches best, or starts one; returns the stories
    touched, their summaries refreshed. The candidates are read once for the whole batch (an article's
    events), then the batch is matched in memory as matching.group would."""
    touched: set[int] = set()
    reports = _reports(session, event_ids)
    if not reports:
        return touched
    candidates = _candidate_stories(session, reports.values())
    members = _members(session, candidates, latest=matching.MAX_COMPARED)
    known = _reports(session, [e for ids in members.values() for e in ids])
    stories: dict[int, list[Report]] = {s: [known[e] for e in members[s] if e in known] for s in candidates}
    index = _Index()
    for story_id, story_members in stories.items():
        for m in story_members:
            index.add(story_id, m)
    for event_id in sorted(reports):
        r = reports[event_id]
        ids = index.candidates(r)
        best = matching.best_story(r, [stories[s] for s in ids])
        story_id = ids[best] if best is not None else _new_story(session, r)
        stories.setdefault(story_id, []).append(r)
        index.add(story_id, r)
        _set_story(session, [event_id], story_id)
        touched.add(story_id)
    refresh(session, touched)
    return touched


def regroup(session: Session, story_ids: Iterable[int]) -> set[int]:
    """Regroup each story among its remaining members: an empty one goes, one whose members no longer
    hang together splits (the first part keeps the id). Returns the stories that remain or were made."""
    touched: set[int] = set()
    members = _members(session, story_ids)
    for story_id, event_ids in members.items():
        if not event_ids:
            session.execute(delete(STORY).where(STORY.c.id == story_id))
            continue
        reports = _reports(session, event_ids)
        parts = matching.group(reports[e] for e in event_ids if e in reports)
        touched.add(story_id)
        for part in parts[1:]:
            new_id = _new_story(session, part[0])
            _set_story(session, [r.key for r in part], new_id)
            touched.add(new_id)
    refresh(session, touched)
    return touched


def refresh(session: Session, story_ids: Iterable[int]) -> None:
    """Recompute the stories' summary columns from their members (one read, one batched update)."""
    ids = sorted(set(story_ids))
    if not ids:
        return
    rows = session.execute(
        select(
            EVENT.c.story_id, EVENT.c.type, EVENT.c.date, EVENT.c.date_precision, EVENT.c.article_id,
            func.coalesce(ARTICLE.c.published_at, ARTICLE.c.created_at).label("reported"),
        )
        .join(ARTICLE, ARTICLE.c.id == EVENT.c.article_id)
        .where(EVENT.c.story_id.in_(ids), EVENT.c.review_state != REJECTED)
        .order_by(EVENT.c.story_id, EVENT.c.id)
    ).all()  # fmt: skip
    by_story: dict[int, list] = {}
    for r in rows:
        by_story.setdefault(r.story_id, []).append(r)
    empty = [s for s in ids if s not in by_story]
    if empty:
        session.execute(delete(STORY).where(STORY.c.id.in_(empty)))
    now, values = utcnow(), []
    for story_id, members in by_story.items():
        dated = [r for r in members if r.date_precision in TEXT_DATED] or members
        first = min(dated, key=lambda r: r.date)
        reported = [_aware(r.reported) for r in members if r.reported is not None]
        values.append(
            {
                "sid": story_id, "type": members[0].type, "date": first.date,
                "date_precision": first.date_precision,
                "first_reported": min(reported) if reported else None,
                "last_reported": max(reported) if reported else None,
                "article_count": len({r.article_id for r in members}), "mention_count": len(members),
                "updated_at": now,
            }
        )  # fmt: skip
    if values:
        stmt = update(STORY).where(STORY.c.id == bindparam("sid"))
        session.connection().execute(stmt, values)


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes from a Core select of a coalesce; they are UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def stories_of_article(session: Session, article_id: int) -> set[int]:
    """The stories the article's events are in (read before a change to them)."""
    stmt = select(EVENT.c.story_id).where(EVENT.c.article_id == article_id, EVENT.c.story_id.is_not(None))
    return set(session.execute(stmt.distinct()).scalars())


def after_article_change(session: Session, article_id: int | None, stale: set[int]) -> None:
    """After the article's events were replaced or deleted: regroup the stories they were in, then
    group its events that are in none."""
    session.flush()
    regroup(session, stale)
    if article_id is not None:
        ungrouped = select(EVENT.c.id).where(
            EVENT.c.article_id == article_id, EVENT.c.story_id.is_(None), EVENT.c.review_state != REJECTED
        )
        assign(session, list(session.execute(ungrouped).scalars()))
    session.flush()


def after_event_change(session: Session, event_id: int, *, moved: bool = False) -> None:
    """After a person's review of one event, or a new event: a rejected event leaves its story, a
    corrected one (``moved``: its type, participants or evidence) is grouped anew, an ungrouped one is
    grouped. Anything else (a confirmation) leaves the grouping as it is."""
    session.flush()
    row = session.execute(
        select(EVENT.c.story_id, EVENT.c.type, EVENT.c.review_state, STORY.c.type.label("story_type"))
        .outerjoin(STORY, STORY.c.id == EVENT.c.story_id)
        .where(EVENT.c.id == event_id)
    ).first()
    if row is None:
        return
    rejected = row.review_state == REJECTED
    in_story = row.story_id is not None
    if in_story and (rejected or moved or row.type != row.story_type):
        _set_story(session, [event_id], None)
        regroup(session, {row.story_id})
        in_story = False
    if not in_story and not rejected:
        assign(session, [event_id])
    session.flush()


def regroup_all(session: Session) -> int:
    """Group every event anew, article by article in id order, as ingestion would have (the backfill);
    returns the number of stories."""
    session.execute(update(EVENT).values(story_id=None))
    session.execute(delete(STORY))
    rows = session.execute(
        select(EVENT.c.article_id, EVENT.c.id).where(EVENT.c.review_state != REJECTED).order_by(EVENT.c.id)
    ).all()
    by_article: dict[int, list[int]] = {}
    for article_id, event_id in rows:
        by_article.setdefault(article_id, []).append(event_id)
    for article_id in sorted(by_article, key=lambda a: by_article[a][0]):
        assign(session, by_article[article_id])
    session.flush()
    return session.execute(select(func.count()).select_from(STORY)).scalar_one()
