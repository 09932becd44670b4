"""A person's verdict on one machine record: confirm it, reject it, or put it back."""

from typing import Any

from sqlmodel import Session, SQLModel

from app.core.errors import invalid, not_found
from app.review.vocabulary import ReviewState


def annotator_ref(kind: str | None, name: str | None, version: str | None) -> dict[str, Any]:
    """An AnnotatorRef from a record's provenance columns."""
    return {"kind": kind or "machine", "name": name or "unknown", "version": version}


def check_reviewable(state: ReviewState) -> None:
    if state == ReviewState.corrected:
        raise invalid("review_state", "'corrected' is set by PUT /v1/articles/{id}/annotations", "body")


def set_review_state(
    session: Session, model: type[SQLModel], ident: int, state: ReviewState, what: str
) -> None:
    """One row, one column, in the caller's write transaction (flushed, not committed)."""
    row = session.get(model, ident)
    if row is None:
        raise not_found(what, ident)
    row.review_state = state.value
    session.add(row)
    session.flush()
