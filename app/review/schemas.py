"""Provenance and review pieces every machine record carries in the API."""

from pydantic import BaseModel, ConfigDict, Field

from app.annotator.vocabulary import EventType, PolicyArea
from app.review.vocabulary import AnnotatorKind, ReviewState


class SpanRef(BaseModel):
    """Provenance: the article and the `[start, end)` character span in its stored text."""

    article_id: int
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str = Field(description="The text of the span, `article.text[start:end]`.")


class AnnotatorRef(BaseModel):
    """Who made a record: the machine annotator (name and version) or a person."""

    kind: AnnotatorKind
    name: str = Field(examples=["rules-spacy-news"])
    version: str | None = Field(default=None, examples=["0.2.0"])


# What a client may send: `corrected` follows from a correction, it is never sent (422 with a hint).
VERDICTS = {"enum": [s.value for s in (ReviewState.machine, ReviewState.confirmed, ReviewState.rejected)]}


class ReviewIn(BaseModel):
    """The new review state. `corrected` is set by replacing the article's annotation instead."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"review_state": "confirmed"}]})

    review_state: ReviewState = Field(
        description="confirmed, rejected, or machine (undo a review).", json_schema_extra=VERDICTS
    )


class EventReviewIn(BaseModel):
    """A verdict (`review_state`), or a correction of the event's type and policy area (it becomes
    `corrected`). Participants, dates and spans are corrected with PUT /v1/articles/{id}/annotations."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"review_state": "confirmed"}, {"type": "agreement"}]},
    )

    review_state: ReviewState | None = Field(
        default=None,
        description="confirmed, rejected, or machine (undo a review); corrected with a correction.",
        json_schema_extra=VERDICTS,
    )
    type: EventType | None = Field(default=None, description="The right event type.")
    policy_area: PolicyArea | None = Field(default=None, description="The right policy area.")
