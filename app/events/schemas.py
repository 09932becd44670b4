from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from app.actors.schemas import ActorRef
from app.annotator.vocabulary import DatePrecision, EventType, PolicyArea, Role
from app.core.fulltext import SearchMatch
from app.core.params import NO_NUL, PeopleCount, RowId
from app.review.schemas import AnnotatorRef, ParticipantRefIn, SpanIn, SpanRef
from app.review.vocabulary import ReviewState


class Participant(BaseModel):
    actor: ActorRef
    role: Role


class EventLinks(BaseModel):
    self: str
    article: str
    statements: str
    story: str | None = Field(description="The story (one happening across articles) it belongs to.")


class EventRead(BaseModel):
    """A migration-policy event with its participants and the sentence it came from."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1,
                    "type": "talks",
                    "policy_area": "third_country_transfer",
                    "date": "2025-05-05",
                    "date_precision": "publication",
                    "people_count": None,
                    "summary": "Rwanda and the United States hold talks on accepting deportees",
                    "background": False,
                    "countries": ["RWA", "USA"],
                    "participants": [
                        {
                            "actor": {"id": 1, "kind": "country", "name": "Rwanda", "country": "RWA"},
                            "role": "actor",
                        },
                        {
                            "actor": {"id": 2, "kind": "country", "name": "United States", "country": "USA"},
                            "role": "actor",
                        },
                    ],
                    "evidence": {"article_id": 1, "start": 458, "end": 610, "text": "..."},
                    "annotator": {"kind": "machine", "name": "rules-spacy-news", "version": "0.4.0"},
                    "confidence": 0.8,
                    "review_state": "machine",
                    "story_id": 1,
                    "created_at": "2025-05-05T10:00:00Z",
                    "links": {
                        "self": "/v1/events/1",
                        "article": "/v1/articles/1",
                        "statements": "/v1/events/1/statements",
                        "story": "/v1/stories/1",
                    },
                }
            ]
        }
    )

    id: int
    type: EventType
    policy_area: PolicyArea
    date: str = Field(description="ISO date to the known precision: YYYY-MM-DD, YYYY-MM or YYYY.")
    date_precision: DatePrecision
    people_count: int | None
    summary: str
    background: bool = Field(description="True for past events the article only recalls.")
    countries: list[str] = Field(description="ISO3 codes of the countries the event concerns.")
    participants: list[Participant]
    evidence: SpanRef
    annotator: AnnotatorRef
    confidence: float
    review_state: ReviewState
    story_id: int | None = Field(
        description="The story this report belongs to: the same happening as other articles report it "
        "(null for a rejected event)."
    )
    created_at: datetime
    links: EventLinks
    search: SearchMatch | None = Field(
        default=None, description="Only in a list searched with `q`: the item's rank and snippet."
    )


class EventSort(StrEnum):
    """Sort orders for event lists; `-` means descending; `rank` (relevance, then id) needs `q`."""

    id = "id"
    id_desc = "-id"
    date = "date"
    date_desc = "-date"
    rank = "rank"

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):  # noqa: ANN001, ANN206
        # "-id" is no identifier: without names, generated clients call it VALUE_1.
        schema = handler(core_schema)
        schema["x-enum-varnames"] = [m.name for m in cls]
        return schema


def format_partial_date(value: date, precision: DatePrecision | str) -> str:
    """Render a date to the precision known: 2025-05, 2025 or 2025-05-05 (EventRead.date)."""
    if precision == DatePrecision.year:
        return f"{value.year:04d}"
    if precision == DatePrecision.month:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


class CountDimension(StrEnum):
    type = "type"
    policy_area = "policy_area"
    country = "country"
    actor = "actor"
    story = "story"
    day = "day"
    week = "week"
    month = "month"
    year = "year"


class CountRow(BaseModel):
    """One group: its value for each `group_by` dimension (only those), then `count`."""

    type: EventType | None = None
    policy_area: PolicyArea | None = None
    country: str | None = Field(default=None, description="ISO3 code.")
    actor: ActorRef | None = None
    story: int | None = Field(default=None, description="The story id (null: events in no story).")
    day: str | None = Field(default=None, description="YYYY-MM-DD")
    week: str | None = Field(default=None, description="YYYY-MM-DD of the Monday starting the ISO week.")
    month: str | None = Field(default=None, description="YYYY-MM")
    year: str | None = Field(default=None, description="YYYY")
    count: int = Field(ge=0)


class EventCounts(BaseModel):
    """Events counted by group: periods in order, zero-filled; other groups by count, largest first."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "group_by": ["month", "type"],
                    "total": 5,
                    "rows": [
                        {"month": "2025-04", "type": "removal", "count": 2},
                        {"month": "2025-04", "type": "talks", "count": 0},
                        {"month": "2025-05", "type": "removal", "count": 1},
                        {"month": "2025-05", "type": "talks", "count": 2},
                    ],
                }
            ]
        }
    )

    group_by: list[CountDimension]
    total: int = Field(
        description="Events the filters select (each once, whatever the grouping); with `distinct=story`, "
        "stories (each event in none counting once)."
    )
    rows: list[CountRow]


class NewEventIn(BaseModel):
    """An event the annotator missed, added by a person: made by their key, `corrected`, confidence 1.
    Dated to the article's publication (precision `publication`); its countries are its participants'."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "article_id": 1,
                    "type": "talks",
                    "policy_area": "third_country_transfer",
                    "evidence": [0, 61],
                    "participants": [{"actor_id": 1, "role": "actor"}],
                }
            ]
        },
    )

    article_id: RowId
    type: EventType
    policy_area: PolicyArea
    evidence: SpanIn = Field(description="[start, end) of the sentence that states it.")
    participants: list[ParticipantRefIn] = Field(default_factory=list, max_length=50)
    summary: str | None = Field(
        default=None,
        min_length=1,
        max_length=1000,
        pattern=NO_NUL,
        description="One short sentence; the evidence sentence when left out.",
    )
    people_count: PeopleCount | None = None
    background: StrictBool = False
