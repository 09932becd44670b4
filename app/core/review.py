"""A person's verdict on one machine record: confirm it, reject it, or put it back."""

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import SQLModel

from app.core.db import session_scope
from app.core.errors import not_found
from app.core.vocabulary import ReviewState


class ReviewIn(BaseModel):
    """The new review state. `corrected` is set by replacing the article's annotation instead."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"review_state": "confirmed"}]})

    review_state: ReviewState = Field(description="confirmed, rejected, or machine (undo a review).")


def set_review_state(model: type[SQLModel], ident: int, state: ReviewState, what: str) -> None:
    """The caller's write transaction: one row, one column."""
    with session_scope(write=True) as session:
        row = session.get(model, ident)
        if row is None:
            raise not_found(what, ident)
        row.review_state = state.value
        session.add(row)
