"""Response pieces shared by several resources."""

from datetime import date

from pydantic import BaseModel, Field

from app.core.vocabulary import ActorKind, AnnotatorKind, DatePrecision, ReviewState

ISO3_PATTERN = r"^[A-Z]{3}$"


class ActorRef(BaseModel):
    """A short reference to an actor, embedded in other records."""

    id: int
    kind: ActorKind
    name: str
    country: str | None = Field(description="ISO 3166-1 alpha-3", examples=["RWA"])


class SpanRef(BaseModel):
    """Provenance: the article and the `[start, end)` character span in its stored text."""

    article_id: int
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str = Field(description="The text of the span, `article.text[start:end]`.")


class AnnotatorRef(BaseModel):
    """Who made a record: the machine annotator (name and version) or a person."""

    kind: AnnotatorKind
    name: str = Field(examples=["rules-spacy"])
    version: str | None = Field(default=None, examples=["0.1.0"])


class RecordMeta(BaseModel):
    annotator: AnnotatorRef
    confidence: float = Field(ge=0, le=1)
    review_state: ReviewState


def format_partial_date(value: date, precision: DatePrecision | str) -> str:
    """Render a date to the precision known: 2025-05, 2025 or 2025-05-05."""
    if precision == DatePrecision.year:
        return f"{value.year:04d}"
    if precision == DatePrecision.month:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()
