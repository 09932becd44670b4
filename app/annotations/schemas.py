"""The article's annotation as one document (GET), and a person's replacement for it (PUT).

The GET shape is the gold format of shared/corpus (scorable with score.py as is),
plus ids, refs and review fields.
"""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from app.annotator.vocabulary import ActorKind, DatePrecision, EventType, PolicyArea, Role, StatementKind
from app.core.params import (  # NO_NUL: PostgreSQL text cannot hold NUL: 422, not a failed write
    NO_NUL,
    NonNegative,
    PeopleCount,
)
from app.review.schemas import AnnotatorRef
from app.review.vocabulary import ReviewState

Pair = list[int]
ISO3 = str
ISO3In = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
AliasIn = Annotated[str, Field(max_length=300, pattern=NO_NUL)]


class MentionOut(BaseModel):
    id: int = Field(description="The mention's id (GET/PATCH /v1/mentions/{id}).")
    start: int
    end: int
    text: str
    review_state: ReviewState


class AnnotatedActor(BaseModel):
    ref: str = Field(description="Reference used by events and statements in this document.")
    id: int
    kind: ActorKind
    name: str
    country: str | None
    title: str | None
    aliases: list[str]
    mentions: list[MentionOut]


class AnnotatedParticipant(BaseModel):
    actor: str = Field(description="The actor's name.")
    actor_ref: str
    actor_id: int
    role: Role


class AnnotatedEvent(BaseModel):
    id: int
    type: EventType
    policy_area: PolicyArea
    countries: list[str]
    actors: list[str] = Field(description="Participants' names.")
    participants: list[AnnotatedParticipant]
    people_count: int | None
    date: str
    date_precision: DatePrecision
    summary: str
    evidence: Pair = Field(description="[start, end) of the evidence sentence.")
    confidence: float
    background: bool
    review_state: ReviewState


class AnnotatedStatement(BaseModel):
    id: int
    speaker: str | None = Field(description="The speaker's name.")
    speaker_ref: str | None
    speaker_id: int | None
    kind: StatementKind
    verb: str
    span: Pair
    text: str
    event: int | None = Field(description="Index into `events` of this document.")
    event_id: int | None
    confidence: float
    review_state: ReviewState


class AnnotationDocument(BaseModel):
    """An article's whole annotation."""

    article_id: int
    annotator: AnnotatorRef | None
    annotated_at: datetime | None
    actors: list[AnnotatedActor]
    events: list[AnnotatedEvent]
    statements: list[AnnotatedStatement]


class RecordChanges(BaseModel):
    added: int = Field(description="New machine records stored.")
    removed: int = Field(description="Old machine records no person had touched, now gone.")
    kept: int = Field(
        description="Records people made or reviewed (confirmed, corrected, rejected), kept as they are."
    )
    not_recreated: int = Field(
        description="Machine suggestions not stored: a kept record (rejected ones too) covers them."
    )


class ReannotationChanges(BaseModel):
    events: RecordChanges
    statements: RecordChanges
    mentions: RecordChanges


class ReannotationResult(AnnotationDocument):
    """The annotation after a re-run of the annotator, and what the re-run changed."""

    changes: ReannotationChanges


# ---- PUT: a person's replacement -------------------------------------------------------------

_STRICT = ConfigDict(extra="forbid")
# [start, end): two character offsets, never negative (the end past the text is refused too,
# but that depends on the article, which a schema cannot see).
SpanIn = Annotated[list[NonNegative], Field(min_length=2, max_length=2)]


class ActorIn(BaseModel):
    model_config = _STRICT
    ref: str = Field(
        min_length=1,
        max_length=40,
        pattern=NO_NUL,
        description="Your reference for this actor within the document.",
    )
    kind: ActorKind
    name: str = Field(min_length=1, max_length=300, pattern=NO_NUL)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    title: str | None = Field(default=None, max_length=200, pattern=NO_NUL)
    aliases: list[AliasIn] = Field(default_factory=list, max_length=50)
    mentions: list[SpanIn] = Field(
        min_length=1, max_length=500, description="[start, end) spans in the text."
    )


class ParticipantIn(BaseModel):
    model_config = _STRICT
    actor_ref: str = Field(min_length=1, max_length=40, pattern=NO_NUL)
    role: Role


class EventIn(BaseModel):
    model_config = _STRICT
    type: EventType
    policy_area: PolicyArea
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=50)
    countries: list[ISO3In] = Field(default_factory=list, max_length=50)
    date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    date_precision: DatePrecision = DatePrecision.publication
    people_count: PeopleCount | None = None
    summary: str = Field(min_length=1, max_length=1000, pattern=NO_NUL)
    evidence: SpanIn
    background: StrictBool = False


class StatementIn(BaseModel):
    model_config = _STRICT
    speaker_ref: str | None = Field(default=None, max_length=40, pattern=NO_NUL)
    kind: StatementKind
    verb: str = Field(min_length=1, max_length=60, pattern=NO_NUL)
    span: SpanIn
    event: NonNegative | None = Field(default=None, description="Index into `events` of this document.")


class AnnotationIn(BaseModel):
    """A person's annotation of an article; replaces the current one wholesale."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "actors": [
                        {
                            "ref": "rwa",
                            "kind": "country",
                            "name": "Rwanda",
                            "country": "RWA",
                            "mentions": [[0, 6]],
                        },
                        {
                            "ref": "usa",
                            "kind": "country",
                            "name": "United States",
                            "country": "USA",
                            "mentions": [[30, 43]],
                        },
                    ],
                    "events": [
                        {
                            "type": "talks",
                            "policy_area": "third_country_transfer",
                            "participants": [
                                {"actor_ref": "rwa", "role": "actor"},
                                {"actor_ref": "usa", "role": "actor"},
                            ],
                            "countries": ["RWA", "USA"],
                            "summary": "Rwanda and the United States hold talks",
                            "evidence": [0, 61],
                        }
                    ],
                    "statements": [],
                }
            ]
        },
    )
    actors: list[ActorIn] = Field(default_factory=list, max_length=500)
    events: list[EventIn] = Field(default_factory=list, max_length=500)
    statements: list[StatementIn] = Field(default_factory=list, max_length=1000)
