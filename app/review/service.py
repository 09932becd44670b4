"""A person's verdict on one machine record: confirm, reject, or put it back; each one in the history."""

from collections.abc import Callable
from typing import Any

from sqlmodel import Session, SQLModel

from app.core.errors import invalid, not_found
from app.history.service import Who, record
from app.history.vocabulary import Action, RecordType
from app.review.vocabulary import ReviewState

# The record as the API shows it, read in the same transaction.
Snapshot = Callable[[Session, int], Any]


def annotator_ref(kind: str | None, name: str | None, version: str | None) -> dict[str, Any]:
    """An AnnotatorRef from a record's provenance columns."""
    return {"kind": kind or "machine", "name": name or "unknown", "version": version}


def check_reviewable(state: ReviewState) -> None:
    if state == ReviewState.corrected:
        raise invalid(
            "review_state",
            "'corrected' is set by sending the corrected fields, or by PUT /v1/articles/{id}/annotations",
            "body",
        )


def verdict(state: ReviewState | None, corrected: bool, what: str) -> ReviewState | None:
    """The verdict a PATCH carries, or None when it carries corrected fields instead (they make the
    record `corrected`, so a verdict beside them is refused)."""
    if corrected:
        if state not in (None, ReviewState.corrected):
            raise invalid("review_state", f"a correction makes the {what} 'corrected'; leave it out", "body")
        return None
    if state is None:
        raise invalid("review_state", f"send a review_state, or the {what}'s corrected fields", "body")
    check_reviewable(state)
    return state


def check_span(text: str, span: list[int], name: str) -> tuple[int, int]:
    """A [start, end) span that lies in the article's text and covers more than blanks (422 otherwise)."""
    start, end = span
    if not 0 <= start < end <= len(text):
        raise invalid(name, f"must be [start, end) with start < end <= {len(text)}, the text length", "body")
    if not text[start:end].strip():
        raise invalid(name, "covers only blanks", "body")
    return start, end


def by_person(who: Who) -> dict[str, Any]:
    """Provenance columns of a record a person adds: made by the key, confidence 1, `corrected` (as a
    person's PUT of the annotation makes them), so a re-annotation keeps it."""
    return {
        "annotator": f"key:{who.name}"[:120],
        "annotator_version": None,
        "annotator_kind": "person",
        "confidence": 1.0,
        "review_state": ReviewState.corrected.value,
    }


def correct(
    session: Session,
    row: Any,
    record_type: RecordType,
    who: Who,
    snapshot: Snapshot,
    apply: Callable[[Any], None],
) -> None:
    """A person's correction of one row: ``apply`` changes it (and its link rows), the row becomes
    `corrected`, and the record before and after goes into the history. Flushed, in the caller's write
    transaction; a correction that changes nothing records nothing."""
    before = snapshot(session, row.id)
    apply(row)
    row.review_state = ReviewState.corrected.value
    session.add(row)
    session.flush()
    after = snapshot(session, row.id)
    if after == before:
        return
    record(
        session, who, record_type, row.id, Action.corrected, article_id=row.article_id,
        before=before, after=after,
    )  # fmt: skip


def created(session: Session, row: Any, record_type: RecordType, who: Who, snapshot: Snapshot) -> None:
    """The history entry of a record a person added (flushed first, so it has its id)."""
    session.add(row)
    session.flush()
    after = snapshot(session, row.id)
    record(session, who, record_type, row.id, Action.created, article_id=row.article_id, after=after)


def set_review_state(
    session: Session,
    model: type[SQLModel],
    ident: int,
    state: ReviewState | dict[str, str],
    record_type: RecordType,
    who: Who,
    snapshot: Snapshot,
) -> None:
    """One row's review (a state, or corrected columns) and its history entry, in the caller's write
    transaction (flushed). A review equal to the current values changes nothing and records nothing."""
    values = state if isinstance(state, dict) else {"review_state": state.value}
    row = session.get(model, ident)
    if row is None:
        raise not_found(record_type.value, ident)
    if all(getattr(row, k) == v for k, v in values.items()):
        return
    before = snapshot(session, ident)
    for k, v in values.items():
        setattr(row, k, v)
    session.add(row)
    session.flush()
    after = snapshot(session, ident)
    record(
        session,
        who,
        record_type,
        ident,
        Action.reviewed,
        article_id=row.article_id,
        before=before,
        after=after,
    )
