from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.annotator.vocabulary import ActorKind
from app.core.params import NO_NUL, RowId
from app.review.schemas import VERDICTS, AnnotatorRef, SpanIn, SpanRef
from app.review.vocabulary import ReviewState


class ActorRef(BaseModel):
    """A short reference to an actor, embedded in other records."""

    id: int
    kind: ActorKind
    name: str
    country: str | None = Field(description="ISO 3166-1 alpha-3", examples=["RWA"])


class ActorLinks(BaseModel):
    self: str
    events: str
    statements: str


class ActorRead(BaseModel):
    """One real-world entity (country, body, person, group), shared by every article that mentions it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 4,
                    "kind": "person",
                    "name": "Olivier Nduhungirehe",
                    "country": "RWA",
                    "title": "Foreign Minister",
                    "aliases": ["Rwandan Foreign Minister Olivier Nduhungirehe", "Nduhungirehe"],
                    "created_at": "2025-05-05T10:00:00Z",
                    "links": {
                        "self": "/v1/actors/4",
                        "events": "/v1/actors/4/events",
                        "statements": "/v1/actors/4/statements",
                    },
                }
            ]
        }
    )

    id: int
    kind: ActorKind
    name: str
    country: str | None
    title: str | None
    aliases: list[str]
    created_at: datetime
    links: ActorLinks


class MentionLinks(BaseModel):
    self: str
    actor: str
    article: str


class MentionRead(BaseModel):
    """Where an actor is mentioned: the actor and the span of the article that names it."""

    id: int
    actor: ActorRef
    span: SpanRef
    annotator: AnnotatorRef
    confidence: float
    review_state: ReviewState
    links: MentionLinks


class NewActorIn(BaseModel):
    """An actor the annotator did not find; the same identity as an existing one (a country's code, a
    person's name) means that actor."""

    model_config = ConfigDict(extra="forbid")

    kind: ActorKind
    name: str = Field(min_length=1, max_length=300, pattern=NO_NUL)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3")
    title: str | None = Field(default=None, min_length=1, max_length=200, pattern=NO_NUL)


class MentionIn(BaseModel):
    """A mention the annotator missed: a span of the article naming an existing actor (`actor_id`) or a new
    one (`actor`), exactly one of the two. Made by the key's person (`corrected`, confidence 1)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"article_id": 1, "span": [0, 6], "actor_id": 1},
                {"article_id": 1, "span": [120, 147], "actor": {"kind": "group", "name": "rights groups"}},
            ]
        },
    )

    article_id: RowId
    span: SpanIn
    actor_id: RowId | None = None
    actor: NewActorIn | None = None


class MentionReviewIn(BaseModel):
    """A verdict (`review_state`), or a correction (it becomes `corrected`): the span, or which actor it
    names."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"span": [0, 13]}]})

    review_state: ReviewState | None = Field(
        default=None,
        description="confirmed, rejected, or machine (undo a review); corrected with a correction.",
        json_schema_extra=VERDICTS,
    )
    span: SpanIn | None = None
    actor_id: RowId | None = None
