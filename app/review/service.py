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
        raise invalid("review_state", "'corrected' is set by PUT /v1/articles/{id}/annotations", "body")


def set_review_state(
    session: Session,
    model: type[SQLModel],
    ident: int,
    state: ReviewState,
    record_type: RecordType,
    who: Who,
    snapshot: Snapshot,
) -> None:
    """One row, one column, and its history entry, in the caller's write transaction (flushed).

    A verdict equal to the current one changes nothing and records nothing."""
    row = session.get(model, ident)
    if row is None:
        raise not_found(record_type.value, ident)
    if row.review_state == state.value:
        return
    before = snapshot(session, ident)
    row.review_state = state.value
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
