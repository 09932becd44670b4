"""Provenance and review pieces every machine record carries in the API."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.annotator.vocabulary import EventType, PolicyArea, Role, StatementKind
from app.core.params import NO_NUL, Offset, RowId
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
    version: str | None = Field(default=None, examples=["0.4.0"])


# What a client may send: `corrected` follows from a correction, it is never sent (422 with a hint).
VERDICTS = {"enum": [s.value for s in (ReviewState.machine, ReviewState.confirmed, ReviewState.rejected)]}


# [start, end): two character offsets into the article's stored text (checked against it).
SpanIn = Annotated[list[Offset], Field(min_length=2, max_length=2)]


class ParticipantRefIn(BaseModel):
    """An actor taking part in an event, by id, with its role."""

    model_config = ConfigDict(extra="forbid")

    actor_id: RowId
    role: Role


class EventReviewIn(BaseModel):
    """A verdict (`review_state`), or a correction of the event (it becomes `corrected`): its type, policy
    area, participants (the whole list, replacing the old one) or evidence span. Dates and the rest are
    corrected with PUT /v1/articles/{id}/annotations."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"review_state": "confirmed"},
                {"type": "agreement"},
                {"participants": [{"actor_id": 1, "role": "actor"}], "evidence": [0, 61]},
            ]
        },
    )

    review_state: ReviewState | None = Field(
        default=None,
        description="confirmed, rejected, or machine (undo a review); corrected with a correction.",
        json_schema_extra=VERDICTS,
    )
    type: EventType | None = Field(default=None, description="The right event type.")
    policy_area: PolicyArea | None = Field(default=None, description="The right policy area.")
    participants: list[ParticipantRefIn] | None = Field(
        default=None, max_length=50, description="Every participant, replacing the old list."
    )
    evidence: SpanIn | None = Field(default=None, description="[start, end) of the evidence sentence.")


class StatementReviewIn(BaseModel):
    """A verdict (`review_state`), or a correction of the statement (it becomes `corrected`): its
    speaker (`null`: no recoverable speaker), kind, reporting verb, span, or the event it is about."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"review_state": "confirmed"}, {"speaker_id": 4, "kind": "quote"}]},
    )

    review_state: ReviewState | None = Field(
        default=None,
        description="confirmed, rejected, or machine (undo a review); corrected with a correction.",
        json_schema_extra=VERDICTS,
    )
    speaker_id: RowId | None = Field(default=None, description="The speaker's actor id; null for no speaker.")
    kind: StatementKind | None = None
    verb: str | None = Field(
        default=None, min_length=1, max_length=60, pattern=NO_NUL, description="Lemma of the reporting verb."
    )
    span: SpanIn | None = Field(default=None, description="[start, end) of the statement's content.")
    event_id: RowId | None = Field(default=None, description="Its event (same article); null: none.")
