"""A person's verdict on one machine record: confirm, reject, or put it back; each one in the history."""

from collections.abc import Callable
from typing import Any

from sqlmodel import Session, SQLModel

from app.core.errors import invalid, not_found
from app.history.service import Who, record
from app.history.vocabulary import Action, RecordType
from app.review.schemas import EventReviewIn
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


def event_changes(body: EventReviewIn) -> dict[str, str]:
    """The columns a PATCH of an event sets: a verdict, or corrected fields (then state `corrected`)."""
    fields = {
        k: v.value for k, v in (("type", body.type), ("policy_area", body.policy_area)) if v is not None
    }
    if fields:
        if body.review_state not in (None, ReviewState.corrected):
            raise invalid("review_state", "a correction makes the event 'corrected'; leave it out", "body")
        return {**fields, "review_state": ReviewState.corrected.value}
    if body.review_state is None:
        raise invalid("review_state", "send a review_state, or the corrected type / policy_area", "body")
    check_reviewable(body.review_state)
    return {"review_state": body.review_state.value}


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
