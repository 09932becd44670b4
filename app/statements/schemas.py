from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.actors.schemas import ActorRef
from app.annotator.vocabulary import StatementKind
from app.core.fulltext import SearchMatch
from app.core.params import NO_NUL, RowId
from app.review.schemas import AnnotatorRef, SpanIn, SpanRef
from app.review.vocabulary import ReviewState


class StatementLinks(BaseModel):
    self: str
    article: str
    speaker: str | None
    event: str | None


class StatementRead(BaseModel):
    """Who said what: a quote or reported speech, traceable to its span in the article."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1,
                    "kind": "paraphrase",
                    "verb": "announce",
                    "text": "these talks are still in the preliminary stages",
                    "speaker": {"id": 4, "kind": "person", "name": "Olivier Nduhungirehe", "country": "RWA"},
                    "event_id": 1,
                    "span": {"article_id": 1, "start": 686, "end": 733, "text": "these talks are ..."},
                    "annotator": {"kind": "machine", "name": "rules-spacy-news", "version": "0.4.0"},
                    "confidence": 0.8,
                    "review_state": "machine",
                    "created_at": "2025-05-05T10:00:00Z",
                    "links": {
                        "self": "/v1/statements/1",
                        "article": "/v1/articles/1",
                        "speaker": "/v1/actors/4",
                        "event": "/v1/events/1",
                    },
                }
            ]
        }
    )

    id: int
    kind: StatementKind
    verb: str = Field(description="Lemma of the reporting verb.")
    text: str
    speaker: ActorRef | None = Field(description="Null when no speaker can be recovered.")
    event_id: int | None
    span: SpanRef
    annotator: AnnotatorRef
    confidence: float
    review_state: ReviewState
    created_at: datetime
    links: StatementLinks
    search: SearchMatch | None = Field(
        default=None, description="Only in a list searched with `q`: the item's rank and snippet."
    )


class NewStatementIn(BaseModel):
    """A statement the annotator missed, added by a person: made by their key, `corrected`, confidence 1."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"article_id": 1, "span": [686, 733], "kind": "paraphrase", "verb": "announce"}]
        },
    )

    article_id: RowId
    span: SpanIn = Field(description="[start, end) of the statement's content (a quote without its marks).")
    kind: StatementKind
    verb: str = Field(
        default="say", min_length=1, max_length=60, pattern=NO_NUL, description="Lemma of the reporting verb."
    )
    speaker_id: RowId | None = Field(default=None, description="The speaker's actor id.")
    event_id: RowId | None = Field(default=None, description="The event of the same article it is about.")
